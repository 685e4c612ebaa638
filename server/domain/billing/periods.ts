// Pure: a plan's billing periods as local dates (`YYYY-MM-DD`, in the space's zone), half-open [start, end).
//
// Cycles are calendar-aligned: a week runs Monday to Sunday, a month from the 1st, a quarter from 1 January, 1 April,
// 1 July or 1 October, a year from 1 January. A subscription's first period runs from its start date to the next
// boundary (pro-rated, see proration.ts); every later period is a whole one. So there is no month-end anchor to keep:
// a start on 31 January has a first period [31 Jan, 1 Feb) and then [1 Feb, 1 Mar), [1 Mar, 1 Apr)… in every year,
// leap or not. A plan bought once (`once`) has one period: its validity from the day it starts.
import { DateTime } from "luxon";

export type Cycle = "week" | "month" | "quarter" | "year";
export type Period = { start: string; end: string };

const day = (date: string) => DateTime.fromISO(date, { zone: "UTC" });
const iso = (d: DateTime) => d.toISODate()!;

/** The whole calendar period of a cycle that contains a date. */
export function periodContaining(date: string, cycle: Cycle): Period {
  const d = day(date);
  let start: DateTime;
  switch (cycle) {
    case "week":
      start = d.startOf("week"); // ISO weeks: Monday
      break;
    case "month":
      start = d.startOf("month");
      break;
    case "quarter":
      start = d.startOf("quarter");
      break;
    case "year":
      start = d.startOf("year");
      break;
  }
  const end = start.plus(cycle === "week" ? { weeks: 1 } : cycle === "month" ? { months: 1 } : cycle === "quarter" ? { months: 3 } : { years: 1 });
  return { start: iso(start), end: iso(end) };
}

/** A subscription's first period: from its start date to the end of the calendar period it falls in. */
export function firstPeriod(startDate: string, cycle: Cycle): Period {
  return { start: startDate, end: periodContaining(startDate, cycle).end };
}

/** The period after one that ends on `end` (exclusive): always a whole calendar period. */
export function nextPeriod(end: string, cycle: Cycle): Period {
  return periodContaining(end, cycle);
}

/** The number of days in [start, end). */
export function daysBetween(start: string, end: string): number {
  return Math.round(day(end).diff(day(start), "days").days);
}

/** A date plus (or minus) whole days. */
export function plusDays(date: string, days: number): string {
  return iso(day(date).plus({ days }));
}

/** The last day of a period (the day before its exclusive end). */
export const lastDayOf = (p: Period): string => plusDays(p.end, -1);

/** A once-bought plan's period: `validDays` days from its start (one day when it never expires: it ends when paid). */
export function oncePeriod(startDate: string, validDays: number | null): Period {
  return { start: startDate, end: plusDays(startDate, validDays ?? 1) };
}
