import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { BookingStatus } from "../../db/schema.js";
import { fixedClock } from "../../server/domain/clock.js";
import { createInsightsService } from "../../server/domain/insights/index.js";
import { expectProblem, json, useTestApp } from "../support/app.js";
import { createMember, createSpace, type TestMember, type TestSpace } from "../support/factories.js";

// Operator analytics (issue 6 item 6): utilization by day / weekday × hour / kind / zone, no-shows, top members,
// CSV of the aggregates and a streamed CSV of the raw bookings. Every expected number below is worked out by hand.

let operator: TestMember;
let admin: TestMember;
let alice: TestMember;
let bob: TestMember;
let carol: TestMember;

const app = useTestApp();
beforeEach(async () => {
  operator = await createMember(app.db.db, app.services, { role: "operator", name: "Olivia Operator" });
  admin = await createMember(app.db.db, app.services, { role: "admin", name: "Adi Admin" });
  alice = await createMember(app.db.db, app.services, { name: "Alice" });
  bob = await createMember(app.db.db, app.services, { name: "Bob" });
  carol = await createMember(app.db.db, app.services, { name: "Carol" });
});

/** Inserts a booking as stored (any status, any time): fixtures must not depend on booking rules or a clock. */
async function booking(resourceId: string, spaceId: string, memberId: string, start: string, end: string, status: BookingStatus = "confirmed", note = "") {
  await sql`INSERT INTO bookings (resource_id, space_id, member_id, during, status, note)
            VALUES (${resourceId}::uuid, ${spaceId}::uuid, ${memberId}::uuid,
                    tstzrange(${start}::timestamptz, ${end}::timestamptz, '[)'), ${status}, ${note})`.execute(app.db.db);
}

async function closure(spaceId: string, start: string, end: string) {
  await sql`INSERT INTO closures (space_id, during, reason) VALUES (${spaceId}::uuid, tstzrange(${start}::timestamptz, ${end}::timestamptz, '[)'), 'fixture')`.execute(app.db.db);
}

type Occ = {
  spaceId: string;
  timezone: string;
  days: Array<{ date: string; weekday: number; bookedMinutes: number; openMinutes: number; utilization: number | null; bookings: number; checkedIn: number; noShows: number; cancelled: number }>;
  byHour: Array<{ weekday: number; hour: number; bookedMinutes: number; openMinutes: number; utilization: number | null }>;
  byKind: Array<{ kind: string; resources: number; bookedMinutes: number; openMinutes: number; utilization: number | null }>;
  byZone: Array<{ zone: string; resources: number; bookedMinutes: number; openMinutes: number; utilization: number | null }>;
  peakHours: Array<{ weekday: number; hour: number; bookedMinutes: number; utilization: number | null }>;
  topMembers: Array<{ id: string; name: string; bookings: number; minutes: number }>;
  noShowRate: number | null;
  totals: { resources: number; bookedMinutes: number; openMinutes: number; utilization: number | null; bookings: number; checkedIn: number; noShows: number; cancelled: number; noShowRate: number | null };
};

const occupancy = async (spaceId: string, from: string, to: string, token = operator.token) =>
  json<Occ>(await app.api(`/api/v1/spaces/${spaceId}/occupancy?from=${from}&to=${to}`, { token }), 200);

/** The CSV's rounding (issue 13): minutes to a tenth, ratios to four decimals; the JSON keeps full precision. */
const tenth = (v: number) => Math.round(v * 10) / 10;
const fourDecimals = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 10_000);

const cell = (o: Occ, weekday: number, hour: number) => o.byHour.find((h) => h.weekday === weekday && h.hour === hour)!;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** A strict RFC 4180 parser (quoted fields, doubled quotes, CRLF records) for checking what we emit. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else if (c === "\n" || c === "\r" || c === '"') throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    else field += c;
  }
  if (field !== "" || row.length || quoted) throw new Error("the last record must end with CRLF");
  return rows;
}

