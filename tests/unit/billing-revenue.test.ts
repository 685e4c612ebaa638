import { describe, expect, it } from "vitest";
import { addMonths, lastDayOf, liveOn, monthlyPrice, monthsBetween, recurringOn, type RecurringSubscription } from "../../server/domain/billing/revenue.js";

const sub = (over: Partial<RecurringSubscription>): RecurringSubscription => ({
  planId: "p1",
  planName: "Hot desk",
  price: 1_250_000,
  cycle: "month",
  status: "active",
  startedOn: "2027-01-01",
  endsOn: null,
  endedOn: null,
  ...over,
});

describe("monthly recurring revenue", () => {
  it("normalises prices per month: week ×52/12, quarter /3, year /12, once none", () => {
    expect(monthlyPrice(1_250_000, "month")).toBe(1_250_000);
    expect(monthlyPrice(300_000, "week")).toBe(1_300_000);
    expect(monthlyPrice(3_000_000, "quarter")).toBe(1_000_000);
    expect(monthlyPrice(4_500_000, "year")).toBe(375_000);
    expect(monthlyPrice(500_000, "once")).toBe(0);
  });

  it("counts a subscription from its start, up to (not on) its end; pending and once never", () => {
    expect(liveOn(sub({}), "2026-12-31")).toBe(false);
    expect(liveOn(sub({}), "2027-01-01")).toBe(true);
    expect(liveOn(sub({ status: "cancelling", endsOn: "2027-02-01" }), "2027-01-31")).toBe(true);
    expect(liveOn(sub({ status: "cancelling", endsOn: "2027-02-01" }), "2027-02-01")).toBe(false);
    expect(liveOn(sub({ status: "ended", endedOn: "2027-01-20" }), "2027-01-19")).toBe(true);
    expect(liveOn(sub({ status: "ended" }), "2027-01-19")).toBe(false);
    expect(liveOn(sub({ status: "pending_payment" }), "2027-01-19")).toBe(false);
    expect(liveOn(sub({ cycle: "once" }), "2027-01-19")).toBe(false);
  });

  it("rounds once per plan, so the plans add up to the total", () => {
    const subs = [sub({ cycle: "year", price: 1_000_000 }), sub({ cycle: "year", price: 1_000_000 }), sub({ planId: "p2", planName: "Weekly", cycle: "week", price: 100_001 })];
    const out = recurringOn(subs, "2027-02-01");
    expect(out.byPlan).toEqual([
      { planId: "p2", name: "Weekly", subscribers: 1, recurring: 433_338 },
      { planId: "p1", name: "Hot desk", subscribers: 2, recurring: 166_667 },
    ]);
    expect(out).toMatchObject({ recurring: 600_005, subscribers: 3 });
  });
});

describe("months", () => {
  it("lists, shifts and ends months across years and leap days", () => {
    expect(monthsBetween("2026-11", "2027-02")).toEqual(["2026-11", "2026-12", "2027-01", "2027-02"]);
    expect(monthsBetween("2027-03", "2027-03")).toEqual(["2027-03"]);
    expect(addMonths("2027-03", -5)).toBe("2026-10");
    expect(addMonths("2027-12", 1)).toBe("2028-01");
    expect(lastDayOf("2028-02")).toBe("2028-02-29");
    expect(lastDayOf("2027-02")).toBe("2027-02-28");
    expect(lastDayOf("2027-12")).toBe("2027-12-31");
  });
});
