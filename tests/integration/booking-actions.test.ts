// Issue 13, "the member's day, on a phone": a booking by start and duration, what a move may choose, ending a
// booking early (check-out: the rest of the slot is freed for others and the waitlist), and favourite desks (stored
// once per member and resource, marked in the day view, offered on the home, gone with the account).
import { afterEach, describe, expect, it } from "vitest";
import { onPglite } from "../support/db.js";
import { expectProblem, json } from "../support/app.js";
import { alice, bob, bookingApi, carol, clock, jkt, operator, useBookingApp, utc, type Booking } from "../support/bookings.js";
import { createMember, createSpace } from "../support/factories.js";
import { connectMember, disconnectAll, watchSpace } from "../support/sockets.js";

const app = useBookingApp();
const { api, book, bookOn, getBooking, checkIn, myBookings, wait, waitlistRow, runNoShowJob } = bookingApi(app);

afterEach(disconnectAll);

type Out = Booking & { checkedOutAt: string | null; end: string };
type Problem = { code: string; reason?: string; errors?: Array<{ path: string }> };
const checkOut = (who: { token: string }, id: string) => api(`/api/v1/bookings/${id}/check-out`, { method: "POST", token: who.token });
const star = (who: { token: string }, id: string) => api(`/api/v1/resources/${id}/favourite`, { method: "PUT", token: who.token });
const unstar = (who: { token: string }, id: string) => api(`/api/v1/resources/${id}/favourite`, { method: "DELETE", token: who.token });
type Day = { durations: number[]; resources: Array<{ id: string; favourite: boolean }> };
const dayOf = async (who: { token: string }, spaceId: string, date = "2027-03-01") =>
  json<Day>(await api(`/api/v1/spaces/${spaceId}/availability?date=${date}`, { token: who.token }), 200);