/**
 * The Jakarta fixture (UTC+7, no DST), Mon 2027-03-01 … Sun 2027-03-07.
 * Active resources: D-01 (desk, zone A), D-02 (desk, zone B), Room 1 (room, zone "") → 3. D-03 (desk, zone A) is
 * deactivated: its booking and its minutes count nowhere.
 * Hours: Mon–Fri 09:00–17:00 (480 min), Sat 10:00–14:00 (240), Sun closed.
 * Closures: Wed 12:00–14:00 (−120 → 360/resource), Thu 16:00–19:00 (only 16–17 is open: −60 → 420/resource).
 * Open resource-minutes: Mon 3×480=1440, Tue 1440, Wed 3×360=1080, Thu 3×420=1260, Fri 1440, Sat 3×240=720, Sun 0
 *   → total 7380 (2460 per resource).
 */
async function jakartaFixture(): Promise<TestSpace> {
  const hours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: "09:00", closes: "17:00" }));
  hours.push({ weekday: 6, opens: "10:00", closes: "14:00" });
  const space = await createSpace(app.services, { operator, desks: 3, zones: ["A", "B"], hours });
  const [d1, d2, d3, room] = space.resources as [TestSpace["resources"][0], TestSpace["resources"][0], TestSpace["resources"][0], TestSpace["resources"][0]];
  expect([d1.zone, d2.zone, d3.zone, room.kind]).toEqual(["A", "B", "A", "room"]);
  await app.db.db.updateTable("resources").set({ active: false }).where("id", "=", d3.id).execute();
  const s = space.id;
  const t = (local: string) => `${local}+07:00`;
  // Mon 03-01
  await booking(d1.id, s, alice.id, t("2027-03-01T09:00"), t("2027-03-01T12:00")); // 180
  await booking(d2.id, s, bob.id, t("2027-03-01T08:00"), t("2027-03-01T10:00"), "checked_in"); // straddles opening: 09–10 = 60
  await booking(room.id, s, alice.id, t("2027-03-01T16:00"), t("2027-03-01T18:30")); // straddles closing: 16–17 = 60
  await booking(d1.id, s, bob.id, t("2027-03-01T13:00"), t("2027-03-01T15:00"), "cancelled"); // 0
  await booking(d2.id, s, bob.id, t("2027-03-01T13:00"), t("2027-03-01T14:00"), "no_show"); // 0, one no-show
  await booking(d3.id, s, carol.id, t("2027-03-01T09:00"), t("2027-03-01T17:00")); // inactive resource: nowhere
  // Tue 03-02
  await booking(room.id, s, carol.id, t("2027-03-02T09:00"), t("2027-03-02T17:00"), "checked_in"); // 480
  await booking(d1.id, s, bob.id, t("2027-03-02T12:00"), t("2027-03-02T13:30")); // 90
  // Wed 03-03 (closed 12–14): 11–12 and 14–15 count
  await booking(d1.id, s, alice.id, t("2027-03-03T11:00"), t("2027-03-03T15:00")); // 120
  // Thu 03-04 (closed 16–19): 15–16 counts
  await booking(d2.id, s, carol.id, t("2027-03-04T15:00"), t("2027-03-04T17:00")); // 60
  // Fri 16:00 → Sat 11:00 overnight: Fri 16–17 = 60, Sat 10–11 = 60
  await booking(d2.id, s, bob.id, t("2027-03-05T16:00"), t("2027-03-06T11:00")); // 120 in all
  // Sat 03-06: 13–14 counts
  await booking(room.id, s, alice.id, t("2027-03-06T13:00"), t("2027-03-06T15:00")); // 60
  // Sun 03-07: closed, counts 0 minutes (but it is a booking starting that day)
  await booking(d1.id, s, carol.id, t("2027-03-07T10:00"), t("2027-03-07T12:00"));
  // Outside the range on both sides.
  await booking(d1.id, s, alice.id, t("2027-02-28T09:00"), t("2027-02-28T17:00"));
  await booking(d1.id, s, alice.id, t("2027-03-08T09:00"), t("2027-03-08T10:00"));
  await closure(s, t("2027-03-03T12:00"), t("2027-03-03T14:00"));
  await closure(s, t("2027-03-04T16:00"), t("2027-03-04T19:00"));
  return space;
}

