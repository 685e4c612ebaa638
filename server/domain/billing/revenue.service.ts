// Billing: a space's revenue (issue 14, item 6) for its operators: per month, the recurring revenue (MRR) of its
// subscriptions, what it invoiced, what it collected (and the tax payers withheld), what is outstanding, by plan.
import { notFound } from "../errors.js";
import type { Role } from "../../../db/schema.js";
import { requireSpaceOperator } from "../spaces/index.js";
import { localDate } from "../time.js";
import { parseOrThrow } from "../validation.js";
import type { BillingDeps } from "./deps.js";
import { addMonths, lastDayOf, monthsBetween, recurringOn } from "./revenue.js";
import * as repo from "./revenue.repository.js";
import { RevenueQuery, type RevenueOut } from "./revenue.schemas.js";

type Actor = { id: string; role: Role };

/** Months shown when none are asked for: the last six, through this one. */
export const DEFAULT_REVENUE_MONTHS = 6;

export function createRevenue({ db, clock }: BillingDeps) {
  return {
    /**
     * The space's revenue per month of [from, to] (YYYY-MM in the space's zone; default the last six months through
     * this one). Operators of the space and admins only (anyone else: 404). MRR is taken at each month's end, or
     * today for the current month.
     */
    async revenue(actor: Actor, spaceId: string, query: { from?: string; to?: string } = {}): Promise<RevenueOut> {
      await requireSpaceOperator(db, actor, spaceId);
      const zone = await repo.findSpaceZone(db, spaceId);
      if (!zone) throw notFound("Space");
      const today = localDate(clock.now(), zone);
      const q = parseOrThrow(RevenueQuery, query, "The month range is not valid.", "invalid_query");
      const to = q.to ?? (q.from && q.from > today.slice(0, 7) ? q.from : today.slice(0, 7));
      const from = q.from ?? addMonths(to, -(DEFAULT_REVENUE_MONTHS - 1));
      // Checked again with the defaults filled in (a `from` alone may lie more than the limit before this month).
      parseOrThrow(RevenueQuery, { from, to }, "The month range is not valid.", "invalid_query");

      const [subs, sums] = await Promise.all([
        repo.recurringSubscriptions(db, spaceId, zone, lastDayOf(to)),
        repo.monthSums(db, spaceId, zone, from, to),
      ]);
      const byMonth = new Map(sums.map((s) => [s.month, s]));
      const months = monthsBetween(from, to).map((month) => {
        const last = lastDayOf(month);
        const on = last < today ? last : today;
        const mrr = month > today.slice(0, 7) ? { recurring: 0, subscribers: 0, byPlan: [] } : recurringOn(subs, on);
        const s = byMonth.get(month) ?? { invoiced: 0, collected: 0, withheld: 0, outstanding: 0 };
        return {
          month,
          recurring: mrr.recurring,
          subscribers: mrr.subscribers,
          invoiced: s.invoiced,
          collected: s.collected,
          withheld: s.withheld,
          outstanding: month > today.slice(0, 7) ? 0 : s.outstanding,
          byPlan: mrr.byPlan,
        };
      });
      const sum = (k: "invoiced" | "collected" | "withheld") => months.reduce((t, m) => t + m[k], 0);
      return { spaceId, currency: "IDR", from, to, months, totals: { invoiced: sum("invoiced"), collected: sum("collected"), withheld: sum("withheld") } };
    },
  };
}
