import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../server/domain/clock.js";
import type { InvoiceOut } from "../../server/domain/billing/index.js";
import { onPglite } from "../support/db.js";
import { expectProblem, json, useTestApp } from "../support/app.js";
import { createMember, createSpace, type TestMember, type TestSpace } from "../support/factories.js";
import { issueInvoice, saveBillingSettings } from "../support/invoices.js";

// Invoices (issue 14, items 4 and 5): gap-free numbers per space and year, PPN by the space's settings, payments by
// hand (partial, with withholding), void, the hooks plans hangs on "paid", who may see what, the CSV, the usage run.
// Now: Monday 2027-03-15 10:00 in Jakarta.
const NOW = "2027-03-15T03:00:00Z";
const clock = fixedClock(NOW);
const app = useTestApp({ clock, now: NOW });

let tenant: TestMember;
let other: TestMember;
let operator: TestMember;
let stranger: TestMember;
let space: TestSpace;
const as = (m: TestMember) => ({ id: m.id, role: m.role });

beforeEach(async () => {
  tenant = await createMember(app.db.db, app.services, { name: "Dewi Lestari" });
  other = await createMember(app.db.db, app.services, { name: "Budi" });
  operator = await createMember(app.db.db, app.services, { name: "Olga", role: "operator" });
  stranger = await createMember(app.db.db, app.services, { name: "Sari", role: "operator" });
  space = await createSpace(app.services, { operator });
  await createSpace(app.services, { operator: stranger });
  await saveBillingSettings(app.db.db, space.id, { code: "JK", legalName: "PT Jejaring Kemang", npwp: "01.234.567.8-901.000", bankAccount: "BCA 123 456 7890 a.n. PT Jejaring Kemang" });
});

const issue = (input: Partial<Parameters<typeof issueInvoice>[2]> = {}) =>
  issueInvoice(app.services, app.db.db, { spaceId: space.id, memberId: tenant.id, ...input });

describe("issuing", () => {
  it("numbers per space and year, adds PPN at the space's rate, prints seller and buyer, and is due after the terms", async () => {
    const a = await issue({ lines: [{ kind: "custom", description: "Hot desk", quantity: 1, unitPrice: 1_250_000 }, { kind: "custom", description: "Kopi", quantity: 2.5, unitPrice: 20_000 }] });
    expect(a).toMatchObject({
      number: "INV/JK/2027/0001",
      status: "issued",
      issuedOn: "2027-03-15",
      dueOn: "2027-03-29",
      currency: "IDR",
      locale: "id",
      subtotal: 1_300_000,
      tax: { rate: 0.11, amount: 143_000 },
      total: 1_443_000,
      paid: 0,
      withholding: 0,
      balanceDue: 1_443_000,
      seller: { name: "PT Jejaring Kemang", npwp: "01.234.567.8-901.000", bankAccount: "BCA 123 456 7890 a.n. PT Jejaring Kemang" },
      buyer: { name: "Dewi Lestari", email: tenant.email },
    });
    expect(a.lines.map((l) => l.amount)).toEqual([1_250_000, 50_000]);
    expect((await issue()).number).toBe("INV/JK/2027/0002");
    // A new year starts again at 1 (the issue date's year in the space's zone).
    expect((await issue({ issuedOn: "2028-01-01" })).number).toBe("INV/JK/2028/0001");
    expect((await issue()).number).toBe("INV/JK/2027/0003");
  });

  it("prices that include PPN: the DPP is taken out; a space that is not a PKP charges none", async () => {
    await saveBillingSettings(app.db.db, space.id, { code: "JK", pricesIncludeTax: true });
    const inclusive = await issue({ lines: [{ kind: "custom", quantity: 1, unitPrice: 1_110_000 }] });
    expect(inclusive).toMatchObject({ subtotal: 1_000_000, tax: { rate: 0.11, amount: 110_000 }, total: 1_110_000, pricesIncludeTax: true });
    await saveBillingSettings(app.db.db, space.id, { code: "JK", taxRate: 0 });
    const none = await issue({ lines: [{ kind: "custom", quantity: 1, unitPrice: 75_000 }] });
    expect(none).toMatchObject({ subtotal: 75_000, tax: { rate: 0, amount: 0 }, total: 75_000 });
  });

  it("a rolled-back issue gives its number back: no gap", async () => {
    await issue();
    await expect(
      app.db.db.transaction().execute(async (trx) => {
        await app.services.billing.invoices.issue(trx, { spaceId: space.id, memberId: tenant.id, kind: "manual", lines: [{ kind: "custom", quantity: 1, unitPrice: 10 }] });
        throw new Error("the purchase failed after issuing");
      }),
    ).rejects.toThrow("the purchase failed");
    expect((await issue()).number).toBe("INV/JK/2027/0002");
  });

  it.skipIf(onPglite)("N invoices issued in parallel for one space get 1..N, no gaps, no duplicates, one rolled back included (PostgreSQL only)", async () => {
    const n = 16;
    const results = await Promise.allSettled(
      Array.from({ length: n }, (_, i) =>
        app.db.db.transaction().execute(async (trx) => {
          const inv = await app.services.billing.invoices.issue(trx, { spaceId: space.id, memberId: i % 2 ? tenant.id : other.id, kind: "manual", lines: [{ kind: "custom", quantity: 1, unitPrice: 1000 + i }] });
          await sql`select pg_sleep(0.01)`.execute(trx);
          if (i === 5) throw new Error("rolled back");
          return inv;
        }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
    const rows = await app.db.db.selectFrom("invoices").select(["seq", "number"]).where("space_id", "=", space.id).orderBy("seq").execute();
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: n - 1 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.number)).size).toBe(n - 1);
    expect(Number((await app.db.db.selectFrom("invoice_sequences").select("last").executeTakeFirstOrThrow()).last)).toBe(n - 1);
  });
});

