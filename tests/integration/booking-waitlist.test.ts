import { describe, expect, it } from "vitest";
import { expectProblem, json } from "../support/app.js";
import { alice, bob, bookingApi, carol, clock, dave, jkt, useBookingApp, type WaitOut } from "../support/bookings.js";
import { createSpace } from "../support/factories.js";

// The waitlist: order, promotion when a booking is cancelled or released as a no-show, per-zone waits.
const app = useBookingApp();
const { bookOn, getBooking, myBookings, cancel, wait, notificationsOf, waitlistRow, runNoShowJob } = bookingApi(app);

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

describe("waits that have already begun", () => {
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
});
