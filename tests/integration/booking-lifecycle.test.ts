import ICAL from "ical.js";
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryId, QueryResult, RootOperationNode, UnknownRow } from "kysely";
import { connectMember, disconnectAll, watchSpace } from "../support/sockets.js";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../server/domain/clock.js";
import { runExclusive } from "../../server/jobs/index.js";
import { expectProblem, json, startTestApp, type TestApp } from "../support/app.js";
import { createTestDb, type TestDb } from "../support/db.js";
import { createMember, createSpace, type TestMember, type TestSpace } from "../support/factories.js";

// The whole file runs at a fixed "now": Monday 2027-03-01 00:00 UTC = 07:00 in Jakarta (UTC+7, no DST), when
// the factory's spaces open. Time only moves when a test moves the clock.
const NOW = "2027-03-01T00:00:00Z";
const clock = fixedClock(NOW);
/** A Jakarta wall-clock time as an instant: `jkt("2027-03-01T09:00")`. */
const jkt = (local: string) => `${local}:00+07:00`;
const ms = (iso: string) => new Date(iso).getTime();
/** How long an awaited live event may take before the test fails (a deadline, never a sleep). */

/**
 * Records the SQL of every query the app executes while `recording` is on (a Kysely plugin on the app's own
 * connection): how the availability view is proven to cost the same queries for 1 or 200 resources.
 */
class QueryLog implements KyselyPlugin {
  recording = false;
  readonly executed: string[] = [];
  readonly #pending = new WeakMap<QueryId, RootOperationNode>();
  compile: (node: RootOperationNode, queryId: QueryId) => string = () => "";

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    if (this.recording) this.#pending.set(queryId, node);
    return node;
  }

  async transformResult({ queryId, result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const node = this.#pending.get(queryId);
    if (node) {
      this.#pending.delete(queryId);
      this.executed.push(this.compile(node, queryId));
    }
    return result;
  }

  async during<T>(work: () => Promise<T>): Promise<{ result: T; queries: string[] }> {
    this.executed.length = 0;
    this.recording = true;
    try {
      const result = await work();
      return { result, queries: [...this.executed] };
    } finally {
      this.recording = false;
    }
  }
}

const queryLog = new QueryLog();
let baseDb: TestDb;
let app: TestApp;
let alice: TestMember;
let bob: TestMember;
let carol: TestMember;
let dave: TestMember;
let operator: TestMember;

beforeAll(async () => {
  baseDb = await createTestDb();
  queryLog.compile = (node, queryId) => baseDb.db.getExecutor().compileQuery(node, queryId).sql;
  app = await startTestApp({ clock, db: { ...baseDb, db: baseDb.db.withPlugin(queryLog) } });
});
afterAll(async () => {
  await app?.stop();
  await baseDb?.close();
});
beforeEach(async () => {
  clock.set(NOW);
  await app.db.truncate();
  alice = await createMember(app.db.db, app.services, { name: "Alice" });
  bob = await createMember(app.db.db, app.services, { name: "Bob" });
  carol = await createMember(app.db.db, app.services, { name: "Carol" });
  dave = await createMember(app.db.db, app.services, { name: "Dave" });
  operator = await createMember(app.db.db, app.services, { name: "Olga", role: "operator" });
});

// --- HTTP helpers ---------------------------------------------------------------------------------------------

type Booking = {
  id: string;
  resourceId: string;
  spaceId: string;
  spaceName: string;
  start: string;
  end: string;
  status: "confirmed" | "checked_in" | "cancelled" | "no_show";
  checkedInAt: string | null;
};
type Notification = { id: string; kind: string; data: Record<string, unknown>; readAt: string | null };
type WaitOut = { id: string; position: number; status: "waiting" | "promoted" };

const api: TestApp["api"] = (path, init) => app.api(path, init);

const book = async (who: TestMember, body: Record<string, unknown>) =>
  json<Booking>(await api("/api/v1/bookings", { token: who.token, body }), 201);
const bookOn = (who: TestMember, resourceId: string, start: string, end: string) => book(who, { resourceId, start, end });
const getBooking = async (who: TestMember, id: string) => json<Booking>(await api(`/api/v1/bookings/${id}`, { token: who.token }), 200);
const myBookings = async (who: TestMember) =>
  (await json<{ items: Booking[] }>(await api("/api/v1/bookings", { token: who.token }), 200)).items;
const checkIn = (who: TestMember, id: string) => api(`/api/v1/bookings/${id}/check-in`, { method: "POST", token: who.token });
const cancel = (who: TestMember, id: string) => api(`/api/v1/bookings/${id}`, { method: "DELETE", token: who.token });
const wait = (who: TestMember, body: Record<string, unknown>) => api("/api/v1/waitlist", { token: who.token, body });
const notificationsOf = async (who: TestMember) =>
  json<{ items: Notification[]; unread: number }>(await api("/api/v1/me/notifications", { token: who.token }), 200);
