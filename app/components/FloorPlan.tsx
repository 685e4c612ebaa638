import type { KeyboardEvent } from "react";

export type DeskState = "free" | "booked" | "checked_in" | "mine";
export type PlanItem = { id: string; name: string; kind: "desk" | "room" | "booth"; zone: string; x: number | null; y: number | null; state: DeskState };

const W = 60;
const H = 40;

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
  labels: Record<DeskState, string> & { title: string };
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
  return (
    <svg className="floor-plan" viewBox={`0 0 ${width} ${height}`} role="group" aria-label={labels.title}>
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
            className={`plan-item plan-${item.kind} state-${item.state}${busyId === item.id ? " is-pending" : ""}`}
            transform={`translate(${item.x},${item.y})`}
            role={bookable ? "button" : "img"}
            tabIndex={bookable ? 0 : undefined}
            aria-label={`${item.name} ${labels[item.state]}`}
            aria-describedby={bookable && hintId ? hintId : undefined}
            aria-busy={busyId === item.id ? true : undefined}
            onClick={bookable ? () => activate(item) : undefined}
            onKeyDown={bookable ? (e) => onKey(e, item) : undefined}
          >
            <rect width={w} height={h} rx="8" />
            <text x={w / 2} y={h / 2 - 4} textAnchor="middle" className="plan-name">
              {/* The trailing space keeps "Q-01 Free" as the visible text, the same as the accessible name. */}
              {`${item.name} `}
            </text>
            <text x={w / 2} y={h / 2 + 12} textAnchor="middle" className="plan-state">
              {labels[item.state]}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
