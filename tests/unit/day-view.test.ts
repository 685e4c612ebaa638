// The pure day view, without a database: opening hours read in the space's zone, DST days, closures, booked /
// checked-in / mine / free slots, and resources that no longer take bookings.
import { describe, expect, it } from "vitest";
import { dayView, type DayBooking, type DayViewInput } from "../../server/domain/bookings/day-view.js";
import type { ResourceOut, SpaceDetail } from "../../server/domain/spaces/index.js";

const ME = "00000000-0000-4000-8000-0000000000aa";
const OTHER = "00000000-0000-4000-8000-0000000000bb";

function space(timezone: string, hours: Array<[weekday: number, opens: string, closes: string]>): SpaceDetail {
  return {
    id: "space-1",
    name: "Ruang Kerja",
    timezone,
    address: "",
    capacity: null,
    hours: new Map(hours.map(([weekday, opens, closes]) => [weekday, { opens, closes }])),
    rules: { maxBookingMinutes: 480, maxAdvanceDays: 30, minNoticeMinutes: 0, checkInGraceMinutes: 15, oneDeskPerMember: true },
  };
}

function resource(id: string, name: string, active = true): ResourceOut {
  return { id, spaceId: "space-1", name, kind: "desk", capacity: 1, zone: "A", x: null, y: null, amenities: [], active, rate: null };
}

function booking(id: string, resourceId: string, memberId: string, start: string, end: string, status: DayBooking["status"] = "confirmed"): DayBooking {
  return { id, resource_id: resourceId, member_id: memberId, status, start: Date.parse(start), end: Date.parse(end) };
}

const weekdays = [1, 2, 3, 4, 5].map((d) => [d, "08:00", "17:00"] as [number, string, string]);
const jakarta = space("Asia/Jakarta", weekdays);
const d1 = resource("d1", "D-01");
const d2 = resource("d2", "D-02");
const retired = resource("d3", "D-03", false);

// Monday 1 March 2027 in Jakarta (UTC+7, no DST).
const monday: DayViewInput = {
  space: jakarta,
  resources: [d1, d2, retired],
  bookings: [
    booking("b-other", "d1", OTHER, "2027-03-01T09:00+07:00", "2027-03-01T11:00+07:00"),
    booking("b-here", "d2", OTHER, "2027-03-01T10:00+07:00", "2027-03-01T12:00+07:00", "checked_in"),
    booking("b-mine", "d1", ME, "2027-03-01T13:00+07:00", "2027-03-01T14:00+07:00"),
    booking("b-retired", "d3", OTHER, "2027-03-01T09:00+07:00", "2027-03-01T10:00+07:00"),
  ],
  closures: [],
  date: "2027-03-01",
  now: new Date("2027-03-01T10:30+07:00"),
  viewerId: ME,
};

