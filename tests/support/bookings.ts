import { beforeEach, expect } from "vitest";
import { fixedClock } from "../../server/domain/clock.js";
import { runExclusive } from "../../server/jobs/index.js";
import { json, useTestApp, type TestApp } from "./app.js";
import { createMember, type TestMember } from "./factories.js";

// The set-up of the booking lifecycle files (check-in, waitlist, calendar, closures, live events, availability):
// a fixed "now", Monday 2027-03-01 00:00 UTC = 07:00 in Jakarta (UTC+7, no DST), when the factory's spaces open,
// and five members made fresh before each test. Time only moves when a test moves the clock.

export const NOW = "2027-03-01T00:00:00Z";
export const clock = fixedClock(NOW);
/** A Jakarta wall-clock time as an instant: `jkt("2027-03-01T09:00")`. */
export const jkt = (local: string) => `${local}:00+07:00`;
export const ms = (iso: string) => new Date(iso).getTime();
export const utc = (iso: string) => new Date(iso).toISOString();

// The cast, new before each test (live bindings: read them inside tests and hooks).
export let alice: TestMember;
export let bob: TestMember;
export let carol: TestMember;
export let dave: TestMember;
export let operator: TestMember;

/** useTestApp() at NOW, plus the cast. */
export function useBookingApp(options: Omit<Parameters<typeof useTestApp>[0] & object, "clock" | "now"> = {}): TestApp {
  const app = useTestApp({ ...options, clock, now: NOW });
  beforeEach(async () => {
    alice = await createMember(app.db.db, app.services, { name: "Alice" });
    bob = await createMember(app.db.db, app.services, { name: "Bob" });
    carol = await createMember(app.db.db, app.services, { name: "Carol" });
    dave = await createMember(app.db.db, app.services, { name: "Dave" });
    operator = await createMember(app.db.db, app.services, { name: "Olga", role: "operator" });
  });
  return app;
}

export type Booking = {
  id: string;
  resourceId: string;
  spaceId: string;
  spaceName: string;
  start: string;
  end: string;
  status: "confirmed" | "checked_in" | "cancelled" | "no_show";
  checkedInAt: string | null;
};
export type Notification = { id: string; kind: string; data: Record<string, unknown>; readAt: string | null };
export type WaitOut = { id: string; position: number; status: "waiting" | "promoted" };

/** The booking calls the lifecycle tests make, against `app`. */
export function bookingApi(app: TestApp) {
  const api: TestApp["api"] = (path, init) => app.api(path, init);
  const book = async (who: TestMember, body: Record<string, unknown>) =>
    json<Booking>(await api("/api/v1/bookings", { token: who.token, body }), 201);
  return {
    api,
    book,
    bookOn: (who: TestMember, resourceId: string, start: string, end: string) => book(who, { resourceId, start, end }),
    getBooking: async (who: TestMember, id: string) => json<Booking>(await api(`/api/v1/bookings/${id}`, { token: who.token }), 200),
    myBookings: async (who: TestMember) => (await json<{ items: Booking[] }>(await api("/api/v1/bookings", { token: who.token }), 200)).items,
    checkIn: (who: TestMember, id: string) => api(`/api/v1/bookings/${id}/check-in`, { method: "POST", token: who.token }),
    cancel: (who: TestMember, id: string) => api(`/api/v1/bookings/${id}`, { method: "DELETE", token: who.token }),
    wait: (who: TestMember, body: Record<string, unknown>) => api("/api/v1/waitlist", { token: who.token, body }),
    notificationsOf: async (who: TestMember) =>
      json<{ items: Notification[]; unread: number }>(await api("/api/v1/me/notifications", { token: who.token }), 200),
    viewer: (m: TestMember) => ({ id: m.id, role: m.role }),
    waitlistRow: (id: string) =>
      app.db.db.selectFrom("waitlist_entries").select(["status", "booking_id"]).where("id", "=", id).executeTakeFirstOrThrow(),
    checkinToken: async (resourceId: string) =>
      (await app.db.db.selectFrom("resources").select("checkin_token").where("id", "=", resourceId).executeTakeFirstOrThrow()).checkin_token,
    /** One tick of the no-show job exactly as the scheduler runs it; returns how many bookings it released. */
    async runNoShowJob(): Promise<number> {
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
    },
  };
}