describe("payments", () => {
  it("partial payments add up; the last one makes it paid, runs the paid hooks in the paying transaction and publishes invoice.paid", async () => {
    const inv = await issue({ lines: [{ kind: "custom", quantity: 1, unitPrice: 1_000_000 }] }); // 1.110.000
    const seen: Array<{ id: string; status: string; inTrx: boolean }> = [];
    const off = app.services.billing.invoices.onPaid(async (trx, invoice) => {
      const row = await trx.selectFrom("invoices").select("status").where("id", "=", invoice.id).executeTakeFirstOrThrow();
      seen.push({ id: invoice.id, status: invoice.status, inTrx: row.status === "paid" });
    });
    const events: string[] = [];
    const unsubscribe = app.bus.subscribe("invoice.paid", (e) => events.push(e.number));
    try {
      const first = await app.services.billing.invoices.recordPayment(as(operator), inv.id, { amount: 600_000, method: "transfer", reference: "BCA 0001", withheld: 0 });
      expect(first.invoice).toMatchObject({ status: "issued", paid: 600_000, balanceDue: 510_000 });
      expect(seen).toEqual([]);
      const second = await app.services.billing.invoices.recordPayment(as(operator), inv.id, { amount: 510_000, method: "cash", withheld: 0, paidAt: "2027-03-16" });
      expect(second.invoice).toMatchObject({ status: "paid", paid: 1_110_000, balanceDue: 0, paidAt: new Date(NOW).toISOString() });
      expect(second.invoice.payments.map((p) => [p.amount, p.method])).toEqual([[600_000, "transfer"], [510_000, "cash"]]);
      expect(second.invoice.payments[1]!.paidAt).toBe("2027-03-16T05:00:00.000Z");
      expect(seen).toEqual([{ id: inv.id, status: "paid", inTrx: true }]);
      await new Promise((r) => setTimeout(r, 0));
      expect(events).toEqual([inv.number]);
    } finally {
      off();
      unsubscribe();
    }
  });

  it("withholding counts as settled: a tenant paying net of a recorded PPh 23 has paid in full", async () => {
    const inv = await issue({ lines: [{ kind: "custom", quantity: 1, unitPrice: 1_000_000 }] });
    const r = await app.services.billing.invoices.recordPayment(as(operator), inv.id, { amount: 1_090_000, withheld: 20_000, method: "transfer" });
    expect(r.invoice).toMatchObject({ status: "paid", paid: 1_090_000, withholding: 20_000, balanceDue: 0 });
  });

  it("a hook that throws rolls the payment back", async () => {
    const inv = await issue();
    const off = app.services.billing.invoices.onPaid(async () => {
      throw new Error("grant failed");
    });
    try {
      await expect(app.services.billing.invoices.recordPayment(as(operator), inv.id, { amount: inv.total, method: "qris", withheld: 0 })).rejects.toThrow("grant failed");
    } finally {
      off();
    }
    expect((await app.services.billing.invoices.get(as(tenant), inv.id)).status).toBe("issued");
    expect(await app.db.db.selectFrom("payments").select("id").execute()).toEqual([]);
  });

  it("the gateway's payment is recorded once per provider reference", async () => {
    const inv = await issue();
    const pay = () =>
      app.db.db.transaction().execute((trx) =>
        app.services.billing.invoices.recordSystemPayment(trx, { invoiceId: inv.id, amount: inv.total, method: "qris", provider: "xendit", providerRef: "pay-1" }),
      );
    expect((await pay()).invoice.status).toBe("paid");
    const again = await pay();
    expect(again.duplicate).toBe(true);
    expect(again.invoice.payments).toHaveLength(1);
  });

  it("a total of zero is paid when issued (the paid hooks run in the issuing transaction)", async () => {
    const ids: string[] = [];
    const off = app.services.billing.invoices.onPaid(async (_trx, invoice) => void ids.push(invoice.id));
    try {
      const inv = await issue({ lines: [{ kind: "custom", quantity: 1, unitPrice: 0 }] });
      expect(inv.status).toBe("paid");
      expect(ids).toEqual([inv.id]);
    } finally {
      off();
    }
  });
});

