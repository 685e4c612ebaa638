import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../server/domain/clock.js";
import type { Logger } from "../../server/logger.js";
import { expectProblem, json, startTestApp, testLogger, type TestApp } from "../support/app.js";
import { insertInvoice } from "../support/billing.js";
import { createMember, createSpace, type TestMember, type TestSpace } from "../support/factories.js";
import { FAKE_CALLBACK_TOKEN, startFakeXendit, type FakeXendit } from "../support/fake-xendit.js";

// The online payment gateway against a local fake of Xendit's invoice API: a member's checkout, and Xendit's
// callbacks verified by their token, each handled once, never trusting an amount that does not match.
const clock = fixedClock("2027-03-01T03:00:00Z");
const warnings: Array<{ msg: string; fields?: Record<string, unknown> }> = [];
const logger: Logger = { ...testLogger(), warn: (msg, fields) => void warnings.push({ msg, fields }), child: () => logger };

let fake: FakeXendit;
let app: TestApp;
/** The same database without any gateway configured. */
let plain: TestApp;
let alice: TestMember;
let bob: TestMember;
let operator: TestMember;
let space: TestSpace;

beforeAll(async () => {
  fake = await startFakeXendit({ now: () => clock.now() });
  app = await startTestApp({ clock, env: fake.env, logger, remix: true });
  plain = await startTestApp({ clock, db: app.db, remix: true });
});
afterAll(async () => {
  await plain?.stop();
  await app?.stop();
  await fake?.close();
});
beforeEach(async () => {
  clock.set("2027-03-01T03:00:00Z");
  await app.db.truncate();
  fake.invoices.length = 0;
  fake.authorizations.length = 0;
  fake.failNext(null);
  warnings.length = 0;
  alice = await createMember(app.db.db, app.services, { name: "Alice" });
  bob = await createMember(app.db.db, app.services, { name: "Bob" });
  operator = await createMember(app.db.db, app.services, { name: "Olga", role: "operator" });
  space = await createSpace(app.services, { operator });
});

const checkout = (who: TestMember, invoiceId: string, on: TestApp = app) =>
  on.api(`/api/v1/invoices/${invoiceId}/checkout`, { method: "POST", token: who.token });
const invoiceRow = (id: string) =>
  app.db.db.selectFrom("invoices").select(["status", "paid", "withheld", "paid_at"]).where("id", "=", id).executeTakeFirstOrThrow();
const payments = (invoiceId: string) =>
  app.db.db.selectFrom("payments").select(["amount", "method", "provider", "provider_ref", "reference", "recorded_by"]).where("invoice_id", "=", invoiceId).execute();

/** An invoice of Alice's, checked out at the fake: the fake's invoice for it. */
async function checkedOut(total = 1_387_500) {
  const invoice = await insertInvoice(app.db.db, { spaceId: space.id, memberId: alice.id, total });
  await json(await checkout(alice, invoice.id), 201);
  return { invoice, xendit: fake.invoices.at(-1)! };
}