describe("utilization: the hand-computed Jakarta fixture", () => {
  it("matches by day, in total, by kind, zone, hour of week, peak hours, no-shows and top members", async () => {
    const space = await jakartaFixture();
    const o = await occupancy(space.id, "2027-03-01", "2027-03-07");
    expect(o.timezone).toBe("Asia/Jakarta");
    // booked: Mon 180+60+60 = 300; Tue 480+90 = 570; Wed 120; Thu 60; Fri 60; Sat 60+60 = 120; Sun 0.
    // Counts are by the local day a booking starts (confirmed + checked_in = "bookings").
    expect(o.days).toEqual([
      { date: "2027-03-01", weekday: 1, bookedMinutes: 300, openMinutes: 1440, utilization: 300 / 1440, bookings: 3, checkedIn: 1, noShows: 1, cancelled: 1 },
      { date: "2027-03-02", weekday: 2, bookedMinutes: 570, openMinutes: 1440, utilization: 570 / 1440, bookings: 2, checkedIn: 1, noShows: 0, cancelled: 0 },
      { date: "2027-03-03", weekday: 3, bookedMinutes: 120, openMinutes: 1080, utilization: 120 / 1080, bookings: 1, checkedIn: 0, noShows: 0, cancelled: 0 },
      { date: "2027-03-04", weekday: 4, bookedMinutes: 60, openMinutes: 1260, utilization: 60 / 1260, bookings: 1, checkedIn: 0, noShows: 0, cancelled: 0 },
      { date: "2027-03-05", weekday: 5, bookedMinutes: 60, openMinutes: 1440, utilization: 60 / 1440, bookings: 1, checkedIn: 0, noShows: 0, cancelled: 0 },
      { date: "2027-03-06", weekday: 6, bookedMinutes: 120, openMinutes: 720, utilization: 120 / 720, bookings: 1, checkedIn: 0, noShows: 0, cancelled: 0 },
      { date: "2027-03-07", weekday: 7, bookedMinutes: 0, openMinutes: 0, utilization: null, bookings: 1, checkedIn: 0, noShows: 0, cancelled: 0 },
    ]);
    // 300+570+120+60+60+120 = 1230 of 7380; no-show rate 1 ÷ (2 checked in + 1 no-show).
    expect(o.totals).toEqual({
      resources: 3,
      bookedMinutes: 1230,
      openMinutes: 7380,
      utilization: 1230 / 7380,
      bookings: 10,
      checkedIn: 2,
      noShows: 1,
      cancelled: 1,
      noShowRate: 1 / 3,
    });
    expect(o.noShowRate).toBe(1 / 3);
    // Desks (D-01, D-02): 180+60 + 90 + 120 + 60 + 120 = 630 of 2×2460; room: 60+480+60 = 600 of 2460.
    expect(o.byKind).toEqual([
      { kind: "desk", resources: 2, bookedMinutes: 630, openMinutes: 4920, utilization: 630 / 4920 },
      { kind: "room", resources: 1, bookedMinutes: 600, openMinutes: 2460, utilization: 600 / 2460 },
    ]);
    // Zone "" = the room; A = D-01 only (D-03 is inactive): 180+90+120 = 390; B = D-02: 60+60+120 = 240.
    expect(o.byZone).toEqual([
      { zone: "", resources: 1, bookedMinutes: 600, openMinutes: 2460, utilization: 600 / 2460 },
      { zone: "A", resources: 1, bookedMinutes: 390, openMinutes: 2460, utilization: 390 / 2460 },
      { zone: "B", resources: 1, bookedMinutes: 240, openMinutes: 2460, utilization: 240 / 2460 },
    ]);
    // Heatmap: one of each weekday in the range, so an open hour has 3 × 60 = 180 open resource-minutes.
    expect(o.byHour).toHaveLength(168);
    expect(cell(o, 1, 9)).toEqual({ weekday: 1, hour: 9, bookedMinutes: 120, openMinutes: 180, utilization: 120 / 180 }); // D-01 + D-02
    expect(cell(o, 1, 8)).toEqual({ weekday: 1, hour: 8, bookedMinutes: 0, openMinutes: 0, utilization: null }); // before opening
    expect(cell(o, 1, 16).bookedMinutes).toBe(60);
    expect(cell(o, 1, 17).openMinutes).toBe(0);
    expect(cell(o, 2, 13)).toMatchObject({ bookedMinutes: 90, openMinutes: 180 }); // room 60 + D-01 12–13:30 → 30
    expect(cell(o, 3, 12)).toMatchObject({ bookedMinutes: 0, openMinutes: 0, utilization: null }); // closure
    expect(cell(o, 3, 14)).toMatchObject({ bookedMinutes: 60, openMinutes: 180 });
    expect(cell(o, 4, 16)).toMatchObject({ bookedMinutes: 0, openMinutes: 0 }); // closure 16–19
    expect(cell(o, 6, 10)).toMatchObject({ bookedMinutes: 60, openMinutes: 180 }); // the overnight booking's Saturday part
    expect(o.byHour.filter((h) => h.weekday === 7).every((h) => h.openMinutes === 0 && h.utilization === null)).toBe(true);
    // The heatmap partitions the same minutes as the days.
    expect(sum(o.byHour.map((h) => h.bookedMinutes))).toBe(1230);
    expect(sum(o.byHour.map((h) => h.openMinutes))).toBe(7380);
    // Peaks: Mon 9 and Tue 12 (120/180), Tue 13 (90/180), then 60/180 cells in week order.
    expect(o.peakHours.map((h) => [h.weekday, h.hour])).toEqual([[1, 9], [2, 12], [2, 13], [1, 10], [1, 11]]);
    // Carol 480+60 = 540 (2), Alice 180+60+120+60 = 420 (4), Bob 60+90+120 = 270 (3; cancelled and no-show are not booked).
    expect(o.topMembers).toEqual([
      { id: carol.id, name: "Carol", bookings: 2, minutes: 540 },
      { id: alice.id, name: "Alice", bookings: 4, minutes: 420 },
      { id: bob.id, name: "Bob", bookings: 3, minutes: 270 },
    ]);
  });

  it("gives an admin the same numbers, and a one-day range just that day", async () => {
    const space = await jakartaFixture();
    const o = await occupancy(space.id, "2027-03-02", "2027-03-02", admin.token);
    expect(o.days).toHaveLength(1);
    expect(o.totals).toMatchObject({ bookedMinutes: 570, openMinutes: 1440, utilization: 570 / 1440 });
  });

  it("without a range covers the last 30 local days, ending today in the space's zone (not the server's)", async () => {
    const space = await jakartaFixture();
    // 20:00 UTC on Mon 03-01 is already 03:00 on Tue 03-02 in Jakarta.
    const insights = createInsightsService({ db: app.db.db, clock: fixedClock("2027-03-01T20:00:00Z") });
    const o = await insights.occupancy({ id: operator.id, role: "operator" }, space.id);
    expect([o.from, o.to]).toEqual(["2027-02-01", "2027-03-02"]);
    expect(o.days).toHaveLength(30);
    await expect(insights.occupancy({ id: operator.id, role: "operator" }, space.id, { from: "2027-03-02", to: "2027-03-01" })).rejects.toMatchObject({
      code: "validation_failed",
    });
  });
});

