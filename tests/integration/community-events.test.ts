import { describe, expect, it } from "vitest";
import { json } from "../support/app.js";
import { bookingApi, clock, jkt, operator, useBookingApp, utc, alice, bob } from "../support/bookings.js";
import { onPglite } from "../support/db.js";
import { assignOperator, createMember, createSpace, type TestMember } from "../support/factories.js";

// Issue 16 item 3: community events. Real HTTP, real database. The RSVP storm runs on PostgreSQL only (PGlite runs
// one transaction at a time, so a race there proves nothing). "Now" is Monday 2027-03-01 07:00 in Jakarta.
const app = useBookingApp({ env: { WEBHOOK_ALLOW_PRIVATE: "true" } });
const { api } = bookingApi(app);

type Problem = { code: string; reason?: string; errors?: { path: string; code?: string }[] };
type Rsvp = { status: "going" | "waitlisted"; position?: number; checkedIn?: boolean };
type Event = { id: string; spaceId: string; title: string; start: string; end: string; capacity: number; visibility: string; bookingId: string | null; seriesId: string | null; going: number; waitlisted: number; attended: number; mine: Rsvp | null };

const member = () => createMember(app.db.db, app.services);
async function spaceRunBy(op: TestMember) {
  const space = await createSpace(app.services, { operator: { id: op.id, role: op.role } });
  return { ...space, room: space.resources.find((r) => r.kind === "room")! };
}
const base = (spaceId: string, extra: Record<string, unknown> = {}) => ({
  spaceId,
  title: "Malam Kurasi Produk",
  description: "Bring three products.",
  start: "2027-03-02T18:00",
  end: "2027-03-02T20:00",
  capacity: 10,
  visibility: "members",
  ...extra,
});
const create = (who: TestMember, body: Record<string, unknown>) => api("/api/v1/events", { token: who.token, body });
const rsvp = (who: TestMember, id: string) => api(`/api/v1/events/${id}/rsvp`, { method: "POST", token: who.token });
const unrsvp = (who: TestMember, id: string) => api(`/api/v1/events/${id}/rsvp`, { method: "DELETE", token: who.token });
const checkIn = (who: TestMember, id: string, body: Record<string, unknown> = {}) => api(`/api/v1/events/${id}/check-in`, { token: who.token, body });
const rows = (eventId: string) =>
  app.db.db.selectFrom("event_rsvps").select(["member_id", "status", "position"]).where("event_id", "=", eventId).orderBy("position").execute();

