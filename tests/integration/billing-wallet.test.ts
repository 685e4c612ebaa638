import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { onPglite } from "../support/db.js";
import { expectProblem, json } from "../support/app.js";
import { alice, bob, bookingApi, clock, operator, useBookingApp } from "../support/bookings.js";
import { createMember, createSpace, type TestMember, type TestSpace } from "../support/factories.js";

// The wallet (issue 14): lots, FIFO spending, expiry, adjustments and who may make them, and bookings paying with
// credits, day passes or the next invoice (refunded when cancelled before the start, not after a no-show, re-priced
// on a move). Fixed clock: Monday 2027-03-01 07:00 in Jakarta.
const app = useBookingApp();
const { api, book, getBooking, cancel } = bookingApi(app);

type Wallet = {
  credits: { balance: number; expiring: Array<{ amount: number; expiresOn: string }> };
  dayPasses: { balance: number; expiring: Array<{ amount: number; expiresOn: string }> };
  places: Array<{ spaceId: string | null; credits: number; dayPasses: number }>;
  entries: Array<{ id: string; kind: string; credits: number; dayPasses: number; reason: string | null; bookingId: string | null; spaceId: string | null }>;
};
type Charged = { id: string; charge: { method: string | null; credits: number; dayPasses: number; amount: number; refundedAt: string | null } };

const wallet = async (who: TestMember) => json<Wallet>(await api("/api/v1/me/wallet", { token: who.token }), 200);
const w = () => app.services.billing.wallet;
const db = () => app.db.db;

/** Rates set as the prices engineer's PATCH /resources/:id would: rupiah per hour, per day, credits per hour. */
async function rate(resourceId: string, r: { perHour?: number | null; perDay?: number | null; creditsPerHour?: number | null }) {
  await db()
    .updateTable("resources")
    .set({ rate_per_hour: r.perHour ?? null, rate_per_day: r.perDay ?? null, credits_per_hour: r.creditsPerHour ?? null })
    .where("id", "=", resourceId)
    .execute();
}

async function grant(memberId: string, spaceId: string | null, unit: "credit" | "day_pass", amount: number, expiresOn: string | null = null, kind: "grant" | "purchase" = "purchase") {
  return db().transaction().execute((trx) => w().grant(trx, { memberId, spaceId, unit, amount, kind, expiresOn }));
}

const lotSums = async (memberId: string) => {
  const { rows } = await sql<{ lot_id: string; left: number }>`
    SELECT lot_id, sum(amount)::int AS left FROM wallet_entries WHERE member_id = ${memberId} GROUP BY lot_id`.execute(db());
  return new Map(rows.map((r) => [r.lot_id, Number(r.left)]));
};

/** A priced room (1 credit or Rp 100.000 an hour) and a priced desk (Rp 75.000 a day, Rp 25.000 an hour, no credits). */
async function pricedSpace(): Promise<{ space: TestSpace; desk: string; desk2: string; room: string }> {
  const space = await createSpace(app.services, { operator });
  const [d1, d2, , room] = space.resources;
  await rate(room!.id, { perHour: 100_000, creditsPerHour: 1 });
  await rate(d1!.id, { perHour: 25_000, perDay: 75_000 });
  await rate(d2!.id, { perHour: 25_000, perDay: 75_000 });
  return { space, desk: d1!.id, desk2: d2!.id, room: room!.id };
}

