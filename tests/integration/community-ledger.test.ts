import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { onPglite } from "../support/db.js";
import { json, useTestApp } from "../support/app.js";
import { createMember, type TestMember } from "../support/factories.js";

// Issue 16, items 1 and 2: referrals (forward-only, private amounts) and hours invested (mutual credit that sums to
// zero, within a credit limit). Real HTTP, real database; the races run on PostgreSQL only (PGlite runs one
// transaction at a time, so a race there proves nothing).
const app = useTestApp({ env: { WEBHOOK_ALLOW_PRIVATE: "true" } });

type Problem = { code: string; reason?: string; errors?: { path: string; code?: string }[] };
type Referral = { id: string; status: string; closedValue: number | null; estimatedValue: number | null; steps: { status: string }[]; from: { id: string } | null; to: { id: string } | null };
type Hours = { id: string; status: string; hours: number };
type Ledger = {
  hours: { balance: number; given: number; received: number; limit: number; pendingToConfirm: number };
  referrals: { given: number; received: number; won: number; closedValue: number; wonReceived: number; closedValueReceived: number };
  entries: { hours: number; kind: string; other: { id: string } | null }[];
};

const member = (role: "member" | "admin" = "member") => createMember(app.db.db, app.services, { role });
const give = (from: TestMember, to: TestMember, extra: Record<string, unknown> = {}) =>
  app.api("/api/v1/referrals", { token: from.token, body: { toMemberId: to.id, prospect: "Toko Batik Sari", description: "Needs product photos", estimatedValue: 15_000_000, ...extra } });
const step = (who: TestMember, id: string, body: Record<string, unknown>) => app.api(`/api/v1/referrals/${id}`, { method: "PATCH", token: who.token, body });
const record = (from: TestMember, to: TestMember, hours: number) =>
  app.api("/api/v1/ledger/hours", { token: from.token, body: { toMemberId: to.id, hours, description: "Brand review" } });
const answer = (who: TestMember, id: string, verb: "confirm" | "reject") => app.api(`/api/v1/ledger/hours/${id}/${verb}`, { method: "POST", token: who.token });
const ledger = async (who: TestMember) => json<Ledger>(await app.api("/api/v1/me/ledger", { token: who.token }), 200);

