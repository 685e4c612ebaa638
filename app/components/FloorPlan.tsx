import type { CSSProperties, KeyboardEvent } from "react";

/** `closed`: a closure of the space overlaps the window (the page says why next to the plan). */
export type DeskState = "free" | "booked" | "checked_in" | "mine" | "closed";
export type PlanItem = { id: string; name: string; kind: "desk" | "room" | "booth"; zone: string; x: number | null; y: number | null; state: DeskState; favourite?: boolean };

const W = 60;
const H = 40;
/**
 * Pixels per plan unit the plan never goes below on narrow screens (app.css): state words (10 units) stay ≥ 12 px,
 * names ≥ 15 px and a desk (60 × 40) a 72 × 48 px target; the plan scrolls sideways in its region instead.
 */
export const PLAN_MIN_SCALE = 1.2;

/** A name that fits its box: cut with an ellipsis past `max` characters. */
function shortName(name: string, max: number): string {
  const chars = [...name];
  return chars.length <= max ? name : `${chars.slice(0, max - 1).join("")}…`;
}

/**
 * The member floor plan: desks, rooms and booths at their saved positions, coloured and labelled by state.
 * Free desks are buttons (click, Enter or Space) that call `onPick`; the same choices exist as plain forms
 * next to the plan for keyboard, screen-reader and no-JS use.
 */
export function FloorPlan({
  items,
  labels,
  onPick,
  busyId,
  hintId,
}: {
  items: PlanItem[];
  /** `scroll`: the name of the region the plan scrolls in on a narrow screen. */
  /** `favourite`: the word for a starred item (said after its state; a star marks it). */
  labels: Record<DeskState, string> & { title: string; scroll: string; favourite?: string };
  onPick?: (item: PlanItem) => void;
  busyId?: string | null;
  /** The id of the visible help text ("choose a free desk to book it"), announced with free desks. */
  hintId?: string;
}) {
  const placed = items.filter((i) => i.x !== null && i.y !== null);
  const width = Math.max(1000, ...placed.map((i) => (i.x ?? 0) + W + 20));
  const height = Math.max(600, ...placed.map((i) => (i.y ?? 0) + H + 20));
  const activate = (item: PlanItem) => {
    if (item.kind === "desk" && item.state === "free" && onPick) onPick(item);
  };
  const onKey = (e: KeyboardEvent, item: PlanItem) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      activate(item);
    }
  };
  const minWidth = { "--plan-min-width": `${Math.round(width * PLAN_MIN_SCALE)}px` } as CSSProperties;
  // The keyboard reaches every part of the region: Tab through the free desks scrolls to each; with none, the region
  // itself takes focus so the arrow keys scroll it (no extra Tab stop before the desks otherwise).
  const anyBookable = placed.some((i) => i.kind === "desk" && i.state === "free" && Boolean(onPick));
  return (
    // A named region: on a phone the plan keeps a legible size and scrolls sideways here; the page never gets wider.
    <div className="plan-scroll" role="region" aria-label={labels.scroll} tabIndex={anyBookable ? undefined : 0} data-testid="plan-scroll">
      <svg className="floor-plan" viewBox={`0 0 ${width} ${height}`} role="group" aria-label={labels.title} style={minWidth}>
        <rect x="0" y="0" width={width} height={height} className="plan-bg" rx="12" />
        {placed.map((item) => {
          const bookable = item.kind === "desk" && item.state === "free" && Boolean(onPick);
          const w = item.kind === "desk" ? W : W * 2;
          const h = item.kind === "desk" ? H : H * 1.6;
          return (
            <g
              key={item.id}
              data-testid={`desk-${item.name}`}
              data-state={item.state}
              className={`plan-item plan-${item.kind} state-${item.state}${busyId === item.id ? " is-pending" : ""}${item.favourite ? " is-favourite" : ""}`}
              transform={`translate(${item.x},${item.y})`}
              role={bookable ? "button" : "img"}
              tabIndex={bookable ? 0 : undefined}
              aria-label={`${item.name} ${labels[item.state]}${item.favourite && labels.favourite ? `, ${labels.favourite}` : ""}`}
              aria-describedby={bookable && hintId ? hintId : undefined}
              aria-busy={busyId === item.id ? true : undefined}
              onClick={bookable ? () => activate(item) : undefined}
              onKeyDown={bookable ? (e) => onKey(e, item) : undefined}
            >
              <rect width={w} height={h} rx="8" />
              {item.favourite ? (
                <text x={w - 4} y={12} textAnchor="end" className="plan-star" aria-hidden="true">★</text>
              ) : null}
              {/* A long name is cut with an ellipsis to the item's width (the full name is in the accessible name). */}
              <text x={w / 2} y={h / 2 - 4} textAnchor="middle" className="plan-name">
                {/* The trailing space keeps "Q-01 Free" as the visible text, the same as the accessible name. */}
                {`${shortName(item.name, item.kind === "desk" ? 8 : 16)} `}
              </text>
              <text x={w / 2} y={h / 2 + 12} textAnchor="middle" className="plan-state">
                {labels[item.state]}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