describe("wallet ledger", () => {
  it("spends FIFO (soonest expiry first, then oldest), skips expired lots and other spaces', and never goes below zero", async () => {
    const { space } = await pricedSpace();
    const other = await createSpace(app.services);
    const old = await grant(alice.id, space.id, "credit", 3);
    clock.advance(60_000);
    const network = await grant(alice.id, null, "credit", 2);
    const soon = await grant(alice.id, space.id, "credit", 2, "2027-03-10");
    await grant(alice.id, space.id, "credit", 5, "2027-02-28"); // already expired
    await grant(alice.id, other.id, "credit", 4); // another space's

    expect(await w().balance(db(), alice.id, space.id)).toEqual({ credits: 7, dayPasses: 0 });
    await db().transaction().execute((trx) => w().debit(trx, { memberId: alice.id, spaceId: space.id, unit: "credit", amount: 4, kind: "spend" }));
    let left = await lotSums(alice.id);
    // soonest expiry (2) first, then the oldest of those without expiry (1 of 3), the network's untouched.
    expect(left.get(soon.id)).toBe(0);
    expect(left.get(old.id)).toBe(1);
    expect(left.get(network.id)).toBe(2);

    await expectDomain(
      db().transaction().execute((trx) => w().debit(trx, { memberId: alice.id, spaceId: space.id, unit: "credit", amount: 4, kind: "spend" })),
      "insufficient_credits",
    );
    await db().transaction().execute((trx) => w().debit(trx, { memberId: alice.id, spaceId: space.id, unit: "credit", amount: 3, kind: "spend" }));
    left = await lotSums(alice.id);
    expect([left.get(old.id), left.get(network.id)]).toEqual([0, 0]);
    expect(await w().balance(db(), alice.id, space.id)).toEqual({ credits: 0, dayPasses: 0 });

    // The trigger is the guarantee: an entry that takes a lot below zero is refused whatever the code does.
    await expect(
      db().insertInto("wallet_entries").values({ id: crypto.randomUUID(), member_id: alice.id, space_id: space.id, unit: "credit", amount: -1, kind: "spend", lot_id: old.id }).execute(),
    ).rejects.toThrow(/below zero/);
  });

  it("GET /me/wallet: balances valid today, what expires when, per place, and the history in words' codes", async () => {
    const { space } = await pricedSpace();
    await grant(alice.id, space.id, "credit", 10, "2027-03-31");
    clock.advance(1000);
    await grant(alice.id, null, "day_pass", 2);
    await grant(bob.id, space.id, "credit", 99);
    const mine = await wallet(alice);
    expect(mine.credits).toEqual({ balance: 10, expiring: [{ amount: 10, expiresOn: "2027-03-31" }] });
    expect(mine.dayPasses).toEqual({ balance: 2, expiring: [] });
    expect(mine.places).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ spaceId: space.id, credits: 10, dayPasses: 0 }),
        expect.objectContaining({ spaceId: null, credits: 0, dayPasses: 2 }),
      ]),
    );
    expect(mine.entries.map((e) => [e.kind, e.credits, e.dayPasses])).toEqual([
      ["purchase", 0, 2],
      ["purchase", 10, 0],
    ]);
    await expectProblem(await api("/api/v1/me/wallet?limit=0", { token: alice.token }), 400, "validation_failed");
    await expectProblem(await api("/api/v1/me/wallet"), 401, "unauthenticated");
  });

  it("the expiry job lapses what is left of lots past their last day, once; lapse() ends a subscription's lots", async () => {
    const { space } = await pricedSpace();
    const lot = await grant(alice.id, space.id, "credit", 5, "2027-03-01");
    await db().transaction().execute((trx) => w().debit(trx, { memberId: alice.id, spaceId: space.id, unit: "credit", amount: 2, kind: "spend" }));
    await db().transaction().execute((trx) => w().expireLapsed(trx));
    expect((await lotSums(alice.id)).get(lot.id)).toBe(3); // still valid today (its last day)

    clock.set("2027-03-01T17:00:00Z"); // Tuesday 00:00 in Jakarta
    await db().transaction().execute((trx) => w().expireLapsed(trx));
    await db().transaction().execute((trx) => w().expireLapsed(trx));
    expect((await lotSums(alice.id)).get(lot.id)).toBe(0);
    const expiries = (await wallet(alice)).entries.filter((e) => e.kind === "expiry");
    expect(expiries.map((e) => e.credits)).toEqual([-3]);

    const plan = await db().insertInto("plans").values({ name: "Hot desk", kind: "hot_desk", price: 1_250_000, cycle: "month", space_id: space.id }).returning("id").executeTakeFirstOrThrow();
    const sub = await db()
      .insertInto("subscriptions")
      .values({ plan_id: plan.id, member_id: alice.id, space_id: space.id, status: "active", period_start: "2027-03-01", period_end: "2027-04-01", started_on: "2027-03-01" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db().transaction().execute((trx) =>
      w().grant(trx, { memberId: alice.id, spaceId: space.id, unit: "credit", amount: 8, kind: "grant", expiresOn: "2027-03-31", subscriptionId: sub.id }),
    );
    await db().transaction().execute((trx) => w().debit(trx, { memberId: alice.id, spaceId: space.id, unit: "credit", amount: 3, kind: "spend" }));
    expect(await db().transaction().execute((trx) => w().lapse(trx, { subscriptionId: sub.id, today: "2027-04-01" }))).toBe(5);
    expect(await db().transaction().execute((trx) => w().lapse(trx, { subscriptionId: sub.id, today: "2027-04-01" }))).toBe(0);
    expect((await wallet(alice)).credits.balance).toBe(0);
  });
});

