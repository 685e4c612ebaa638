// Pure figures of network health (issue 16, item 6), each rule written here once and tested without a database.

/**
 * The traffic light, per member active in the period, on contributions = referrals + hours (one referral counts
 * as one hour): green when they gave at least what they received, amber when at least half, red below half.
 */
export function reciprocityLight(given: number, received: number): "green" | "amber" | "red" {
  if (given >= received) return "green";
  return given * 2 >= received ? "amber" : "red";
}

/** Network density: the share of all possible pairs of members that are connected (0 with fewer than two members). */
export function density(members: number, connections: number): number {
  if (members < 2) return 0;
  return Math.min(1, connections / ((members * (members - 1)) / 2));
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** How long newcomers take to their first connection: "connected within" counts those who did in `withinDays`. */
export const FIRST_CONNECTION_WITHIN_DAYS = 30;
const DAY_MS = 86_400_000;

export function newcomerFigures(rows: { joinedAt: Date; firstAt: Date | null }[]) {
  const waits = rows.filter((r) => r.firstAt !== null).map((r) => Math.max(0, (r.firstAt!.getTime() - r.joinedAt.getTime()) / DAY_MS));
  const med = median(waits);
  return {
    joined: rows.length,
    connected: waits.length,
    connectedWithin: waits.filter((d) => d <= FIRST_CONNECTION_WITHIN_DAYS).length,
    withinDays: FIRST_CONNECTION_WITHIN_DAYS,
    /** To a tenth of a day. */
    medianDaysToFirstConnection: med === null ? null : Math.round(med * 10) / 10,
  };
}

/** Every month ("YYYY-MM") from the one holding `from` to the one holding `to` (local dates), in order. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const [ty, tm] = [Number(to.slice(0, 4)), Number(to.slice(5, 7))];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}