describe("dayView", () => {
  it("reads opening hours in the space's zone and cuts the open day into hourly slots", () => {
    const view = dayView(monday);
    expect(view).toMatchObject({
      spaceId: "space-1",
      spaceName: "Ruang Kerja",
      date: "2027-03-01",
      today: "2027-03-01",
      prevDate: "2027-02-28",
      nextDate: "2027-03-02",
      timezone: "Asia/Jakarta",
      open: { start: "2027-03-01T08:00:00+07:00", end: "2027-03-01T17:00:00+07:00" },
    });
    expect(view.slots.map((s) => s.label)).toEqual(["08:00", "09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00"]);
    expect(view.slots[0]).toEqual({ start: "2027-03-01T08:00:00+07:00", end: "2027-03-01T09:00:00+07:00", label: "08:00", closedReason: null });
    expect(view.grid).toEqual({ minutes: 15, from: "08:00", to: "17:00" });
  });

  it("today, the window is the next two hours from now; another day the first two open hours; or the asked range clipped to the hours", () => {
    expect(dayView(monday).window).toEqual({ from: "10:30", to: "12:30", start: "2027-03-01T10:30:00+07:00", end: "2027-03-01T12:30:00+07:00", closedReason: null });
    const tomorrow = dayView({ ...monday, bookings: [], date: "2027-03-02" });
    expect(tomorrow.today).toBe("2027-03-01");
    expect(tomorrow.window).toMatchObject({ from: "08:00", to: "10:00" });
    expect(dayView({ ...monday, from: "12:00", to: "20:00" }).window).toMatchObject({ from: "12:00", to: "17:00" });
    expect(dayView({ ...monday, from: "06:00", to: "09:00" }).window).toMatchObject({ from: "08:00", to: "09:00" });
  });

  it("marks each slot free, booked, checked in or mine, and mine wins over someone else's in the window", () => {
    const view = dayView({ ...monday, from: "10:30", to: "17:00" });
    const [first, second] = view.resources;
    expect(first!.id).toBe("d1");
    expect(first!.slotStates).toEqual(["free", "booked", "booked", "free", "free", "mine", "free", "free", "free"]);
    expect(first!.state).toBe("mine");
    expect(second!.id).toBe("d2");
    expect(second!.slotStates).toEqual(["free", "free", "checked_in", "checked_in", "free", "free", "free", "free", "free"]);
    expect(second!.state).toBe("checked_in");
    // Only my own booking says which it is and whether it can be checked in (at 10:30 not yet: it opens 12:45).
    expect(first!.busy).toEqual([
      { start: "2027-03-01T09:00:00+07:00", end: "2027-03-01T11:00:00+07:00", status: "confirmed", mine: false },
      { start: "2027-03-01T13:00:00+07:00", end: "2027-03-01T14:00:00+07:00", status: "confirmed", mine: true, bookingId: "b-mine", canCheckIn: false },
    ]);
    const atCheckIn = dayView({ ...monday, now: new Date("2027-03-01T12:50+07:00") });
    expect(atCheckIn.resources[0]!.busy[1]).toMatchObject({ bookingId: "b-mine", canCheckIn: true });
    const afterGrace = dayView({ ...monday, now: new Date("2027-03-01T13:15+07:00") });
    expect(afterGrace.resources[0]!.busy[1]).toMatchObject({ bookingId: "b-mine", canCheckIn: false });
  });

  it("leaves out a resource that no longer takes bookings, with its bookings", () => {
    const view = dayView(monday);
    expect(view.resources.map((r) => r.name)).toEqual(["D-01", "D-02"]);
    const reactivated = dayView({ ...monday, resources: [d1, d2, { ...retired, active: true }] });
    expect(reactivated.resources[2]).toMatchObject({ id: "d3", slotStates: ["free", "booked", "free", "free", "free", "free", "free", "free", "free"] });
  });

  it("a day the space is closed has no hours, no slots and no free resource", () => {
    const sunday = dayView({ ...monday, bookings: [], date: "2027-03-07" });
    expect(sunday).toMatchObject({ open: null, window: null, slots: [] });
    expect(sunday.resources.map((r) => [r.state, r.slotStates])).toEqual([
      ["booked", []],
      ["booked", []],
    ]);
  });

  it("the default window is a booking the rules allow: never longer than the longest booking, from the next grid time after the notice", () => {
    // Defect 3: the whole open day (9 h here) was the default window while bookings were at most 8 h.
    const rules = (r: Partial<SpaceDetail["rules"]>) => ({ ...jakarta, rules: { ...jakarta.rules, ...r } });
    const tomorrow = { ...monday, bookings: [], date: "2027-03-02" };
    for (const maxBookingMinutes of [60, 90, 120, 480]) {
      const w = dayView({ ...tomorrow, space: rules({ maxBookingMinutes }) }).window!;
      expect(Date.parse(w.end) - Date.parse(w.start)).toBe(Math.min(120, maxBookingMinutes) * 60_000);
      expect(Date.parse(w.end) - Date.parse(w.start)).toBeLessThanOrEqual(maxBookingMinutes * 60_000);
    }
    // Defect 4: today's window started at the current minute (10:03), off the slot grid; it starts on the grid.
    expect(dayView({ ...monday, now: new Date("2027-03-01T10:03+07:00") }).window).toMatchObject({ from: "10:15", to: "12:15" });
    expect(dayView({ ...monday, now: new Date("2027-03-01T10:48:30+07:00") }).window).toMatchObject({ from: "11:00", to: "13:00" });
    // The minimum notice moves it further: booking from 10:15 would be refused with 60 minutes' notice.
    expect(dayView({ ...monday, space: rules({ minNoticeMinutes: 60 }), now: new Date("2027-03-01T10:03+07:00") }).window).toMatchObject({ from: "11:15", to: "13:15" });
    // Near closing it ends at closing; before opening it starts at opening.
    expect(dayView({ ...monday, now: new Date("2027-03-01T16:10+07:00") }).window).toMatchObject({ from: "16:15", to: "17:00" });
    expect(dayView({ ...monday, now: new Date("2027-03-01T06:10+07:00") }).window).toMatchObject({ from: "08:00", to: "10:00" });
    // Only a start asked: two hours from it.
    expect(dayView({ ...tomorrow, from: "13:00" }).window).toMatchObject({ from: "13:00", to: "15:00" });
  });

  it("a closure shows on the plan (every desk closed in the window, with the reason) and on the hours it covers", () => {
    // Defect 6: every desk said Free during a closure, then the click was refused.
    const closures = [{ start: new Date("2027-03-01T05:00:00Z"), end: new Date("2027-03-01T07:00:00Z"), reason: "Listrik padam" }];
    const during = dayView({ ...monday, closures, from: "12:30", to: "13:30" });
    expect(during.window).toMatchObject({ from: "12:30", to: "13:30", closedReason: "Listrik padam" });
    // d1 has my booking at 13:00 (made before the closure): it stays mine; d2 is closed.
    expect(during.resources.map((r) => r.state)).toEqual(["mine", "closed"]);
    expect(during.slots.map((s) => s.closedReason)).toEqual([null, null, null, null, "Listrik padam", "Listrik padam", null, null, null]);
    expect(during.resources[1]!.slotStates).toEqual(["free", "free", "checked_in", "checked_in", "closed", "closed", "free", "free", "free"]);
    const before = dayView({ ...monday, closures, from: "14:00", to: "16:00" });
    expect(before.window!.closedReason).toBeNull();
    expect(before.resources.map((r) => r.state)).toEqual(["free", "free"]);
  });

  it("lists the closures of the day in the space's zone", () => {
    const view = dayView({
      ...monday,
      closures: [{ start: new Date("2027-03-01T05:00:00Z"), end: new Date("2027-03-01T07:00:00Z"), reason: "Listrik padam" }],
    });
    expect(view.closures).toEqual([{ start: "2027-03-01T12:00:00+07:00", end: "2027-03-01T14:00:00+07:00", reason: "Listrik padam" }]);
  });

  it("on Berlin's spring-forward Sunday 01:00–05:00 is three hours; on the fall-back Sunday 01:00–04:00 is four, 02:00 twice", () => {
    const berlin = space("Europe/Berlin", [[7, "01:00", "05:00"]]);
    const spring = dayView({ space: berlin, resources: [d1], bookings: [], closures: [], date: "2027-03-28", now: new Date("2027-03-27T12:00:00Z"), viewerId: ME });
    expect(spring.open).toEqual({ start: "2027-03-28T01:00:00+01:00", end: "2027-03-28T05:00:00+02:00" });
    expect(spring.slots.map((s) => s.label)).toEqual(["01:00", "03:00", "04:00"]);
    expect(spring.slots[1]).toEqual({ start: "2027-03-28T03:00:00+02:00", end: "2027-03-28T04:00:00+02:00", label: "03:00", closedReason: null });

    const autumn = space("Europe/Berlin", [[7, "01:00", "04:00"]]);
    const fall = dayView({
      space: autumn,
      resources: [d1],
      // Booked for the second 02:00 hour only (02:00+01:00 = 01:00Z).
      bookings: [booking("b-late", "d1", OTHER, "2027-10-31T01:00:00Z", "2027-10-31T02:00:00Z")],
      closures: [],
      date: "2027-10-31",
      now: new Date("2027-10-30T12:00:00Z"),
      viewerId: ME,
    });
    expect(fall.slots.map((s) => s.start)).toEqual([
      "2027-10-31T01:00:00+02:00",
      "2027-10-31T02:00:00+02:00",
      "2027-10-31T02:00:00+01:00",
      "2027-10-31T03:00:00+01:00",
    ]);
    expect(fall.slots.map((s) => s.label)).toEqual(["01:00", "02:00", "02:00", "03:00"]);
    expect(fall.resources[0]!.slotStates).toEqual(["free", "free", "booked", "free"]);
  });
});