describe("creating events", () => {
  it("an operator of the space creates one in the space's zone; a room is booked for it in the same transaction", async () => {
    const space = await spaceRunBy(operator);
    const e = await json<Event>(await create(operator, base(space.id, { resourceId: space.room.id })), 201);
    expect([e.start, e.end, e.going, e.waitlisted, e.mine]).toEqual([utc(jkt("2027-03-02T18:00")), utc(jkt("2027-03-02T20:00")), 0, 0, null]);
    const booking = await app.db.db.selectFrom("bookings").select(["resource_id", "member_id", "status"]).where("id", "=", e.bookingId!).executeTakeFirstOrThrow();
    expect(booking).toEqual({ resource_id: space.room.id, member_id: operator.id, status: "confirmed" });
  });

  it("a taken room is 409 booking_conflict and nothing is created", async () => {
    const space = await spaceRunBy(operator);
    await json(await api("/api/v1/bookings", { token: alice.token, body: { resourceId: space.room.id, start: jkt("2027-03-02T19:00"), end: jkt("2027-03-02T21:00") } }), 201);
    const p = await json<Problem>(await create(operator, base(space.id, { resourceId: space.room.id })), 409);
    expect(p.code).toBe("booking_conflict");
    expect(await app.db.db.selectFrom("events").select("id").execute()).toEqual([]);
    expect((await app.db.db.selectFrom("bookings").select("id").execute()).length).toBe(1);
  });

  it("a weekly series is all occurrences or none", async () => {
    const space = await spaceRunBy(operator);
    const series = await json<{ seriesId: string; items: Event[] }>(await create(operator, base(space.id, { resourceId: space.room.id, recurrence: { freq: "weekly", count: 4 } })), 201);
    expect(series.items.map((e) => e.start)).toEqual(["02", "09", "16", "23"].map((d) => utc(jkt(`2027-03-${d}T18:00`))));
    expect(new Set(series.items.map((e) => e.seriesId))).toEqual(new Set([series.seriesId]));
    // The room is taken in the third week of a second series: nothing of it is created.
    await json(await api("/api/v1/bookings", { token: alice.token, body: { resourceId: space.room.id, start: jkt("2027-03-17T08:00"), end: jkt("2027-03-17T09:00") } }), 201);
    const before = (await app.db.db.selectFrom("bookings").select("id").execute()).length;
    expect((await json<Problem>(await create(operator, base(space.id, { start: "2027-03-03T08:00", end: "2027-03-03T09:00", resourceId: space.room.id, recurrence: { freq: "weekly", count: 3 } })), 409)).code).toBe("booking_conflict");
    expect((await app.db.db.selectFrom("events").select("id").execute()).length).toBe(4);
    expect((await app.db.db.selectFrom("bookings").select("id").execute()).length).toBe(before);
  });

  it("members, and operators of other spaces, cannot create; bad input is 4xx and changes nothing", async () => {
    const space = await spaceRunBy(operator);
    const other = await createMember(app.db.db, app.services, { role: "operator" });
    expect((await json<Problem>(await create(alice, base(space.id)), 403)).code).toBe("forbidden");
    expect((await json<Problem>(await create(other, base(space.id)), 404)).code).toBe("not_found");
    for (const bad of [{ capacity: 0 }, { title: "" }, { end: "2027-03-02T17:00" }, { visibility: "secret" }, { recurrence: { freq: "weekly", count: 53 } }, { start: "soon" }, { extra: 1 }]) {
      const res = await create(operator, base(space.id, bad));
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await json<Problem>(await create(operator, base(space.id, { start: "2027-02-28T18:00", end: "2027-02-28T19:00" })), 422)).code).toBe("in_the_past");
    // A room of another space is not this space's.
    const elsewhere = await spaceRunBy(other);
    expect((await create(operator, base(space.id, { resourceId: elsewhere.room.id }))).status).toBe(404);
    expect(await app.db.db.selectFrom("events").select("id").execute()).toEqual([]);
  });
});

