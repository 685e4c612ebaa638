// Calendar arithmetic on local dates (YYYY-MM-DD) only: no instants, no time zones. "Today" comes from the server
// already written in the space's zone; these helpers only count days on the calendar.

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parse(date: string): number | null {
  if (!DATE.test(date)) return null;
  const [y, m, d] = date.split("-").map(Number);
  const t = Date.UTC(y!, m! - 1, d!);
  return new Date(t).toISOString().slice(0, 10) === date ? t : null;
}

/** `2026-03-01` + (-1) → `2026-02-28`. */
export function addDays(date: string, days: number): string {
  const t = parse(date);
  if (t === null) return date;
  return new Date(t + days * 86_400_000).toISOString().slice(0, 10);
}
