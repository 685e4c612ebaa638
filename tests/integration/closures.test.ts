import { describe, expect, it } from "vitest";
import { expectProblem, json } from "../support/app.js";
import { alice, bob, bookingApi, carol, dave, operator, useBookingApp } from "../support/bookings.js";
import { createSpace } from "../support/factories.js";

// Closing a space for a while: what it cancels, who hears about it, what it blocks, and who may do it.
const app = useBookingApp();
const { api, bookOn, getBooking, notificationsOf } = bookingApi(app);

describe("closures", () => {
  it("cancels exactly the bookings inside, notifies both owners, blocks new bookings and is for operators only", async () => {
    const space = await createSpace(app.services, { operator });
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