describe("invoices over HTTP", () => {
  const get = (who: TestMember, id: string, headers?: Record<string, string>) => app.api(`/api/v1/invoices/${id}`, { token: who.token, headers });
  const pay = (who: TestMember, id: string, body: unknown) => app.api(`/api/v1/invoices/${id}/payments`, { token: who.token, body });

  it("members see their own (others 404), operators their spaces' (others 404), payments 201, overpayment and void rules 422", async () => {
    const inv = await issue();
    expect((await json<InvoiceOut>(await get(tenant, inv.id), 200)).number).toBe("INV/JK/2027/0001");
    await expectProblem(await get(other, inv.id), 404, "not_found");
    await expectProblem(await get(stranger, inv.id), 404, "not_found");
    expect((await json<InvoiceOut>(await get(operator, inv.id), 200)).lines[0]).toMatchObject({ kind: "custom", description: "Sewa ruang", quantity: 1, unitPrice: 1_000_000, amount: 1_000_000 });

    // Members and operators of other spaces may not record payments.
    await expectProblem(await pay(tenant, inv.id, { amount: 1000, method: "cash" }), 403, "forbidden");
    await expectProblem(await pay(stranger, inv.id, { amount: 1000, method: "cash" }), 404, "not_found");
    await expectProblem(await pay(operator, inv.id, { amount: 1000, method: "cash", extra: 1 }), 400, "validation_failed");
    await expectProblem(await pay(operator, inv.id, { amount: 1.5, method: "cash" }), 400, "validation_failed");
    const over = await pay(operator, inv.id, { amount: inv.total + 1, method: "transfer" });
    expect(over.status).toBe(422);
    expect(await over.json()).toMatchObject({ code: "rule_violation", reason: "overpayment", balanceDue: inv.total });

    const partial = await json<{ invoice: InvoiceOut }>(await pay(operator, inv.id, { amount: 110_000, method: "transfer", reference: "TRF-1" }), 201);
    expect(partial.invoice).toMatchObject({ status: "issued", balanceDue: 1_000_000 });
    // An invoice with a payment recorded is not voided.
    await expectProblem(await app.api(`/api/v1/invoices/${inv.id}/void`, { token: operator.token, body: {} }), 422, "invalid_transition");
    const paid = await json<{ invoice: InvoiceOut }>(await pay(operator, inv.id, { amount: 1_000_000, method: "cash" }), 201);
    expect(paid.invoice.status).toBe("paid");
    const voidPaid = await app.api(`/api/v1/invoices/${inv.id}/void`, { token: operator.token, body: {} });
    expect(voidPaid.status).toBe(422);
    expect(await voidPaid.json()).toMatchObject({ code: "invalid_transition", reason: "invoice_paid" });
  });

  it("an operator issues an invoice by hand for a member (201); members and other spaces' operators may not", async () => {
    const body = { memberId: tenant.id, lines: [{ description: "Virtual office 1 tahun", quantity: 1, unitPrice: 4_500_000 }, { description: "Cetak", quantity: 12, unitPrice: 2_000 }], note: "Terima kasih" };
    const inv = await json<InvoiceOut>(await app.api(`/api/v1/spaces/${space.id}/invoices`, { token: operator.token, body }), 201);
    expect(inv).toMatchObject({ number: "INV/JK/2027/0001", kind: "manual", subtotal: 4_524_000, tax: { amount: 497_640 }, total: 5_021_640, note: "Terima kasih" });
    await expectProblem(await app.api(`/api/v1/spaces/${space.id}/invoices`, { token: tenant.token, body }), 403, "forbidden");
    await expectProblem(await app.api(`/api/v1/spaces/${space.id}/invoices`, { token: stranger.token, body }), 404, "not_found");
    await expectProblem(await app.api(`/api/v1/spaces/${space.id}/invoices`, { token: operator.token, body: { ...body, lines: [] } }), 400, "validation_failed");
    await expectProblem(await app.api(`/api/v1/spaces/${space.id}/invoices`, { token: operator.token, body: { ...body, dueOn: "2027-03-01" } }), 400, "validation_failed");
  });

  it("void: issued → void for the space's operator; a void invoice takes no payment", async () => {
    const inv = await issue();
    await expectProblem(await app.api(`/api/v1/invoices/${inv.id}/void`, { token: stranger.token, body: {} }), 404, "not_found");
    const voided = await json<InvoiceOut>(await app.api(`/api/v1/invoices/${inv.id}/void`, { token: operator.token, body: { reason: "Salah tagih" } }), 200);
    expect(voided).toMatchObject({ status: "void", voidReason: "Salah tagih", balanceDue: 0 });
    const res = await pay(operator, inv.id, { amount: 1000, method: "cash" });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: "invalid_transition", reason: "invoice_void" });
  });

  it("lists: mine (outstanding first), the space's with filters and totals, pages by cursor, and a CSV", async () => {
    const a = await issue();
    const b = await issue({ memberId: other.id });
    const c = await issue();
    await app.services.billing.invoices.recordPayment(as(operator), a.id, { amount: a.total, method: "transfer", withheld: 0 });
    const mine = await json<{ items: Array<{ number: string; status: string }>; nextCursor: string | null }>(await app.api("/api/v1/me/invoices", { token: tenant.token }), 200);
    expect(mine.items.map((i) => [i.number, i.status])).toEqual([
      [c.number, "issued"],
      [a.number, "paid"],
    ]);
    expect((await json<{ items: unknown[] }>(await app.api("/api/v1/me/invoices", { token: other.token }), 200)).items).toHaveLength(1);

    const all = await json<{ items: Array<{ number: string }>; totals: { outstanding: { count: number; amount: number }; paid: { count: number; amount: number } } }>(
      await app.api(`/api/v1/spaces/${space.id}/invoices`, { token: operator.token }),
      200,
    );
    expect(all.items.map((i) => i.number)).toEqual([c.number, b.number, a.number]);
    expect(all.totals.outstanding).toEqual({ count: 2, amount: b.total + c.total });
    expect(all.totals.paid).toEqual({ count: 1, amount: a.total });
    const issued = await json<{ items: Array<{ number: string }> }>(await app.api(`/api/v1/spaces/${space.id}/invoices?status=issued&memberId=${other.id}`, { token: operator.token }), 200);
    expect(issued.items.map((i) => i.number)).toEqual([b.number]);
    const page1 = await json<{ items: Array<{ number: string }>; nextCursor: string }>(await app.api(`/api/v1/spaces/${space.id}/invoices?limit=2`, { token: operator.token }), 200);
    const page2 = await json<{ items: Array<{ number: string }>; nextCursor: null }>(
      await app.api(`/api/v1/spaces/${space.id}/invoices?limit=2&cursor=${page1.nextCursor}`, { token: operator.token }),
      200,
    );
    expect([...page1.items, ...page2.items].map((i) => i.number)).toEqual([c.number, b.number, a.number]);
    expect(page2.nextCursor).toBeNull();
    await expectProblem(await app.api(`/api/v1/spaces/${space.id}/invoices`, { token: stranger.token }), 404, "not_found");
    await expectProblem(await app.api(`/api/v1/spaces/${space.id}/invoices?cursor=nope`, { token: operator.token }), 400, "validation_failed");

    const csv = await app.api(`/api/v1/spaces/${space.id}/invoices?format=csv&from=2027-03-01&to=2027-03-31`, { token: operator.token });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toContain("invoices-2027-03-01_2027-03-31.csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^number,status,kind,issued_on,due_on,buyer/);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual([a.number, b.number, c.number]);
    expect(lines[1]).toContain(",paid,");
    expect(lines[1]).toContain(`,${a.total},${a.total},0,0,`);
  });
});

