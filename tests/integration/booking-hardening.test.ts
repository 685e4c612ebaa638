import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../server/domain/clock.js";
import { DomainError } from "../../server/domain/errors.js";
import { useTestApp } from "../support/app.js";
import { countOverlaps, onPglite } from "../support/db.js";
import { createMember, createSpace, type TestMember } from "../support/factories.js";

// Issue 11, item 4 (and parts of 8 and 9): booking writes lock before they read, storms never deadlock, closures
// and space inputs are bounded. A fixed "now": Monday 2027-03-01 00:00 UTC (07:00 in Jakarta).
const clock = fixedClock("2027-03-01T00:00:00Z");
// createTestDb's pool: at most this many requests hold a connection (and can wait on a lock) at once.
const POOL_SIZE = 20;

let alice: TestMember;
let operator: TestMember;

const app = useTestApp({ clock, now: "2027-03-01T00:00:00Z" });
beforeEach(async () => {
  alice = await createMember(app.db.db, app.services, { name: "Alice" });
  operator = await createMember(app.db.db, app.services, { role: "operator", name: "Oscar" });
});

const book = (token: string, body: unknown) => app.api("/api/v1/bookings", { token, body });
const viewer = (m: TestMember) => ({ id: m.id, role: m.role });

const overlaps = () => countOverlaps(app.db.db);

/**
 * A separate connection to the test database: another writer whose transaction the test opens, holds and ends,
 * to interleave with the app's requests deterministically.
 */
const others: pg.Client[] = [];
async function otherWriter(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: app.db.url! });
  await client.connect();
  others.push(client);
  return client;
}
afterEach(async () => {
  for (const c of others.splice(0)) await c.end().catch(() => {});
});

