import { describe, expect, it } from "vitest";
import { density, median, monthsBetween, newcomerFigures, reciprocityLight } from "../../server/domain/community/health-figures.js";

const day = (n: number) => new Date(Date.UTC(2027, 0, 1) + n * 86_400_000);

describe("network health figures", () => {
  it("density is the share of possible pairs connected", () => {
    expect([density(0, 0), density(1, 0), density(2, 1), density(5, 2), density(4, 6)]).toEqual([0, 0, 1, 0.2, 1]);
  });
  it("median of none, odd and even counts", () => {
    expect([median([]), median([7]), median([9, 1, 5]), median([50, 2])]).toEqual([null, 7, 5, 26]);
  });
  it("newcomers: connected, within the window, median wait to a tenth of a day", () => {
    expect(newcomerFigures([])).toEqual({ joined: 0, connected: 0, connectedWithin: 0, withinDays: 30, medianDaysToFirstConnection: null });
    const rows = [
      { joinedAt: day(0), firstAt: day(30) }, // exactly 30 days: within
      { joinedAt: day(0), firstAt: new Date(day(31).getTime() + 3_600_000) },
      { joinedAt: day(3), firstAt: null },
      { joinedAt: day(5), firstAt: day(4) }, // connected before the join was recorded: no negative wait
    ];
    expect(newcomerFigures(rows)).toEqual({ joined: 4, connected: 3, connectedWithin: 2, withinDays: 30, medianDaysToFirstConnection: 30 });
  });
  it("months of a period, across a year's end", () => {
    expect(monthsBetween("2026-11-15", "2027-02-01")).toEqual(["2026-11", "2026-12", "2027-01", "2027-02"]);
    expect(monthsBetween("2027-02-01", "2027-02-28")).toEqual(["2027-02"]);
  });
  it("reciprocity lights at their edges", () => {
    expect([reciprocityLight(2, 2), reciprocityLight(2, 4), reciprocityLight(1.9, 4), reciprocityLight(0, 0)]).toEqual(["green", "amber", "red", "green"]);
  });
});