describe("the invoice page's Pay now", () => {
  it("sends the owner to Xendit's page; without a gateway, back to the invoice, which says to pay by transfer; another's invoice: 404", async () => {
    const invoice = await insertInvoice(app.db.db, { spaceId: space.id, memberId: alice.id, total: 500_000 });
    const post = (on: TestApp, who: TestMember) =>
      fetch(`${on.url}/invoices/${invoice.id}/checkout`, {
        method: "POST",
        redirect: "manual",
        headers: { authorization: `Bearer ${who.token}`, "content-type": "application/x-www-form-urlencoded", connection: "close" },
        body: "",
      });
    const sent = await post(app, alice);
    expect(sent.status).toBe(302);
    expect(sent.headers.get("location")).toBe(fake.invoices.at(-1)!.invoice_url);
    const back = await post(plain, alice);
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toBe(`/invoices/${invoice.id}?checkout=refused`);
    const page = await fetch(`${plain.url}/invoices/${invoice.id}?checkout=refused`, { headers: { authorization: `Bearer ${alice.token}`, "accept-language": "id", connection: "close" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Ruang ini tidak menerima pembayaran daring");
    const stranger = await post(app, bob);
    expect(stranger.status).toBe(404);
    await stranger.text();
    expect(fake.invoices).toHaveLength(1);
  });
});

describe("checkout", () => {
  it("opens Xendit's hosted page for the owner's balance due (Basic auth with the secret key), and reuses it while open", async () => {
    const invoice = await insertInvoice(app.db.db, { spaceId: space.id, memberId: alice.id, total: 1_387_500 });
    const out = await json<{ url: string; reused: boolean }>(await checkout(alice, invoice.id), 201);
    expect(fake.invoices).toHaveLength(1);
    const sent = fake.invoices[0]!;
    expect(out).toEqual({ url: sent.invoice_url, reused: false });
    expect(sent).toMatchObject({ amount: 1_387_500, currency: "IDR", description: invoice.number, payer_email: alice.email });
    // Back to the invoice on the app's public origin, never the request's Host header.
    expect(sent.success_redirect_url).toBe(`${app.url}/invoices/${invoice.id}?payment=done`);
    expect(sent.failure_redirect_url).toBe(`${app.url}/invoices/${invoice.id}?payment=failed`);
    expect(fake.authorizations[0]).toBe(`Basic ${Buffer.from(`${fake.env.XENDIT_SECRET_KEY}:`).toString("base64")}`);
    const rows = await app.db.db.selectFrom("payment_checkouts").selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ invoice_id: invoice.id, provider: "xendit", provider_id: sent.id, external_id: sent.external_id, status: "pending" });
    expect(Number(rows[0]!.amount)).toBe(1_387_500);

    // Again: the same open page, nothing new at Xendit.
    expect(await json(await checkout(alice, invoice.id), 201)).toEqual({ url: sent.invoice_url, reused: true });
    expect(fake.invoices).toHaveLength(1);

    // Within 15 minutes of its expiry it is not offered again: a fresh one is opened.
    clock.set(new Date(new Date(sent.expiry_date).getTime() - 10 * 60_000));
    expect(await json<{ reused: boolean }>(await checkout(alice, invoice.id), 201)).toMatchObject({ reused: false });
    expect(fake.invoices).toHaveLength(2);
  });

  it("another member's invoice, an operator's, or none → 404; paid or void → 422 invalid_transition; nothing reaches Xendit", async () => {
    const invoice = await insertInvoice(app.db.db, { spaceId: space.id, memberId: alice.id, total: 75_000 });
    await expectProblem(await checkout(bob, invoice.id), 404, "not_found");
    await expectProblem(await checkout(operator, invoice.id), 404, "not_found");
    await expectProblem(await checkout(alice, "00000000-0000-4000-8000-000000000000"), 404, "not_found");
    const voided = await insertInvoice(app.db.db, { spaceId: space.id, memberId: alice.id, total: 75_000, status: "void" });
    await expectProblem(await checkout(alice, voided.id), 422, "invalid_transition");
    await app.db.db.updateTable("invoices").set({ paid: 75_000, status: "paid" }).where("id", "=", invoice.id).execute();
    await expectProblem(await checkout(alice, invoice.id), 422, "invalid_transition");
    await expectProblem(await app.api(`/api/v1/invoices/${invoice.id}/checkout`, { method: "POST" }), 401, "unauthenticated");
    expect(fake.invoices).toHaveLength(0);
    expect(await app.db.db.selectFrom("payment_checkouts").select("id").execute()).toEqual([]);
  });

  it("without gateway config → 422 rule_violation no_gateway, worded as a transfer in the reader's language", async () => {
    const invoice = await insertInvoice(app.db.db, { spaceId: space.id, memberId: alice.id, total: 75_000 });
    const res = await checkout(alice, invoice.id, plain);
    const body = await json<{ code: string; reason: string; detail: string }>(res, 422);
    expect(body).toMatchObject({ code: "rule_violation", reason: "no_gateway" });
    expect(body.detail).toContain(invoice.number);
    const id = await json<{ detail: string }>(
      await plain.api(`/api/v1/invoices/${invoice.id}/checkout`, { method: "POST", token: alice.token, headers: { "accept-language": "id" } }),
      422,
    );
    expect(id.detail).toMatch(/transfer bank/);
    expect(fake.invoices).toHaveLength(0);
  });

  it("Xendit down or too slow → 503 unavailable, and no checkout is recorded", async () => {
    const invoice = await insertInvoice(app.db.db, { spaceId: space.id, memberId: alice.id, total: 75_000 });
    fake.failNext(500);
    await expectProblem(await checkout(alice, invoice.id), 503, "unavailable");
    fake.failNext("hang");
    await expectProblem(await checkout(alice, invoice.id), 503, "unavailable");
    expect(await app.db.db.selectFrom("payment_checkouts").select("id").execute()).toEqual([]);
    expect(warnings.map((w) => w.msg)).toEqual(["payment gateway checkout failed", "payment gateway checkout failed"]);
    expect(JSON.stringify(warnings)).not.toContain(fake.env.XENDIT_SECRET_KEY);
  });
});

describe("callbacks", () => {
  it("a forged, unsigned or wrongly signed callback → 401 problem+json, and nothing changes", async () => {
    const { invoice, xendit } = await checkedOut();
    const before = await app.db.rowCounts();
    const body = fake.callbackBody(xendit);
    await expectProblem(await fake.sendCallback(app.url, body, null), 401, "unauthenticated");
    await expectProblem(await fake.sendCallback(app.url, body, "forged-token"), 401, "unauthenticated");
    await expectProblem(await fake.sendCallback(app.url, body, `${FAKE_CALLBACK_TOKEN}x`), 401, "unauthenticated");
    await expectProblem(await fake.sendCallback(app.url, body, ""), 401, "unauthenticated");
    // With no gateway configured there is no token to check against: no such endpoint.
    await expectProblem(await fake.sendCallback(plain.url, body), 404, "not_found");
    expect(await app.db.rowCounts()).toEqual(before);
    expect((await invoiceRow(invoice.id)).status).toBe("issued");
  });

  it("a paid callback records the payment (QRIS, Xendit's id) and marks the invoice paid; a replay and the later SETTLED change nothing", async () => {
    const { invoice, xendit } = await checkedOut();
    clock.advance(60_000);
    // The invoices module's onPaid hooks run in the paying transaction (plans activate and grant there).
    const hooked: Array<{ id: string; status: string; inTransaction: boolean }> = [];
    const off = app.services.billing.invoices.onPaid(async (trx, paid) => {
      hooked.push({ id: paid.id, status: paid.status, inTransaction: trx.isTransaction });
    });
    const events: unknown[] = [];
    const unsubscribe = app.bus.subscribe("invoice.paid", (e) => void events.push(e));
    const body = fake.callbackBody(xendit, { status: "PAID", paymentMethod: "QR_CODE" });
    try {
      expect(await json(await fake.sendCallback(app.url, body), 200)).toEqual({ outcome: "paid" });
    } finally {
      off();
      unsubscribe();
    }
    expect(hooked).toEqual([{ id: invoice.id, status: "paid", inTransaction: true }]);
    expect(events).toEqual([expect.objectContaining({ invoiceId: invoice.id, total: 1_387_500 })]);
    const row = await invoiceRow(invoice.id);
    expect(row.status).toBe("paid");
    expect(Number(row.paid)).toBe(1_387_500);
    const recorded = await payments(invoice.id);
    expect(recorded).toEqual([
      { amount: expect.anything(), method: "qris", provider: "xendit", provider_ref: xendit.id, reference: xendit.id, recorded_by: null },
    ]);
    expect(Number(recorded[0]!.amount)).toBe(1_387_500);
    const checkoutRow = await app.db.db.selectFrom("payment_checkouts").select("status").executeTakeFirstOrThrow();
    expect(checkoutRow.status).toBe("paid");

    const after = await app.db.rowCounts();
    expect(await json(await fake.sendCallback(app.url, body), 200)).toEqual({ outcome: "replayed" });
    expect(await app.db.rowCounts()).toEqual(after);
    expect(await json(await fake.sendCallback(app.url, fake.callbackBody(xendit, { status: "SETTLED" })), 200)).toEqual({ outcome: "already_paid" });
    expect(await payments(invoice.id)).toHaveLength(1);
    expect(Number((await invoiceRow(invoice.id)).paid)).toBe(1_387_500);
    const outcomes = await app.db.db.selectFrom("payment_callbacks").select(["event_key", "outcome"]).orderBy("received_at").orderBy("outcome").execute();
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["already_paid", "paid"]);
    // Paid now: no further checkout.
    await expectProblem(await checkout(alice, invoice.id), 422, "invalid_transition");
  });

  it("maps Xendit's payment methods: virtual account, e-wallet, card", async () => {
    for (const [xenditMethod, ours] of [["VIRTUAL_ACCOUNT", "virtual_account"], ["BANK_TRANSFER", "virtual_account"], ["EWALLET", "ewallet"], ["CREDIT_CARD", "card"]] as const) {
      const { invoice, xendit } = await checkedOut(100_000);
      expect(await json(await fake.sendCallback(app.url, fake.callbackBody(xendit, { paymentMethod: xenditMethod })), 200)).toEqual({ outcome: "paid" });
      expect((await payments(invoice.id))[0]!.method).toBe(ours);
    }
  });

  it("an amount that does not match the checkout and the balance is recorded as amount_mismatch, logged, and changes nothing", async () => {
    const { invoice, xendit } = await checkedOut();
    const out = await json(await fake.sendCallback(app.url, fake.callbackBody(xendit, { paidAmount: 1_000 })), 200);
    expect(out).toEqual({ outcome: "amount_mismatch" });
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "issued", paid_at: null });
    expect(Number((await invoiceRow(invoice.id)).paid)).toBe(0);
    expect(await payments(invoice.id)).toEqual([]);
    expect(warnings).toEqual([
      { msg: "gateway payment amount does not match", fields: expect.objectContaining({ paidAmount: 1_000, checkoutAmount: 1_387_500, balanceDue: 1_387_500 }) },
    ]);
    expect(await app.db.db.selectFrom("payment_callbacks").select("outcome").execute()).toEqual([{ outcome: "amount_mismatch" }]);

    // The operator recorded part of it by hand meanwhile: the checkout's amount is no longer the balance.
    const second = await checkedOut(500_000);
    await app.db.db.updateTable("invoices").set({ paid: 100_000 }).where("id", "=", second.invoice.id).execute();
    expect(await json(await fake.sendCallback(app.url, fake.callbackBody(second.xendit)), 200)).toEqual({ outcome: "amount_mismatch" });
    expect(await payments(second.invoice.id)).toEqual([]);
  });

  it("a callback for a checkout we never opened → 200 unknown_checkout (Xendit stops retrying); EXPIRED expires the checkout", async () => {
    const { invoice, xendit } = await checkedOut();
    const stranger = { ...fake.callbackBody(xendit), external_id: "someone-elses-invoice" };
    expect(await json(await fake.sendCallback(app.url, stranger), 200)).toEqual({ outcome: "unknown_checkout" });
    const otherId = { ...fake.callbackBody(xendit), id: "not-the-id-xendit-gave-us" };
    expect(await json(await fake.sendCallback(app.url, otherId), 200)).toEqual({ outcome: "unknown_checkout" });
    expect((await invoiceRow(invoice.id)).status).toBe("issued");

    expect(await json(await fake.sendCallback(app.url, fake.callbackBody(xendit, { status: "EXPIRED" })), 200)).toEqual({ outcome: "expired" });
    expect((await app.db.db.selectFrom("payment_checkouts").select("status").executeTakeFirstOrThrow()).status).toBe("expired");
    // An expired page is not offered again.
    expect(await json<{ reused: boolean }>(await checkout(alice, invoice.id), 201)).toMatchObject({ reused: false });
    expect(fake.invoices).toHaveLength(2);
  });

  it("a verified callback whose body is not Xendit's → 400, nothing written", async () => {
    await checkedOut();
    const before = await app.db.rowCounts();
    await expectProblem(await fake.sendCallback(app.url, { hello: "world" }), 400, "validation_failed");
    await expectProblem(await fake.sendCallback(app.url, "not json"), 400, "validation_failed");
    expect(await app.db.rowCounts()).toEqual(before);
  });
});
