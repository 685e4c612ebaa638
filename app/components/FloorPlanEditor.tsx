import { useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent } from "react";

export type EditorItem = { id: string; name: string; kind: "desk" | "room" | "booth"; zone: string; x: number | null; y: number | null };
export type Point = { x: number; y: number };

const W = 60;
const H = 40;
const MAX = 10_000;

/** The same sizes as the member floor plan (FloorPlan.tsx), so what the operator places is what members see. */
export function itemSize(kind: EditorItem["kind"]): { w: number; h: number } {
  return kind === "desk" ? { w: W, h: H } : { w: W * 2, h: H * 1.6 };
}

const clamp = (v: number) => Math.max(0, Math.min(MAX, Math.round(v)));

export function canvasSize(items: Array<{ x: number | null; y: number | null; kind: EditorItem["kind"] }>): { width: number; height: number } {
  const placed = items.filter((i) => i.x !== null && i.y !== null);
  return {
    width: Math.max(1000, ...placed.map((i) => (i.x ?? 0) + itemSize(i.kind).w + 20)),
    height: Math.max(600, ...placed.map((i) => (i.y ?? 0) + itemSize(i.kind).h + 20)),
  };
}

/**
 * The floor-plan editor canvas: drag resources with a pointer (mouse, pen, touch), or focus one and move it with
 * the arrow keys (10 units, 50 with Shift). Clicking an empty spot picks where "add a desk here" puts the next one.
 * Positions live in the parent (the same state feeds the x/y inputs of the save form, which work without JS).
 */
export function FloorPlanEditor({
  items,
  positions,
  onMove,
  imageUrl,
  picked,
  onPick,
  labels,
  hintId,
}: {
  items: EditorItem[];
  positions: Record<string, { x: number | null; y: number | null }>;
  onMove: (id: string, p: Point) => void;
  imageUrl: string | null;
  picked: Point | null;
  onPick: (p: Point) => void;
  labels: { title: string; itemLabel: (item: EditorItem, p: Point) => string; newHere: string };
  hintId: string;
}) {
  const svgRef = useRef<SVGSVGElement>(null);
  const drag = useRef<{ id: string; dx: number; dy: number; pointerId: number; moved: boolean } | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const withPos = items.map((i) => ({ ...i, ...(positions[i.id] ?? { x: i.x, y: i.y }) }));
  const { width, height } = canvasSize(withPos);

  const toCanvas = (e: { clientX: number; clientY: number }): Point | null => {
    const svg = svgRef.current;
    const ctm = svg?.getScreenCTM();
    if (!svg || !ctm) return null;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    return { x: p.x, y: p.y };
  };

  const onItemDown = (e: PointerEvent<SVGGElement>, item: EditorItem & Point) => {
    if (e.button !== 0) return;
    const p = toCanvas(e);
    if (!p) return;
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { id: item.id, dx: p.x - item.x, dy: p.y - item.y, pointerId: e.pointerId, moved: false };
    setDragging(item.id);
  };
  const onItemMove = (e: PointerEvent<SVGGElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    const p = toCanvas(e);
    if (!p) return;
    d.moved = true;
    onMove(d.id, { x: clamp(p.x - d.dx), y: clamp(p.y - d.dy) });
  };
  const onItemUp = (e: PointerEvent<SVGGElement>) => {
    if (drag.current?.pointerId !== e.pointerId) return;
    e.currentTarget.releasePointerCapture(e.pointerId);
    drag.current = null;
    setDragging(null);
  };
  const onItemKey = (e: KeyboardEvent<SVGGElement>, item: EditorItem & Point) => {
    const step = e.shiftKey ? 50 : 10;
    const delta: Record<string, Point> = {
      ArrowLeft: { x: -step, y: 0 },
      ArrowRight: { x: step, y: 0 },
      ArrowUp: { x: 0, y: -step },
      ArrowDown: { x: 0, y: step },
    };
    const d = delta[e.key];
    if (!d) return;
    e.preventDefault();
    onMove(item.id, { x: clamp(item.x + d.x), y: clamp(item.y + d.y) });
  };
  const onCanvasClick = (e: MouseEvent<SVGSVGElement>) => {
    if (e.target !== e.currentTarget && !(e.target as Element).classList.contains("plan-bg") && (e.target as Element).tagName !== "image") return;
    const p = toCanvas(e);
    if (p) onPick({ x: clamp(p.x - W / 2), y: clamp(p.y - H / 2) });
  };

  return (
    <svg
      ref={svgRef}
      className="floor-plan floor-plan-editor"
      viewBox={`0 0 ${width} ${height}`}
      role="group"
      aria-label={labels.title}
      aria-describedby={hintId}
      onClick={onCanvasClick}
    >
      <rect x="0" y="0" width={width} height={height} className="plan-bg" rx="12" />
      {imageUrl ? <image href={imageUrl} x="0" y="0" width={width} height={height} preserveAspectRatio="xMidYMid meet" opacity="0.6" /> : null}
      {picked ? (
        <g transform={`translate(${picked.x},${picked.y})`} aria-hidden="true" pointerEvents="none">
          <rect width={W} height={H} rx="8" fill="none" stroke="#1d4ed8" strokeWidth="3" strokeDasharray="6 4" />
          <text x={W / 2} y={H / 2 + 4} textAnchor="middle" className="plan-state">{labels.newHere}</text>
        </g>
      ) : null}
      {withPos
        .filter((i): i is EditorItem & Point => i.x !== null && i.y !== null)
        .map((item) => {
          const { w, h } = itemSize(item.kind);
          return (
            <g
              key={item.id}
              data-testid={`edit-${item.name}`}
              className={`plan-item plan-${item.kind} state-free${dragging === item.id ? " is-pending" : ""}`}
              transform={`translate(${item.x},${item.y})`}
              role="button"
              tabIndex={0}
              aria-roledescription="draggable"
              aria-label={labels.itemLabel(item, item)}
              aria-describedby={hintId}
              onPointerDown={(e) => onItemDown(e, item)}
              onPointerMove={onItemMove}
              onPointerUp={onItemUp}
              onPointerCancel={onItemUp}
              onKeyDown={(e) => onItemKey(e, item)}
              // Only the items take over touch (so a phone can still scroll the page over the empty plan).
              style={{ cursor: dragging === item.id ? "grabbing" : "grab", touchAction: "none" }}
            >
              <rect width={w} height={h} rx="8" />
              <text x={w / 2} y={h / 2 - 4} textAnchor="middle" className="plan-name">
                {/* The trailing space keeps "A-01 40, 60" as the visible text, the same as the accessible name. */}
                {`${item.name} `}
              </text>
              <text x={w / 2} y={h / 2 + 12} textAnchor="middle" className="plan-state">{`${item.x}, ${item.y}`}</text>
            </g>
          );
        })}
    </svg>
  );
}
