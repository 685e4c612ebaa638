import { beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../server/domain/clock.js";
import { useTestApp } from "../support/app.js";
import { countOverlaps, onPglite } from "../support/db.js";
import { assignOperator, createMember, createSpace, type TestMember } from "../support/factories.js";

// A fixed "now": Monday 2027-03-01 00:00 UTC (07:00 in Jakarta).
const clock = fixedClock("2027-03-01T00:00:00Z");
const app = useTestApp({ clock, now: "2027-03-01T00:00:00Z" });
let alice: TestMember;
let bob: TestMember;

beforeEach(async () => {
  alice = await createMember(app.db.db, app.services, { name: "Alice" });
  bob = await createMember(app.db.db, app.services, { name: "Bob" });
});

const book = (token: string, body: unknown, headers: Record<string, string> = {}) =>
  app.api("/api/v1/bookings", { token, body, headers });

const overlaps = () => countOverlaps(app.db.db);

describe("booking a resource", () => {
  it("books, reads back in the space's zone, and lists it as mine", async () => {
    const space = await createSpace(app.services);
    const desk = space.resources[0]!;
    const res = await book(alice.token, { resourceId: desk.id, start: "2027-03-02T09:00", end: "2027-03-02T17:00" });
    expect(res.status).toBe(201);
    const b = (await res.json()) as { id: string; start: string; end: string; status: string; resourceId: string };
    expect(b).toMatchObject({ resourceId: desk.id, start: "2027-03-02T09:00:00+07:00", end: "2027-03-02T17:00:00+07:00", status: "confirmed" });
    const mine = (await (await app.api("/api/v1/bookings", { token: alice.token })).json()) as { items: Array<{ id: string }> };
    expect(mine.items.map((i) => i.id)).toEqual([b.id]);
  });

  it("lets back-to-back bookings both succeed and refuses an overlap with 409 and free alternatives", async () => {
    const space = await createSpace(app.services, { desks: 3 });
    const [d1] = space.resources;
    expect((await book(alice.token, { resourceId: d1!.id, start: "2027-03-02T09:00", end: "2027-03-02T12:00" })).status).toBe(201);
    expect((await book(bob.token, { resourceId: d1!.id, start: "2027-03-02T12:00", end: "2027-03-02T15:00" })).status).toBe(201);
    const clash = await book(bob.token, { resourceId: d1!.id, start: "2027-03-02T11:00", end: "2027-03-02T13:00" });
    expect(clash.status).toBe(409);
    const p = (await clash.json()) as { code: string; alternatives: Array<{ resourceId: string }> };
    expect(p.code).toBe("booking_conflict");
    expect(p.alternatives.map((a) => a.resourceId).sort()).toEqual([space.resources[1]!.id, space.resources[2]!.id].sort());
  });

  // The storms run on PostgreSQL only: PGlite runs one transaction at a time, so they could not fail there.
  it.skipIf(onPglite)("storm: 50 concurrent requests for one desk and slot → exactly one 201 and 49 × 409, ten rounds, no overlaps", async () => {
    const space = await createSpace(app.services, { desks: 1 });
    const desk = space.resources[0]!;
    const members = await Promise.all(Array.from({ length: 10 }, () => createMember(app.db.db, app.services)));
    for (let round = 0; round < 10; round++) {
      const hour = String(8 + round).padStart(2, "0");
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          book(members[i % members.length]!.token, { resourceId: desk.id, start: `2027-03-03T${hour}:00`, end: `2027-03-03T${hour}:45` }),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(49);
      const codes = await Promise.all(results.filter((r) => r.status === 409).map(async (r) => ((await r.json()) as { code: string }).code));
      expect(new Set(codes)).toEqual(new Set(["booking_conflict"]));
    }
    expect(await overlaps()).toBe(0);
  });

  it.skipIf(onPglite)("auto-assign storm: 30 concurrent 'any desk' requests on a zone of 10 desks → 10 bookings on 10 distinct desks", async () => {
    const space = await createSpace(app.services, { desks: 14, zones: ["A", "A", "A", "A", "A", "A", "A", "A", "A", "A", "B", "B", "B", "B"] });
    const members = await Promise.all(Array.from({ length: 30 }, () => createMember(app.db.db, app.services)));
    const results = await Promise.all(
      members.map((m) => book(m.token, { spaceId: space.id, kind: "desk", zone: "A", start: "2027-03-04T09:00", end: "2027-03-04T17:00" })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    expect(results.filter((r) => r.status === 409)).toHaveLength(20);
    const desks = await app.db.db.selectFrom("bookings").innerJoin("resources", "resources.id", "bookings.resource_id").select(["resources.id", "resources.zone"]).execute();
    expect(new Set(desks.map((d) => d.id)).size).toBe(10);
    expect(desks.every((d) => d.zone === "A")).toBe(true);
    expect(await overlaps()).toBe(0);
  });

  it("hides another member's booking: GET and DELETE → 404 and it stays", async () => {
    const space = await createSpace(app.services);
    const res = await book(alice.token, { resourceId: space.resources[0]!.id, start: "2027-03-02T09:00", end: "2027-03-02T10:00" });
    const { id } = (await res.json()) as { id: string };
    expect((await app.api(`/api/v1/bookings/${id}`, { token: bob.token })).status).toBe(404);
    expect((await app.api(`/api/v1/bookings/${id}`, { method: "DELETE", token: bob.token })).status).toBe(404);
    const still = await app.api(`/api/v1/bookings/${id}`, { token: alice.token });
    expect(((await still.json()) as { status: string }).status).toBe("confirmed");
  });

  it("cancels (owner), frees the slot, and lets an operator cancel anyone's with a notification", async () => {
    const space = await createSpace(app.services);
    const desk = space.resources[0]!;
    const first = (await (await book(alice.token, { resourceId: desk.id, start: "2027-03-02T09:00", end: "2027-03-02T10:00" })).json()) as { id: string };
    expect((await app.api(`/api/v1/bookings/${first.id}`, { method: "DELETE", token: alice.token })).status).toBe(204);
    const again = (await (await book(bob.token, { resourceId: desk.id, start: "2027-03-02T09:00", end: "2027-03-02T10:00" })).json()) as { id: string };
    // Only an operator of this space may cancel a member's booking; one who runs another space gets 404, changing nothing.
    const elsewhere = await createMember(app.db.db, app.services, { role: "operator" });
    await createSpace(app.services, { operator: elsewhere });
    expect((await app.api(`/api/v1/bookings/${again.id}`, { method: "DELETE", token: elsewhere.token })).status).toBe(404);
    const operator = await createMember(app.db.db, app.services, { role: "operator" });
    await assignOperator(app.db.db, space.id, operator.id);
    expect((await app.api(`/api/v1/bookings/${again.id}`, { method: "DELETE", token: operator.token })).status).toBe(204);
    const notes = (await (await app.api("/api/v1/me/notifications", { token: bob.token })).json()) as { items: Array<{ kind: string }>; unread: number };
    expect(notes.unread).toBe(1);
    expect(notes.items[0]!.kind).toBe("booking_cancelled");
  });

  it("honours Idempotency-Key on create", async () => {
    const space = await createSpace(app.services);
    const body = { resourceId: space.resources[0]!.id, start: "2027-03-02T09:00", end: "2027-03-02T10:00" };
    const a = await book(alice.token, body, { "Idempotency-Key": "abc" });
    const b = await book(alice.token, body, { "Idempotency-Key": "abc" });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(await b.json()).toEqual(await a.json());
    const n = await app.db.db.selectFrom("bookings").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it("reschedules atomically and refuses a move onto a taken slot", async () => {
    const space = await createSpace(app.services);
    const [d1, d2] = space.resources;
    const mine = (await (await book(alice.token, { resourceId: d1!.id, start: "2027-03-02T09:00", end: "2027-03-02T10:00" })).json()) as { id: string };
    await book(bob.token, { resourceId: d2!.id, start: "2027-03-02T11:00", end: "2027-03-02T12:00" });
    const moved = await app.api(`/api/v1/bookings/${mine.id}`, { method: "PATCH", token: alice.token, body: { start: "2027-03-02T13:00", end: "2027-03-02T14:00", resourceId: d2!.id } });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ resourceId: d2!.id, start: "2027-03-02T13:00:00+07:00" });
    const clash = await app.api(`/api/v1/bookings/${mine.id}`, { method: "PATCH", token: alice.token, body: { start: "2027-03-02T11:30", end: "2027-03-02T12:30" } });
    expect(clash.status).toBe(409);
    const after = (await (await app.api(`/api/v1/bookings/${mine.id}`, { token: alice.token })).json()) as { start: string };
    expect(after.start).toBe("2027-03-02T13:00:00+07:00");
  });
});

describe("rules and time zones", () => {
  it("answers each rule with its 422 code", async () => {
    const space = await createSpace(app.services, {
      rules: { maxBookingMinutes: 240, maxAdvanceDays: 30, minNoticeMinutes: 60 },
      hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: "08:00", closes: "18:00" })),
    });
    const desk = space.resources[0]!.id;
    const code = async (start: string, end: string) => {
      const res = await book(alice.token, { resourceId: desk, start, end });
      return [res.status, ((await res.json()) as { code?: string }).code];
    };
    clock.set("2027-03-01T03:00:00Z"); // 10:00 in Jakarta, Monday
    expect(await code("2027-03-01T09:00", "2027-03-01T10:00")).toEqual([422, "in_the_past"]);
    expect(await code("2027-03-01T10:30", "2027-03-01T11:00")).toEqual([422, "rule_violation"]); // notice
    expect(await code("2027-03-02T08:00", "2027-03-02T13:00")).toEqual([422, "rule_violation"]); // too long
    expect(await code("2027-04-15T09:00", "2027-04-15T10:00")).toEqual([422, "rule_violation"]); // too far ahead
    expect(await code("2027-03-02T07:00", "2027-03-02T09:00")).toEqual([422, "outside_opening_hours"]);
    expect(await code("2027-03-06T09:00", "2027-03-06T10:00")).toEqual([422, "outside_opening_hours"]); // Saturday
    const operator = await createMember(app.db.db, app.services, { role: "operator" });
    await assignOperator(app.db.db, space.id, operator.id);
    const closed = await app.api(`/api/v1/spaces/${space.id}/closures`, {
      token: operator.token,
      body: { start: "2027-03-03T00:00", end: "2027-03-04T00:00", reason: "Listrik padam" },
    });
    expect(closed.status).toBe(201);
    expect(await code("2027-03-03T09:00", "2027-03-03T10:00")).toEqual([422, "space_closed"]);
    expect(await code("2027-03-02T10:00", "2027-03-02T09:00")).toEqual([400, "validation_failed"]);
  });

  it("reads local times in a Europe/Berlin space: the spring-forward gap and the fall-back overlap are refused", async () => {
    clock.set("2027-03-01T00:00:00Z");
    const space = await createSpace(app.services, {
      timezone: "Europe/Berlin",
      hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: "00:00", closes: "23:59" })),
    });
    const desk = space.resources[0]!.id;
    const gap = await book(alice.token, { resourceId: desk, start: "2027-03-28T02:30", end: "2027-03-28T04:00" });
    expect(gap.status).toBe(422);
    expect(((await gap.json()) as { code: string }).code).toBe("nonexistent_local_time");
    const twice = await book(alice.token, { resourceId: desk, start: "2027-10-31T02:30", end: "2027-10-31T04:00" });
    expect(twice.status).toBe(422);
    expect(((await twice.json()) as { code: string }).code).toBe("ambiguous_local_time");
    // With an explicit offset the ambiguous time is fine.
    const explicit = await book(alice.token, { resourceId: desk, start: "2027-10-31T02:30+01:00", end: "2027-10-31T04:00+01:00" });
    expect(explicit.status).toBe(201);
  });

  it("keeps a weekly series at 09:00 local across the DST change and reports skipped dates", async () => {
    const space = await createSpace(app.services, { timezone: "Europe/Berlin" });
    const desk = space.resources[0]!.id;
    // Someone already has the desk on 2027-03-30.
    await book(bob.token, { resourceId: desk, start: "2027-03-30T09:00", end: "2027-03-30T10:00" });
    const res = await book(alice.token, { resourceId: desk, start: "2027-03-16T09:00", end: "2027-03-16T17:00", recurrence: { freq: "weekly", count: 4 } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { seriesId: string; created: Array<{ start: string }>; skipped: Array<{ start: string; code: string }> };
    expect(body.created.map((b) => b.start)).toEqual(["2027-03-16T09:00:00+01:00", "2027-03-23T09:00:00+01:00", "2027-04-06T09:00:00+02:00"]);
    expect(body.skipped).toMatchObject([{ start: "2027-03-30T09:00", code: "booking_conflict" }]);
    // Cancel all of the series.
    const del = await app.api(`/api/v1/bookings/${(body.created[0] as unknown as { id: string }).id}?scope=series`, { method: "DELETE", token: alice.token });
    expect(del.status).toBe(204);
    const active = await app.db.db.selectFrom("bookings").select("id").where("series_id", "=", body.seriesId).where("status", "=", "confirmed").execute();
    expect(active).toHaveLength(0);
  });

  it("gives 23- and 25-hour days in the availability view of a DST-observing space", async () => {
    const space = await createSpace(app.services, { timezone: "Europe/Berlin", hours: [7].map((weekday) => ({ weekday, opens: "01:00", closes: "23:00" })) });
    const spring = (await (await app.api(`/api/v1/spaces/${space.id}/availability?date=2027-03-28`, { token: alice.token })).json()) as { open: { start: string; end: string } };
    expect(spring.open).toEqual({ start: "2027-03-28T01:00:00+01:00", end: "2027-03-28T23:00:00+02:00" });
    const fall = (await (await app.api(`/api/v1/spaces/${space.id}/availability?date=2027-10-31`, { token: alice.token })).json()) as { open: { start: string; end: string } };
    expect(fall.open).toEqual({ start: "2027-10-31T01:00:00+02:00", end: "2027-10-31T23:00:00+01:00" });
    const openMs = (o: { start: string; end: string }) => new Date(o.end).getTime() - new Date(o.start).getTime();
    expect(openMs(spring.open) / 3_600_000).toBe(21);
    expect(openMs(fall.open) / 3_600_000).toBe(23);
  });

  it("answers impossible dates and forged feed tokens with 4xx, never 500", async () => {
    const space = await createSpace(app.services);
    const bad = await app.api(`/api/v1/spaces/${space.id}/availability?date=2027-02-30`, { token: alice.token });
    expect(bad.status).toBe(400);
    const dashes = "-".repeat(36);
    expect((await app.api(`/api/v1/calendar/${dashes}.1.${"A".repeat(32)}.ics`)).status).toBe(404);
    const page = await app.api(`/api/v1/members?cursor=${Buffer.from(JSON.stringify({ name: "a", id: dashes })).toString("base64url")}`, { token: alice.token });
    expect(page.status).toBe(400);
  });

  it("shows Indonesian zones with their own offsets", async () => {
    for (const [timezone, offset] of [["Asia/Jakarta", "+07:00"], ["Asia/Makassar", "+08:00"], ["Asia/Jayapura", "+09:00"]] as const) {
      const space = await createSpace(app.services, { timezone });
      const res = await book(alice.token, { resourceId: space.resources[0]!.id, start: "2027-03-02T09:00", end: "2027-03-02T10:00" });
      expect(((await res.json()) as { start: string }).start).toBe(`2027-03-02T09:00:00${offset}`);
      const day = (await (await app.api(`/api/v1/spaces/${space.id}/availability?date=2027-03-02`, { token: alice.token })).json()) as {
        timezone: string;
        resources: Array<{ id: string; busy: Array<{ start: string; mine: boolean }> }>;
      };
      expect(day.timezone).toBe(timezone);
      expect(day.resources.find((r) => r.id === space.resources[0]!.id)!.busy).toMatchObject([{ start: `2027-03-02T09:00:00${offset}`, mine: true }]);
    }
  });
});
