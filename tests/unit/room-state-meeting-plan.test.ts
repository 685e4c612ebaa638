import { describe, expect, it } from "vitest";
import { firstSlot, meetingPlan, type PlanRoom, type PlanSpace } from "../../server/domain/projects/meeting-plan.js";

// "Book a room for the team": rooms that seat the team, and a first slot in the space's own zone.

const weekdays = (opens: string, closes: string, days = [1, 2, 3, 4, 5, 6]) => days.map((weekday) => ({ weekday, opens, closes }));
const space = (over: Partial<PlanSpace> = {}): PlanSpace => ({
  id: "s1",
  name: "Losari",
  timezone: "Asia/Makassar", // UTC+8, no DST
  openingHours: weekdays("08:00", "18:00"),
  rules: { minNoticeMinutes: 0, maxAdvanceDays: 60 },
  ...over,
});
const rooms: PlanRoom[] = [
  { id: "booth", name: "Booth 1", kind: "booth", capacity: 1 },
  { id: "kopi", name: "Ruang Kopi", kind: "room", capacity: 4 },
  { id: "pinisi", name: "Ruang Pinisi", kind: "room", capacity: 6 },
];
const at = (iso: string) => new Date(iso);

describe("the first slot for a meeting", () => {
  it("is today, at the next quarter hour, while a meeting still fits before closing", () => {
    // Wednesday 2026-12-02 09:05 in Makassar.
    expect(firstSlot(at("2026-12-02T01:05:00Z"), space())).toEqual({ date: "2026-12-02", from: "09:15", to: "10:15" });
  });

  it("is the next open day at 10:00 once today is too late (17:30 local)", () => {
    expect(firstSlot(at("2026-12-02T09:30:00Z"), space())).toEqual({ date: "2026-12-03", from: "10:00", to: "11:00" });
  });

  it("skips a closed Sunday: Saturday evening gives Monday", () => {
    // Saturday 2026-12-05 19:00 local.
    expect(firstSlot(at("2026-12-05T11:00:00Z"), space())).toEqual({ date: "2026-12-07", from: "10:00", to: "11:00" });
  });

  it("reads the date in the space's zone, not the server's: 23:30 UTC Tuesday is already Wednesday 07:30 in Makassar", () => {
    expect(firstSlot(at("2026-12-01T23:30:00Z"), space())).toEqual({ date: "2026-12-02", from: "08:00", to: "09:00" });
  });

  it("keeps the space's minimum notice", () => {
    // 09:05 local with two hours' notice: 11:15 at the earliest.
    expect(firstSlot(at("2026-12-02T01:05:00Z"), space({ rules: { minNoticeMinutes: 120, maxAdvanceDays: 60 } }))).toEqual({
      date: "2026-12-02",
      from: "11:15",
      to: "12:15",
    });
  });

  it("starts at opening when a space opens after 10:00, and is null when it never opens", () => {
    expect(firstSlot(at("2026-12-02T12:30:00Z"), space({ openingHours: weekdays("13:00", "21:00") }))).toEqual({
      date: "2026-12-03",
      from: "13:00",
      to: "14:00",
    });
    expect(firstSlot(at("2026-12-02T01:05:00Z"), space({ openingHours: [] }))).toBeNull();
  });
});

describe("the rooms offered to a team", () => {
  const now = at("2026-12-02T01:05:00Z");

  it("offers only rooms that seat the whole team, smallest first", () => {
    const plan = meetingPlan(now, 2, [{ space: space(), rooms }]);
    expect(plan.spaces[0]!.rooms.map((r) => r.id)).toEqual(["kopi", "pinisi"]);
    expect(plan.tooSmall).toBe(1);
    expect(plan.spaces[0]).toMatchObject({ date: "2026-12-02", from: "09:15", to: "10:15" });
  });

  it("says why none fits: how many were too small, and the most seats there are", () => {
    const plan = meetingPlan(now, 7, [{ space: space(), rooms }]);
    expect(plan).toEqual({ teamSize: 7, spaces: [], tooSmall: 3, largest: 6 });
  });

  it("leaves out a space with no room that fits, and a space without rooms is no reason", () => {
    const small = space({ id: "s2", name: "Kecil" });
    const plan = meetingPlan(now, 5, [
      { space: small, rooms: [rooms[1]!] },
      { space: space(), rooms },
      { space: space({ id: "s3" }), rooms: [] },
    ]);
    expect(plan.spaces.map((s) => s.spaceId)).toEqual(["s1"]);
    expect(plan.tooSmall).toBe(3);
  });
});