const viewer = (m: TestMember) => ({ id: m.id, role: m.role });

async function waitlistRow(id: string) {
  return app.db.db.selectFrom("waitlist_entries").select(["status", "booking_id"]).where("id", "=", id).executeTakeFirstOrThrow();
}

async function checkinToken(resourceId: string): Promise<string> {
  const row = await app.db.db.selectFrom("resources").select("checkin_token").where("id", "=", resourceId).executeTakeFirstOrThrow();
  return row.checkin_token;
}

/** One tick of the no-show job exactly as the scheduler runs it; returns how many bookings it released. */
async function runNoShowJob(): Promise<number> {
  let released = -1;
  const ran = await runExclusive(app.db.db, {
    name: "no-show-release",
    run: async (trx) => {
      const result = await app.services.bookings.releaseNoShows(trx);
      released = result.released;
      return result.effects;
    },
  });
  expect(ran).toBe(true);
  return released;
}

// --- iCalendar ------------------------------------------------------------------------------------------------

type ParsedEvent = { uid: string; start: number; end: number; location: string; status: string };

function instant(event: InstanceType<typeof ICAL.Component>, name: string): number {
  const value = event.getFirstPropertyValue(name);
  if (!(value instanceof ICAL.Time)) throw new Error(`${name} is not a date-time: ${String(value)}`);
  return value.toJSDate().getTime();
}

/** Parses with the real ical.js and returns the VEVENTs, ordered by start. */
function parseCalendar(text: string): ParsedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  expect(calendar.name).toBe("vcalendar");
  return calendar
    .getAllSubcomponents("vevent")
    .map((event) => ({
      uid: String(event.getFirstPropertyValue("uid")),
      start: instant(event, "dtstart"),
      end: instant(event, "dtend"),
      location: String(event.getFirstPropertyValue("location")),
      status: String(event.getFirstPropertyValue("status")),
    }))
    .sort((a, b) => a.start - b.start);
}

async function fetchCalendar(url: string): Promise<ParsedEvent[]> {
  const res = await fetch(url, { headers: { connection: "close" } });
  const text = await res.text();
  expect(res.status, text).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/calendar/);
  return parseCalendar(text);
}

// --- sockets --------------------------------------------------------------------------------------------------

afterEach(disconnectAll);
const connect = (member: TestMember) => connectMember(app.url, member.token);

const utc = (iso: string) => new Date(iso).toISOString();

// --- the tests ------------------------------------------------------------------------------------------------

describe("check-in window", () => {
  it("opens 15 minutes before the start, closes when the grace period ends, is the owner's alone and idempotent", async () => {
    const space = await createSpace(app.services, { rules: { checkInGraceMinutes: 30 } });
    const [d1, d2, d3] = space.resources;
    const morning = await bookOn(alice, d1!.id, "2027-03-01T09:00", "2027-03-01T10:00");

    clock.set(jkt("2027-03-01T08:44"));
    await expectProblem(await checkIn(alice, morning.id), 422, "rule_violation");
    expect((await getBooking(alice, morning.id)).status).toBe("confirmed");

    clock.set(jkt("2027-03-01T08:45"));
    const first = await json<Booking>(await checkIn(alice, morning.id), 200);
    expect(first).toMatchObject({ id: morning.id, status: "checked_in", checkedInAt: "2027-03-01T08:45:00+07:00" });

    // Someone else cannot check in (or even learn the booking exists).
    await expectProblem(await checkIn(bob, morning.id), 404, "not_found");

    // Checking in again is fine and keeps the first check-in time.
    clock.advance(5 * 60_000);
    const again = await json<Booking>(await checkIn(alice, morning.id), 200);
    expect(again).toMatchObject({ status: "checked_in", checkedInAt: "2027-03-01T08:45:00+07:00" });

    // The window is half-open [start − 15, start + 30): a second before its end works, its end does not
    // (the no-show job takes over at that instant).
    const lastMoment = await bookOn(alice, d2!.id, "2027-03-01T11:00", "2027-03-01T12:00");
    const tooLate = await bookOn(alice, d3!.id, "2027-03-01T11:00", "2027-03-01T12:00");
    clock.set(jkt("2027-03-01T11:30"));
    clock.advance(-1_000);
    expect(await json<Booking>(await checkIn(alice, lastMoment.id), 200)).toMatchObject({ status: "checked_in" });
    clock.advance(1_000);
    await expectProblem(await checkIn(alice, tooLate.id), 422, "rule_violation");
    clock.set(jkt("2027-03-01T11:31"));
    await expectProblem(await checkIn(alice, tooLate.id), 422, "rule_violation");
    expect((await getBooking(alice, tooLate.id)).status).toBe("confirmed");
  });
});

