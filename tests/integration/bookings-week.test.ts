// Issue 13, the week views: a space's week (desks free, rooms' booked hours, closures and closed days, in a fixed
// number of queries), my week (my bookings on the local dates they fall on in their own space's zone, Asia/Makassar
// against Asia/Jakarta, Monday–Sunday boundaries, today) and who from my projects is in (co-members only, those who
// show their presence, never me), through the API and the services.
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";
import { describe, expect, it } from "vitest";
import { expectProblem, json } from "../support/app.js";
import { alice, bob, bookingApi, carol, clock, dave, jkt, operator, useBookingApp } from "../support/bookings.js";
import { createMember, createSpace, type TestMember, type TestSpace } from "../support/factories.js";

/** Counts the queries the app runs while `counting` (a plugin on the app's own connection). */
class QueryCount implements KyselyPlugin {
  counting = false;
  count = 0;
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (this.counting) this.count++;
    return node;
  }
  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}
const queries = new QueryCount();
const app = useBookingApp({ plugins: [queries] });
const { api, book, cancel } = bookingApi(app);

type SpaceDay = {
  date: string;
  status: "open" | "closed_weekday" | "closed";
  open: { start: string; end: string } | null;
  closures: Array<{ start: string; end: string; reason: string }>;
  openMinutes: number;
  desks: { total: number; free: number; bookedShare: number | null };
  rooms: Array<{ id: string; name: string; kind: string; bookedMinutes: number }>;
};
type Frame = { weekStart: string; weekEnd: string; prevWeek: string; nextWeek: string; today: string };
type SpaceWeek = Frame & { spaceId: string; spaceName: string; timezone: string; days: SpaceDay[] };
type Teammate = { member: { id: string; name: string }; spaceId: string; spaceName: string; timezone: string; start: string; end: string };
type MyWeek = Frame & { days: Array<{ date: string; bookings: Array<{ id: string; start: string; end: string; status: string; spaceId: string }>; teammates: Teammate[] }> };

const spaceWeek = async (who: TestMember, spaceId: string, date?: string) =>
  json<SpaceWeek>(await api(`/api/v1/spaces/${spaceId}/week${date ? `?date=${date}` : ""}`, { token: who.token }), 200);
const myWeek = async (who: TestMember, date?: string) => json<MyWeek>(await api(`/api/v1/me/week${date ? `?date=${date}` : ""}`, { token: who.token }), 200);
const day = <D extends { date: string }>(week: { days: D[] }, date: string) => week.days.find((d) => d.date === date)!;
const desksOf = (space: TestSpace) => space.resources.filter((r) => r.kind === "desk");
const roomOf = (space: TestSpace) => space.resources.find((r) => r.kind === "room")!;
/** A Makassar wall-clock time (WITA, UTC+8) as an instant. */
const mks = (local: string) => `${local}:00+08:00`;