/** Every member's balance in minutes, straight from the ledger. */
async function balances(): Promise<Map<string, number>> {
  const rows = await app.db.db.selectFrom("hour_entries").select(["creditor_id", "debtor_id", "minutes"]).execute();
  const out = new Map<string, number>();
  for (const r of rows) {
    out.set(r.creditor_id, (out.get(r.creditor_id) ?? 0) + r.minutes);
    out.set(r.debtor_id, (out.get(r.debtor_id) ?? 0) - r.minutes);
  }
  return out;
}
/** The balances the API reports (the service's own sums), for these members. */
async function reported(members: TestMember[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const m of members) out.set(m.id, Math.round((await ledger(m)).hours.balance * 60));
  return out;
}
const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe("referrals", () => {
  it("move forward only, by the receiver; won records the closed value; both sides are told", async () => {
    const giver = await member();
    const receiver = await member();
    const created = await json<Referral>(await give(giver, receiver), 201);
    expect([created.status, created.estimatedValue, created.from?.id, created.to?.id]).toEqual(["given", 15_000_000, giver.id, receiver.id]);
    const told = await app.db.db.selectFrom("notifications").select(["member_id", "kind"]).where("kind", "like", "referral%").execute();
    expect(told).toEqual([{ member_id: receiver.id, kind: "referral_received" }]);

    // The giver cannot move (or win) their own referral.
    const byGiver = await json<Problem>(await step(giver, created.id, { status: "won", closedValue: 1 }), 403);
    expect([byGiver.code, byGiver.reason]).toEqual(["forbidden", "receiver_only"]);

    expect((await json<Referral>(await step(receiver, created.id, { status: "meeting" }), 200)).status).toBe("meeting");
    const back = await json<Problem>(await step(receiver, created.id, { status: "contacted" }), 422);
    expect([back.code, back.reason]).toEqual(["invalid_transition", "referral_backwards"]);
    // The same step again (a retried request) changes nothing.
    expect((await json<Referral>(await step(receiver, created.id, { status: "meeting" }), 200)).steps.map((s) => s.status)).toEqual(["given", "meeting"]);

    // won needs its value; a value goes only with won.
    const noValue = await json<Problem>(await step(receiver, created.id, { status: "won" }), 400);
    expect(noValue.errors?.map((e) => [e.path, e.code])).toEqual([["closedValue", "closed_value_required"]]);
    expect((await json<Problem>(await step(receiver, created.id, { status: "lost", closedValue: 5 }), 400)).errors?.[0]?.code).toBe("closed_value_only_won");

    const won = await json<Referral>(await step(receiver, created.id, { status: "won", closedValue: 12_500_000 }), 200);
    expect([won.status, won.closedValue, won.steps.map((s) => s.status)]).toEqual(["won", 12_500_000, ["given", "meeting", "won"]]);
    for (const next of [{ status: "lost" }, { status: "won", closedValue: 1 }]) {
      const closed = await json<Problem>(await step(receiver, created.id, next), 422);
      expect([closed.code, closed.reason]).toEqual(["invalid_transition", "referral_closed"]);
    }
    const toGiver = await app.db.db.selectFrom("notifications").select(["member_id", "kind", "data"]).where("kind", "=", "referral_updated").orderBy("created_at").execute();
    expect(toGiver.map((n) => [n.member_id, (n.data as { status: string }).status])).toEqual([
      [giver.id, "meeting"],
      [giver.id, "won"],
    ]);

    expect((await ledger(giver)).referrals).toEqual({ given: 1, received: 0, won: 1, closedValue: 12_500_000, wonReceived: 0, closedValueReceived: 0 });
    expect((await ledger(receiver)).referrals).toEqual({ given: 0, received: 1, won: 0, closedValue: 0, wonReceived: 1, closedValueReceived: 12_500_000 });
  });

  it("are private to their two members and the network manager: strangers get 404, and see counts only", async () => {
    const [giver, receiver, stranger, admin] = [await member(), await member(), await member(), await member("admin")];
    const { id } = await json<Referral>(await give(giver, receiver), 201);
    await json(await step(receiver, id, { status: "won", closedValue: 9_000_000 }), 200);
    expect((await app.api(`/api/v1/referrals/${id}`, { token: stranger.token })).status).toBe(404);
    expect((await step(stranger, id, { status: "lost" })).status).toBe(404);
    expect((await json<{ items: Referral[] }>(await app.api("/api/v1/referrals", { token: stranger.token }), 200)).items).toEqual([]);
    expect((await json<Referral>(await app.api(`/api/v1/referrals/${id}`, { token: admin.token }), 200)).closedValue).toBe(9_000_000);
    // The network manager sees it but does not move it: that is the receiver's.
    expect((await step(admin, id, { status: "lost" })).status).toBe(403);
    const seen = await json<Record<string, unknown>>(await app.api(`/api/v1/members/${giver.id}/ledger`, { token: stranger.token }), 200);
    expect(seen).toEqual({ referralsGiven: 1, referralsWon: 1, hoursGiven: 0, hoursReceived: 0 });
    expect(JSON.stringify(seen)).not.toContain("9000000");
  });

  it("refuse a referral to oneself, or to a member who does not exist, and change nothing", async () => {
    const a = await member();
    const self = await json<Problem>(await give(a, a), 400);
    expect([self.code, self.reason]).toEqual(["validation_failed", "self_referral"]);
    // The same id in capitals is the same member: refused the same way (the database compares uuids, not text).
    expect((await json<Problem>(await give(a, { ...a, id: a.id.toUpperCase() }), 400)).reason).toBe("self_referral");
    expect((await give(a, { ...a, id: "00000000-0000-4000-8000-000000000bad" })).status).toBe(404);
    expect(await app.db.db.selectFrom("referrals").select("id").execute()).toEqual([]);
  });

  it("a won referral is a referral.won webhook, written with the change", async () => {
    const [giver, receiver, admin] = [await member(), await member(), await member("admin")];
    await json(await app.api("/api/v1/webhooks", { token: admin.token, body: { url: "http://127.0.0.1:9/hook", events: ["referral.won"] } }), 201);
    const { id } = await json<Referral>(await give(giver, receiver), 201);
    await json(await step(receiver, id, { status: "contacted" }), 200);
    expect(await app.db.db.selectFrom("outbox").select("kind").where("channel", "=", "webhook").execute()).toEqual([]);
    await json(await step(receiver, id, { status: "won", closedValue: 1_000_000 }), 200);
    const rows = await app.db.db.selectFrom("outbox").select(["kind", "payload"]).where("channel", "=", "webhook").execute();
    expect(rows.map((r) => r.kind)).toEqual(["referral.won"]);
    expect(JSON.stringify(rows[0]!.payload)).toContain(id);
  });
});