describe("no-show release", () => {
  it("releases an unchecked booking at start + grace (not a minute earlier), frees the slot and tells the owner, once", async () => {
    const space = await createSpace(app.services, { rules: { checkInGraceMinutes: 30 } });
    const [d1, d2] = space.resources;
    const absent = await bookOn(alice, d1!.id, "2027-03-01T09:00", "2027-03-01T10:00");
    const present = await bookOn(bob, d2!.id, "2027-03-01T09:00", "2027-03-01T10:00");
    clock.set(jkt("2027-03-01T09:00"));
    await json(await checkIn(bob, present.id), 200);

    clock.set(jkt("2027-03-01T09:29"));
    expect(await runNoShowJob()).toBe(0);
    expect((await getBooking(alice, absent.id)).status).toBe("confirmed");
    expect((await notificationsOf(alice)).unread).toBe(0);

    clock.set(jkt("2027-03-01T09:30"));
    expect(await runNoShowJob()).toBe(1);
    expect((await getBooking(alice, absent.id)).status).toBe("no_show");
    expect((await getBooking(bob, present.id)).status).toBe("checked_in");

    const notes = await notificationsOf(alice);
    expect(notes.unread).toBe(1);
    expect(notes.items).toHaveLength(1);
    expect(notes.items[0]).toMatchObject({ kind: "booking_released", readAt: null, data: { bookingId: absent.id } });
    expect((await notificationsOf(bob)).unread).toBe(0);

    // The rest of the slot is free again for someone else.
    const taken = await bookOn(carol, d1!.id, "2027-03-01T09:30", "2027-03-01T10:00");
    expect(taken).toMatchObject({ resourceId: d1!.id, status: "confirmed" });

    // A second run releases nothing more and notifies nobody again.
    expect(await runNoShowJob()).toBe(0);
    expect((await notificationsOf(alice)).unread).toBe(1);

    // A checked-in booking is never released, even long after its end; nor is carol's, which is still in its grace.
    clock.set(jkt("2027-03-01T09:59"));
    expect(await runNoShowJob()).toBe(0);
    expect((await getBooking(bob, present.id)).status).toBe("checked_in");
    expect((await getBooking(carol, taken.id)).status).toBe("confirmed");
    clock.set(jkt("2027-03-01T10:00"));
    expect(await runNoShowJob()).toBe(1); // carol's, at its own start + grace
    clock.set(jkt("2027-03-01T18:00"));
    expect(await runNoShowJob()).toBe(0);
    expect((await getBooking(bob, present.id)).status).toBe("checked_in");
    expect((await getBooking(alice, absent.id)).status).toBe("no_show");
  });
});