describe("utilization across DST in Europe/Berlin", () => {
  // Open every day 00:00–06:00 local; D-01 and Room 1 → 2 resources. A normal day: 2 × 360 = 720.
  const berlin = () =>
    createSpace(app.services, { operator,
      timezone: "Europe/Berlin",
      desks: 1,
      hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: "00:00", closes: "06:00" })),
    });

  it("spring forward (Sun 2026-03-29): 00:00–06:00 is 5 real hours and local hour 2 does not exist", async () => {
    const space = await berlin();
    const [desk, room] = space.resources;
    // 01:00 CET → 04:00 CEST = 00:00Z → 02:00Z: 120 real minutes (local hours 1 and 3).
    await booking(desk!.id, space.id, alice.id, "2026-03-29T01:00:00+01:00", "2026-03-29T04:00:00+02:00");
    // 05:00 → 07:00 CEST: only 05:00–06:00 is open → 60.
    await booking(room!.id, space.id, bob.id, "2026-03-29T05:00:00+02:00", "2026-03-29T07:00:00+02:00");
    const o = await occupancy(space.id, "2026-03-28", "2026-03-30");
    // 2026-03-29: open 23:00Z → 04:00Z = 300 per resource → 600; booked 120 + 60 = 180 → 0.3.
    expect(o.days.map((d) => [d.date, d.bookedMinutes, d.openMinutes, d.utilization])).toEqual([
      ["2026-03-28", 0, 720, 0],
      ["2026-03-29", 180, 600, 0.3],
      ["2026-03-30", 0, 720, 0],
    ]);
    // Sunday's heatmap: hours 0,1,3,4,5 are open (2 × 60); hour 2 never happened.
    expect([0, 1, 2, 3, 4, 5, 6].map((h) => cell(o, 7, h).openMinutes)).toEqual([120, 120, 0, 120, 120, 120, 0]);
    expect([0, 1, 2, 3, 4, 5].map((h) => cell(o, 7, h).bookedMinutes)).toEqual([0, 60, 0, 60, 0, 60]);
    expect(cell(o, 7, 2).utilization).toBeNull();
    expect(o.totals).toMatchObject({ bookedMinutes: 180, openMinutes: 2040 });
  });

  it("fall back (Sun 2026-10-25): 00:00–06:00 is 7 real hours and local hour 2 happens twice", async () => {
    const space = await berlin();
    const [desk] = space.resources;
    // 02:00 CEST (00:00Z) → 03:00 CET (02:00Z): both passes through local hour 2 = 120 minutes.
    await booking(desk!.id, space.id, alice.id, "2026-10-25T02:00:00+02:00", "2026-10-25T03:00:00+01:00");
    const o = await occupancy(space.id, "2026-10-24", "2026-10-26");
    // 2026-10-25: open 22:00Z (24th) → 05:00Z = 420 per resource → 840.
    expect(o.days.map((d) => [d.date, d.bookedMinutes, d.openMinutes])).toEqual([
      ["2026-10-24", 0, 720],
      ["2026-10-25", 120, 840],
      ["2026-10-26", 0, 720],
    ]);
    expect(o.days[1]!.utilization).toBe(120 / 840);
    expect([0, 1, 2, 3, 4, 5].map((h) => cell(o, 7, h).openMinutes)).toEqual([120, 120, 240, 120, 120, 120]);
    expect(cell(o, 7, 2)).toMatchObject({ bookedMinutes: 120, utilization: 0.5 });
  });
});