describe("a space's week", () => {
  it("runs Monday–Sunday around the date: desks free all day, desk time booked, rooms' hours, closures and closed days", async () => {
    // Open 07:00–21:00 Monday to Saturday (840 minutes), closed on Sundays; three desks and a room.
    const space = await createSpace(app.services, { operator, hours: [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: "07:00", closes: "21:00" })) });
    const [d1, d2] = desksOf(space);
    const room = roomOf(space);
    await book(alice, { resourceId: d1!.id, start: jkt("2027-03-02T09:00"), end: jkt("2027-03-02T12:00") });
    await book(bob, { resourceId: d2!.id, start: jkt("2027-03-02T13:00"), end: jkt("2027-03-02T14:00") });
    await book(alice, { resourceId: room.id, start: jkt("2027-03-03T10:00"), end: jkt("2027-03-03T12:30") });
    await book(bob, { resourceId: room.id, start: jkt("2027-03-03T15:00"), end: jkt("2027-03-03T16:00") });
    // A cancelled booking holds nothing.
    const gone = await book(carol, { resourceId: d2!.id, start: jkt("2027-03-03T09:00"), end: jkt("2027-03-03T10:00") });
    expect((await cancel(carol, gone.id)).status).toBe(204);
    const closeFor = async (start: string, end: string, reason: string) =>
      json(await api(`/api/v1/spaces/${space.id}/closures`, { token: operator.token, body: { start, end, reason } }), 201);
    await closeFor("2027-03-04T00:00", "2027-03-05T00:00", "Renovasi lantai");
    await closeFor("2027-03-05T12:00", "2027-03-05T14:00", "Pemadaman listrik");

    const week = await spaceWeek(alice, space.id, "2027-03-03");
    expect(week).toMatchObject({ spaceId: space.id, timezone: "Asia/Jakarta", weekStart: "2027-03-01", weekEnd: "2027-03-07", prevWeek: "2027-02-22", nextWeek: "2027-03-08", today: "2027-03-01" });
    expect(week.days.map((d) => d.date)).toEqual(["2027-03-01", "2027-03-02", "2027-03-03", "2027-03-04", "2027-03-05", "2027-03-06", "2027-03-07"]);

    expect(day(week, "2027-03-01")).toMatchObject({ status: "open", openMinutes: 840, desks: { total: 3, free: 3, bookedShare: 0 }, closures: [] });
    expect(day(week, "2027-03-01").open).toEqual({ start: "2027-03-01T07:00:00+07:00", end: "2027-03-01T21:00:00+07:00" });
    // Tuesday: two desks taken for part of the day, one free all day; 4 of 3 × 14 desk hours booked.
    expect(day(week, "2027-03-02").desks).toEqual({ total: 3, free: 1, bookedShare: Math.round((240 / (3 * 840)) * 100) / 100 });
    // Wednesday: the room 2.5 + 1 hours; the cancelled desk booking leaves every desk free.
    expect(day(week, "2027-03-03").rooms).toEqual([{ id: room.id, name: "Room 1", kind: "room", bookedMinutes: 210 }]);
    expect(day(week, "2027-03-03").desks.free).toBe(3);
    // Thursday: a closure over all the opening hours closes the day, with its reason.
    expect(day(week, "2027-03-04")).toMatchObject({
      status: "closed",
      openMinutes: 0,
      desks: { total: 3, free: 0, bookedShare: null },
      closures: [{ start: "2027-03-04T00:00:00+07:00", end: "2027-03-05T00:00:00+07:00", reason: "Renovasi lantai" }],
    });
    // Friday: open, two hours less, and the closure shown.
    expect(day(week, "2027-03-05")).toMatchObject({ status: "open", openMinutes: 720, closures: [{ reason: "Pemadaman listrik" }] });
    // Sunday: no opening hours.
    expect(day(week, "2027-03-07")).toMatchObject({ status: "closed_weekday", open: null, openMinutes: 0, desks: { free: 0, bookedShare: null } });

    // Without a date: this week; any day of it names the same week.
    expect((await spaceWeek(alice, space.id)).weekStart).toBe("2027-03-01");
    expect((await spaceWeek(alice, space.id, "2027-03-07")).weekStart).toBe("2027-03-01");
    expect((await spaceWeek(alice, space.id, "2027-03-08")).weekStart).toBe("2027-03-08");
  });

  it("reads days in the space's own zone: Asia/Makassar's Monday starts an hour before Jakarta's", async () => {
    const allDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: "00:00", closes: "23:45" }));
    const makassar = await createSpace(app.services, { operator, timezone: "Asia/Makassar", desks: 1, hours: allDay });
    const jakarta = await createSpace(app.services, { operator, timezone: "Asia/Jakarta", desks: 1, hours: allDay });
    // 00:30 on Monday 8 March in Makassar is 23:30 on Sunday 7 March in Jakarta.
    await book(alice, { resourceId: desksOf(makassar)[0]!.id, start: mks("2027-03-08T00:30"), end: mks("2027-03-08T01:30") });
    await book(alice, { resourceId: desksOf(jakarta)[0]!.id, start: jkt("2027-03-07T23:00"), end: jkt("2027-03-07T23:30") });

    const mThis = await spaceWeek(bob, makassar.id, "2027-03-01");
    const mNext = await spaceWeek(bob, makassar.id, "2027-03-08");
    expect(day(mThis, "2027-03-07").desks.free).toBe(1);
    expect(day(mNext, "2027-03-08").desks).toMatchObject({ total: 1, free: 0 });
    expect(day(mNext, "2027-03-08").open!.start).toBe("2027-03-08T00:00:00+08:00");
    const jThis = await spaceWeek(bob, jakarta.id, "2027-03-01");
    expect(day(jThis, "2027-03-07").desks.free).toBe(0);

    // Sunday 7 March 23:30 in Jakarta is already Monday in Makassar: "this week" and today differ by space.
    clock.set("2027-03-07T16:30:00Z");
    expect(await spaceWeek(bob, jakarta.id)).toMatchObject({ weekStart: "2027-03-01", today: "2027-03-07" });
    expect(await spaceWeek(bob, makassar.id)).toMatchObject({ weekStart: "2027-03-08", today: "2027-03-08" });
  });

  it("costs four queries (space, resources, bookings, closures) for one resource and for forty with a week of bookings", async () => {
    const small = await createSpace(app.services, { operator, desks: 1 });
    const big = await createSpace(app.services, { operator, desks: 40 });
    for (const [i, desk] of desksOf(big).entries()) {
      const date = `2027-03-0${1 + (i % 7)}`;
      await book(i % 2 ? alice : bob, { resourceId: desk.id, start: jkt(`${date}T09:00`), end: jkt(`${date}T11:00`) });
    }
    const measure = async (spaceId: string) => {
      queries.count = 0;
      queries.counting = true;
      try {
        await app.services.bookings.spaceWeek({ id: alice.id, role: "member" }, spaceId, { date: "2027-03-01" });
      } finally {
        queries.counting = false;
      }
      return queries.count;
    };
    const few = await measure(small.id);
    expect(few).toBe(4);
    expect(await measure(big.id)).toBe(few);
  });

  it("answers only members, 404 for no such space, and 400 in the reader's language for a bad date or an unknown key", async () => {
    const space = await createSpace(app.services, { operator, desks: 1 });
    await expectProblem(await api(`/api/v1/spaces/${space.id}/week`), 401, "unauthenticated");
    await expectProblem(await api(`/api/v1/spaces/00000000-0000-4000-8000-000000000000/week`, { token: alice.token }), 404, "not_found");
    await expectProblem(await api(`/api/v1/spaces/${space.id}/week?date=2027-02-30`, { token: alice.token }), 400, "validation_failed");
    await expectProblem(await api(`/api/v1/spaces/${space.id}/week?date=1999-12-31`, { token: alice.token }), 400, "validation_failed");
    await expectProblem(await api(`/api/v1/spaces/${space.id}/week?week=2027-03-01`, { token: alice.token }), 400, "validation_failed");
    const worded = await api(`/api/v1/spaces/${space.id}/week?date=tomorrow`, { token: alice.token, headers: { "accept-language": "id" } });
    const problem = await json<{ code: string; errors: Array<{ path: string; message: string }> }>(worded, 400);
    expect(problem.errors[0]).toMatchObject({ path: "date" });
    expect(problem.errors[0]!.message).not.toMatch(/date_format/);
  });

  it("is in the OpenAPI document with its query and answer", async () => {
    const doc = await json<{ paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; responses: Record<string, unknown> }>> }>(
      await api("/api/v1/openapi.json"),
      200,
    );
    for (const path of ["/api/v1/spaces/{id}/week", "/api/v1/me/week"]) {
      const get = doc.paths[path]!.get!;
      expect(get.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: "date", in: "query" })]));
      expect(get.responses["200"]).toBeDefined();
    }
  });
});