describe("check-out: ending a booking early", () => {
  it("cuts a checked-in booking at the next grid time, frees the rest for another member, tells watchers and shows it ended", async () => {
    const space = await createSpace(app.services, { operator });
    const [d1] = space.resources;
    const mine = await bookOn(alice, d1!.id, "2027-03-01T09:00", "2027-03-01T12:00");
    clock.set(jkt("2027-03-01T09:00"));
    await json(await checkIn(alice, mine.id), 200);
    // Before the check-out the rest of the slot is taken.
    clock.set(jkt("2027-03-01T10:07"));
    await expectProblem(await api("/api/v1/bookings", { token: bob.token, body: { resourceId: d1!.id, start: jkt("2027-03-01T10:15"), end: jkt("2027-03-01T12:00") } }), 409, "booking_conflict");

    const watcher = await connectMember(app.url, carol.token);
    await watchSpace(watcher.socket, space.id);
    const ended = await json<Out>(await checkOut(alice, mine.id), 200);
    expect(ended).toMatchObject({ id: mine.id, status: "checked_in", end: "2027-03-01T10:15:00+07:00", checkedOutAt: "2027-03-01T10:07:00+07:00" });
    // Announced as a cancel of the freed part, and who is here changes.
    expect(await watcher.inbox.next("availability:changed")).toEqual({ spaceId: space.id, resourceId: d1!.id, start: utc(jkt("2027-03-01T10:15")), end: utc(jkt("2027-03-01T12:00")) });
    expect(await watcher.inbox.next("presence:space")).toEqual({ spaceId: space.id, here: [] });

    // Another member books the rest of the slot; the cell that was cut stays Alice's.
    await book(bob, { resourceId: d1!.id, start: jkt("2027-03-01T10:15"), end: jkt("2027-03-01T12:00") });
    await expectProblem(await api("/api/v1/bookings", { token: carol.token, body: { resourceId: d1!.id, start: jkt("2027-03-01T10:07"), end: jkt("2027-03-01T10:15") } }), 409, "booking_conflict");

    // Alice sees it ended: among the past ones (not upcoming), and nobody is shown here.
    const home = await app.services.bookings.myBookings({ id: alice.id, role: "member" });
    expect(home.upcoming.map((b) => b.id)).not.toContain(mine.id);
    expect(home.past.find((b) => b.id === mine.id)).toMatchObject({ checkedOutAt: "2027-03-01T10:07:00+07:00" });
    expect((await app.services.bookings.presence(space.id)).items).toEqual([]);
    // The operator's live view no longer counts her in (Bob's booking starts within the hour: an arrival).
    const now = await json<{ occupancy: number; checkedIn: unknown[]; arrivals: Array<{ member: { id: string } }> }>(await api(`/api/v1/spaces/${space.id}/now`, { token: operator.token }), 200);
    expect(now).toMatchObject({ occupancy: 0, checkedIn: [] });
    expect(now.arrivals.map((a) => a.member.id)).toEqual([bob.id]);
    // Checking out again answers the booking as it is.
    clock.advance(60_000);
    expect(await json<Out>(await checkOut(alice, mine.id), 200)).toMatchObject({ end: "2027-03-01T10:15:00+07:00", checkedOutAt: "2027-03-01T10:07:00+07:00" });
  });

  it("before the start is refused with a reason; someone else's booking is not found; an operator may; a cancelled one is inactive", async () => {
    const space = await createSpace(app.services, { operator });
    const [d1, d2, d3] = space.resources;
    const b = await bookOn(alice, d1!.id, "2027-03-01T09:00", "2027-03-01T11:00");
    const gone = await bookOn(alice, d2!.id, "2027-03-01T09:00", "2027-03-01T11:00");
    const unchecked = await bookOn(alice, d3!.id, "2027-03-01T09:00", "2027-03-01T11:00");
    clock.set(jkt("2027-03-01T08:50"));
    await json(await checkIn(alice, b.id), 200);
    // Checked in early but not begun: nothing was used yet (cancel instead).
    const early = await json<Problem>(await checkOut(alice, b.id), 422);
    expect(early).toMatchObject({ code: "rule_violation", reason: "check_out_not_started" });
    expect((await getBooking(alice, b.id)).end).toBe("2027-03-01T11:00:00+07:00");

    clock.set(jkt("2027-03-01T09:30"));
    await expectProblem(await checkOut(bob, b.id), 404, "not_found");
    await expectProblem(await checkOut(bob, "00000000-0000-4000-8000-000000000000"), 404, "not_found");
    await expectProblem(await checkOut(bob, "nope"), 400, "validation_failed");
    expect((await getBooking(alice, b.id)).end).toBe("2027-03-01T11:00:00+07:00");
    // An operator of another space does not reach it.
    const elsewhere = await createMember(app.db.db, app.services, { name: "Otto", role: "operator" });
    await createSpace(app.services, { operator: elsewhere });
    await expectProblem(await checkOut(elsewhere, b.id), 404, "not_found");
    expect((await getBooking(alice, b.id)).end).toBe("2027-03-01T11:00:00+07:00");
    // On the grid already: cut right there (by the space's own operator).
    expect(await json<Out>(await checkOut(operator, b.id), 200)).toMatchObject({ end: "2027-03-01T09:30:00+07:00" });

    await app.services.bookings.cancel({ id: alice.id, role: "member" }, gone.id);
    expect(await json<Problem>(await checkOut(alice, gone.id), 422)).toMatchObject({ code: "rule_violation", reason: "booking_inactive" });

    // A begun booking not checked in may end too, and the no-show job then leaves it alone.
    expect(await json<Out>(await checkOut(alice, unchecked.id), 200)).toMatchObject({ status: "confirmed", end: "2027-03-01T09:30:00+07:00" });
    clock.set(jkt("2027-03-01T09:45"));
    expect(await runNoShowJob()).toBe(0);
    expect((await getBooking(alice, unchecked.id)).status).toBe("confirmed");
  });

  it("hands the freed rest of the slot to the first member waiting for it", async () => {
    const space = await createSpace(app.services);
    const [d1] = space.resources;
    const b = await bookOn(alice, d1!.id, "2027-03-01T09:00", "2027-03-01T12:00");
    const waiting = await json<{ id: string; status: string }>(await wait(bob, { resourceId: d1!.id, start: jkt("2027-03-01T10:30"), end: jkt("2027-03-01T12:00") }), 201);
    expect(waiting.status).toBe("waiting");
    clock.set(jkt("2027-03-01T10:20"));
    await json(await checkOut(alice, b.id), 200);
    expect((await waitlistRow(waiting.id)).status).toBe("promoted");
    expect((await myBookings(bob)).find((x) => x.resourceId === d1!.id)).toMatchObject({ start: "2027-03-01T10:30:00+07:00", status: "confirmed" });
  });

  // Concurrency needs two transactions at once: PGlite runs one at a time, so nothing could race there.
  it.skipIf(onPglite)("check-outs of one booking and members racing for the freed slot at once: one cut, exactly one new booking (PostgreSQL)", async () => {
    const space = await createSpace(app.services, { operator });
    const [d1] = space.resources;
    const b = await bookOn(alice, d1!.id, "2027-03-01T09:00", "2027-03-01T12:00");
    clock.set(jkt("2027-03-01T10:00"));
    const racers = await Promise.all(Array.from({ length: 6 }, () => createMember(app.db.db, app.services)));
    const outs = await Promise.all([checkOut(alice, b.id), checkOut(alice, b.id), checkOut(operator, b.id)]);
    expect(outs.map((r) => r.status)).toEqual([200, 200, 200]);
    const bodies = await Promise.all(outs.map((r) => r.json() as Promise<Out>));
    expect(new Set(bodies.map((x) => x.end))).toEqual(new Set(["2027-03-01T10:00:00+07:00"]));
    const answers = await Promise.all(
      racers.map((m) => api("/api/v1/bookings", { token: m.token, body: { resourceId: d1!.id, start: jkt("2027-03-01T10:00"), end: jkt("2027-03-01T11:00") } })),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const active = await app.db.db.selectFrom("bookings").select("id").where("resource_id", "=", d1!.id).where("status", "in", ["confirmed", "checked_in"]).execute();
    expect(active).toHaveLength(2);
  });
});

describe("booking by start and duration", () => {
  it("books start + durationMinutes, asks for exactly one of end and durationMinutes, and keeps the rules", async () => {
    const space = await createSpace(app.services, { rules: { maxBookingMinutes: 150 } });
    const room = space.resources.find((r) => r.kind === "room")!;
    const made = await book(alice, { resourceId: room.id, start: "2027-03-01T09:30", durationMinutes: 90 });
    expect(made).toMatchObject({ start: "2027-03-01T09:30:00+07:00", end: "2027-03-01T11:00:00+07:00" });
    // Both, or neither: 400 on the end field, nothing booked.
    for (const body of [
      { resourceId: room.id, start: "2027-03-01T12:00", end: "2027-03-01T13:00", durationMinutes: 60 },
      { resourceId: room.id, start: "2027-03-01T12:00" },
    ]) {
      const problem = await json<Problem>(await api("/api/v1/bookings", { token: alice.token, body }), 400);
      expect(problem.code).toBe("validation_failed");
      expect(problem.errors?.map((e) => e.path)).toContain("end");
    }
    expect(await json<Problem>(await api("/api/v1/bookings", { token: alice.token, body: { resourceId: room.id, start: "2027-03-01T12:00", durationMinutes: 180 } }), 422)).toMatchObject({
      code: "rule_violation",
      reason: "max_booking_minutes",
    });
    expect(await json<Problem>(await api("/api/v1/bookings", { token: bob.token, body: { resourceId: room.id, start: "2027-03-01T10:30", durationMinutes: 60 } }), 409)).toMatchObject({
      code: "booking_conflict",
    });
    expect((await myBookings(alice)).filter((b) => b.resourceId === room.id)).toHaveLength(1);
  });

  it("the day view offers 30-minute steps up to the longest booking, and none on a closed day", async () => {
    const short = await createSpace(app.services, { rules: { maxBookingMinutes: 150 } });
    expect((await dayOf(alice, short.id)).durations).toEqual([30, 60, 90, 120, 150]);
    const odd = await createSpace(app.services, { rules: { maxBookingMinutes: 75 } });
    expect((await dayOf(alice, odd.id)).durations).toEqual([30, 60, 75]);
    // Open 09:00–11:00 only (Mondays): never longer than the day.
    const brief = await createSpace(app.services, { hours: [{ weekday: 1, opens: "09:00", closes: "11:00" }] });
    expect((await dayOf(alice, brief.id)).durations).toEqual([30, 60, 90, 120]);
    expect((await dayOf(alice, brief.id, "2027-03-02")).durations).toEqual([]);
  });
});

describe("what a move may choose", () => {
  it("lists the resources of the booking's kind free at the asked time (the booking itself does not count), owner and staff only", async () => {
    const space = await createSpace(app.services, { desks: 3, operator });
    const [d1, d2, d3] = space.resources;
    const mine = await bookOn(alice, d1!.id, "2027-03-02T09:00", "2027-03-02T11:00");
    await bookOn(bob, d2!.id, "2027-03-02T10:00", "2027-03-02T12:00");
    type Options = { movable: boolean; date: string; from: string; to: string; resources: Array<{ id: string; current: boolean; free: boolean | null }> };
    const own = await json<Options>(await api(`/api/v1/bookings/${mine.id}/move-options`, { token: alice.token }), 200);
    expect(own).toMatchObject({ movable: true, date: "2027-03-02", from: "09:00", to: "11:00" });
    expect(own.resources).toEqual([
      expect.objectContaining({ id: d1!.id, current: true, free: true }),
      expect.objectContaining({ id: d2!.id, current: false, free: false }),
      expect.objectContaining({ id: d3!.id, current: false, free: true }),
    ]);
    const later = await json<Options>(await api(`/api/v1/bookings/${mine.id}/move-options?date=2027-03-02&from=12:00&to=13:00`, { token: alice.token }), 200);
    expect(later.resources.map((r) => r.free)).toEqual([true, true, true]);
    const backwards = await json<Options>(await api(`/api/v1/bookings/${mine.id}/move-options?date=2027-03-02&from=13:00&to=12:00`, { token: alice.token }), 200);
    expect(backwards.resources.map((r) => r.free)).toEqual([null, null, null]);
    await expectProblem(await api(`/api/v1/bookings/${mine.id}/move-options`, { token: bob.token }), 404, "not_found");
    expect((await api(`/api/v1/bookings/${mine.id}/move-options`, { token: operator.token })).status).toBe(200);
    await expectProblem(await api(`/api/v1/bookings/${mine.id}/move-options?from=9am`, { token: alice.token }), 400, "validation_failed");

    // A begun booking is not movable, and moving it is refused with its reason.
    clock.set(jkt("2027-03-02T09:00"));
    await json(await checkIn(alice, mine.id), 200);
    expect((await json<Options>(await api(`/api/v1/bookings/${mine.id}/move-options`, { token: alice.token }), 200)).movable).toBe(false);
    const moved = await api(`/api/v1/bookings/${mine.id}`, { method: "PATCH", token: alice.token, body: { resourceId: d3!.id, start: jkt("2027-03-02T12:00"), end: jkt("2027-03-02T13:00") } });
    expect(await json<Problem>(moved, 422)).toMatchObject({ code: "rule_violation", reason: "not_movable" });
  });
});

describe("favourite desks", () => {
  it("are starred once per member and resource, marked only for that member, unstarred idempotently; unknown ones are not found", async () => {
    const space = await createSpace(app.services, { desks: 2 });
    const [d1, d2] = space.resources;
    expect(await json(await star(alice, d2!.id), 200)).toEqual({ resourceId: d2!.id, favourite: true });
    expect((await star(alice, d2!.id)).status).toBe(200);
    const rows = await app.db.db.selectFrom("favourite_resources").selectAll().where("member_id", "=", alice.id).execute();
    expect(rows).toHaveLength(1);
    // The database holds it once, whatever writes it.
    await expect(app.db.db.insertInto("favourite_resources").values({ member_id: alice.id, resource_id: d2!.id }).execute()).rejects.toMatchObject({ code: "23505" });

    const aliceDay = await dayOf(alice, space.id);
    expect(aliceDay.resources.filter((r) => r.favourite).map((r) => r.id)).toEqual([d2!.id]);
    expect((await dayOf(bob, space.id)).resources.some((r) => r.favourite)).toBe(false);

    await expectProblem(await star(alice, "00000000-0000-4000-8000-000000000000"), 404, "not_found");
    await expectProblem(await unstar(alice, "00000000-0000-4000-8000-000000000000"), 404, "not_found");
    await expectProblem(await star(alice, "x"), 400, "validation_failed");
    expect((await unstar(alice, d2!.id)).status).toBe(204);
    expect((await unstar(alice, d2!.id)).status).toBe(204);
    expect((await unstar(alice, d1!.id)).status).toBe(204);
    expect((await dayOf(alice, space.id)).resources.some((r) => r.favourite)).toBe(false);
    // Cookie-less and token-less: 401.
    expect((await api(`/api/v1/resources/${d1!.id}/favourite`, { method: "PUT" })).status).toBe(401);
  });

  it("the home offers the latest starred desk free in the next window; taken, or already holding a desk then: the next one, or none", async () => {
    const space = await createSpace(app.services, { desks: 3 });
    const [d1, d2] = space.resources;
    const me = { id: alice.id, role: "member" as const };
    expect(await app.services.bookings.favouriteOffer(me)).toBeNull();
    await star(alice, d1!.id);
    clock.advance(1_000);
    await star(alice, d2!.id);
    clock.set(jkt("2027-03-01T07:00"));
    // Now is 07:00 in Jakarta, when the space opens: the next two hours.
    expect(await app.services.bookings.favouriteOffer(me)).toMatchObject({ resourceId: d2!.id, spaceId: space.id, start: "2027-03-01T07:00:00+07:00", end: "2027-03-01T09:00:00+07:00" });
    await bookOn(bob, d2!.id, "2027-03-01T08:00", "2027-03-01T08:30");
    const offer = await app.services.bookings.favouriteOffer(me);
    expect(offer).toMatchObject({ resourceId: d1!.id });
    // One click books it; then Alice holds a desk then, and nothing more is offered.
    await book(alice, { resourceId: offer!.resourceId, start: offer!.start, end: offer!.end });
    expect(await app.services.bookings.favouriteOffer(me)).toBeNull();
    // Late in the day the offer moves to the next day's opening.
    clock.set(jkt("2027-03-01T20:50"));
    expect(await app.services.bookings.favouriteOffer(me)).toMatchObject({ resourceId: d2!.id, start: "2027-03-02T07:00:00+07:00" });
  });

  it("go with the account when it is deleted", async () => {
    const space = await createSpace(app.services, { desks: 1 });
    const member = await createMember(app.db.db, app.services);
    await star(member, space.resources[0]!.id);
    expect((await api("/api/v1/me", { method: "DELETE", token: member.token, body: { password: member.password } })).status).toBeLessThan(300);
    const left = await app.db.db.selectFrom("favourite_resources").select("member_id").where("member_id", "=", member.id).execute();
    expect(left).toEqual([]);
  });
});