describe("waitlist", () => {
  it("queues in order, promotes the first waiter when the owner cancels, and refuses a duplicate wait", async () => {
    const space = await createSpace(app.services);
    const [d1, d2] = space.resources;
    const slot = { start: "2027-03-02T09:00", end: "2027-03-02T10:00" };
    const held = await bookOn(alice, d1!.id, slot.start, slot.end);

    const bobWait = await json<WaitOut>(await wait(bob, { resourceId: d1!.id, ...slot }), 201);
    expect(bobWait).toEqual({ id: expect.any(String), position: 1, status: "waiting" });
    const carolWait = await json<WaitOut>(await wait(carol, { resourceId: d1!.id, ...slot }), 201);
    expect(carolWait).toMatchObject({ position: 2, status: "waiting" });
    await expectProblem(await wait(bob, { resourceId: d1!.id, ...slot }), 409, "already_exists");

    expect((await cancel(alice, held.id)).status).toBe(204);

    const bobs = await myBookings(bob);
    expect(bobs).toHaveLength(1);
    expect(bobs[0]).toMatchObject({ resourceId: d1!.id, start: "2027-03-02T09:00:00+07:00", end: "2027-03-02T10:00:00+07:00", status: "confirmed" });
    const bobNotes = await notificationsOf(bob);
    expect(bobNotes.unread).toBe(1);
    expect(bobNotes.items[0]).toMatchObject({ kind: "waitlist_promoted", data: { bookingId: bobs[0]!.id, resourceId: d1!.id } });
    expect(await waitlistRow(bobWait.id)).toEqual({ status: "promoted", booking_id: bobs[0]!.id });

    // Carol keeps waiting: nothing booked, nothing notified.
    expect(await waitlistRow(carolWait.id)).toEqual({ status: "waiting", booking_id: null });
    expect(await myBookings(carol)).toEqual([]);
    expect((await notificationsOf(carol)).unread).toBe(0);

    // Waiting on a free slot books it at once.
    const instant = await json<WaitOut>(await wait(dave, { resourceId: d2!.id, ...slot }), 201);
    expect(instant.status).toBe("promoted");
    const daves = await myBookings(dave);
    expect(daves).toMatchObject([{ resourceId: d2!.id, start: "2027-03-02T09:00:00+07:00", status: "confirmed" }]);
    expect(await waitlistRow(instant.id)).toEqual({ status: "promoted", booking_id: daves[0]!.id });
  });

  it("a no-show release hands the rest of the slot to the first waiter whose wait has not started", async () => {
    const space = await createSpace(app.services, { rules: { checkInGraceMinutes: 30 } });
    const d1 = space.resources[0]!;
    const absent = await bookOn(alice, d1.id, "2027-03-01T09:00", "2027-03-01T11:00");
    const first = await json<WaitOut>(await wait(bob, { resourceId: d1.id, start: "2027-03-01T09:45", end: "2027-03-01T11:00" }), 201);
    const second = await json<WaitOut>(await wait(carol, { resourceId: d1.id, start: "2027-03-01T10:00", end: "2027-03-01T11:00" }), 201);
    expect([first.position, second.position]).toEqual([1, 2]);

    clock.set(jkt("2027-03-01T09:30"));
    expect(await runNoShowJob()).toBe(1);
    expect((await getBooking(alice, absent.id)).status).toBe("no_show");
    const bobs = await myBookings(bob);
    expect(bobs).toMatchObject([{ resourceId: d1.id, start: "2027-03-01T09:45:00+07:00", end: "2027-03-01T11:00:00+07:00", status: "confirmed" }]);
    expect((await notificationsOf(bob)).items.map((n) => n.kind)).toEqual(["waitlist_promoted"]);
    expect(await waitlistRow(second.id)).toEqual({ status: "waiting", booking_id: null });
    expect(await myBookings(carol)).toEqual([]);
  });

  it("a kind/zone wait is promoted when any desk of that zone frees, not another zone's", async () => {
    const space = await createSpace(app.services, { desks: 4, zones: ["A", "A", "B", "B"] });
    const [a1, a2, b1, b2] = space.resources;
    expect([a1!.zone, a2!.zone, b1!.zone, b2!.zone]).toEqual(["A", "A", "B", "B"]);
    const slot = { start: "2027-03-02T09:00", end: "2027-03-02T12:00" };
    const onA1 = await bookOn(alice, a1!.id, slot.start, slot.end);
    await bookOn(bob, a2!.id, slot.start, slot.end);
    const onB1 = await bookOn(carol, b1!.id, slot.start, slot.end);

    const waiting = await json<WaitOut>(await wait(dave, { spaceId: space.id, kind: "desk", zone: "A", ...slot }), 201);
    expect(waiting).toMatchObject({ position: 1, status: "waiting" });

    // A zone-B desk frees (and B2 was free all along): dave still waits for zone A.
    expect((await cancel(carol, onB1.id)).status).toBe(204);
    expect(await waitlistRow(waiting.id)).toMatchObject({ status: "waiting" });
    expect(await myBookings(dave)).toEqual([]);

    expect((await cancel(alice, onA1.id)).status).toBe(204);
    const daves = await myBookings(dave);
    expect(daves).toMatchObject([{ resourceId: a1!.id, start: "2027-03-02T09:00:00+07:00", end: "2027-03-02T12:00:00+07:00", status: "confirmed" }]);
    expect(await waitlistRow(waiting.id)).toEqual({ status: "promoted", booking_id: daves[0]!.id });
    expect((await notificationsOf(dave)).items).toMatchObject([{ kind: "waitlist_promoted", data: { bookingId: daves[0]!.id } }]);
  });
});

describe("waits and presence that have already begun", () => {
  it("gives a waiter whose wait has already begun the rest of a released no-show's slot, from now", async () => {
    const space = await createSpace(app.services, { rules: { checkInGraceMinutes: 30 } });
    const d1 = space.resources[0]!;
    await bookOn(alice, d1.id, "2027-03-01T09:00", "2027-03-01T11:00");
    const same = await json<WaitOut>(await wait(bob, { resourceId: d1.id, start: "2027-03-01T09:00", end: "2027-03-01T11:00" }), 201);
    expect(same.position).toBe(1);
    clock.set(jkt("2027-03-01T09:30"));
    expect(await runNoShowJob()).toBe(1);
    expect(await myBookings(bob)).toMatchObject([{ start: "2027-03-01T09:30:00+07:00", end: "2027-03-01T11:00:00+07:00", status: "confirmed" }]);
    expect((await waitlistRow(same.id)).status).toBe("promoted");
  });

  it("numbers waiters per zone", async () => {
    const space = await createSpace(app.services, { desks: 2, zones: ["A", "B"] });
    const [a, b] = space.resources;
    await bookOn(alice, a!.id, "2027-03-02T09:00", "2027-03-02T10:00");
    await bookOn(alice, b!.id, "2027-03-02T09:00", "2027-03-02T10:00");
    const slot = { spaceId: space.id, kind: "desk", start: "2027-03-02T09:00", end: "2027-03-02T10:00" };
    expect((await json<WaitOut>(await wait(bob, { ...slot, zone: "A" }), 201)).position).toBe(1);
    expect((await json<WaitOut>(await wait(carol, { ...slot, zone: "B" }), 201)).position).toBe(1);
    expect((await json<WaitOut>(await wait(dave, { ...slot, zone: "A" }), 201)).position).toBe(2);
  });

  it("shows a member who checks in early as here at once", async () => {
    const space = await createSpace(app.services);
    const b = await bookOn(alice, space.resources[0]!.id, "2027-03-01T09:00", "2027-03-01T10:00");
    clock.set(jkt("2027-03-01T08:50"));
    await json(await checkIn(alice, b.id), 200);
    const here = await json<{ items: Array<{ member: { id: string } }> }>(await api(`/api/v1/spaces/${space.id}/presence`, { token: bob.token }), 200);
    expect(here.items.map((i) => i.member.id)).toEqual([alice.id]);
    clock.set(jkt("2027-03-01T10:00"));
    const later = await json<{ items: unknown[] }>(await api(`/api/v1/spaces/${space.id}/presence`, { token: bob.token }), 200);
    expect(later.items).toEqual([]);
  });
});

