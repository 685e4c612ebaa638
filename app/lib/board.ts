/** Task board ordering (client-safe): positions are numbers; a moved card takes one between its new neighbours. */
export type Positioned = { id: string; position: number };

/** A position between two neighbours: the midpoint, or one past the end / before the start. */
export function positionBetween(before: number | undefined, after: number | undefined): number {
  if (before === undefined && after === undefined) return 1;
  if (before === undefined) return after! - 1;
  if (after === undefined) return before + 1;
  return (before + after) / 2;
}

/** The position for putting `id` at `index` in `column` (sorted by position; `id` itself is skipped). */
export function positionAt(column: Positioned[], id: string, index: number): number {
  const others = column.filter((t) => t.id !== id);
  const i = Math.max(0, Math.min(index, others.length));
  return positionBetween(others[i - 1]?.position, others[i]?.position);
}