describe("seeing events", () => {
  it("members see every event; without a session only public ones, members' events are 404", async () => {
    const space = await spaceRunBy(operator);
    const closed = await json<Event>(await create(operator, base(space.id)), 201);
    const open = await json<Event>(await create(operator, base(space.id, { visibility: "public", start: "2027-03-03T18:00", end: "2027-03-03T19:00" })), 201);
    const list = await json<{ items: Event[]; nextCursor: string | null }>(await api(`/api/v1/events?spaceId=${space.id}`, { token: alice.token }), 200);
    expect(list.items.map((e) => e.id)).toEqual([closed.id, open.id]);
    const anon = await json<{ items: Event[] }>(await api(`/api/v1/events?spaceId=${space.id}`), 200);
    expect(anon.items.map((e) => e.id)).toEqual([open.id]);
    expect((await api(`/api/v1/events/${open.id}`)).status).toBe(200);
    expect((await json<Problem>(await api(`/api/v1/events/${closed.id}`), 404)).code).toBe("not_found");
    expect((await api(`/api/v1/events/${closed.id}/attendees`, { token: alice.token })).status).toBe(403);
    expect((await rsvp({ ...alice, token: "nope" }, open.id)).status).toBe(401);
  });

  it("pages with a keyset cursor, in start order, within from and to", async () => {
    const space = await spaceRunBy(operator);
    await json(await create(operator, base(space.id, { recurrence: { freq: "weekly", count: 5 } })), 201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Event[]; nextCursor: string | null } = await json(await api(`/api/v1/events?spaceId=${space.id}&limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token: bob.token }), 200);
      seen.push(...page.items.map((e) => e.start));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["02", "09", "16", "23", "30"].map((d) => utc(jkt(`2027-03-${d}T18:00`))));
    const ranged = await json<{ items: Event[] }>(await api(`/api/v1/events?from=${encodeURIComponent(jkt("2027-03-08T00:00"))}&to=${encodeURIComponent(jkt("2027-03-20T00:00"))}`, { token: bob.token }), 200);
    expect(ranged.items.length).toBe(2);
    expect((await json<Problem>(await api("/api/v1/events?cursor=garbage", { token: bob.token }), 400)).reason).toBe("invalid_cursor");
  });
});

describe("RSVPs", () => {
  it("going while seats are free, then waitlisted in order; asking again answers the same; a cancel promotes position 1 and tells them", async () => {
    const space = await spaceRunBy(operator);
    const e = await json<Event>(await create(operator, base(space.id, { capacity: 2 })), 201);
    const [m1, m2, m3, m4] = [await member(), await member(), await member(), await member()];
    // Mail of a preference kind goes only to a confirmed address.
    await app.db.db.updateTable("members").set({ email_verified_at: new Date() }).where("id", "=", m3.id).execute();
    expect(await json<Rsvp>(await rsvp(m1, e.id), 201)).toEqual({ status: "going", checkedIn: false });
    expect((await json<Rsvp>(await rsvp(m2, e.id), 201)).status).toBe("going");
    expect(await json<Rsvp>(await rsvp(m3, e.id), 201)).toEqual({ status: "waitlisted", position: 1 });
    expect(await json<Rsvp>(await rsvp(m4, e.id), 201)).toEqual({ status: "waitlisted", position: 2 });
    expect(await json<Rsvp>(await rsvp(m3, e.id), 201)).toEqual({ status: "waitlisted", position: 1 });

    expect((await unrsvp(m1, e.id)).status).toBe(204);
    expect((await unrsvp(m1, e.id)).status).toBe(204);
    const after = await json<Event>(await api(`/api/v1/events/${e.id}`, { token: m3.token }), 200);
    expect([after.going, after.waitlisted, after.mine?.status]).toEqual([2, 1, "going"]);
    expect(await json<Rsvp>(await rsvp(m4, e.id), 201)).toEqual({ status: "waitlisted", position: 1 });
    const told = await app.db.db.selectFrom("notifications").select(["member_id", "kind"]).where("kind", "=", "event_promoted").execute();
    expect(told).toEqual([{ member_id: m3.id, kind: "event_promoted" }]);
    const mail = await app.db.db.selectFrom("outbox").select(["member_id", "channel"]).where("kind", "=", "event_promoted").execute();
    expect(mail).toEqual([{ member_id: m3.id, channel: "email" }]);

    // A waitlisted member leaving closes the gap; coming back joins at the end.
    const m5 = await member();
    await json(await rsvp(m5, e.id), 201);
    await unrsvp(m4, e.id);
    expect((await rows(e.id)).filter((r) => r.status === "waitlisted").map((r) => [r.member_id, r.position])).toEqual([[m5.id, 1]]);
    expect(await json<Rsvp>(await rsvp(m4, e.id), 201)).toEqual({ status: "waitlisted", position: 2 });
  });

  it("every RSVP change is an event.rsvp webhook, written with the change", async () => {
    const admin = await createMember(app.db.db, app.services, { role: "admin" });
    await json(await api("/api/v1/webhooks", { token: admin.token, body: { url: "http://127.0.0.1:9/hook", events: ["event.rsvp"] } }), 201);
    const space = await spaceRunBy(operator);
    const e = await json<Event>(await create(operator, base(space.id, { capacity: 1 })), 201);
    await rsvp(alice, e.id);
    await rsvp(bob, e.id);
    await unrsvp(alice, e.id);
    const hooks = await app.db.db.selectFrom("outbox").select(["payload"]).where("channel", "=", "webhook").where("kind", "=", "event.rsvp").orderBy("created_at").orderBy("id").execute();
    const facts = hooks.map((h) => (h.payload as { data: { memberId: string; status: string } }).data).map((d) => `${d.memberId === alice.id ? "alice" : "bob"}:${d.status}`);
    expect(facts.sort()).toEqual(["alice:cancelled", "alice:going", "bob:going", "bob:waitlisted"]);
  });

  it.skipIf(onPglite)("25 members racing for 10 seats: exactly 10 going, 15 waitlisted at positions 1…15", async () => {
    const space = await spaceRunBy(operator);
    const e = await json<Event>(await create(operator, base(space.id, { capacity: 10 })), 201);
    const racers = await Promise.all(Array.from({ length: 25 }, () => member()));
    const answers = await Promise.all(racers.map(async (m) => json<Rsvp>(await rsvp(m, e.id), 201)));
    expect(answers.filter((a) => a.status === "going").length).toBe(10);
    const stored = await rows(e.id);
    expect(stored.filter((r) => r.status === "going").length).toBe(10);
    expect(stored.filter((r) => r.status === "waitlisted").map((r) => r.position)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(answers.filter((a) => a.status === "waitlisted").map((a) => a.position).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));

    // A going member cancels: position 1 goes and is told, the rest move up.
    const first = stored.find((r) => r.position === 1)!.member_id;
    const leaver = racers.find((m) => stored.find((r) => r.member_id === m.id)!.status === "going")!;
    expect((await unrsvp(leaver, e.id)).status).toBe(204);
    const now = await rows(e.id);
    expect(now.find((r) => r.member_id === first)!.status).toBe("going");
    expect(now.filter((r) => r.status === "going").length).toBe(10);
    expect(now.filter((r) => r.status === "waitlisted").map((r) => r.position)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(await app.db.db.selectFrom("notifications").select("member_id").where("kind", "=", "event_promoted").execute()).toEqual([{ member_id: first }]);
  });
});

describe("check-in", () => {
  it("a member who is going checks in from 30 minutes before the start to the end; an operator checks anyone going in; attendance counts", async () => {
    const space = await spaceRunBy(operator);
    const e = await json<Event>(await create(operator, base(space.id, { capacity: 1 })), 201);
    await rsvp(alice, e.id);
    await rsvp(bob, e.id);
    expect((await json<Problem>(await checkIn(alice, e.id), 422)).reason).toBe("check_in_not_open");
    clock.set(jkt("2027-03-02T17:30"));
    expect(await json<Rsvp>(await checkIn(alice, e.id), 200)).toEqual({ status: "going", checkedIn: true });
    expect((await json<Problem>(await checkIn(bob, e.id), 422)).reason).toBe("not_going");
    expect((await json<Problem>(await checkIn(bob, e.id, { memberId: alice.id }), 403)).reason).toBe("operators_only");
    expect((await json<Event>(await api(`/api/v1/events/${e.id}`, { token: bob.token }), 200)).attended).toBe(1);
    clock.set(jkt("2027-03-02T20:00"));
    expect((await json<Problem>(await checkIn(alice, e.id), 422)).reason).toBe("check_in_closed");
    expect((await json<Problem>(await rsvp(bob, e.id), 422)).reason).toBe("event_over");

    // The operator checks a going member in (also after the end), never someone who is not going.
    const e2 = await json<Event>(await create(operator, base(space.id, { start: "2027-03-05T18:00", end: "2027-03-05T19:00" })), 201);
    await rsvp(bob, e2.id);
    expect((await json<Problem>(await checkIn(operator, e2.id, { memberId: alice.id }), 422)).reason).toBe("not_going");
    await json(await checkIn(operator, e2.id, { memberId: bob.id }), 200);
    const list = await json<{ items: { memberId: string; checkedInAt: string | null }[] }>(await api(`/api/v1/events/${e2.id}/attendees`, { token: operator.token }), 200);
    expect(list.items.map((a) => [a.memberId, a.checkedInAt !== null])).toEqual([[bob.id, true]]);
    const stranger = await createMember(app.db.db, app.services, { role: "operator" });
    expect((await api(`/api/v1/events/${e2.id}/attendees`, { token: stranger.token })).status).toBe(404);
    await assignOperator(app.db.db, space.id, stranger.id);
    expect((await api(`/api/v1/events/${e2.id}/attendees`, { token: stranger.token })).status).toBe(200);
  });
});