describe("the usage run", () => {
  it("bills last month's bookings charged to the next invoice, one invoice per member and space, exactly once", async () => {
    const [desk, , , room] = space.resources;
    const insert = async (memberId: string, resourceId: string, start: string, end: string, extra: Record<string, unknown> = {}) =>
      (
        await app.db.db
          .insertInto("bookings")
          .values({ resource_id: resourceId, space_id: space.id, member_id: memberId, during: `[${start},${end})`, charge_method: "invoice", charge_amount: 150_000, ...extra })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    const b1 = await insert(tenant.id, room!.id, "2027-02-10T02:00:00Z", "2027-02-10T04:00:00Z");
    const b2 = await insert(tenant.id, desk!.id, "2027-02-28T09:00:00Z", "2027-02-28T16:00:00Z"); // ends 23:00 Jakarta, Feb 28
    await insert(tenant.id, desk!.id, "2027-02-28T16:30:00Z", "2027-02-28T17:30:00Z"); // 23:30–00:30 Jakarta: ends in March
    await insert(tenant.id, desk!.id, "2027-02-11T02:00:00Z", "2027-02-11T04:00:00Z", { charge_refunded_at: new Date("2027-02-10T00:00:00Z") });
    await insert(other.id, room!.id, "2027-02-12T02:00:00Z", "2027-02-12T03:00:00Z", { charge_amount: 75_000 });
    const run = () => app.db.db.transaction().execute((trx) => app.services.billing.invoices.runUsage(trx));
    expect(await run()).toEqual({ invoices: 2, bookings: 3 });
    expect(await run()).toEqual({ invoices: 0, bookings: 0 });
    const invoices = await app.db.db.selectFrom("invoices").select(["id", "member_id", "kind", "total"]).orderBy("total", "desc").execute();
    expect(invoices.map((i) => [i.member_id, i.kind, Number(i.total)])).toEqual([
      [tenant.id, "usage", 333_000],
      [other.id, "usage", 83_250],
    ]);
    const mine = await app.services.billing.invoices.get(as(tenant), invoices[0]!.id);
    expect(mine.lines.map((l) => [l.kind, l.bookingId, l.facts.date, l.facts.start, l.facts.end])).toEqual([
      ["booking", b1, "2027-02-10", "09:00", "11:00"],
      ["booking", b2, "2027-02-28", "16:00", "23:00"],
    ]);
    const billed = await app.db.db.selectFrom("bookings").select("id").where("invoice_id", "=", invoices[0]!.id).execute();
    expect(billed.map((b) => b.id).sort()).toEqual([b1, b2].sort());
  });
});
