import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { expectProblem, json } from "../support/app.js";
import { alice, bob, bookingApi, clock, jkt, ms, NOW, operator, useBookingApp } from "../support/bookings.js";
import { createSpace } from "../support/factories.js";

// The calendar feed: a member's upcoming bookings as iCalendar (read with ical.js), a secret URL that rotates.
const app = useBookingApp();
const { api, bookOn, cancel } = bookingApi(app);

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

describe("calendar feed", () => {
  it("carries the community events the member is going to (not waitlisted, not cancelled)", async () => {
    const space = await createSpace(app.services, { operator: { id: operator.id, role: operator.role } });
    const going = await json<{ id: string }>(await api("/api/v1/events", { token: operator.token, body: { spaceId: space.id, title: "Malam Kurasi", start: "2027-03-02T18:00", end: "2027-03-02T20:00", capacity: 1, visibility: "members" } }), 201);
    const full = await json<{ id: string }>(await api("/api/v1/events", { token: operator.token, body: { spaceId: space.id, title: "Full", start: "2027-03-03T18:00", end: "2027-03-03T20:00", capacity: 1, visibility: "members" } }), 201);
    const left = await json<{ id: string }>(await api("/api/v1/events", { token: operator.token, body: { spaceId: space.id, title: "Left", start: "2027-03-04T18:00", end: "2027-03-04T20:00", capacity: 1, visibility: "members" } }), 201);
    await json(await api(`/api/v1/events/${going.id}/rsvp`, { method: "POST", token: alice.token }), 201);
    await json(await api(`/api/v1/events/${full.id}/rsvp`, { method: "POST", token: bob.token }), 201);
    await json(await api(`/api/v1/events/${full.id}/rsvp`, { method: "POST", token: alice.token }), 201);
    await json(await api(`/api/v1/events/${left.id}/rsvp`, { method: "POST", token: alice.token }), 201);
    expect((await api(`/api/v1/events/${left.id}/rsvp`, { method: "DELETE", token: alice.token })).status).toBe(204);
    const { url } = await json<{ url: string }>(await api("/api/v1/me/calendar", { token: alice.token }), 200);
    const events = await fetchCalendar(url);
    expect(events.map((e) => e.uid)).toEqual([`event-${going.id}@jejaring`]);
    expect([events[0]!.start, events[0]!.end]).toEqual([ms(jkt("2027-03-02T18:00")), ms(jkt("2027-03-02T20:00"))]);
    expect(events[0]!.location).toContain("Space");
  });

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