/** Polls (with a deadline) until at least `n` of the app's backends wait for a lock. */
async function lockWaiters(probe: pg.Client, n: number, deadlineMs = 10_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const { rows } = await probe.query<{ n: number }>(
      `SELECT count(DISTINCT l.pid)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE NOT l.granted AND a.datname = current_database() AND a.pid <> pg_backend_pid()`,
    );
    if (rows[0]!.n >= n) return;
    if (Date.now() > until) throw new Error(`only ${rows[0]!.n} of ${n} requests came to wait for a lock`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

// Races that need real concurrency run on PostgreSQL only: PGlite runs one transaction at a time, so a race test
// there would pass without proving anything.
describe.skipIf(onPglite)("booking writes lock, then read (PostgreSQL)", () => {
  /**
   * Another transaction holds the space's row (as deactivation, a settings change or a closure does) and changes
   * something; the booking starts while it is held and must see the change once it is released.
   */
  async function whileSpaceIsChanged(spaceId: string, change: (c: pg.Client) => Promise<void>, request: () => Promise<unknown>) {
    const other = await otherWriter();
    await other.query("BEGIN");
    await other.query("SELECT id FROM spaces WHERE id = $1 FOR UPDATE", [spaceId]);
    await change(other);
    const pending = request().then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    await lockWaiters(other, 1);
    await other.query("COMMIT");
    return pending;
  }

  it("a desk deactivated while a booking waits for the space: the booking is refused (404), nothing is stored", async () => {
    const space = await createSpace(app.services, { operator, desks: 2 });
    const desk = space.resources[0]!;
    const outcome = (await whileSpaceIsChanged(
      space.id,
      (c) => c.query("UPDATE resources SET active = false WHERE id = $1", [desk.id]).then(() => {}),
      () => book(alice.token, { resourceId: desk.id, start: "2027-03-02T09:00", end: "2027-03-02T10:00" }),
    )) as { value: Response };
    const res = outcome.value;
    expect(res.status, await res.clone().text()).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe("not_found");
    expect(await app.db.db.selectFrom("bookings").select("id").execute()).toEqual([]);
  });

  it("opening hours changed while an 'any desk' booking waits: the booking sees the new hours (422 outside_opening_hours)", async () => {
    const space = await createSpace(app.services, { operator, desks: 2 });
    const outcome = (await whileSpaceIsChanged(
      space.id,
      // Tuesday becomes a closed day.
      (c) => c.query("DELETE FROM opening_hours WHERE space_id = $1 AND weekday = 2", [space.id]).then(() => {}),
      () => book(alice.token, { spaceId: space.id, kind: "desk", start: "2027-03-02T09:00", end: "2027-03-02T10:00" }),
    )) as { value: Response };
    const res = outcome.value;
    expect(res.status, await res.clone().text()).toBe(422);
    expect(((await res.json()) as { code: string }).code).toBe("outside_opening_hours");
  });

  it("a capacity set while a booking waits: the booking is counted against it (422 capacity_reached)", async () => {
    const space = await createSpace(app.services, { operator, desks: 2 });
    const [d1, d2] = space.resources;
    expect((await book(alice.token, { resourceId: d1!.id, start: "2027-03-02T09:00", end: "2027-03-02T10:00" })).status).toBe(201);
    const bob = await createMember(app.db.db, app.services, { name: "Bob" });
    const outcome = (await whileSpaceIsChanged(
      space.id,
      (c) => c.query("UPDATE spaces SET capacity = 1 WHERE id = $1", [space.id]).then(() => {}),
      () => book(bob.token, { resourceId: d2!.id, start: "2027-03-02T09:30", end: "2027-03-02T10:30" }),
    )) as { value: Response };
    const res = outcome.value;
    expect(res.status, await res.clone().text()).toBe(422);
    expect(((await res.json()) as { code: string }).code).toBe("capacity_reached");
  });

  it("a walk-in (desk QR) on a desk deactivated while it waits: refused as not free, nothing is stored", async () => {
    const space = await createSpace(app.services, { operator, desks: 2 });
    const desk = space.resources[0]!;
    const token = (await app.services.spaces.checkinTokens(operator, space.id)).find((t) => t.resourceId === desk.id)!.token;
    const outcome = (await whileSpaceIsChanged(
      space.id,
      (c) => c.query("UPDATE resources SET active = false WHERE id = $1", [desk.id]).then(() => {}),
      () => app.services.bookings.walkIn(viewer(alice), token),
    )) as { value?: unknown; error?: unknown };
    expect(outcome.error).toBeInstanceOf(DomainError);
    expect((outcome.error as DomainError).code).toBe("booking_conflict");
    expect(await app.db.db.selectFrom("bookings").select("id").execute()).toEqual([]);
  });

  it("joining a waitlist for a desk deactivated while it waits: 404, no entry", async () => {
    const space = await createSpace(app.services, { operator, desks: 2 });
    const desk = space.resources[0]!;
    const outcome = (await whileSpaceIsChanged(
      space.id,
      (c) => c.query("UPDATE resources SET active = false WHERE id = $1", [desk.id]).then(() => {}),
      () => app.api("/api/v1/waitlist", { token: alice.token, body: { resourceId: desk.id, start: "2027-03-02T09:00", end: "2027-03-02T10:00" } }),
    )) as { value: Response };
    expect(outcome.value.status, await outcome.value.clone().text()).toBe(404);
    expect(await app.db.db.selectFrom("waitlist_entries").select("id").execute()).toEqual([]);
  });
});

// PostgreSQL only, as above: on PGlite the storm would run one request at a time and could not deadlock.
describe.skipIf(onPglite)("booking storms (PostgreSQL)", () => {
  type Answer = { status: number; ms: number; code?: string; alternatives?: number };

  async function storm(tokens: string[], body: unknown): Promise<Answer[]> {
    return Promise.all(
      tokens.map(async (token) => {
        const started = performance.now();
        try {
          const res = await book(token, body);
          const text = await res.text();
          const parsed = text ? (JSON.parse(text) as { code?: string; alternatives?: unknown[] }) : {};
          return { status: res.status, ms: performance.now() - started, code: parsed.code, alternatives: parsed.alternatives?.length };
        } catch {
          return { status: 0, ms: performance.now() - started };
        }
      }),
    );
  }

  /**
   * Every other round, a writer already holds the slot in an open transaction when the racers arrive, and rolls
   * back once they all wait: they then rush at the exclusion constraint together (what used to deadlock: 40P01,
   * 500s, and requests that hung until the pool gave up).
   */
  async function round(tokens: string[], body: { start: string; end: string; [key: string]: unknown }, held: { spaceId: string; resourceIds: string[]; memberId: string } | null) {
    if (!held) return storm(tokens, body);
    const other = await otherWriter();
    await other.query("BEGIN");
    for (const resourceId of held.resourceIds) {
      await other.query(
        `INSERT INTO bookings (resource_id, space_id, member_id, during) VALUES ($1, $2, $3, tstzrange($4::timestamptz, $5::timestamptz, '[)'))`,
        [resourceId, held.spaceId, held.memberId, `${body.start}+07:00`, `${body.end}+07:00`],
      );
    }
    const answers = storm(tokens, body);
    await lockWaiters(other, Math.min(tokens.length, POOL_SIZE));
    await other.query("ROLLBACK");
    return answers;
  }

  const slotOf = (i: number) => {
    const day = String(2 + Math.floor(i / 12)).padStart(2, "0");
    const hour = String(8 + (i % 12)).padStart(2, "0");
    return { start: `2027-03-${day}T${hour}:00`, end: `2027-03-${day}T${hour}:45` };
  };

  it("20 rounds × 30 racers for one desk and slot: exactly one 201 and 29 × 409 (with alternatives) each round, no 5xx, every answer within 5 s", async () => {
    const space = await createSpace(app.services, { operator, desks: 3 });
    const desk = space.resources[0]!;
    const members = await Promise.all(Array.from({ length: 30 }, () => createMember(app.db.db, app.services)));
    const tokens = members.map((m) => m.token);
    const failures: string[] = [];
    const latencies: number[] = [];
    for (let i = 0; i < 20 && failures.length === 0; i++) {
      const slot = slotOf(i);
      const answers = await round(tokens, { resourceId: desk.id, ...slot }, i % 2 ? null : { spaceId: space.id, resourceIds: [desk.id], memberId: alice.id });
      latencies.push(...answers.map((a) => a.ms));
      const created = answers.filter((a) => a.status === 201).length;
      const refused = answers.filter((a) => a.status === 409 && a.code === "booking_conflict" && a.alternatives === 2).length;
      const slow = answers.filter((a) => a.ms >= 5_000).length;
      if (created !== 1 || refused !== 29 || slow) {
        failures.push(`round ${i}: ${JSON.stringify(answers.map((a) => a.status))}, ${slow} answers took 5 s or more`);
      }
    }
    expect(failures).toEqual([]);
    expect(Math.max(...latencies)).toBeLessThan(5_000);
    expect(await overlaps()).toBe(0);
  });

  it("a deadlock that still happens (against a writer outside the lock order) is retried, never a 500", async () => {
    const space = await createSpace(app.services, { operator, desks: 2 });
    const desk = space.resources[0]!;
    const other = await otherWriter();
    // The other side never runs the deadlock check first: the booking's transaction is the one PostgreSQL aborts.
    await other.query("SET deadlock_timeout = '30s'");
    await other.query("BEGIN");
    await other.query(
      `INSERT INTO bookings (resource_id, space_id, member_id, during) VALUES ($1, $2, $3, tstzrange('2027-03-02T09:00+07', '2027-03-02T10:00+07', '[)'))`,
      [desk.id, space.id, alice.id],
    );
    const bob = await createMember(app.db.db, app.services, { name: "Bob" });
    const pending = book(bob.token, { resourceId: desk.id, start: "2027-03-02T09:00", end: "2027-03-02T10:00" });
    await lockWaiters(other, 1); // the booking waits for the other's row, holding the space's row in share mode
    // The other now wants the space's row exclusively: a cycle, which PostgreSQL breaks by aborting the booking.
    await other.query("SELECT id FROM spaces WHERE id = $1 FOR UPDATE", [space.id]);
    await other.query("ROLLBACK");
    const res = await pending;
    expect(res.status, await res.clone().text()).toBe(201);
  });

  it("auto-assign: 10 rounds × 30 racers for 'any desk' of 3: exactly 3 × 201 on distinct desks and 27 × 409 each round, no 5xx, every answer within 5 s", async () => {
    const space = await createSpace(app.services, { operator, desks: 3 });
    const desks = space.resources.filter((r) => r.kind === "desk").map((r) => r.id);
    const members = await Promise.all(Array.from({ length: 30 }, () => createMember(app.db.db, app.services)));
    const tokens = members.map((m) => m.token);
    const failures: string[] = [];
    for (let i = 0; i < 10 && failures.length === 0; i++) {
      const slot = slotOf(i);
      const answers = await round(tokens, { spaceId: space.id, kind: "desk", ...slot }, i % 2 ? null : { spaceId: space.id, resourceIds: desks, memberId: alice.id });
      const created = answers.filter((a) => a.status === 201).length;
      const refused = answers.filter((a) => a.status === 409 && a.code === "booking_conflict").length;
      const slow = answers.filter((a) => a.ms >= 5_000).length;
      if (created !== 3 || refused !== 27 || slow) failures.push(`round ${i}: ${JSON.stringify(answers.map((a) => a.status))}, ${slow} slow`);
    }
    expect(failures).toEqual([]);
    expect(await overlaps()).toBe(0);
  });
});

type Problem = { code: string; reason?: string; detail: string; errors?: Array<{ path: string; code: string; message: string }> };
async function problem(res: Response, status: number): Promise<Problem> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  return JSON.parse(text) as Problem;
}

describe("bounded instants and ranges", () => {
  it("a year-0000 or year-9999 instant is 400 validation_failed everywhere, never a 500", async () => {
    const space = await createSpace(app.services, { operator });
    const closures = `/api/v1/spaces/${space.id}/closures`;
    for (const [start, end] of [["0000-01-01T00:00", "0000-01-02T00:00"], ["2027-03-02T00:00", "9999-12-31T00:00"]]) {
      expect((await problem(await app.api(closures, { token: operator.token, body: { start, end, reason: "x" } }), 400)).code).toBe("validation_failed");
      const preview = await app.api(`${closures}/preview?start=${start}&end=${end}`, { token: operator.token });
      expect((await problem(preview, 400)).code).toBe("validation_failed");
    }
    const list = await app.api("/api/v1/bookings?from=0000-01-01T00:00:00Z", { token: alice.token });
    // Worded in the reader's language (no Accept-Language: Indonesian), beside the stable code.
    expect((await problem(list, 400)).errors).toEqual([{ path: "from", code: "year_range", message: "Gunakan tahun 2000 sampai 2100." }]);
    const booking = await book(alice.token, { resourceId: space.resources[0]!.id, start: "0000-03-02T09:00", end: "0000-03-02T10:00" });
    expect((await problem(booking, 400)).code).toBe("validation_failed");
    expect(await app.db.db.selectFrom("closures").select("id").execute()).toEqual([]);
  });

  it("GET /bookings?from=&to= needs offsets (400 saying so) and a range of at most 366 days", async () => {
    const space = await createSpace(app.services, { operator });
    expect((await book(alice.token, { resourceId: space.resources[0]!.id, start: "2027-03-02T09:00", end: "2027-03-02T10:00" })).status).toBe(201);
    const local = await problem(await app.api("/api/v1/bookings?from=2027-03-01T00:00&to=2027-03-08T00:00%2B07:00", { token: alice.token }), 400);
    expect(local.code).toBe("validation_failed");
    expect(local).toMatchObject({ reason: "offset_required", detail: expect.stringMatching(/offset/) });
    expect(local.errors).toEqual([{ path: "from", code: "offset_required", message: "Sertakan offset, misalnya +07:00 atau Z." }]);
    const long = await problem(await app.api("/api/v1/bookings?from=2027-03-01T00:00Z&to=2029-03-01T00:00Z", { token: alice.token }), 400);
    expect(long).toMatchObject({ reason: "range_too_long", detail: "Rentang paling panjang 366 hari." });
    const backwards = await problem(await app.api("/api/v1/bookings?from=2027-03-08T00:00Z&to=2027-03-01T00:00Z", { token: alice.token }), 400);
    expect(backwards.errors).toEqual([{ path: "to", code: "to_not_after_from", message: "Harus setelah waktu mulai." }]);
    const ok = await app.api("/api/v1/bookings?from=2027-03-01T00:00%2B07:00&to=2027-03-08T00:00Z", { token: alice.token });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { items: unknown[] }).items).toHaveLength(1);
  });
});