describe("adjustments", () => {
  it("an operator adjusts at a space they run (with a reason); negative beyond the balance → 422; others 404", async () => {
    const { space } = await pricedSpace();
    const otherOperator = await createMember(db(), app.services, { role: "operator" });
    const admin = await createMember(db(), app.services, { role: "admin" });
    const path = `/api/v1/members/${alice.id}/wallet/adjustments`;

    const added = await json<{ id: string; kind: string; credits: number; dayPasses: number; reason: string }>(
      await api(path, { token: operator.token, body: { spaceId: space.id, credits: 5, dayPasses: 1, reason: "Welcome" } }),
      201,
    );
    expect(added).toMatchObject({ kind: "adjustment", credits: 5, dayPasses: 1, reason: "Welcome", spaceId: space.id });
    const taken = await json<{ credits: number }>(await api(path, { token: operator.token, body: { spaceId: space.id, credits: -2, reason: "Correction" } }), 201);
    expect(taken.credits).toBe(-2);

    // The contract's body names no space: an operator of one space means theirs; one of several must name it.
    const implied = await json<{ spaceId: string; credits: number }>(await api(path, { token: operator.token, body: { credits: 1, reason: "Their one space" } }), 201);
    expect(implied).toMatchObject({ spaceId: space.id, credits: 1 });
    await createSpace(app.services, { operator });

    const before = await app.db.rowCounts();
    await expectProblem(await api(path, { token: operator.token, body: { spaceId: space.id, credits: -5, reason: "Too much" } }), 422, "insufficient_credits");
    // Another space's operator, a member (even on their own wallet), an unknown member: 404; bad bodies: 400.
    await expectProblem(await api(path, { token: otherOperator.token, body: { spaceId: space.id, credits: 1, reason: "x" } }), 404, "not_found");
    await expectProblem(await api(`/api/v1/members/${alice.id}/wallet/adjustments`, { token: alice.token, body: { spaceId: space.id, credits: 1, reason: "x" } }), 404, "not_found");
    await expectProblem(await api(`/api/v1/members/${crypto.randomUUID()}/wallet/adjustments`, { token: operator.token, body: { spaceId: space.id, credits: 1, reason: "x" } }), 404, "not_found");
    await expectProblem(await api(path, { token: operator.token, body: { credits: 1, reason: "network" } }), 400, "validation_failed");
    await expectProblem(await api(path, { token: operator.token, body: { spaceId: space.id, reason: "nothing" } }), 400, "validation_failed");
    await expectProblem(await api(path, { token: operator.token, body: { spaceId: space.id, credits: 0, reason: "zero" } }), 400, "validation_failed");
    await expectProblem(await api(path, { token: operator.token, body: { spaceId: space.id, credits: 1, reason: "x", extra: 1 } }), 400, "validation_failed");
    expect(await app.db.rowCounts()).toEqual(before);

    // An admin may give a network-wide lot.
    await json(await api(path, { token: admin.token, body: { dayPasses: 2, reason: "Network gift" } }), 201);
    const mine = await wallet(alice);
    expect([mine.credits.balance, mine.dayPasses.balance]).toEqual([4, 3]);

    // The space's wallets: its operator sees Alice; the other operator and members get 404.
    const list = await json<{ items: Array<{ member: { id: string }; credits: number; dayPasses: number }> }>(
      await api(`/api/v1/spaces/${space.id}/wallets`, { token: operator.token }),
      200,
    );
    expect(list.items).toEqual([expect.objectContaining({ member: expect.objectContaining({ id: alice.id }), credits: 4, dayPasses: 3 })]);
    await expectProblem(await api(`/api/v1/spaces/${space.id}/wallets`, { token: otherOperator.token }), 404, "not_found");
    await expectProblem(await api(`/api/v1/spaces/${space.id}/wallets`, { token: bob.token }), 404, "not_found");
  });
});

