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

/** The board's own form intents (the room's are in ~/lib/intents): shared by the forms and the room's action. */
export const TASK_INTENTS = {
  archive: "archive-task",
  delete: "delete-task",
  comment: "comment-task",
} as const;

/** Which tasks the board shows: everyone's, or only those assigned to the viewer (`?tasks=mine`). */
export type TaskFilter = "all" | "mine";
export const TASK_FILTER_PARAM = "tasks";
export const taskFilterOf = (search: URLSearchParams): TaskFilter => (search.get(TASK_FILTER_PARAM) === "mine" ? "mine" : "all");

type Filterable = { assigneeId: string | null; archivedAt: string | null; deletedAt: string | null };

/** The cards on the board (not archived, not deleted), narrowed to mine when asked. */
export function visibleTasks<T extends Filterable>(tasks: T[], filter: TaskFilter, me: string): T[] {
  return tasks.filter((t) => !t.deletedAt && !t.archivedAt && (filter === "all" || t.assigneeId === me));
}

/** The archived ones (not deleted), for the "Archived" list with its restore buttons. */
export function archivedTasks<T extends Filterable>(tasks: T[]): T[] {
  return tasks.filter((t) => !t.deletedAt && t.archivedAt);
}