describe("my week", () => {
  it("puts each booking on the local date it falls on in its own space's zone, Monday to Sunday", async () => {
    const allDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: "00:00", closes: "23:45" }));
    const makassar = await createSpace(app.services, { operator, timezone: "Asia/Makassar", desks: 1, hours: allDay });
    const jakarta = await createSpace(app.services, { operator, timezone: "Asia/Jakarta", desks: 2, hours: allDay });
    const monday = await book(alice, { resourceId: desksOf(jakarta)[0]!.id, start: jkt("2027-03-01T09:00"), end: jkt("2027-03-01T11:00") });
    const sunday = await book(alice, { resourceId: desksOf(jakarta)[0]!.id, start: jkt("2027-03-07T22:00"), end: jkt("2027-03-07T23:30") });
    // The same instant as Sunday 23:30 in Jakarta, but Monday 00:30 in Makassar: next week.
    const makassarMonday = await book(alice, { resourceId: desksOf(makassar)[0]!.id, start: mks("2027-03-08T00:30"), end: mks("2027-03-08T01:30") });
    const cancelled = await book(alice, { resourceId: desksOf(jakarta)[1]!.id, start: jkt("2027-03-03T09:00"), end: jkt("2027-03-03T10:00") });
    expect((await cancel(alice, cancelled.id)).status).toBe(204);
    // Someone else's booking is never in my week.
    await book(bob, { resourceId: desksOf(jakarta)[1]!.id, start: jkt("2027-03-02T09:00"), end: jkt("2027-03-02T10:00") });

    const week = await myWeek(alice, "2027-03-04");
    expect(week).toMatchObject({ weekStart: "2027-03-01", weekEnd: "2027-03-07", prevWeek: "2027-02-22", nextWeek: "2027-03-08" });
    const ids = (date: string) => day(week, date).bookings.map((b) => b.id);
    expect(ids("2027-03-01")).toEqual([monday.id]);
    expect(ids("2027-03-07")).toEqual([sunday.id]);
    expect(week.days.flatMap((d) => d.bookings.map((b) => b.id))).toEqual([monday.id, sunday.id]);
    // An empty day is an empty list; the cancelled booking is not shown.
    expect(ids("2027-03-03")).toEqual([]);
    expect(day(week, "2027-03-01").bookings[0]).toMatchObject({ start: "2027-03-01T09:00:00+07:00", end: "2027-03-01T11:00:00+07:00", status: "confirmed" });

    const next = await myWeek(alice, "2027-03-08");
    expect(day(next, "2027-03-08").bookings).toEqual([expect.objectContaining({ id: makassarMonday.id, start: "2027-03-08T00:30:00+08:00", spaceId: makassar.id })]);
    expect(next.days.flatMap((d) => d.bookings)).toHaveLength(1);
  });

  it("marks today where the member books: a Makassar member's Monday has begun while Jakarta's Sunday has not ended", async () => {
    const allDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: "00:00", closes: "23:45" }));
    const makassar = await createSpace(app.services, { operator, timezone: "Asia/Makassar", desks: 1, hours: allDay });
    await book(alice, { resourceId: desksOf(makassar)[0]!.id, start: mks("2027-03-09T09:00"), end: mks("2027-03-09T10:00") });
    clock.set("2027-03-07T16:30:00Z");
    expect(await myWeek(alice)).toMatchObject({ weekStart: "2027-03-08", today: "2027-03-08" });
    // Someone who has not booked yet reads the week in Western Indonesia's time.
    expect(await myWeek(bob)).toMatchObject({ weekStart: "2027-03-01", today: "2027-03-07" });
  });

  it("shows who from my projects is in, by day: co-members only, not those hiding their presence, never me", async () => {
    const space = await createSpace(app.services, { operator, desks: 4 });
    const [d1, d2, d3, d4] = desksOf(space);
    const project = await json<{ id: string }>(await api("/api/v1/projects", { token: alice.token, body: { name: "Batik Online" } }), 201);
    for (const m of [bob, carol]) {
      await json(await api(`/api/v1/projects/${project.id}/members`, { token: alice.token, body: { memberId: m.id } }), 201);
    }
    await json(await api("/api/v1/me/profile", { method: "PATCH", token: carol.token, body: { showPresence: false } }), 200);
    await book(alice, { resourceId: d1!.id, start: jkt("2027-03-02T09:00"), end: jkt("2027-03-02T12:00") });
    await book(bob, { resourceId: d2!.id, start: jkt("2027-03-02T10:00"), end: jkt("2027-03-02T15:00") });
    const bobLater = await book(bob, { resourceId: d2!.id, start: jkt("2027-03-04T08:00"), end: jkt("2027-03-04T09:00") });
    expect((await cancel(bob, bobLater.id)).status).toBe(204);
    // Carol shares the project but hides her presence; Dave is in no project of Alice's.
    await book(carol, { resourceId: d3!.id, start: jkt("2027-03-02T09:00"), end: jkt("2027-03-02T10:00") });
    await book(dave, { resourceId: d4!.id, start: jkt("2027-03-02T09:00"), end: jkt("2027-03-02T10:00") });
    // Next week's booking is next week's.
    await book(bob, { resourceId: d2!.id, start: jkt("2027-03-08T09:00"), end: jkt("2027-03-08T10:00") });

    const week = await myWeek(alice, "2027-03-01");
    expect(day(week, "2027-03-02").teammates).toEqual([
      { member: { id: bob.id, name: "Bob", photoUrl: null }, spaceId: space.id, spaceName: expect.any(String), timezone: "Asia/Jakarta", start: "2027-03-02T10:00:00+07:00", end: "2027-03-02T15:00:00+07:00" },
    ]);
    expect(week.days.flatMap((d) => d.teammates)).toHaveLength(1);

    // Bob sees Alice (his co-member), not himself; Dave sees nobody.
    expect(day(await myWeek(bob, "2027-03-01"), "2027-03-02").teammates.map((t) => t.member.id)).toEqual([alice.id]);
    expect((await myWeek(dave, "2027-03-01")).days.flatMap((d) => d.teammates)).toEqual([]);

    // Carol shows her presence again: she is listed.
    await json(await api("/api/v1/me/profile", { method: "PATCH", token: carol.token, body: { showPresence: true } }), 200);
    expect(day(await myWeek(alice, "2027-03-01"), "2027-03-02").teammates.map((t) => t.member.id).sort()).toEqual([bob.id, carol.id].sort());

    // Bob leaves the project: no longer listed. Carol is suspended: no longer listed either.
    expect((await api(`/api/v1/projects/${project.id}/members/${bob.id}`, { method: "DELETE", token: bob.token })).status).toBe(204);
    const admin = await createMember(app.db.db, app.services, { role: "admin" });
    await json(await api(`/api/v1/members/${carol.id}/suspend`, { token: admin.token, body: { suspended: true } }), 200);
    expect((await myWeek(alice, "2027-03-01")).days.flatMap((d) => d.teammates)).toEqual([]);

    // Bad input and no credentials change nothing and say why.
    await expectProblem(await api("/api/v1/me/week?date=2027-13-01", { token: alice.token }), 400, "validation_failed");
    await expectProblem(await api("/api/v1/me/week"), 401, "unauthenticated");
  });
});