describe("space and resource input", () => {
  it("an empty PATCH of a resource or a space is a no-op 200 that returns it", async () => {
    const space = await createSpace(app.services, { operator });
    const desk = space.resources[0]!;
    const res = await app.api(`/api/v1/resources/${desk.id}`, { method: "PATCH", token: operator.token, body: {} });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ id: desk.id, name: desk.name, zone: desk.zone, active: true });
    const before = await app.services.spaces.get(space.id);
    const patched = await app.api(`/api/v1/spaces/${space.id}`, { method: "PATCH", token: operator.token, body: {} });
    expect(patched.status, await patched.clone().text()).toBe(200);
    expect(((await patched.json()) as { space: unknown }).space).toEqual(before);
    const missing = await app.api("/api/v1/resources/00000000-0000-4000-8000-000000000000", { method: "PATCH", token: operator.token, body: {} });
    expect((await problem(missing, 404)).code).toBe("not_found");
  });

  it("openingHours: [] (closed every day) is refused unless confirmClosedAllWeek is true, on create and on change", async () => {
    const body = { name: "Tutup", timezone: "Asia/Jakarta", openingHours: [] };
    const refused = await problem(await app.api("/api/v1/spaces", { token: operator.token, body }), 422);
    expect(refused.code).toBe("rule_violation");
    expect(refused.reason).toBe("closed_all_week");
    const created = await app.api("/api/v1/spaces", { token: operator.token, body: { ...body, confirmClosedAllWeek: true } });
    expect(created.status, await created.clone().text()).toBe(201);
    expect(((await created.json()) as { openingHours: unknown[] }).openingHours).toEqual([]);

    const space = await createSpace(app.services, { operator });
    const change = await problem(await app.api(`/api/v1/spaces/${space.id}`, { method: "PATCH", token: operator.token, body: { openingHours: [] } }), 422);
    expect(change.code).toBe("rule_violation");
    expect((await app.services.spaces.get(space.id)).openingHours).toHaveLength(7);
    const confirmed = await app.api(`/api/v1/spaces/${space.id}`, { method: "PATCH", token: operator.token, body: { openingHours: [], confirmClosedAllWeek: true } });
    expect(confirmed.status, await confirmed.clone().text()).toBe(200);
    expect((await app.services.spaces.get(space.id)).openingHours).toEqual([]);
  });
});