describe("calendar feed", () => {
  it("serves exactly the upcoming active bookings as parseable iCalendar, rotates, and rejects tampered tokens", async () => {
    const space = await createSpace(app.services);
    const [d1, d2, , room] = space.resources;

    // An old booking, made back then: more than a week past, so not in the feed.
    clock.set("2027-02-15T00:00:00Z");
    const old = await bookOn(alice, d1!.id, "2027-02-16T09:00", "2027-02-16T10:00");
    clock.set(NOW);

    const b1 = await bookOn(alice, d1!.id, "2027-03-02T09:00", "2027-03-02T10:00");
    const b2 = await bookOn(alice, room!.id, "2027-03-03T13:00", "2027-03-03T15:30");
    const gone = await bookOn(alice, d1!.id, "2027-03-04T09:00", "2027-03-04T10:00");
    expect((await cancel(alice, gone.id)).status).toBe(204);
    const others = await bookOn(bob, d2!.id, "2027-03-02T09:00", "2027-03-02T10:00");

    const { url } = await json<{ url: string }>(await api("/api/v1/me/calendar", { token: alice.token }), 200);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/calendar\/[^/]+\.ics$/);

    const events = await fetchCalendar(url); // no credentials: the URL is the secret
    expect(events.map((e) => e.uid)).toEqual([`${b1.id}@jejaring`, `${b2.id}@jejaring`]);
    for (const [event, booking] of [[events[0]!, b1], [events[1]!, b2]] as const) {
      expect(event.start).toBe(ms(booking.start));
      expect(event.end).toBe(ms(booking.end));
      expect(event.location).toContain(booking.spaceName);
      expect(event.status).toBe("CONFIRMED");
    }
    expect(new Date(events[1]!.start).toISOString()).toBe("2027-03-03T06:00:00.000Z");
    for (const absent of [old, gone, others]) expect(events.map((e) => e.uid)).not.toContain(`${absent.id}@jejaring`);

    // Rotation: a new URL works, the old one is dead.
    const rotated = await json<{ url: string }>(await api("/api/v1/me/calendar/rotate", { method: "POST", token: alice.token }), 200);
    expect(rotated.url).not.toBe(url);
    expect((await fetch(url, { headers: { connection: "close" } })).status).toBe(404);
    expect((await fetchCalendar(rotated.url)).map((e) => e.uid)).toEqual([`${b1.id}@jejaring`, `${b2.id}@jejaring`]);
    const current = await json<{ url: string }>(await api("/api/v1/me/calendar", { token: alice.token }), 200);
    expect(current.url).toBe(rotated.url);

    // Tampering with the MAC, the version or the member id → 404.
    const m = /\/calendar\/([0-9a-f-]{36})\.(\d+)\.([A-Za-z0-9_-]{32})\.ics$/.exec(rotated.url);
    expect(m).not.toBeNull();
    const [, memberId, version, mac] = m as unknown as [string, string, string, string];
    expect(memberId).toBe(alice.id);
    const base = rotated.url.slice(0, rotated.url.indexOf("/calendar/") + "/calendar/".length);
    const flipped = mac.slice(0, -1) + (mac.endsWith("A") ? "B" : "A");
    for (const bad of [
      `${base}${memberId}.${version}.${flipped}.ics`,
      `${base}${memberId}.${Number(version) + 1}.${mac}.ics`,
      `${base}${bob.id}.${version}.${mac}.ics`,
      `${base}${memberId}.${version}.ics`,
    ]) {
      const res = await fetch(bad, { headers: { connection: "close" } });
      expect(res.status, bad).toBe(404);
    }

    // One booking as .ics: the owner gets it, anyone else 404.
    const single = await api(`/api/v1/bookings/${b2.id}/ics`, { token: alice.token });
    expect(single.status).toBe(200);
    expect(single.headers.get("content-type")).toMatch(/^text\/calendar/);
    const [only, ...rest] = parseCalendar(await single.text());
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ uid: `${b2.id}@jejaring`, start: ms(b2.start), end: ms(b2.end), status: "CONFIRMED" });
    expect(only!.location).toContain(b2.spaceName);
    await expectProblem(await api(`/api/v1/bookings/${b2.id}/ics`, { token: bob.token }), 404, "not_found");
  });
});