describe("booking pay", () => {
  const at = (h: number) => `2027-03-02T${String(h).padStart(2, "0")}:00`;

  it("auto: credits first, then a day pass (desks), then the next invoice at the rate; free where nothing is priced", async () => {
    const { space, desk, room } = await pricedSpace();
    const freeDesk = space.resources[2]!.id;
    await grant(alice.id, space.id, "credit", 2);
    await grant(alice.id, space.id, "day_pass", 1);

    const r1 = await book(alice, { resourceId: room, start: at(9), end: at(11) }) as unknown as Charged;
    expect(r1.charge).toEqual({ method: "credits", credits: 2, dayPasses: 0, amount: 0, refundedAt: null });
    const r2 = await book(alice, { resourceId: room, start: at(11), end: at(12) }) as unknown as Charged;
    expect(r2.charge).toMatchObject({ method: "invoice", amount: 100_000 });
    const d1 = await book(alice, { resourceId: desk, start: at(9), end: at(17) }) as unknown as Charged;
    expect(d1.charge).toMatchObject({ method: "day_pass", dayPasses: 1 });
    const d2 = await book(alice, { resourceId: desk, start: "2027-03-03T09:00", end: "2027-03-03T12:00" }) as unknown as Charged;
    expect(d2.charge).toMatchObject({ method: "invoice", amount: 75_000 });
    const f = await book(alice, { resourceId: freeDesk, start: at(9), end: at(10) }) as unknown as Charged;
    expect(f.charge).toMatchObject({ method: "free", amount: 0 });

    expect(((await getBooking(alice, r1.id)) as unknown as Charged).charge.method).toBe("credits");
    const mine = await wallet(alice);
    expect([mine.credits.balance, mine.dayPasses.balance]).toEqual([0, 0]);
    expect(mine.entries.filter((e) => e.kind === "spend").map((e) => [e.bookingId, e.credits, e.dayPasses])).toEqual(
      expect.arrayContaining([
        [r1.id, -2, 0],
        [d1.id, 0, -1],
      ]),
    );
    const waiting = await db().selectFrom("bookings").select(["id", "charge_amount"]).where("charge_method", "=", "invoice").where("invoice_id", "is", null).orderBy("charge_amount").execute();
    expect(waiting.map((b) => Number(b.charge_amount))).toEqual([75_000, 100_000]);
  });

  it("explicit methods: credits or a day pass the wallet cannot cover, or that cannot pay this resource → 422 and nothing booked", async () => {
    const { desk, room } = await pricedSpace();
    await grant(alice.id, null, "credit", 1);
    const before = await app.db.rowCounts();
    const refused = async (body: Record<string, unknown>, reason: string) => {
      const res = await api("/api/v1/bookings", { token: alice.token, body });
      const problem = await json<{ code: string; reason?: string }>(res, 422);
      expect(problem).toMatchObject({ code: "insufficient_credits", reason });
    };
    await refused({ resourceId: room, start: at(9), end: at(11), pay: "credits" }, "not_enough_credits");
    await refused({ resourceId: room, start: at(9), end: at(11), pay: "day_pass" }, "day_pass_not_accepted");
    await refused({ resourceId: desk, start: at(9), end: at(11), pay: "credits" }, "credits_not_accepted");
    await refused({ resourceId: desk, start: at(9), end: at(11), pay: "day_pass" }, "not_enough_day_passes");
    expect(await app.db.rowCounts()).toEqual(before);
    await expectProblem(await api("/api/v1/bookings", { token: alice.token, body: { resourceId: room, start: at(9), end: at(10), pay: "gold" } }), 400, "validation_failed");

    const ok = await book(alice, { resourceId: room, start: at(9), end: at(10), pay: "credits" }) as unknown as Charged;
    expect(ok.charge).toMatchObject({ method: "credits", credits: 1 });
    const inv = await book(alice, { resourceId: room, start: at(10), end: at(11), pay: "invoice" }) as unknown as Charged;
    expect(inv.charge).toMatchObject({ method: "invoice", amount: 100_000 });
  });

  it("a weekly series charges each week; an explicit method skips the weeks it cannot cover", async () => {
    const { room } = await pricedSpace();
    await grant(alice.id, null, "credit", 2);
    const series = await json<{ created: Charged[]; skipped: Array<{ code: string }> }>(
      await api("/api/v1/bookings", { token: alice.token, body: { resourceId: room, start: at(9), end: at(10), recurrence: { freq: "weekly", count: 3 }, pay: "credits" } }),
      201,
    );
    expect(series.created.map((b) => b.charge.method)).toEqual(["credits", "credits"]);
    expect(series.skipped.map((s) => s.code)).toEqual(["insufficient_credits"]);
    expect((await wallet(alice)).credits.balance).toBe(0);
    const auto = await json<{ created: Charged[] }>(
      await api("/api/v1/bookings", { token: alice.token, body: { resourceId: room, start: at(11), end: at(12), recurrence: { freq: "weekly", count: 2 } } }),
      201,
    );
    expect(auto.created.map((b) => b.charge.method)).toEqual(["invoice", "invoice"]);
  });

  it("cancelling before the start refunds (member, operator, series, closure); a no-show is not refunded", async () => {
    const { space, desk, room } = await pricedSpace();
    await grant(alice.id, space.id, "credit", 10);
    await grant(alice.id, space.id, "day_pass", 1);
    const b1 = await book(alice, { resourceId: room, start: at(9), end: at(11) }) as unknown as Charged;
    expect((await wallet(alice)).credits.balance).toBe(8);
    expect((await cancel(alice, b1.id)).status).toBe(204);
    expect((await wallet(alice)).credits.balance).toBe(10);
    expect(((await getBooking(alice, b1.id)) as unknown as Charged).charge.refundedAt).not.toBeNull();
    // Cancelling again refunds nothing twice.
    await cancel(alice, b1.id);
    expect((await wallet(alice)).credits.balance).toBe(10);

    const b2 = await book(alice, { resourceId: room, start: at(12), end: at(13) }) as unknown as Charged;
    expect((await cancel(operator, b2.id)).status).toBe(204);
    const inv = await book(alice, { resourceId: room, start: at(13), end: at(14), pay: "invoice" }) as unknown as Charged;
    await cancel(alice, inv.id);
    expect((await db().selectFrom("bookings").select("charge_refunded_at").where("id", "=", inv.id).executeTakeFirstOrThrow()).charge_refunded_at).not.toBeNull();

    const d = await book(alice, { resourceId: desk, start: at(15), end: at(17) }) as unknown as Charged;
    expect(d.charge.method).toBe("day_pass");
    const inClosure = await book(alice, { resourceId: room, start: at(15), end: at(16) }) as unknown as Charged;
    expect((await wallet(alice))).toMatchObject({ credits: { balance: 9 }, dayPasses: { balance: 0 } });
    await json(await api(`/api/v1/spaces/${space.id}/closures`, { token: operator.token, body: { start: at(14), end: at(18), reason: "Listrik padam" } }), 201);
    expect(((await getBooking(alice, inClosure.id)) as unknown as { status: string }).status).toBe("cancelled");
    expect((await wallet(alice))).toMatchObject({ credits: { balance: 10 }, dayPasses: { balance: 1 } });

    // A no-show: released by the job after the grace, nothing comes back.
    const ns = await book(alice, { resourceId: room, start: at(9), end: at(10) }) as unknown as Charged;
    expect((await wallet(alice)).credits.balance).toBe(9);
    clock.set("2027-03-02T02:31:00Z"); // 09:31 in Jakarta, grace 30 minutes
    expect(await bookingApi(app).runNoShowJob()).toBe(1);
    expect(((await getBooking(alice, ns.id)) as unknown as { status: string }).status).toBe("no_show");
    expect((await wallet(alice)).credits.balance).toBe(9);
  });

  it("a move re-prices in one transaction: refund and charge again the same way; not covered → 422, nothing moved", async () => {
    const { room } = await pricedSpace();
    await grant(alice.id, null, "credit", 3);
    const b = await book(alice, { resourceId: room, start: at(9), end: at(10) }) as unknown as Charged;
    expect((await wallet(alice)).credits.balance).toBe(2);
    const moved = await json<Charged>(await api(`/api/v1/bookings/${b.id}`, { method: "PATCH", token: alice.token, body: { start: at(13), end: at(16) } }), 200);
    expect(moved.charge).toMatchObject({ method: "credits", credits: 3, refundedAt: null });
    expect((await wallet(alice)).credits.balance).toBe(0);
    await expectProblem(await api(`/api/v1/bookings/${b.id}`, { method: "PATCH", token: alice.token, body: { start: at(13), end: at(17) } }), 422, "insufficient_credits");
    expect((await getBooking(alice, b.id)).end).toContain("T16:00");
    await cancel(alice, b.id);
    expect((await wallet(alice)).credits.balance).toBe(3);
  });

  // PostgreSQL only: PGlite runs one transaction at a time, so nothing can race there.
  it.skipIf(onPglite)("storm: twelve bookings of one member racing for eight credits → exactly eight bookings and a wallet at zero", async () => {
    const space = await createSpace(app.services, { operator, desks: 12 });
    const desks = space.resources.filter((r) => r.kind === "desk");
    for (const d of desks) await rate(d.id, { perHour: 50_000, creditsPerHour: 1 });
    await grant(alice.id, space.id, "credit", 5);
    await grant(alice.id, null, "credit", 3);
    const results = await Promise.all(
      desks.map((d) => api("/api/v1/bookings", { token: alice.token, body: { resourceId: d.id, start: at(9), end: at(10), pay: "credits" } })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(8).fill(201), ...Array(4).fill(422)]);
    expect((await wallet(alice)).credits.balance).toBe(0);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM bookings WHERE member_id = ${alice.id} AND status = 'confirmed'`.execute(db());
    expect(Number(rows[0]!.n)).toBe(8);
    for (const left of (await lotSums(alice.id)).values()) expect(left).toBe(0);
  });
});

async function expectDomain(p: Promise<unknown>, code: string) {
  await expect(p).rejects.toMatchObject({ code });
}