describe("closures: bounded, listed, edited and removed", () => {
  const closuresOf = (spaceId: string, query = "") => app.api(`/api/v1/spaces/${spaceId}/closures${query}`, { token: operator.token });
  const close = (spaceId: string, body: unknown, token = operator.token) => app.api(`/api/v1/spaces/${spaceId}/closures`, { token, body });
  const edit = (id: string, body: unknown, token = operator.token) => app.api(`/api/v1/closures/${id}`, { method: "PATCH", token, body });

  it("a closure lasts at most a year, starts at most two years ahead and must not be over already (the preview says so too)", async () => {
    const space = await createSpace(app.services, { operator });
    const tooLong = await problem(await close(space.id, { start: "2027-03-02T00:00", end: "2028-06-01T00:00", reason: "Renovasi" }), 422);
    expect(tooLong).toMatchObject({ code: "rule_violation" });
    expect(tooLong).toMatchObject({ reason: "closure_max_days", detail: "Penutupan paling lama 366 hari." });
    const preview = await app.api(`/api/v1/spaces/${space.id}/closures/preview?start=2027-03-02T00:00&end=2028-06-01T00:00`, { token: operator.token });
    expect((await problem(preview, 422)).code).toBe("rule_violation");
    const farAhead = await problem(await close(space.id, { start: "2030-01-01T00:00", end: "2030-01-02T00:00", reason: "Renovasi" }), 422);
    expect(farAhead.reason).toBe("closure_max_ahead_days");
    expect((await problem(await close(space.id, { start: "2027-02-01T00:00", end: "2027-02-02T00:00", reason: "Lalu" }), 422)).code).toBe("in_the_past");
    // A year exactly is fine.
    expect((await close(space.id, { start: "2027-03-02T00:00", end: "2028-03-02T00:00", reason: "Renovasi" })).status).toBe(201);
  });

  it("operators list a space's upcoming closures (soonest first) and past ones; members may not", async () => {
    const space = await createSpace(app.services, { operator });
    const later = (await (await close(space.id, { start: "2027-03-10T00:00", end: "2027-03-11T00:00", reason: "Libur" })).json()) as { id: string };
    const sooner = (await (await close(space.id, { start: "2027-03-03T08:00", end: "2027-03-03T12:00", reason: "Listrik" })).json()) as { id: string };
    const list = (await (await closuresOf(space.id)).json()) as { items: Array<{ id: string; start: string; end: string; reason: string; spaceId: string }> };
    expect(list.items.map((c) => c.id)).toEqual([sooner.id, later.id]);
    expect(list.items[0]).toMatchObject({ spaceId: space.id, start: "2027-03-03T08:00:00+07:00", end: "2027-03-03T12:00:00+07:00", reason: "Listrik" });
    clock.set("2027-03-05T00:00:00Z");
    const past = (await (await closuresOf(space.id, "?when=past")).json()) as { items: Array<{ id: string }> };
    expect(past.items.map((c) => c.id)).toEqual([sooner.id]);
    expect(((await (await closuresOf(space.id)).json()) as { items: Array<{ id: string }> }).items.map((c) => c.id)).toEqual([later.id]);
    expect((await problem(await app.api(`/api/v1/spaces/${space.id}/closures`, { token: alice.token }), 403)).code).toBe("forbidden");
  });

  it("extending a closure cancels the newly covered bookings and tells their members; shrinking it gives nothing back", async () => {
    const space = await createSpace(app.services, { operator });
    const desk = space.resources[0]!.id;
    const bob = await createMember(app.db.db, app.services, { name: "Bob" });
    const inside = (await (await book(alice.token, { resourceId: desk, start: "2027-03-02T09:00", end: "2027-03-02T10:00" })).json()) as { id: string };
    const after = (await (await book(bob.token, { resourceId: desk, start: "2027-03-02T14:00", end: "2027-03-02T15:00" })).json()) as { id: string };
    const created = (await (await close(space.id, { start: "2027-03-02T08:00", end: "2027-03-02T12:00", reason: "Listrik padam" })).json()) as { id: string; cancelledBookings: number };
    expect(created.cancelledBookings).toBe(1);

    // The preview of the longer closure lists only what it would newly cancel.
    const preview = (await (await app.api(`/api/v1/spaces/${space.id}/closures/preview?start=2027-03-02T08:00&end=2027-03-02T16:00`, { token: operator.token })).json()) as {
      bookings: Array<{ bookingId: string }>;
    };
    expect(preview.bookings.map((b) => b.bookingId)).toEqual([after.id]);
    const longer = await edit(created.id, { end: "2027-03-02T16:00", reason: "Listrik padam, seharian" });
    expect(longer.status, await longer.clone().text()).toBe(200);
    expect(await longer.json()).toMatchObject({
      cancelledBookings: 1,
      closure: { id: created.id, start: "2027-03-02T08:00:00+07:00", end: "2027-03-02T16:00:00+07:00", reason: "Listrik padam, seharian" },
    });
    const status = async (id: string) => (await app.db.db.selectFrom("bookings").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
    expect(await status(after.id)).toBe("cancelled");
    const notes = (await (await app.api("/api/v1/me/notifications", { token: bob.token })).json()) as { items: Array<{ kind: string; data: Record<string, unknown> }> };
    expect(notes.items[0]).toMatchObject({ kind: "booking_cancelled", data: { bookingId: after.id, reason: "closure", closureId: created.id } });

    // Back to the morning only: nothing comes back, and the afternoon takes bookings again.
    const shorter = await edit(created.id, { end: "2027-03-02T12:00" });
    expect(((await shorter.json()) as { cancelledBookings: number }).cancelledBookings).toBe(0);
    expect(await status(after.id)).toBe("cancelled");
    expect(await status(inside.id)).toBe("cancelled");
    expect((await book(bob.token, { resourceId: desk, start: "2027-03-02T14:00", end: "2027-03-02T15:00" })).status).toBe(201);
    expect((await book(bob.token, { resourceId: desk, start: "2027-03-02T10:00", end: "2027-03-02T11:00" })).status).toBe(422);

    // An edit is bounded like a new closure; an empty edit changes nothing.
    expect((await problem(await edit(created.id, { end: "2029-03-02T12:00" }), 422)).code).toBe("rule_violation");
    expect(((await (await edit(created.id, {})).json()) as { cancelledBookings: number }).cancelledBookings).toBe(0);
    expect((await problem(await edit(created.id, { end: "2027-03-03T00:00" }, alice.token), 403)).code).toBe("forbidden");
    expect((await problem(await edit("00000000-0000-4000-8000-000000000000", { reason: "x" }), 404)).code).toBe("not_found");
  });

  it("removing a closure lets the space take bookings again; what it cancelled stays cancelled", async () => {
    const space = await createSpace(app.services, { operator });
    const desk = space.resources[0]!.id;
    const inside = (await (await book(alice.token, { resourceId: desk, start: "2027-03-02T09:00", end: "2027-03-02T10:00" })).json()) as { id: string };
    const { id } = (await (await close(space.id, { start: "2027-03-02T08:00", end: "2027-03-02T12:00", reason: "Listrik" })).json()) as { id: string };
    expect((await problem(await app.api(`/api/v1/closures/${id}`, { method: "DELETE", token: alice.token }), 403)).code).toBe("forbidden");
    expect((await app.api(`/api/v1/closures/${id}`, { method: "DELETE", token: operator.token })).status).toBe(204);
    expect((await problem(await app.api(`/api/v1/closures/${id}`, { method: "DELETE", token: operator.token }), 404)).code).toBe("not_found");
    expect(((await (await closuresOf(space.id)).json()) as { items: unknown[] }).items).toEqual([]);
    expect((await app.db.db.selectFrom("bookings").select("status").where("id", "=", inside.id).executeTakeFirstOrThrow()).status).toBe("cancelled");
    expect((await book(alice.token, { resourceId: desk, start: "2027-03-02T10:00", end: "2027-03-02T11:00" })).status).toBe(201);
  });

  it("the closure routes are in the OpenAPI document", async () => {
    const doc = (await (await app.api("/api/v1/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths["/api/v1/spaces/{id}/closures"] ?? doc.paths["/spaces/{id}/closures"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/api/v1/closures/{id}"] ?? doc.paths["/closures/{id}"] ?? {}).sort()).toEqual(["delete", "patch"]);
  });
});