describe("closures", () => {
  it("cancels exactly the bookings inside, notifies both owners, blocks new bookings and is for operators only", async () => {
    const space = await createSpace(app.services);
    const [d1, d2] = space.resources;
    const inside1 = await bookOn(alice, d1!.id, "2027-03-02T09:00", "2027-03-02T10:00");
    const inside2 = await bookOn(bob, d2!.id, "2027-03-02T11:00", "2027-03-02T12:00");
    const outside = await bookOn(carol, d1!.id, "2027-03-02T15:00", "2027-03-02T16:00");
    const closure = { start: "2027-03-02T08:00", end: "2027-03-02T13:00", reason: "Pemadaman listrik" };

    await expectProblem(await api(`/api/v1/spaces/${space.id}/closures`, { token: alice.token, body: closure }), 403, "forbidden");
    expect((await getBooking(alice, inside1.id)).status).toBe("confirmed");

    const res = await json<{ id: string; cancelledBookings: number }>(
      await api(`/api/v1/spaces/${space.id}/closures`, { token: operator.token, body: closure }),
      201,
    );
    expect(res).toEqual({ id: expect.any(String), cancelledBookings: 2 });
    expect((await getBooking(alice, inside1.id)).status).toBe("cancelled");
    expect((await getBooking(bob, inside2.id)).status).toBe("cancelled");
    expect((await getBooking(carol, outside.id)).status).toBe("confirmed");

    for (const [who, id] of [[alice, inside1.id], [bob, inside2.id]] as const) {
      const notes = await notificationsOf(who);
      expect(notes.unread).toBe(1);
      expect(notes.items[0]).toMatchObject({ kind: "booking_cancelled", data: { bookingId: id, reason: "closure", closureId: res.id } });
    }
    expect((await notificationsOf(carol)).unread).toBe(0);

    await expectProblem(
      await api("/api/v1/bookings", { token: dave.token, body: { resourceId: d2!.id, start: "2027-03-02T12:00", end: "2027-03-02T12:30" } }),
      422,
      "space_closed",
    );
    // Right after the closure is fine (half-open ranges).
    await bookOn(dave, d2!.id, "2027-03-02T13:00", "2027-03-02T14:00");
    const closures = await app.db.db.selectFrom("closures").select("id").execute();
    expect(closures.map((c) => c.id)).toEqual([res.id]);
  });
});

describe("presence and desk QR codes", () => {
  it("lists checked-in members who allow it; a scan checks in the current booking or offers a walk-in", async () => {
    const space = await createSpace(app.services, { desks: 4 });
    const [d1, d2, d3, d4] = space.resources;
    const a = await bookOn(alice, d1!.id, "2027-03-01T09:00", "2027-03-01T12:00");
    const b = await bookOn(bob, d2!.id, "2027-03-01T09:00", "2027-03-01T12:00");
    const c = await bookOn(carol, d3!.id, "2027-03-01T09:00", "2027-03-01T12:00");
    await json(await api("/api/v1/me/profile", { method: "PATCH", token: alice.token, body: { headline: "Desainer produk" } }), 200);
    const hidden = await json<{ showPresence: boolean }>(
      await api("/api/v1/me/profile", { method: "PATCH", token: bob.token, body: { showPresence: false } }),
      200,
    );
    expect(hidden.showPresence).toBe(false);

    clock.set(jkt("2027-03-01T09:00"));
    await json(await checkIn(alice, a.id), 200);
    await json(await checkIn(bob, b.id), 200);

    const presence = async () =>
      (await json<{ items: Array<{ member: { id: string; name: string; headline: string }; since: string }> }>(
        await api(`/api/v1/spaces/${space.id}/presence`, { token: dave.token }),
        200,
      )).items;
    expect(await presence()).toEqual([{ member: { id: alice.id, name: "Alice", headline: "Desainer produk" }, since: "2027-03-01T02:00:00.000Z" }]);

    // Carol scans the QR code on her desk: the scan only shows her booking (a GET changes nothing); checking in
    // is her POST, and a second scan then says she is in.
    clock.set(jkt("2027-03-01T09:05"));
    const carolsDesk = await checkinToken(d3!.id);
    const scanned = await app.services.bookings.scan(viewer(carol), carolsDesk);
    expect(scanned.outcome).toBe("check_in");
    expect((await getBooking(carol, c.id)).status).toBe("confirmed");
    const checkedIn = await app.services.bookings.checkInAt(viewer(carol), carolsDesk);
    expect(checkedIn).toMatchObject({ id: c.id, status: "checked_in", checkedInAt: "2027-03-01T09:05:00+07:00" });
    expect((await app.services.bookings.scan(viewer(carol), carolsDesk)).outcome).toBe("checked_in");
    expect((await presence()).map((p) => p.member.id)).toEqual([alice.id, carol.id]);

    // Dave scans a taken desk: busy. Then a free one: free until the max booking length, and a walk-in books it from now.
    expect((await app.services.bookings.scan(viewer(dave), await checkinToken(d1!.id))).outcome).toBe("busy");
    clock.set(jkt("2027-03-01T09:10"));
    const d4Token = await checkinToken(d4!.id);
    const free = await app.services.bookings.scan(viewer(dave), d4Token);
    expect(free).toMatchObject({ outcome: "free", until: "2027-03-01T19:10:00+07:00", timezone: "Asia/Jakarta" });
    const walkIn = await app.services.bookings.walkIn(viewer(dave), d4Token);
    expect(walkIn).toMatchObject({
      resourceId: d4!.id,
      status: "checked_in",
      start: "2027-03-01T09:10:00+07:00",
      end: "2027-03-01T19:10:00+07:00",
      checkedInAt: "2027-03-01T09:10:00+07:00",
    });
    expect((await myBookings(dave)).map((x) => x.id)).toEqual([walkIn.id]);
    expect((await presence()).map((p) => p.member.id)).toEqual([alice.id, carol.id, dave.id]);
    expect((await app.services.bookings.scan(viewer(bob), d4Token)).outcome).toBe("busy");
  });
});

