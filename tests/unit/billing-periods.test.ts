import { describe, expect, it } from "vitest";
import { daysBetween, firstPeriod, lastDayOf, nextPeriod, oncePeriod, periodContaining } from "../../server/domain/billing/periods.js";
import { prorate, share, shareDown } from "../../server/domain/billing/proration.js";

describe("billing periods (calendar-aligned, local dates, [start, end))", () => {
  it("a month runs from the 1st to the next 1st, whatever its length, in leap years and not", () => {
    expect(periodContaining("2027-01-31", "month")).toEqual({ start: "2027-01-01", end: "2027-02-01" });
    expect(nextPeriod("2027-02-01", "month")).toEqual({ start: "2027-02-01", end: "2027-03-01" });
    expect(daysBetween("2027-02-01", "2027-03-01")).toBe(28);
    expect(daysBetween("2028-02-01", "2028-03-01")).toBe(29);
    expect(nextPeriod("2027-12-01", "month")).toEqual({ start: "2027-12-01", end: "2028-01-01" });
  });

  it("a start on 31 January has a one-day first period, then whole months (no month-end anchor to drift)", () => {
    const first = firstPeriod("2027-01-31", "month");
    expect(first).toEqual({ start: "2027-01-31", end: "2027-02-01" });
    const second = nextPeriod(first.end, "month");
    const third = nextPeriod(second.end, "month");
    expect([second, third]).toEqual([
      { start: "2027-02-01", end: "2027-03-01" },
      { start: "2027-03-01", end: "2027-04-01" },
    ]);
    expect(lastDayOf(second)).toBe("2027-02-28");
    expect(lastDayOf(nextPeriod("2028-02-01", "month"))).toBe("2028-02-29");
  });

  it("weeks start on Monday, quarters on Jan/Apr/Jul/Oct 1, years on 1 January", () => {
    expect(periodContaining("2027-03-03", "week")).toEqual({ start: "2027-03-01", end: "2027-03-08" }); // Wednesday
    expect(periodContaining("2027-03-07", "week")).toEqual({ start: "2027-03-01", end: "2027-03-08" }); // Sunday
    expect(periodContaining("2027-05-15", "quarter")).toEqual({ start: "2027-04-01", end: "2027-07-01" });
    expect(nextPeriod("2027-10-01", "quarter")).toEqual({ start: "2027-10-01", end: "2028-01-01" });
    expect(periodContaining("2028-02-29", "year")).toEqual({ start: "2028-01-01", end: "2029-01-01" });
    expect(daysBetween("2028-01-01", "2029-01-01")).toBe(366);
  });

  it("a once-bought plan's period is its validity (one day when it never expires)", () => {
    expect(oncePeriod("2027-01-31", 30)).toEqual({ start: "2027-01-31", end: "2027-03-02" });
    expect(oncePeriod("2027-01-31", null)).toEqual({ start: "2027-01-31", end: "2027-02-01" });
  });
});

describe("proration (price × remaining days / days in the period, half up; credits and passes rounded down)", () => {
  const plan = { price: 1_250_000, creditsPerCycle: 10, dayPassesPerCycle: 3 };

  it("a start on the period's first day pays the whole price and gets everything", () => {
    expect(prorate("2027-02-01", "month", plan)).toMatchObject({ days: 28, ofDays: 28, price: 1_250_000, credits: 10, dayPasses: 3 });
    expect(prorate("2027-01-01", "year", { ...plan, price: 4_500_000 })).toMatchObject({ price: 4_500_000, days: 365, ofDays: 365 });
  });

  it("a mid-month start pays the remaining days' share", () => {
    // 16 of 31 days of March: 1.250.000 × 16 / 31 = 645.161,29… → 645.161; 10 × 16/31 = 5,16 → 5 credits.
    expect(prorate("2027-03-16", "month", plan)).toMatchObject({
      period: { start: "2027-03-16", end: "2027-04-01" },
      days: 16,
      ofDays: 31,
      price: 645_161,
      credits: 5,
      dayPasses: 1,
    });
    // The last day of a month: one day's share.
    expect(prorate("2027-01-31", "month", plan)).toMatchObject({ days: 1, ofDays: 31, price: 40_323, credits: 0, dayPasses: 0 });
    // A leap February: 15 of 29 days.
    expect(prorate("2028-02-15", "month", plan)).toMatchObject({ days: 15, ofDays: 29, price: 646_552, credits: 5 });
  });

  it("rounds half up to the rupiah and never rounds credits up", () => {
    expect(share(3, 1, 2)).toBe(2); // 1.5 → 2
    expect(share(5, 1, 4)).toBe(1); // 1.25 → 1
    expect(share(7, 3, 4)).toBe(5); // 5.25 → 5
    expect(share(1_000_000, 31, 31)).toBe(1_000_000);
    expect(shareDown(10, 30, 31)).toBe(9);
    expect(shareDown(0, 3, 31)).toBe(0);
  });

  it("a week plan started on Thursday pays 4 of 7 days; a quarter from 15 May pays 47 of 91", () => {
    expect(prorate("2027-03-04", "week", { price: 350_000, creditsPerCycle: 7, dayPassesPerCycle: 0 })).toMatchObject({ days: 4, ofDays: 7, price: 200_000, credits: 4 });
    expect(prorate("2027-05-15", "quarter", { price: 3_000_000, creditsPerCycle: 0, dayPassesPerCycle: 0 })).toMatchObject({ days: 47, ofDays: 91, price: 1_549_451 });
  });
});
