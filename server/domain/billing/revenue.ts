// Pure: a space's monthly recurring revenue from its subscriptions, and the months of a range.
import type { PlanCycle } from "../../../db/schema.js";

/** How many of a cycle make a month: a week's price ×52/12, a quarter's /3, a year's /12. */
const PER_MONTH: Record<Exclude<PlanCycle, "once">, number> = { week: 52 / 12, month: 1, quarter: 1 / 3, year: 1 / 12 };

/** A plan's price as monthly recurring revenue (exact; rounded once per plan by `recurringOn`). `once`: none. */
export function monthlyPrice(price: number, cycle: PlanCycle): number {
  return cycle === "once" ? 0 : price * PER_MONTH[cycle];
}

export type RecurringSubscription = {
  planId: string;
  planName: string;
  price: number;
  cycle: PlanCycle;
  status: "pending_payment" | "active" | "cancelling" | "ended";
  /** Local dates in the space's zone. */
  startedOn: string;
  /** Cancelled: ends on this local date (not live on it). */
  endsOn: string | null;
  /** Ended: the local date it ended (not live on it). */
  endedOn: string | null;
};

export type PlanRecurring = { planId: string; name: string; subscribers: number; recurring: number };

/** Whether the subscription is live (active or cancelling, or ended later) on a local date. */
export function liveOn(s: RecurringSubscription, date: string): boolean {
  if (s.status === "pending_payment" || s.cycle === "once") return false;
  if (s.startedOn > date) return false;
  if (s.endsOn !== null && s.endsOn <= date) return false;
  if (s.endedOn !== null && s.endedOn <= date) return false;
  // Ended with no recorded date: not live any more, and we cannot say since when.
  if (s.status === "ended" && s.endsOn === null && s.endedOn === null) return false;
  return true;
}

/** MRR on a local date: per plan (subscribers, MRR rounded to the rupiah) and their sum, plans by MRR then name. */
export function recurringOn(subs: RecurringSubscription[], date: string): { recurring: number; subscribers: number; byPlan: PlanRecurring[] } {
  const plans = new Map<string, { name: string; subscribers: number; exact: number }>();
  for (const s of subs) {
    if (!liveOn(s, date)) continue;
    const p = plans.get(s.planId) ?? { name: s.planName, subscribers: 0, exact: 0 };
    p.subscribers += 1;
    p.exact += monthlyPrice(s.price, s.cycle);
    plans.set(s.planId, p);
  }
  const byPlan = [...plans.entries()]
    .map(([planId, p]) => ({ planId, name: p.name, subscribers: p.subscribers, recurring: Math.round(p.exact) }))
    .sort((a, b) => b.recurring - a.recurring || a.name.localeCompare(b.name));
  return {
    recurring: byPlan.reduce((sum, p) => sum + p.recurring, 0),
    subscribers: byPlan.reduce((sum, p) => sum + p.subscribers, 0),
    byPlan,
  };
}

/** `YYYY-MM` months from `from` to `to`, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split("-").map(Number) as [number, number];
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** The month `n` months after `month` (negative: before). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
}

/** A month's last local date. */
export function lastDayOf(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const day = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, "0")}`;
}