describe("live events over real sockets", () => {
  it("tells watchers about bookings, cancellations, check-ins and presence, and owners about operator cancellations", async () => {
    const space = await createSpace(app.services);
    const elsewhere = await createSpace(app.services);
    const [d1, d2] = space.resources;

    const watcher = await connect(alice);
    await watchSpace(watcher.socket, space.id);
    const bystander = await connect(carol); // watches only the other space
    await watchSpace(bystander.socket, elsewhere.id);
    const owner = await connect(bob); // watches nothing: gets only his own notifications

    // Booking.
    const booked = await bookOn(bob, d1!.id, "2027-03-01T09:00", "2027-03-01T10:00");
    expect(await watcher.inbox.next("availability:changed")).toEqual({
      spaceId: space.id,
      resourceId: d1!.id,
      start: utc(booked.start),
      end: utc(booked.end),
    });
    expect(utc(booked.start)).toBe("2027-03-01T02:00:00.000Z");

    // Cancelling.
    const brief = await bookOn(bob, d2!.id, "2027-03-01T10:00", "2027-03-01T11:00");
    expect(await watcher.inbox.next("availability:changed")).toMatchObject({ resourceId: d2!.id, start: utc(brief.start) });
    expect((await cancel(bob, brief.id)).status).toBe(204);
    expect(await watcher.inbox.next("availability:changed")).toEqual({
      spaceId: space.id,
      resourceId: d2!.id,
      start: utc(brief.start),
      end: utc(brief.end),
    });

    // Checking in: availability and who is here.
    clock.set(jkt("2027-03-01T09:00"));
    await json(await checkIn(bob, booked.id), 200);
    expect(await watcher.inbox.next("availability:changed")).toEqual({
      spaceId: space.id,
      resourceId: d1!.id,
      start: utc(booked.start),
      end: utc(booked.end),
    });
    expect(await watcher.inbox.next("presence:space")).toEqual({ spaceId: space.id, here: [{ id: bob.id, name: "Bob" }] });

    // An operator cancels bob's booking: bob's socket gets the notification, watchers see the desk and presence change.
    expect((await cancel(operator, booked.id)).status).toBe(204);
    const { notification } = await owner.inbox.next<{ notification: Notification }>("notification");
    expect(notification).toMatchObject({ kind: "booking_cancelled", readAt: null });
    expect(notification.data).toMatchObject({ bookingId: booked.id, spaceId: space.id, resourceId: d1!.id, start: utc(booked.start), end: utc(booked.end), reason: "operator", count: 1 });
    expect(await watcher.inbox.next("availability:changed")).toMatchObject({ resourceId: d1!.id });
    expect(await watcher.inbox.next("presence:space")).toEqual({ spaceId: space.id, here: [] });

    // The bystander never heard of this space: a later event of the space it watches is the first it gets.
    const there = await bookOn(dave, elsewhere.resources[0]!.id, "2027-03-01T12:00", "2027-03-01T13:00");
    expect(await bystander.inbox.next("availability:changed")).toEqual({
      spaceId: elsewhere.id,
      resourceId: elsewhere.resources[0]!.id,
      start: utc(there.start),
      end: utc(there.end),
    });
    expect(bystander.inbox.seen).toEqual([
      { event: "availability:changed", payload: { spaceId: elsewhere.id, resourceId: elsewhere.resources[0]!.id, start: utc(there.start), end: utc(there.end) } },
    ]);
    // And alice's socket (not the owner) got no notification for bob; bob's got no availability events.
    expect(watcher.inbox.all("notification")).toEqual([]);
    expect(owner.inbox.all("availability:changed")).toEqual([]);
    expect(owner.inbox.all("notification")).toHaveLength(1);
  });
});

