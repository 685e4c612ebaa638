// Pure: what a subscription's first, partial period costs and grants (the rule is written in README.md, "Design
// decisions": a start on a period's first day pays the whole price; a later start pays the remaining days' share,
// rounded half up to the rupiah; credits and day passes are shared out the same way, rounded down).
import { daysBetween, firstPeriod, periodContaining, type Cycle } from "./periods.js";

export type Proration = {
  /** The first period [start, end) and the whole calendar period it is part of. */
  period: { start: string; end: string };
  days: number;
  ofDays: number;
  price: number;
  credits: number;
  dayPasses: number;
};

/** price × days / ofDays, rounded half up, in integers only. */
export function share(amount: number, days: number, ofDays: number): number {
  if (days >= ofDays) return amount;
  return Math.floor((2 * amount * days + ofDays) / (2 * ofDays));
}

/** amount × days / ofDays, rounded down (credits and passes are never rounded up). */
export function shareDown(amount: number, days: number, ofDays: number): number {
  if (days >= ofDays) return amount;
  return Math.floor((amount * days) / ofDays);
}

/** A subscription starting on `startDate`: its first period and what it pays and grants for it. */
export function prorate(startDate: string, cycle: Cycle, plan: { price: number; creditsPerCycle: number; dayPassesPerCycle: number }): Proration {
  const period = firstPeriod(startDate, cycle);
  const whole = periodContaining(startDate, cycle);
  const days = daysBetween(period.start, period.end);
  const ofDays = daysBetween(whole.start, whole.end);
  return {
    period,
    days,
    ofDays,
    price: share(plan.price, days, ofDays),
    credits: shareDown(plan.creditsPerCycle, days, ofDays),
    dayPasses: shareDown(plan.dayPassesPerCycle, days, ofDays),
  };
}
