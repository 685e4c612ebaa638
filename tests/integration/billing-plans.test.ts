import { beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../server/domain/clock.js";
import { runExclusive } from "../../server/jobs/index.js";
import { onPglite } from "../support/db.js";
import { expectProblem, json, useTestApp } from "../support/app.js";
import { createMember, createSpace, type TestMember, type TestSpace } from "../support/factories.js";

// Plans, subscriptions, purchases and the renewal job (issue 14), over real HTTP with a fixed clock. The space is in
// Jakarta (UTC+7): 2027-03-16T03:00Z is 10:00 on 16 March there.
const clock = fixedClock("2027-03-16T03:00:00Z");
const app = useTestApp({ clock, now: "2027-03-16T03:00:00Z" });

let alice: TestMember;
let bob: TestMember;
let operator: TestMember;
let otherOperator: TestMember;
let admin: TestMember;
let space: TestSpace;

type Plan = { id: string; spaceId: string | null; name: string; price: number; interval: string; public: boolean; active: boolean };
type Created = { id: string; status: string; currentPeriod: { start: string; end: string }; invoiceId: string | null };
type Sub = { id: string; status: string; currentPeriod: { start: string; end: string; lastDay: string }; endsOn: string | null; renewsOn: string | null; invoiceId: string | null };
type Invoice = { id: string; number: string; status: string; total: number; lines: Array<{ quantity: number; unitPrice: number; amount: number }> };

const api = (path: string, init?: Parameters<typeof app.api>[1]) => app.api(path, init);
const hotDesk = { name: "Hot desk bulanan", kind: "hot_desk", price: 1_250_000, interval: "month", creditsPerCycle: 10 };

async function createPlan(who: TestMember, body: Record<string, unknown>): Promise<Plan> {
  return json<Plan>(await api("/api/v1/plans", { token: who.token, body: { spaceId: space.id, ...body } }), 201);
}
const subscribe = async (who: TestMember, body: Record<string, unknown>) => json<Created>(await api("/api/v1/subscriptions", { token: who.token, body }), 201);
const mySubs = async (who: TestMember) => (await json<{ items: Sub[] }>(await api("/api/v1/me/subscriptions", { token: who.token }), 200)).items;
const credits = async (who: TestMember) => (await json<{ credits: { balance: number }; dayPasses: { balance: number } }>(await api("/api/v1/me/wallet", { token: who.token }), 200));
const invoice = async (who: TestMember, id: string) => json<Invoice>(await api(`/api/v1/invoices/${id}`, { token: who.token }), 200);
const pay = async (id: string, amount: number) =>
  json<unknown>(await api(`/api/v1/invoices/${id}/payments`, { token: operator.token, body: { amount, method: "transfer", reference: "BCA 123" } }), 201);
const invoicesOf = (subscriptionId: string) =>
  app.db.db.selectFrom("invoices").select(["id", "total", "issued_on"]).where("subscription_id", "=", subscriptionId).orderBy("issued_on").execute();
const renewOnce = () => runExclusive(app.db.db, { name: "billing-renewal", run: async (trx) => (await app.services.billing.plans.renew(trx)).effects });

beforeEach(async () => {
  alice = await createMember(app.db.db, app.services, { name: "Alice" });
  bob = await createMember(app.db.db, app.services, { name: "Bob" });
  operator = await createMember(app.db.db, app.services, { name: "Olga", role: "operator" });
  otherOperator = await createMember(app.db.db, app.services, { name: "Oscar", role: "operator" });
  admin = await createMember(app.db.db, app.services, { name: "Ada", role: "admin" });
  space = await createSpace(app.services, { operator });
  // No PPN at this space unless a test sets it: the amounts below are the plans' own.
  await app.db.db.insertInto("billing_settings").values({ space_id: space.id, code: "JK", tax_rate: 0 }).execute();
});

describe("plans", () => {
  it("operators of the space create and edit them; members see public active ones; others get 404", async () => {
    await expectProblem(await api("/api/v1/plans", { token: alice.token, body: { spaceId: space.id, ...hotDesk } }), 403, "forbidden");
    await expectProblem(await api("/api/v1/plans", { token: otherOperator.token, body: { spaceId: space.id, ...hotDesk } }), 404, "not_found");
    await expectProblem(await api("/api/v1/plans", { token: operator.token, body: { ...hotDesk } }), 400, "validation_failed");
    await expectProblem(await api("/api/v1/plans", { token: operator.token, body: { spaceId: space.id, ...hotDesk, extra: 1 } }), 400, "validation_failed");
    await expectProblem(await api("/api/v1/plans", { token: operator.token, body: { spaceId: space.id, ...hotDesk, validDays: 30 } }), 400, "validation_failed");
    const open = await createPlan(operator, hotDesk);
    expect(open).toMatchObject({ spaceId: space.id, price: 1_250_000, interval: "month", public: true, active: true, currency: "IDR" });
    const hidden = await createPlan(operator, { ...hotDesk, name: "Kantor pribadi", kind: "private_office", price: 6_000_000, public: false });
    const network = await json<Plan>(await api("/api/v1/plans", { token: admin.token, body: { ...hotDesk, name: "Jejaring pass" } }), 201);
    expect(network.spaceId).toBeNull();

    const seen = async (who: TestMember) => (await json<{ items: Plan[] }>(await api(`/api/v1/plans?spaceId=${space.id}`, { token: who.token }), 200)).items.map((p) => p.id).sort();
    expect(await seen(alice)).toEqual([open.id, network.id].sort());
    expect(await seen(operator)).toEqual([open.id, hidden.id, network.id].sort());
    await expectProblem(await api(`/api/v1/plans/${hidden.id}`, { token: alice.token }), 404, "not_found");
    await expectProblem(await api(`/api/v1/plans/${hidden.id}`, { method: "PATCH", token: otherOperator.token, body: { price: 1 } }), 404, "not_found");

    const edited = await json<Plan>(await api(`/api/v1/plans/${open.id}`, { method: "PATCH", token: operator.token, body: { price: 1_300_000 } }), 200);
    expect(edited.price).toBe(1_300_000);
    const archived = await json<Plan>(await api(`/api/v1/plans/${open.id}`, { method: "DELETE", token: operator.token }), 200);
    expect(archived.active).toBe(false);
    expect(await seen(alice)).toEqual([network.id]);
    await expectProblem(await api("/api/v1/subscriptions", { token: operator.token, body: { planId: open.id, memberId: alice.id } }), 422, "rule_violation");
  });
});

describe("subscriptions", () => {
  it("a member's own mid-month start is pro-rated, waits for payment, and is activated with its credits when paid", async () => {
    const plan = await createPlan(operator, hotDesk);
    const quote = await json<{ total: number; credits: number; lines: Array<{ kind: string; amount: number; days?: number }> }>(
      await api(`/api/v1/plans/${plan.id}/quote`, { token: alice.token }),
      200,
    );
    // 16 of March's 31 days: 1.250.000 × 16 / 31 = 645.161,29 → 645.161; 10 credits × 16 / 31 → 5.
    expect(quote).toMatchObject({ total: 645_161, credits: 5, lines: [{ kind: "plan", amount: 645_161, days: 16 }] });

    const created = await subscribe(alice, { planId: plan.id });
    expect(created).toMatchObject({ status: "pending_payment", currentPeriod: { start: "2027-03-16", end: "2027-04-01" }, invoiceId: expect.any(String) });
    const inv = await invoice(alice, created.invoiceId!);
    expect(inv.total).toBe(645_161);
    expect((await credits(alice)).credits.balance).toBe(0);
    // One live subscription per member and plan.
    await expectProblem(await api("/api/v1/subscriptions", { token: alice.token, body: { planId: plan.id } }), 409, "already_exists");
    // Not yours: 404.
    await expectProblem(await api(`/api/v1/subscriptions/${created.id}`, { token: bob.token }), 404, "not_found");
    await expectProblem(await api(`/api/v1/subscriptions/${created.id}`, { method: "DELETE", token: bob.token }), 404, "not_found");
    await expectProblem(await api(`/api/v1/subscriptions/${created.id}`, { method: "DELETE", token: alice.token }), 422, "invalid_transition");

    await pay(created.invoiceId!, 645_161);
    const [sub] = await mySubs(alice);
    expect(sub).toMatchObject({ id: created.id, status: "active", renewsOn: "2027-04-01", currentPeriod: { lastDay: "2027-03-31" } });
    expect((await credits(alice)).credits.balance).toBe(5);
  });

  it("an operator subscribes a member at once (invoice outstanding); members cannot subscribe to hidden plans or for others", async () => {
    const hidden = await createPlan(operator, { ...hotDesk, name: "Meja tetap", kind: "dedicated_desk", price: 2_000_000, public: false, setupFee: 250_000, deposit: 500_000 });
    await expectProblem(await api("/api/v1/subscriptions", { token: alice.token, body: { planId: hidden.id } }), 404, "not_found");
    await expectProblem(await api("/api/v1/subscriptions", { token: alice.token, body: { planId: hidden.id, memberId: bob.id } }), 404, "not_found");
    await expectProblem(await api("/api/v1/subscriptions", { token: otherOperator.token, body: { planId: hidden.id, memberId: bob.id } }), 404, "not_found");
    await expectProblem(await api("/api/v1/subscriptions", { token: operator.token, body: { planId: hidden.id, memberId: bob.id, startDate: "2027-03-01" } }), 422, "in_the_past");

    const created = await subscribe(operator, { planId: hidden.id, memberId: bob.id, startDate: "2027-04-01" });
    expect(created).toMatchObject({ status: "active", currentPeriod: { start: "2027-04-01", end: "2027-05-01" } });
    const inv = await invoice(bob, created.invoiceId!);
    // A whole April, the setup fee and the deposit (never pro-rated).
    expect(inv).toMatchObject({ status: "issued", total: 2_750_000 });
    expect((await credits(bob)).credits.balance).toBe(10);
    const list = await json<{ items: Sub[] }>(await api(`/api/v1/spaces/${space.id}/subscriptions`, { token: operator.token }), 200);
    expect(list.items.map((s) => s.id)).toEqual([created.id]);
    await expectProblem(await api(`/api/v1/spaces/${space.id}/subscriptions`, { token: otherOperator.token }), 404, "not_found");
  });

  it("buying a credit package: paid → purchase credits valid for its days, and the purchase ends", async () => {
    const pack = await createPlan(operator, { name: "Paket ruang rapat 10 jam", kind: "credits", price: 900_000, interval: "once", creditsPerCycle: 10, validDays: 90 });
    const created = await subscribe(alice, { planId: pack.id });
    expect(created.status).toBe("pending_payment");
    expect((await invoice(alice, created.invoiceId!)).total).toBe(900_000);
    await pay(created.invoiceId!, 900_000);
    expect((await credits(alice)).credits.balance).toBe(10);
    const lots = await app.db.db.selectFrom("wallet_entries").select(["kind", "amount", "expires_on"]).where("member_id", "=", alice.id).execute();
    expect(lots).toEqual([{ kind: "purchase", amount: 10, expires_on: "2027-06-13" }]);
    expect((await mySubs(alice))[0]!.status).toBe("ended");
    // It may be bought again.
    expect((await subscribe(alice, { planId: pack.id })).status).toBe("pending_payment");
  });

  it("cancelled: runs to its period's end, then ends and its plan credits lapse", async () => {
    const plan = await createPlan(operator, hotDesk);
    const created = await subscribe(operator, { planId: plan.id, memberId: alice.id });
    expect((await credits(alice)).credits.balance).toBe(5);
    const cancelled = await json<{ status: string; endsOn: string }>(await api(`/api/v1/subscriptions/${created.id}`, { method: "DELETE", token: alice.token }), 200);
    expect(cancelled).toEqual({ status: "cancelling", endsOn: "2027-04-01" });
    clock.set("2027-03-31T16:59:00Z"); // 23:59 on 31 March in Jakarta
    await renewOnce();
    expect((await mySubs(alice))[0]!.status).toBe("cancelling");
    clock.set("2027-03-31T17:01:00Z"); // 00:01 on 1 April
    await renewOnce();
    expect((await mySubs(alice))[0]!.status).toBe("ended");
    expect((await credits(alice)).credits.balance).toBe(0);
    expect(await invoicesOf(created.id)).toHaveLength(1);
  });
});

describe("the renewal job", () => {
  async function subscribedOnJan31() {
    clock.set("2027-01-31T03:00:00Z");
    const plan = await createPlan(operator, { ...hotDesk, dayPassesPerCycle: 2 });
    const created = await subscribe(operator, { planId: plan.id, memberId: alice.id });
    expect(created.currentPeriod).toEqual({ start: "2027-01-31", end: "2027-02-01" });
    return created;
  }

  it("across a month end: nothing at 23:59, then the next invoice, the old credits lapsed and the new granted, once", async () => {
    const created = await subscribedOnJan31();
    // One day of 31: 40.323 and no whole credit or pass.
    expect((await invoicesOf(created.id)).map((i) => Number(i.total))).toEqual([40_323]);

    clock.set("2027-01-31T16:59:00Z");
    await renewOnce();
    expect((await mySubs(alice))[0]!.currentPeriod.start).toBe("2027-01-31");

    clock.set("2027-01-31T17:01:00Z");
    await renewOnce();
    await renewOnce(); // a second tick changes nothing
    const [sub] = await mySubs(alice);
    expect(sub).toMatchObject({ status: "active", currentPeriod: { start: "2027-02-01", end: "2027-03-01", lastDay: "2027-02-28" }, renewsOn: "2027-03-01" });
    const invoices = await invoicesOf(created.id);
    expect(invoices.map((i) => [Number(i.total), i.issued_on])).toEqual([[40_323, "2027-01-31"], [1_250_000, "2027-02-01"]]);
    expect(sub!.invoiceId).toBe(invoices[1]!.id);
    expect(await credits(alice)).toMatchObject({ credits: { balance: 10 }, dayPasses: { balance: 2 } });

    // The next month: February's grants lapse, March's come.
    await json(await api(`/api/v1/members/${alice.id}/wallet/adjustments`, { token: operator.token, body: { spaceId: space.id, credits: -3, reason: "test spend" } }), 201);
    clock.set("2027-02-28T17:30:00Z");
    await renewOnce();
    expect(await credits(alice)).toMatchObject({ credits: { balance: 10 }, dayPasses: { balance: 2 } });
    expect(await invoicesOf(created.id)).toHaveLength(3);
  });

  it.skipIf(onPglite)("two nodes at once (PostgreSQL; PGlite runs one transaction at a time): renewed exactly once", async () => {
    const created = await subscribedOnJan31();
    clock.set("2027-02-01T01:00:00Z");
    // Two scheduled ticks (the advisory lock lets one run) and two runs without the lock (the conditional update).
    const plans = app.services.billing.plans;
    await Promise.all([renewOnce(), renewOnce(), app.db.db.transaction().execute(async (trx) => void (await plans.renew(trx))), app.db.db.transaction().execute(async (trx) => void (await plans.renew(trx)))]);
    expect(await invoicesOf(created.id)).toHaveLength(2);
    expect((await credits(alice)).credits.balance).toBe(10);
    const grants = await app.db.db.selectFrom("wallet_entries").select("id").where("subscription_id", "=", created.id).where("kind", "=", "grant").execute();
    expect(grants).toHaveLength(2); // February's credits and passes, once each
  });
});
