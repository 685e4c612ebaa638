import { describe, expect, it } from "vitest";
import { expectProblem, json } from "../support/app.js";
import { alice, bob, bookingApi, carol, clock, dave, jkt, useBookingApp, type Booking } from "../support/bookings.js";
import { createSpace } from "../support/factories.js";

// Checking in: the window around a booking's start, the no-show release at start + grace, who is here, and the
// desk QR codes (scan, check-in, walk-in).
const app = useBookingApp();
const { api, bookOn, getBooking, myBookings, checkIn, notificationsOf, viewer, checkinToken, runNoShowJob } = bookingApi(app);

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

describe("presence that has already begun", () => {
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
    expect(await presence()).toEqual([{ member: { id: alice.id, name: "Alice", headline: "Desainer produk", photoUrl: null }, since: "2027-03-01T02:00:00.000Z" }]);

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
