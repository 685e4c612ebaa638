import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../server/domain/clock.js";
import { json, useTestApp } from "../support/app.js";
import { createMember, createSpace, type TestMember } from "../support/factories.js";

// Issue 13: the operator's "now" view counts early check-ins as here; the admin's "Last seen" is derived from the
// sessions and check-ins a member left behind.

// Monday 2027-03-01 07:00 in Jakarta (UTC+7). Time moves only when a test moves it.
const NOW = "2027-03-01T00:00:00Z";
const clock = fixedClock(NOW);
const app = useTestApp({ clock, now: NOW });

let operator: TestMember;
let admin: TestMember;
let member: TestMember;
beforeEach(async () => {
  clock.set(NOW);
  [operator, admin, member] = await Promise.all([
    createMember(app.db.db, app.services, { role: "operator" }),
    createMember(app.db.db, app.services, { role: "admin" }),
    createMember(app.db.db, app.services, { name: "Early Bird" }),
  ]);
});
afterEach(() => clock.set(NOW));

type Person = { member: { id: string }; start: string };
type Now = { occupancy: number; checkedIn: Person[]; expected: Person[]; arrivals: Person[] };

describe("the now view", () => {
  it("counts a member who checked in before their start as here, not as arriving", async () => {
    const space = await createSpace(app.services, { operator, desks: 2 });
    const [d1, d2] = space.resources;
    const early = await json<{ id: string }>(
      await app.api("/api/v1/bookings", { token: member.token, body: { resourceId: d1!.id, start: "2027-03-01T08:00", end: "2027-03-01T10:00" } }),
      201,
    );
    const later = await createMember(app.db.db, app.services);
    await json(await app.api("/api/v1/bookings", { token: later.token, body: { resourceId: d2!.id, start: "2027-03-01T08:00", end: "2027-03-01T10:00" } }), 201);
    clock.set("2027-03-01T00:50:00Z"); // 07:50 in Jakarta: the check-in window opened at 07:45
    await json(await app.api(`/api/v1/bookings/${early.id}/check-in`, { token: member.token, body: {} }), 200);

    const now = await json<Now>(await app.api(`/api/v1/spaces/${space.id}/now`, { token: operator.token }), 200);
    expect(now.checkedIn.map((p) => p.member.id)).toEqual([member.id]);
    expect(now.occupancy).toBe(1);
    // The one who has not checked in and starts at 08:00 is still arriving.
    expect(now.arrivals.map((p) => p.member.id)).toEqual([later.id]);
    expect(now.expected).toEqual([]);
  });
});

describe("members admin: last seen", () => {
  type Row = { id: string; lastSeenAt: string | null };
  const row = async (who: TestMember) => {
    const page = await json<{ items: Row[] }>(await app.api(`/api/v1/admin/members?q=${encodeURIComponent(who.email)}`, { token: admin.token }), 200);
    return page.items.find((m) => m.id === who.id)!;
  };

  it("comes from the member's latest session use, and outlives log-out through their check-ins", async () => {
    const space = await createSpace(app.services, { operator, desks: 1 });
    // Signed in (the factory's token) at 07:00 Jakarta.
    expect((await row(member)).lastSeenAt).toBe(new Date(NOW).toISOString());

    const b = await json<{ id: string }>(
      await app.api("/api/v1/bookings", { token: member.token, body: { resourceId: space.resources[0]!.id, start: "2027-03-01T09:00", end: "2027-03-01T10:00" } }),
      201,
    );
    clock.set("2027-03-01T01:55:00Z"); // 08:55 Jakarta
    await json(await app.api(`/api/v1/bookings/${b.id}/check-in`, { token: member.token, body: {} }), 200);
    // The token was used again more than 10 minutes later, so its "last used" moved on too.
    expect((await row(member)).lastSeenAt).toBe("2027-03-01T01:55:00.000Z");

    // Logged out everywhere: no session left, the check-in still says when they were last here.
    await app.services.identity.revokeAllSessions(member.id);
    clock.set("2027-03-01T05:00:00Z");
    expect((await row(member)).lastSeenAt).toBe("2027-03-01T01:55:00.000Z");
  });

  it("is empty for someone with no session and no check-in", async () => {
    const never = await createMember(app.db.db, app.services);
    await app.services.identity.revokeAllSessions(never.id);
    expect((await row(never)).lastSeenAt).toBeNull();
  });
});
