import { describe, expect, it } from "vitest";
import { formatDateRange, formatDay, halfHours } from "../../app/lib/time.js";
import { teamOfWeek } from "../../app/lib/week.js";
import { spaceWeek } from "../../server/domain/bookings/week-view.js";
import { anyZoneBounds, localDatesTouched, weekDates, weekStart } from "../../server/domain/time.js";

describe("week arithmetic (the time module)", () => {
  it("starts a week on Monday, whatever day of it is given, across months and years", () => {
    expect(weekStart("2027-03-01")).toBe("2027-03-01");
    expect(weekStart("2027-03-07")).toBe("2027-03-01");
    expect(weekStart("2027-03-08")).toBe("2027-03-08");
    expect(weekStart("2027-01-01")).toBe("2026-12-28");
    expect(weekDates("2026-12-28")).toEqual(["2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02", "2027-01-03"]);
  });

  it("reads the dates a range touches in the zone: an evening in Jakarta is the next morning's date nowhere else but east", () => {
    const start = new Date("2027-03-07T16:30:00Z");
    const end = new Date("2027-03-07T16:50:00Z");
    expect(localDatesTouched(start, end, "Asia/Jakarta")).toEqual(["2027-03-07"]);
    expect(localDatesTouched(start, end, "Asia/Makassar")).toEqual(["2027-03-08"]);
    // Over midnight: both days; ending exactly at midnight: only the first.
    expect(localDatesTouched(new Date("2027-03-07T16:00:00Z"), new Date("2027-03-07T18:00:00Z"), "Asia/Jakarta")).toEqual(["2027-03-07", "2027-03-08"]);
    expect(localDatesTouched(new Date("2027-03-07T16:00:00Z"), new Date("2027-03-07T17:00:00Z"), "Asia/Jakarta")).toEqual(["2027-03-07"]);
  });

  it("covers the local dates in every zone from UTC+14 to UTC−12", () => {
    expect(anyZoneBounds("2027-03-01", "2027-03-08")).toEqual({ start: new Date("2027-02-28T10:00:00Z"), end: new Date("2027-03-08T12:00:00Z") });
  });
});

describe("week formatting and picking (app/lib)", () => {
  it("writes days and weeks in each language without shifting the date", () => {
    expect(formatDay("2027-03-01", "en")).toBe("Mon 1 Mar");
    expect(formatDay("2027-03-01", "id")).toBe("Sen, 1 Mar");
    expect(formatDateRange("2027-03-01", "2027-03-07", "en")).toMatch(/^1\s*–\s*7 Mar 2027$/);
    expect(halfHours(210)).toBe(3.5);
    expect(halfHours(0)).toBe(0);
  });

  it("lists each teammate once with their days and spaces, at most five and how many more", () => {
    const m = (id: string, spaceName = "Kopi") => ({ member: { id, name: id }, spaceName });
    const days = [
      { date: "2027-03-01", teammates: [m("a"), m("b")] },
      { date: "2027-03-02", teammates: [m("a", "Teh"), m("a")] },
      { date: "2027-03-03", teammates: [m("c"), m("d"), m("e"), m("f")] },
    ];
    const { people, more } = teamOfWeek(days);
    expect(people[0]).toEqual({ member: { id: "a", name: "a" }, dates: ["2027-03-01", "2027-03-02"], spaces: ["Kopi", "Teh"] });
    expect(people.map((p) => p.member.id)).toEqual(["a", "b", "c", "d", "e"]);
    expect(more).toBe(1);
  });
});

describe("a space's week on DST change days (pure)", () => {
  const berlin = (monday: string) =>
    spaceWeek({
      space: { id: "s", name: "Berlin", timezone: "Europe/Berlin", hours: new Map([1, 2, 3, 4, 5, 6, 7].map((d) => [d, { opens: "00:00", closes: "23:45" }])) },
      resources: [],
      bookings: [],
      closures: [],
      monday,
      now: new Date("2026-03-25T12:00:00Z"),
    });

  it("counts the open minutes a day really has: an hour less at spring forward, an hour more at fall back", () => {
    const spring = berlin("2026-03-23");
    expect(spring.days.map((d) => d.openMinutes)).toEqual([1425, 1425, 1425, 1425, 1425, 1425, 1365]);
    expect(spring.days[6]!.open).toEqual({ start: "2026-03-29T00:00:00+01:00", end: "2026-03-29T23:45:00+02:00" });
    expect(spring.today).toBe("2026-03-25");
    expect(berlin("2026-10-19").days[6]!.openMinutes).toBe(1485);
    // No desks: nothing free and no share, not a division by zero.
    expect(spring.days[0]!.desks).toEqual({ total: 0, free: 0, bookedShare: null });
  });
});