type DayView = {
  resources: Array<{ id: string; kind: string; busy: Array<{ start: string; end: string; status: string; mine: boolean; bookingId?: string }> }>;
};

describe("availability at scale", () => {
  async function bookDirect(who: TestMember, resourceId: string, start: string, end: string) {
    return app.services.bookings.create(viewer(who), { resourceId, start, end });
  }

  const bookingReads = (queries: string[]) => queries.filter((q) => /from "bookings"/i.test(q));
  const resourceReads = (queries: string[]) => queries.filter((q) => /from "resources"/i.test(q));

  it("returns 200 desks with their busy intervals in a fixed number of queries, marking only my own as mine", async () => {
    const big: TestSpace = await createSpace(app.services, { desks: 200 });
    const desks = big.resources.filter((r) => r.kind === "desk");
    expect(desks).toHaveLength(200);
    const bookingIds = new Map<string, { owner: string; ids: string[] }>();
    for (const [i, r] of big.resources.entries()) {
      const owner = i % 2 === 0 ? alice : bob;
      const ids = [(await bookDirect(owner, r.id, "2027-03-02T09:00", "2027-03-02T10:00")) as Booking].map((b) => b.id);
      if (i % 10 === 0) ids.push(((await bookDirect(alice, r.id, "2027-03-02T14:00", "2027-03-02T15:00")) as Booking).id);
      bookingIds.set(r.id, { owner: owner.id, ids });
    }
    // A booking on another day and a cancelled one stay out of the day view.
    await bookDirect(alice, desks[1]!.id, "2027-03-03T09:00", "2027-03-03T10:00");
    const cancelled = (await bookDirect(alice, desks[3]!.id, "2027-03-02T16:00", "2027-03-02T17:00")) as Booking;
    expect((await cancel(alice, cancelled.id)).status).toBe(204);

    const res = await api(`/api/v1/spaces/${big.id}/availability?date=2027-03-02`, { token: alice.token });
    const day = await json<DayView>(res, 200);
    expect(day.resources).toHaveLength(201);
    expect(day.resources.filter((r) => r.kind === "desk")).toHaveLength(200);
    expect(new Set(day.resources.map((r) => r.id))).toEqual(new Set(big.resources.map((r) => r.id)));
    let total = 0;
    for (const [i, r] of big.resources.entries()) {
      const got = day.resources.find((x) => x.id === r.id)!;
      const expected = bookingIds.get(r.id)!;
      expect(got.busy, r.name).toHaveLength(i % 10 === 0 ? 2 : 1);
      total += got.busy.length;
      expect(got.busy[0]).toMatchObject({ start: "2027-03-02T09:00:00+07:00", end: "2027-03-02T10:00:00+07:00", status: "confirmed" });
      for (const [k, slot] of got.busy.entries()) {
        const mine = k === 1 || expected.owner === alice.id;
        expect(slot.mine, `${r.name} #${k}`).toBe(mine);
        if (mine) expect(slot.bookingId).toBe(expected.ids[k]);
        else expect(slot).not.toHaveProperty("bookingId");
      }
    }
    expect(total).toBe(201 + 21);

    // The same view costs the same queries for a space of one desk as for 200: one read of bookings, one of resources.
    const small = await createSpace(app.services, { desks: 1 });
    await bookDirect(bob, small.resources[0]!.id, "2027-03-02T09:00", "2027-03-02T10:00");
    const dayView = async (spaceId: string, who: TestMember) =>
      json<DayView>(await api(`/api/v1/spaces/${spaceId}/availability?date=2027-03-02`, { token: who.token }), 200);
    await dayView(small.id, alice); // warm-up: the same session resolution for both measured requests
    const one = await queryLog.during(() => dayView(small.id, alice));
    const many = await queryLog.during(() => dayView(big.id, alice));
    expect(one.result.resources).toHaveLength(2);
    expect(many.result.resources).toHaveLength(201);
    expect(bookingReads(one.queries)).toHaveLength(1);
    expect(bookingReads(many.queries)).toHaveLength(1);
    expect(resourceReads(many.queries)).toHaveLength(1);
    expect(many.queries.length).toBe(one.queries.length);

    // Bob sees the same intervals; only his own are marked mine, with their ids.
    const asBob = await dayView(big.id, bob);
    const bobsMine = asBob.resources.flatMap((r) => r.busy.filter((s) => s.mine).map((s) => ({ resourceId: r.id, bookingId: s.bookingId })));
    expect(bobsMine).toHaveLength(100);
    for (const { resourceId, bookingId } of bobsMine) {
      expect(bookingIds.get(resourceId)).toEqual({ owner: bob.id, ids: [bookingId] });
    }
    expect(asBob.resources.flatMap((r) => r.busy.filter((s) => !s.mine)).every((s) => s.bookingId === undefined)).toBe(true);
  });
});
