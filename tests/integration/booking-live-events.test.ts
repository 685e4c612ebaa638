import { afterEach, describe, expect, it } from "vitest";
import { json } from "../support/app.js";
import { alice, bob, bookingApi, carol, clock, dave, jkt, operator, useBookingApp, utc, type Notification } from "../support/bookings.js";
import { createSpace, type TestMember } from "../support/factories.js";
import { connectMember, disconnectAll, watchSpace } from "../support/sockets.js";

// Live events over real sockets: watchers of a space hear of bookings, cancellations, check-ins and presence;
// owners get their own notifications; nobody hears of a space they do not watch.
const app = useBookingApp();
const { bookOn, checkIn, cancel } = bookingApi(app);

afterEach(disconnectAll);
const connect = (member: TestMember) => connectMember(app.url, member.token);

describe("live events over real sockets", () => {
  it("tells watchers about bookings, cancellations, check-ins and presence, and owners about operator cancellations", async () => {
    const space = await createSpace(app.services, { operator });
    const elsewhere = await createSpace(app.services, { operator });
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