describe("CSV", () => {
  it("the aggregates parse as RFC 4180 and carry exactly the API's numbers", async () => {
    const space = await jakartaFixture();
    const o = await occupancy(space.id, "2027-03-01", "2027-03-07");
    const res = await app.api(`/api/v1/spaces/${space.id}/occupancy?from=2027-03-01&to=2027-03-07&format=csv`, { token: operator.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const [header, ...rows] = parseCsv(await res.text());
    expect(header).toEqual(["date", "weekday", "bookedMinutes", "openMinutes", "utilization", "bookings", "checkedIn", "noShows", "cancelled"]);
    const num = (s: string) => (s === "" ? null : Number(s));
    expect(
      rows.map((r) => ({
        date: r[0],
        weekday: num(r[1]!),
        bookedMinutes: num(r[2]!),
        openMinutes: num(r[3]!),
        utilization: num(r[4]!),
        bookings: num(r[5]!),
        checkedIn: num(r[6]!),
        noShows: num(r[7]!),
        cancelled: num(r[8]!),
      })),
    ).toEqual(o.days.map((d) => ({ ...d, bookedMinutes: tenth(d.bookedMinutes), openMinutes: tenth(d.openMinutes), utilization: fourDecimals(d.utilization) })));

    const hours = parseCsv(await (await app.api(`/api/v1/spaces/${space.id}/occupancy?from=2027-03-01&to=2027-03-07&format=csv&section=byHour`, { token: operator.token })).text());
    expect(hours[0]).toEqual(["weekday", "hour", "bookedMinutes", "openMinutes", "utilization"]);
    expect(hours.slice(1).map((r) => ({ weekday: num(r[0]!), hour: num(r[1]!), bookedMinutes: num(r[2]!), openMinutes: num(r[3]!), utilization: num(r[4]!) }))).toEqual(
      o.byHour.map((h) => ({ ...h, bookedMinutes: tenth(h.bookedMinutes), openMinutes: tenth(h.openMinutes), utilization: fourDecimals(h.utilization) })),
    );

    const members = parseCsv(await (await app.api(`/api/v1/spaces/${space.id}/occupancy?from=2027-03-01&to=2027-03-07&format=csv&section=topMembers`, { token: operator.token })).text());
    expect(members.slice(1)).toEqual(o.topMembers.map((m) => [m.id, m.name, String(m.bookings), String(tenth(m.minutes))]));
    const zones = parseCsv(await (await app.api(`/api/v1/spaces/${space.id}/occupancy?from=2027-03-01&to=2027-03-07&format=csv&section=byZone`, { token: operator.token })).text());
    expect(zones.slice(1).map((r) => [r[0], Number(r[2]), Number(r[3])])).toEqual(o.byZone.map((z) => [z.zone, tenth(z.bookedMinutes), tenth(z.openMinutes)]));
  });

  it("the raw bookings export quotes per RFC 4180, defuses formulas, and includes every status", async () => {
    const space = await createSpace(app.services, { operator, desks: 2 });
    const [d1, d2] = space.resources;
    const eve = await createMember(app.db.db, app.services, { name: '=cmd|" /C calc"!A0' });
    await booking(d1!.id, space.id, eve.id, "2027-03-01T09:00:00+07:00", "2027-03-01T10:30:00+07:00", "confirmed", 'needs "quiet", near window\r\nline two');
    await booking(d2!.id, space.id, alice.id, "2027-03-01T11:00:00+07:00", "2027-03-01T12:00:00+07:00", "cancelled", "@SUM(A1:A9)");
    await booking(d1!.id, space.id, bob.id, "2027-03-02T09:00:00+07:00", "2027-03-02T10:00:00+07:00", "no_show", "+1 -2");
    await booking(d1!.id, space.id, bob.id, "2027-03-09T09:00:00+07:00", "2027-03-09T10:00:00+07:00", "confirmed", "outside the range");
    const res = await app.api(`/api/v1/spaces/${space.id}/bookings.csv?from=2027-03-01&to=2027-03-02`, { token: operator.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const text = await res.text();
    const [header, ...rows] = parseCsv(text);
    const col = (name: string) => header!.indexOf(name);
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r[col("status")])).toEqual(["confirmed", "cancelled", "no_show"]);
    const first = rows[0]!;
    expect(first[col("member")]).toBe(`'=cmd|" /C calc"!A0`);
    expect(first[col("note")]).toBe('needs "quiet", near window\r\nline two');
    expect(first[col("start")]).toBe("2027-03-01T09:00:00+07:00");
    expect(first[col("end")]).toBe("2027-03-01T10:30:00+07:00");
    expect(first[col("minutes")]).toBe("90");
    expect(first[col("localDate")]).toBe("2027-03-01");
    expect(first[col("resource")]).toBe("D-01");
    expect(rows[1]![col("note")]).toBe("'@SUM(A1:A9)");
    expect(rows[2]![col("note")]).toBe("'+1 -2");
    // No cell a spreadsheet would evaluate.
    for (const r of rows) for (const c of r) expect(c).not.toMatch(/^[=+\-@]/);

    const onlyNoShows = parseCsv(await (await app.api(`/api/v1/spaces/${space.id}/bookings.csv?from=2027-03-01&to=2027-03-31&status=no_show`, { token: operator.token })).text());
    expect(onlyNoShows).toHaveLength(2);
  });

  it("streams a large export page by page, in start order, with every row", async () => {
    const space = await createSpace(app.services, { operator, desks: 25 });
    // 25 desks × 100 days = 2,500 bookings (three cursor pages of 1,000).
    await sql`INSERT INTO bookings (resource_id, space_id, member_id, during)
      SELECT r.id, r.space_id, ${alice.id}::uuid,
             tstzrange((d + time '09:00') AT TIME ZONE 'Asia/Jakarta', (d + time '10:00') AT TIME ZONE 'Asia/Jakarta', '[)')
        FROM resources r CROSS JOIN generate_series(timestamp '2027-01-01', timestamp '2027-04-10', interval '1 day') d
       WHERE r.space_id = ${space.id}::uuid AND r.kind = 'desk'`.execute(app.db.db);
    const res = await app.api(`/api/v1/spaces/${space.id}/bookings.csv?from=2027-01-01&to=2027-04-10`, { token: admin.token });
    expect(res.status).toBe(200);
    const rows = parseCsv(await res.text()).slice(1);
    expect(rows).toHaveLength(2_500);
    const starts = rows.map((r) => r[2]!);
    expect([...starts].sort()).toEqual(starts);
    expect(new Set(rows.map((r) => r[0])).size).toBe(2_500);
  });

  it("pages by (start, id): equal starts, microsecond starts and bookings running since before the range, each once", async () => {
    const space = await createSpace(app.services, { operator, desks: 4 });
    const [d1, d2, d3, d4] = space.resources;
    // Four bookings with one start (ties broken by id), two a microsecond apart (a JS Date cannot tell them apart),
    // two running since long before the range (one of them cancelled), one ending exactly where the range starts
    // and one starting exactly where it ends (both outside: ranges are half-open).
    for (const d of [d1!, d2!, d3!, d4!]) await booking(d.id, space.id, alice.id, "2027-03-02T09:00:00+07:00", "2027-03-02T10:00:00+07:00");
    await booking(d1!.id, space.id, bob.id, "2027-03-02T10:00:00.000001+07:00", "2027-03-02T11:00:00+07:00");
    await booking(d2!.id, space.id, bob.id, "2027-03-02T10:00:00.000002+07:00", "2027-03-02T11:00:00+07:00");
    await booking(d3!.id, space.id, carol.id, "2027-01-15T09:00:00+07:00", "2027-03-01T12:00:00+07:00", "cancelled");
    await booking(d4!.id, space.id, carol.id, "2027-02-27T09:00:00+07:00", "2027-03-01T08:00:00+07:00");
    await booking(d1!.id, space.id, carol.id, "2027-02-28T09:00:00+07:00", "2027-03-01T00:00:00+07:00");
    await booking(d2!.id, space.id, carol.id, "2027-03-03T00:00:00+07:00", "2027-03-03T01:00:00+07:00");
    const { rows: expected } = await sql<{ id: string }>`
      SELECT id FROM bookings WHERE space_id = ${space.id}::uuid
         AND during && tstzrange('2027-03-01T00:00:00+07:00', '2027-03-03T00:00:00+07:00', '[)')
       ORDER BY lower(during), id`.execute(app.db.db);
    expect(expected).toHaveLength(8);
    const service = createInsightsService({ db: app.db.db });
    const exp = await service.bookingsExport({ id: operator.id, role: "operator" }, space.id, { from: "2027-03-01", to: "2027-03-02" });
    for (const pageSize of [1, 2, 3, 7, 8, 1_000]) {
      let text = "";
      const count = await exp.run(async (chunk) => void (text += chunk), { pageSize });
      const ids = parseCsv(text).slice(1).map((r) => r[0]);
      expect(ids, `pages of ${pageSize}`).toEqual(expected.map((e) => e.id));
      expect(count).toBe(8);
    }
  });

  it("stops before its next query once the signal aborts (the client left), and rejects with its reason", async () => {
    const space = await createSpace(app.services, { operator, desks: 3 });
    for (const d of space.resources.slice(0, 3)) {
      for (const day of ["01", "02", "03"]) await booking(d.id, space.id, alice.id, `2027-03-${day}T09:00:00+07:00`, `2027-03-${day}T10:00:00+07:00`);
    }
    let queries = 0;
    const counted = app.db.db.withPlugin({
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const exp = await createInsightsService({ db: counted }).bookingsExport({ id: admin.id, role: "admin" }, space.id, { from: "2027-03-01", to: "2027-03-03" });
    const gone = new Error("client gone");
    const controller = new AbortController();
    let writes = 0;
    let queriesAtAbort = -1;
    const run = exp.run(
      async () => {
        // The header, then the first page: the client leaves while that page is being written.
        if (++writes === 2) {
          queriesAtAbort = queries;
          controller.abort(gone);
        }
      },
      { signal: controller.signal, pageSize: 2 },
    );
    await expect(run).rejects.toBe(gone);
    expect(writes).toBe(2);
    expect(queriesAtAbort).toBeGreaterThan(0);
    expect(queries).toBe(queriesAtAbort);
  });
});

describe("access and input", () => {
  const paths = (id: string) => [
    `/api/v1/spaces/${id}/occupancy?from=2027-03-01&to=2027-03-07`,
    `/api/v1/spaces/${id}/occupancy?from=2027-03-01&to=2027-03-07&format=csv`,
    `/api/v1/spaces/${id}/bookings.csv?from=2027-03-01&to=2027-03-07`,
  ];

  it("members get 403, anonymous callers 401, on every analytics endpoint", async () => {
    const space = await createSpace(app.services, { operator });
    for (const path of paths(space.id)) {
      await expectProblem(await app.api(path, { token: alice.token }), 403, "forbidden");
      await expectProblem(await app.api(path), 401, "unauthenticated");
    }
    // A member learns nothing about which spaces exist either.
    for (const path of paths("00000000-0000-4000-8000-000000000000")) await expectProblem(await app.api(path, { token: alice.token }), 403, "forbidden");
  });

  it("an unknown space is 404 and a malformed id 400, for operators", async () => {
    for (const path of paths("00000000-0000-4000-8000-000000000000")) await expectProblem(await app.api(path, { token: operator.token }), 404, "not_found");
    for (const path of paths("not-a-uuid")) await expectProblem(await app.api(path, { token: operator.token }), 400, "validation_failed");
  });

  it("bad ranges and unknown parameters are 400 validation_failed, never 5xx", async () => {
    const space = await createSpace(app.services, { operator });
    const bad = [
      "from=2027-03-07&to=2027-03-01", // backwards
      "from=2027-01-01&to=2028-01-02", // 367 days
      "from=2027-02-29&to=2027-03-01", // not a date
      "from=2027-3-1&to=2027-03-07",
      "from=0000-01-01&to=0000-01-02",
      "to=2027-03-07",
      "from=2027-03-01&to=2027-03-07&format=xml",
      "from=2027-03-01&to=2027-03-07&section=secrets&format=csv",
      "from=2027-03-01&to=2027-03-07&extra=1",
      "from=2027-03-01&from=2027-03-02&to=2027-03-07",
    ];
    for (const q of bad) {
      await expectProblem(await app.api(`/api/v1/spaces/${space.id}/occupancy?${q}`, { token: operator.token }), 400, "validation_failed");
    }
    for (const q of ["from=2027-03-07&to=2027-03-01", "from=2027-01-01&to=2028-01-02", "from=2027-03-01&to=2027-03-07&status=lost"]) {
      await expectProblem(await app.api(`/api/v1/spaces/${space.id}/bookings.csv?${q}`, { token: operator.token }), 400, "validation_failed");
    }
    // 366 days is the cap, inclusive.
    const year = await occupancy(space.id, "2028-01-01", "2028-12-31");
    expect(year.days).toHaveLength(366);
  });

  it("a space with no resources or no opening hours reports zero open time, not an error", async () => {
    const space = await createSpace(app.services, { operator, desks: 0, hours: [] });
    const o = await occupancy(space.id, "2027-03-01", "2027-03-07");
    expect(o.totals).toMatchObject({ resources: 1, bookedMinutes: 0, openMinutes: 0, utilization: null, noShowRate: null });
    expect(o.peakHours).toEqual([]);
    expect(o.topMembers).toEqual([]);
  });
});