describe("hidden members", () => {
  it("are 404 to strangers (no business, no hours, no ledger counts) and open to their connections", async () => {
    const [hidden, stranger, friend] = [await member(), await member(), await member()];
    await json(await app.api("/api/v1/me/profile", { method: "PATCH", token: hidden.token, body: { hidden: true } }), 200);
    expect((await give(stranger, hidden)).status).toBe(404);
    expect((await record(stranger, hidden, 1)).status).toBe(404);
    expect((await app.api(`/api/v1/members/${hidden.id}/ledger`, { token: stranger.token })).status).toBe(404);
    // A hidden member asks to connect (nobody can find them to ask); once accepted, the connection sees them.
    const { id } = await json<{ id: string }>(await app.api("/api/v1/connections", { token: hidden.token, body: { memberId: friend.id } }), 201);
    await json(await app.api(`/api/v1/connections/${id}/accept`, { method: "POST", token: friend.token }), 200);
    expect((await give(friend, hidden)).status).toBe(201);
    expect((await app.api(`/api/v1/members/${hidden.id}/ledger`, { token: friend.token })).status).toBe(200);
    expect(await app.db.db.selectFrom("hour_records").select("id").execute()).toEqual([]);
  });
});

describe("hours invested", () => {
  it("a confirmation credits the giver and debits the receiver: balances sum to zero; rejecting writes nothing", async () => {
    const [giver, receiver] = [await member(), await member()];
    const a = await json<Hours>(await record(giver, receiver, 1.5), 201);
    const b = await json<Hours>(await record(giver, receiver, 2), 201);
    expect([a.status, a.hours]).toEqual(["pending", 1.5]);
    expect((await ledger(receiver)).hours.pendingToConfirm).toBe(2);
    // Only the receiver answers.
    const byGiver = await json<Problem>(await answer(giver, a.id, "confirm"), 403);
    expect(byGiver.reason).toBe("receiver_only");
    expect((await json<Hours>(await answer(receiver, a.id, "confirm"), 200)).status).toBe("confirmed");
    expect((await json<Hours>(await answer(receiver, a.id, "confirm"), 200)).status).toBe("confirmed"); // retried
    expect((await json<Hours>(await answer(receiver, b.id, "reject"), 200)).status).toBe("rejected");
    const late = await json<Problem>(await answer(receiver, b.id, "confirm"), 422);
    expect([late.code, late.reason]).toEqual(["invalid_transition", "hours_decided"]);

    expect((await ledger(giver)).hours).toMatchObject({ balance: 1.5, given: 1.5, received: 0, limit: -20 });
    expect((await ledger(receiver)).hours).toMatchObject({ balance: -1.5, given: 0, received: 1.5, pendingToConfirm: 0 });
    expect((await ledger(receiver)).entries).toEqual([expect.objectContaining({ hours: -1.5, kind: "transfer", other: expect.objectContaining({ id: giver.id }) })]);
    expect(await reported([giver, receiver])).toEqual(new Map([[giver.id, 90], [receiver.id, -90]]));
    expect(await balances()).toEqual(await reported([giver, receiver]));
    const told = await app.db.db.selectFrom("notifications").select(["member_id", "kind"]).where("kind", "like", "hours%").orderBy("created_at").execute();
    expect(told.filter((n) => n.kind === "hours_decided").map((n) => n.member_id)).toEqual([giver.id, giver.id]);
  });

  it("a receiver cannot go past the credit limit (422 credit_limit_reached); the network manager moves the limit", async () => {
    const [giver, receiver, admin] = [await member(), await member(), await member("admin")];
    const first = await json<Hours>(await record(giver, receiver, 19), 201);
    await json(await answer(receiver, first.id, "confirm"), 200);
    const second = await json<Hours>(await record(giver, receiver, 1.25), 201);
    const refused = await json<Problem & { balance: number; limit: number }>(await answer(receiver, second.id, "confirm"), 422);
    expect([refused.code, refused.reason]).toEqual(["credit_limit_reached", "hours_limit"]);
    expect((await json<Hours>(await app.api(`/api/v1/ledger/hours/${second.id}`, { token: receiver.token }), 200)).status).toBe("pending");
    expect((await ledger(receiver)).hours.balance).toBe(-19);

    expect((await app.api("/api/v1/ledger/settings", { method: "PUT", token: receiver.token, body: { creditLimitHours: -100 } })).status).toBe(403);
    expect((await app.api("/api/v1/ledger/settings", { method: "PUT", token: admin.token, body: { creditLimitHours: 5 } })).status).toBe(400);
    await json(await app.api("/api/v1/ledger/settings", { method: "PUT", token: admin.token, body: { creditLimitHours: -30 } }), 200);
    expect((await json<Hours>(await answer(receiver, second.id, "confirm"), 200)).status).toBe("confirmed");
    expect((await ledger(receiver)).hours).toMatchObject({ balance: -20.25, limit: -30 });
  });

  it("the ledger is append-only: a correction is a reversal by the network manager, once", async () => {
    const [giver, receiver, admin, stranger] = [await member(), await member(), await member("admin"), await member()];
    const h = await json<Hours>(await record(giver, receiver, 3), 201);
    await json(await answer(receiver, h.id, "confirm"), 200);
    await expect(sql`UPDATE hour_entries SET minutes = 1`.execute(app.db.db)).rejects.toMatchObject({ code: "55000" });
    await expect(sql`DELETE FROM hour_entries`.execute(app.db.db)).rejects.toMatchObject({ code: "55000" });

    expect((await json<Problem>(await app.api(`/api/v1/ledger/hours/${h.id}/reverse`, { token: giver.token, body: { reason: "typo" } }), 403)).reason).toBe("network_manager_only");
    expect((await app.api(`/api/v1/ledger/hours/${h.id}/reverse`, { token: stranger.token, body: { reason: "typo" } })).status).toBe(404);
    expect((await app.api(`/api/v1/ledger/hours/${h.id}`, { token: stranger.token })).status).toBe(404);
    const reversed = await json<Hours>(await app.api(`/api/v1/ledger/hours/${h.id}/reverse`, { token: admin.token, body: { reason: "Recorded twice" } }), 200);
    expect(reversed.status).toBe("reversed");
    const again = await json<Problem>(await app.api(`/api/v1/ledger/hours/${h.id}/reverse`, { token: admin.token, body: { reason: "again" } }), 422);
    expect(again.reason).toBe("already_reversed");
    expect((await ledger(giver)).hours).toMatchObject({ balance: 0, given: 0 });
    expect((await ledger(receiver)).hours).toMatchObject({ balance: 0, received: 0 });
    expect(await app.db.db.selectFrom("hour_entries").select("kind").orderBy("created_at").execute()).toEqual([{ kind: "transfer" }, { kind: "reversal" }]);
  });

  it("refuse hours to oneself, in other than quarter hours, or beyond 100, and change nothing", async () => {
    const [a, b] = [await member(), await member()];
    expect((await json<Problem>(await record(a, a, 1), 400)).reason).toBe("self_hours");
    expect((await json<Problem>(await record(a, { ...a, id: a.id.toUpperCase() }, 1), 400)).reason).toBe("self_hours");
    expect((await json<Problem>(await record(a, b, 1.1), 400)).errors?.[0]?.code).toBe("quarter_hours");
    expect((await record(a, b, 101)).status).toBe(400);
    expect((await record(a, b, 0)).status).toBe(400);
    expect(await app.db.db.selectFrom("hour_records").select("id").execute()).toEqual([]);
  });

  it("an account with ledger entries cannot be deleted (the sum would break); one with none can", async () => {
    const [giver, receiver] = [await member(), await member()];
    const h = await json<Hours>(await record(giver, receiver, 1), 201);
    await json(await answer(receiver, h.id, "confirm"), 200);
    const refused = await json<Problem>(await app.api("/api/v1/me", { method: "DELETE", token: receiver.token, body: { password: receiver.password } }), 422);
    expect(refused.reason).toBe("account_has_records");
    expect(await reported([giver, receiver])).toEqual(new Map([[giver.id, 60], [receiver.id, -60]]));
    // Pending and rejected hours, and referrals, do not hold an account back (a referral keeps its other side).
    const [other, leaving] = [await member(), await member()];
    await json(await record(other, leaving, 1), 201);
    const { id } = await json<Referral>(await give(leaving, other), 201);
    expect((await app.api("/api/v1/me", { method: "DELETE", token: leaving.token, body: { password: leaving.password } })).status).toBe(200);
    expect((await json<Referral>(await app.api(`/api/v1/referrals/${id}`, { token: other.token }), 200)).from).toBeNull();
  });

  it.skipIf(onPglite)("storm: twelve givers' confirmations race against one receiver's limit → the limit holds and the sum stays zero", async () => {
    const receiver = await member();
    const givers = await Promise.all(Array.from({ length: 12 }, () => member()));
    const records = await Promise.all(givers.map(async (g) => json<Hours>(await record(g, receiver, 3), 201)));
    const results = await Promise.all(records.map((r) => answer(receiver, r.id, "confirm")));
    const statuses = results.map((r) => r.status).sort();
    // −20 h allows six debits of 3 h (−18 h); a seventh would reach −21 h.
    expect(statuses).toEqual([...Array(6).fill(200), ...Array(6).fill(422)]);
    const b = await balances();
    expect(b.get(receiver.id)).toBe(-18 * 60);
    // The API's balances agree with the ledger's rows, member by member, and add up to zero.
    const api = await reported([receiver, ...givers]);
    expect(api.get(receiver.id)).toBe(-18 * 60);
    expect(total(api)).toBe(0);
    expect([...api].filter(([, v]) => v !== 0).sort()).toEqual([...b].sort());
  });

  it.skipIf(onPglite)("storm: random confirmations among eight members, both ways at once → no balance below the limit, sum zero", async () => {
    const admin = await member("admin");
    await json(await app.api("/api/v1/ledger/settings", { method: "PUT", token: admin.token, body: { creditLimitHours: -5 } }), 200);
    const members = await Promise.all(Array.from({ length: 8 }, () => member()));
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pairs = Array.from({ length: 60 }, () => {
      const from = rand(8);
      const to = (from + 1 + rand(7)) % 8;
      return { from: members[from]!, to: members[to]!, hours: 1 + rand(8) * 0.5 };
    });
    const records = await Promise.all(pairs.map(async (p) => ({ ...p, rec: await json<Hours>(await record(p.from, p.to, p.hours), 201) })));
    const results = await Promise.all(records.map((p) => answer(p.to, p.rec.id, "confirm")));
    expect(results.every((r) => r.status === 200 || r.status === 422)).toBe(true);
    // What the confirmations that landed add up to, member by member.
    const expected = new Map<string, number>(members.map((m) => [m.id, 0]));
    records.forEach((p, i) => {
      if (results[i]!.status !== 200) return;
      expected.set(p.from.id, expected.get(p.from.id)! + p.hours * 60);
      expected.set(p.to.id, expected.get(p.to.id)! - p.hours * 60);
    });
    // The limit was in play: some confirmations landed and some were refused.
    expect(results.some((r) => r.status === 200) && results.some((r) => r.status === 422)).toBe(true);
    const api = await reported(members);
    expect(api).toEqual(expected);
    expect(total(api)).toBe(0);
    for (const m of members) expect(api.get(m.id)!).toBeGreaterThanOrEqual(-5 * 60);
    // Each 200 wrote exactly one transfer; each 422 left its record pending.
    const confirmed = results.filter((r) => r.status === 200).length;
    expect(await app.db.db.selectFrom("hour_entries").select("id").execute()).toHaveLength(confirmed);
    expect(await app.db.db.selectFrom("hour_records").select("id").where("status", "=", "pending").execute()).toHaveLength(results.length - confirmed);
  });
});

describe("network health: what the network produced over a period", () => {
  it("counts referrals, won business, hours and reciprocity per member for the network manager only", async () => {
    const [a, b, c, d, admin] = [await member(), await member(), await member(), await member(), await member("admin")];
    const { id } = await json<Referral>(await give(a, b), 201);
    await json(await step(b, id, { status: "won", closedValue: 4_000_000 }), 200);
    await json(await give(a, c), 201);
    const h = await json<Hours>(await record(b, a, 2), 201);
    await json(await answer(a, h.id, "confirm"), 200);
    const h2 = await json<Hours>(await record(c, b, 3), 201);
    await json(await answer(b, h2.id, "confirm"), 200);
    const h3 = await json<Hours>(await record(c, d, 1), 201);
    await json(await answer(d, h3.id, "confirm"), 200);

    type Health = {
      referrals: number; won: number; closedValue: number; hoursExchanged: number; members: number;
      reciprocity: { green: number; amber: number; red: number; members: { memberId: string; light: string; referralsGiven: number; hoursReceived: number }[] };
    };
    const health = await json<Health>(await app.api("/api/v1/network/health", { token: admin.token }), 200);
    expect([health.referrals, health.won, health.closedValue, health.hoursExchanged]).toEqual([2, 1, 4_000_000, 6]);
    expect(typeof health.members).toBe("number"); // the network's own figures are still there
    const light = (m: TestMember) => health.reciprocity.members.find((x) => x.memberId === m.id)?.light;
    // Contributions (a referral counts as an hour): a gave 2 referrals, received 2 h → green; b gave 2 h, received
    // 1 referral + 3 h → 2 of 4, half: amber; c gave 4 h, received 1 referral → green; d gave nothing, received 1 h → red.
    expect([light(a), light(b), light(c), light(d)]).toEqual(["green", "amber", "green", "red"]);
    expect(health.reciprocity.green + health.reciprocity.amber + health.reciprocity.red).toBe(health.reciprocity.members.length);

    const before = await json<Health>(await app.api("/api/v1/network/health?from=2020-01-01&to=2020-12-31", { token: admin.token }), 200);
    expect([before.referrals, before.won, before.closedValue, before.hoursExchanged, before.reciprocity.members]).toEqual([0, 0, 0, 0, []]);
    expect((await app.api("/api/v1/network/health?from=2020-02-01&to=2020-01-01", { token: admin.token })).status).toBe(400);
    expect((await app.api("/api/v1/network/health?from=0001-01-01", { token: admin.token })).status).toBe(400);
    expect((await app.api("/api/v1/network/health", { token: a.token })).status).toBe(403);
  });
});
