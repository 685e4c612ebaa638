// Billing: invoices (issue 14). Issuing with gap-free numbers (taken in the issuing transaction), payments recorded
// by hand or by the gateway under the invoice's row lock, void, the hooks other modules hang on "paid" and "void",
// lists with totals, the accountant's CSV, and the monthly usage run (bookings charged to the next invoice).
import type { DB } from "../../../db/connect.js";
import { noWebhooks } from "../messaging/index.js";
import type { InvoiceParty } from "../../../db/schema.js";
import { DomainError } from "../errors.js";
import { csvTable, type Cell } from "../csv.js";
import type { Effect } from "../shared/tx.js";
import type { Actor } from "../spaces/access.js";
import { addDays, formatInstant, localDate, localToInstant } from "../time.js";
import type { BillingDeps } from "./deps.js";
import { applyPayment, balanceDue, invoiceNumber, invoiceTotals, lineAmount } from "./invoice-math.js";
import * as repo from "./invoices.repository.js";
import type {
  InvoiceOut,
  InvoiceSummary,
  InvoiceTotals,
  IssueInput,
  ManualInvoiceInput,
  MyInvoicesQuery,
  PaymentInput,
  PaymentMethod,
  PaymentOut,
  SpaceInvoicesQuery,
  VoidInput,
} from "./invoices.schemas.js";
import type { createSettings } from "./settings.service.js";

export type { InvoiceOut, IssueInput, IssueLine, InvoiceSummary, PaymentOut } from "./invoices.schemas.js";

/** Runs in the transaction that paid (or voided) the invoice: a throw rolls the payment (or void) back. */
export type InvoiceHook = (trx: DB, invoice: InvoiceOut) => Promise<void>;

/** A payment the system records (the gateway): idempotent by (provider, providerRef). */
export type SystemPaymentInput = {
  invoiceId: string;
  amount: number;
  method: PaymentMethod;
  withheld?: number;
  reference?: string;
  paidAt?: Date;
  provider?: string | null;
  providerRef?: string | null;
  recordedBy?: string | null;
};

export type RecordedPayment = { invoice: InvoiceOut; payment: PaymentOut | null; duplicate: boolean };

const MAX_CSV_ROWS = 50_000;
const notFoundInvoice = () => new DomainError("not_found", "Invoice not found.", { reason: "invoice" });
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

type Settings = ReturnType<typeof createSettings>;

export function createInvoices({ db, bus, clock, spaces, reach, webhooks = noWebhooks }: BillingDeps, settings: Settings) {
  // Webhooks hear of every invoice that becomes paid, in the paying transaction (the first paid hook).
  const paidHooks: InvoiceHook[] = [(trx, inv) => webhooks.emit(trx, "invoice.paid", { invoiceId: inv.id, spaceId: inv.spaceId, memberId: inv.memberId })];
  const voidedHooks: InvoiceHook[] = [];

  function register(list: InvoiceHook[], hook: InvoiceHook): () => void {
    list.push(hook);
    return () => {
      const at = list.indexOf(hook);
      if (at >= 0) list.splice(at, 1);
    };
  }

  function toOut(row: repo.InvoiceRow, lines: Awaited<ReturnType<typeof repo.linesOf>>, payments: Awaited<ReturnType<typeof repo.paymentsOf>>): InvoiceOut {
    const total = Number(row.total);
    const paid = Number(row.paid);
    const withheld = Number(row.withheld);
    return {
      id: row.id,
      number: row.number,
      status: row.status,
      kind: row.kind,
      spaceId: row.space_id,
      memberId: row.member_id,
      subscriptionId: row.subscription_id,
      locale: row.locale,
      issuedOn: row.issued_on,
      dueOn: row.due_on,
      currency: "IDR",
      pricesIncludeTax: row.prices_include_tax,
      lines: lines.map((l) => ({
        kind: l.kind,
        description: l.description,
        facts: l.facts ?? {},
        quantity: Number(l.quantity),
        unitPrice: Number(l.unit_price),
        amount: Number(l.amount),
        planId: l.plan_id,
        bookingId: l.booking_id,
      })),
      subtotal: Number(row.subtotal),
      tax: { rate: Number(row.tax_rate), amount: Number(row.tax_amount) },
      total,
      withholding: withheld,
      paid,
      balanceDue: row.status === "void" ? 0 : balanceDue(total, paid, withheld),
      seller: row.seller,
      buyer: row.buyer,
      note: row.note,
      payments: payments.map((p) => ({
        id: p.id,
        amount: Number(p.amount),
        withheld: Number(p.withheld),
        method: p.method,
        reference: p.reference,
        paidAt: new Date(p.paid_at).toISOString(),
        provider: p.provider,
        createdAt: new Date(p.created_at).toISOString(),
      })),
      createdAt: new Date(row.created_at).toISOString(),
      paidAt: iso(row.paid_at),
      voidedAt: iso(row.voided_at),
      voidReason: row.void_reason,
    };
  }

  async function load(trx: DB, row: repo.InvoiceRow): Promise<InvoiceOut> {
    const [lines, payments] = await Promise.all([repo.linesOf(trx, row.id), repo.paymentsOf(trx, row.id)]);
    return toOut(row, lines, payments);
  }

  function summaryOf(row: repo.InvoiceRow, today: string): InvoiceSummary {
    const out = toOut(row, [], []);
    const { lines: _l, payments: _p, seller, buyer, ...rest } = out;
    return { ...rest, buyerName: buyer.name, sellerName: seller.name, overdue: out.status === "issued" && out.dueOn < today };
  }

  /** The invoice when the actor may see it: its member, or someone who runs its space; otherwise not_found. */
  async function visible(actor: Actor, id: string, trx: DB = db): Promise<repo.InvoiceRow> {
    const row = await repo.findInvoice(trx, id);
    if (!row) throw notFoundInvoice();
    if (row.member_id === actor.id) return row;
    if (await spaces.runs(actor, row.space_id, trx)) return row;
    throw notFoundInvoice();
  }

  /** The invoice locked, for someone who runs its space (others: not_found). */
  async function lockedForOperator(trx: DB, actor: Actor, id: string): Promise<repo.InvoiceRow> {
    const peek = await repo.findInvoice(trx, id);
    if (!peek || !(await spaces.runs(actor, peek.space_id, trx))) throw notFoundInvoice();
    return (await repo.lockInvoice(trx, id))!;
  }

  function publish(effects: Effect[] | undefined, effect: Effect) {
    if (effects) effects.push(effect);
    else effect();
  }

  const paidEvent = (inv: InvoiceOut) => () =>
    bus.publish("invoice.paid", { invoiceId: inv.id, spaceId: inv.spaceId, memberId: inv.memberId, number: inv.number, total: inv.total, paidAt: inv.paidAt! });

  /** Records a payment on the locked row; settles (paid, hooks) when nothing is left due. */
  async function pay(trx: DB, row: repo.InvoiceRow, input: SystemPaymentInput, effects: Effect[] | undefined): Promise<RecordedPayment> {
    if (row.status === "void") {
      throw new DomainError("invalid_transition", "A void invoice takes no payments.", { reason: "invoice_void", status: row.status, number: row.number });
    }
    if (input.provider && input.providerRef) {
      const seen = await repo.findGatewayPayment(trx, input.provider, input.providerRef);
      if (seen) return { invoice: await load(trx, row), payment: null, duplicate: true };
    }
    if (row.status === "paid") {
      throw new DomainError("invalid_transition", "That invoice is already paid.", { reason: "invoice_paid", status: row.status, number: row.number });
    }
    const withheld = input.withheld ?? 0;
    const applied = applyPayment({ total: Number(row.total), paid: Number(row.paid), withheld: Number(row.withheld) }, { amount: input.amount, withheld });
    if (!applied.ok) {
      throw new DomainError("rule_violation", `That is more than the ${applied.balanceDue} still due.`, {
        reason: applied.reason === "empty" ? "payment_empty" : "overpayment",
        balanceDue: applied.balanceDue,
      });
    }
    const paidAt = input.paidAt ?? clock.now();
    const paymentId = await repo.insertPayment(trx, {
      invoiceId: row.id,
      amount: input.amount,
      withheld,
      method: input.method,
      reference: input.reference ?? "",
      paidAt,
      recordedBy: input.recordedBy ?? null,
      provider: input.provider ?? null,
      providerRef: input.providerRef ?? null,
    });
    // A concurrent duplicate of a gateway payment: the unique key refused it (the row lock orders them anyway).
    if (paymentId === null) return { invoice: await load(trx, row), payment: null, duplicate: true };
    const { settlement } = applied;
    await repo.setSettlement(trx, row.id, { paid: settlement.paid, withheld: settlement.withheld, paidAt: settlement.settled ? clock.now() : null });
    const invoice = await load(trx, (await repo.findInvoice(trx, row.id))!);
    if (settlement.settled) {
      for (const hook of [...paidHooks]) await hook(trx, invoice);
      publish(effects, paidEvent(invoice));
    }
    return { invoice, payment: invoice.payments.find((p) => p.id === paymentId) ?? null, duplicate: false };
  }

  /** A payment date from a form: a local date is noon there (the day is what matters), an instant as given. */
  function paidAtOf(value: string | undefined, timezone: string): Date | undefined {
    if (!value) return undefined;
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return localToInstant(`${value}T12:00`, timezone);
    return new Date(value);
  }

  async function issue(trx: DB, input: IssueInput, effects?: Effect[]): Promise<InvoiceOut> {
    const [space, member] = await repo.partiesOf(trx, input.spaceId, input.memberId);
    if (!space) throw new DomainError("not_found", "Space not found.", { reason: "space" });
    if (!member) throw new DomainError("not_found", "Member not found.", { reason: "member" });
    if (!input.lines.length) throw new DomainError("validation_failed", "An invoice needs at least one line.", { reason: "invoice_no_lines" });
    const s = await settings.get(trx, input.spaceId);
    const issuedOn = input.issuedOn ?? localDate(clock.now(), space.timezone);
    const dueOn = input.dueOn ?? addDays(issuedOn, s.paymentTermsDays);
    const lines = input.lines.map((l) => ({
      kind: l.kind,
      description: l.description ?? "",
      facts: l.facts ?? {},
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      amount: lineAmount(l.quantity, l.unitPrice),
      planId: l.planId ?? null,
      bookingId: l.bookingId ?? null,
    }));
    const totals = invoiceTotals(
      lines.map((l) => l.amount),
      s.taxRate,
      s.pricesIncludeTax,
    );
    if (totals.subtotal < 0) throw new DomainError("validation_failed", "An invoice cannot total less than zero.", { reason: "invoice_negative" });
    // The year of the issue date in the space's zone (issuedOn is that local date).
    const year = Number(issuedOn.slice(0, 4));
    const seq = await repo.nextSeq(trx, input.spaceId, year);
    const seller: InvoiceParty = {
      name: s.legalName || space.name,
      ...(space.address ? { address: space.address } : {}),
      ...(s.npwp ? { npwp: s.npwp } : {}),
      ...(s.bankAccount ? { bankAccount: s.bankAccount } : {}),
    };
    const buyer: InvoiceParty = {
      name: member.name,
      email: member.email,
      ...(member.business_name ? { businessName: member.business_name } : {}),
    };
    const id = await repo.insertInvoice(trx, {
      spaceId: input.spaceId,
      memberId: input.memberId,
      subscriptionId: input.subscriptionId ?? null,
      kind: input.kind,
      year,
      seq,
      number: invoiceNumber(s.code, year, seq),
      locale: member.locale ?? "id",
      issuedOn,
      dueOn,
      pricesIncludeTax: s.pricesIncludeTax,
      subtotal: totals.subtotal,
      taxRate: s.taxRate,
      taxAmount: totals.tax,
      total: totals.total,
      seller,
      buyer,
      note: input.note ?? s.invoiceNote,
      createdBy: input.createdBy ?? null,
    });
    await repo.insertLines(trx, id, lines);
    let invoice = await load(trx, (await repo.findInvoice(trx, id))!);
    await webhooks.emit(trx, "invoice.issued", { invoiceId: invoice.id, spaceId: invoice.spaceId, memberId: invoice.memberId });
    publish(effects, () =>
      bus.publish("invoice.issued", { invoiceId: invoice.id, spaceId: invoice.spaceId, memberId: invoice.memberId, number: invoice.number, total: invoice.total, dueOn: invoice.dueOn }),
    );
    // Nothing to pay (a free plan, a fully discounted purchase): settled at once, and the paid hooks run here.
    if (invoice.total === 0) {
      await repo.setSettlement(trx, id, { paid: 0, withheld: 0, paidAt: clock.now() });
      invoice = await load(trx, (await repo.findInvoice(trx, id))!);
      for (const hook of [...paidHooks]) await hook(trx, invoice);
      publish(effects, paidEvent(invoice));
    }
    await reach?.invoiceIssued(trx, id);
    return invoice;
  }

  async function spaceTimezone(trx: DB, spaceId: string): Promise<string> {
    return (await repo.spaceZone(trx, spaceId))?.timezone ?? "Asia/Jakarta";
  }

  function decodeCursor(cursor: string | undefined): repo.ListCursor | undefined {
    if (!cursor) return undefined;
    try {
      const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Record<string, unknown>;
      if (
        (v.r === 0 || v.r === 1) &&
        typeof v.d === "string" &&
        /^\d{4}-\d{2}-\d{2}$/.test(v.d) &&
        Number.isInteger(v.s) &&
        typeof v.id === "string" &&
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v.id)
      ) {
        return { r: v.r, d: v.d, s: v.s as number, id: v.id };
      }
    } catch {
      // fall through
    }
    throw new DomainError("validation_failed", "That page cursor is not valid.", {
      reason: "invalid_cursor",
      errors: [{ path: "cursor", code: "invalid_cursor", message: "Not a valid cursor" }],
    });
  }

  async function page(filter: repo.ListFilter, q: { cursor?: string; limit: number }, outstandingFirst: boolean) {
    const rows = await repo.listInvoices(db, filter, { outstandingFirst, limit: q.limit + 1, after: decodeCursor(q.cursor) });
    const more = rows.length > q.limit;
    const items = rows.slice(0, q.limit);
    const last = items.at(-1);
    const nextCursor =
      more && last ? Buffer.from(JSON.stringify({ r: Number(last.rank), d: last.issued_on, s: last.seq, id: last.id })).toString("base64url") : null;
    // "Overdue" against today where each invoice's space is.
    return {
      items: items.map((r) => summaryOf(r, localDate(clock.now(), r.timezone))),
      nextCursor,
    };
  }

  function totalsOut(t: Awaited<ReturnType<typeof repo.totals>>): InvoiceTotals {
    return {
      outstanding: { count: Number(t.outstanding_count), amount: Number(t.outstanding_amount) },
      overdue: { count: Number(t.overdue_count), amount: Number(t.overdue_amount) },
      paid: { count: Number(t.paid_count), amount: Number(t.paid_amount) },
    };
  }

  return {
    /**
     * Issues an invoice inside the caller's transaction: takes the space's next number for the issue date's year
     * (a rollback gives it back), prices the lines (quantity × unit price), splits PPN by the space's settings and
     * prints seller and buyer as they are today. `effects`: where to queue the `invoice.issued` event until the
     * caller commits (without it the event is published at once). A total of 0 is settled at once (hooks run).
     */
    issue,

    /** Operator: an invoice written by hand for a member of the network, issued at once. */
    async issueManual(viewer: Actor, spaceId: string, input: ManualInvoiceInput): Promise<InvoiceOut> {
      await spaces.requireOperator(viewer, spaceId);
      const effects: Effect[] = [];
      const invoice = await db.transaction().execute(async (trx) => {
        if (input.dueOn) {
          const today = localDate(clock.now(), await spaceTimezone(trx, spaceId));
          if (input.dueOn < today) throw new DomainError("validation_failed", "The due date is before the issue date.", { reason: "invalid_body", errors: [{ path: "dueOn", code: "due_before_issue", message: "Before the issue date" }] });
        }
        return issue(
          trx,
          {
            spaceId,
            memberId: input.memberId,
            kind: "manual",
            lines: input.lines.map((l) => ({ kind: "custom", description: l.description, quantity: l.quantity, unitPrice: l.unitPrice })),
            dueOn: input.dueOn,
            note: input.note,
            createdBy: viewer.id,
          },
          effects,
        );
      });
      effects.forEach((e) => e());
      return invoice;
    },

    /** Hooks run in the paying transaction when an invoice becomes paid (plans: activate, grant what was bought). */
    onPaid: (hook: InvoiceHook) => register(paidHooks, hook),
    /** Hooks run in the voiding transaction. */
    onVoided: (hook: InvoiceHook) => register(voidedHooks, hook),

    /** An invoice by id with no access check (other billing modules, inside their transaction). */
    async find(trx: DB = db, id: string): Promise<InvoiceOut | null> {
      const row = await repo.findInvoice(trx, id);
      return row ? load(trx, row) : null;
    },

    /** The invoice for its member or an operator of its space; anyone else: not_found. */
    async get(viewer: Actor, id: string): Promise<InvoiceOut> {
      return load(db, await visible(viewer, id));
    },

    /**
     * An invoice's page: the invoice (its member or an operator of its space; others not_found), today in its space's
     * zone (overdue), whether the viewer runs the space (record payment, void) and the bank account to transfer to,
     * as the space's settings say now (the invoice's own print when the settings have none).
     */
    async page(viewer: Actor, id: string): Promise<{ invoice: InvoiceOut; today: string; canManage: boolean; bankAccount: string; spaceName: string }> {
      const row = await visible(viewer, id);
      const [invoice, space, s, canManage] = await Promise.all([load(db, row), repo.spaceZone(db, row.space_id), settings.get(db, row.space_id), spaces.runs(viewer, row.space_id)]);
      return {
        invoice,
        today: localDate(clock.now(), space?.timezone ?? "Asia/Jakarta"),
        canManage,
        bankAccount: s.bankAccount || invoice.seller.bankAccount || "",
        spaceName: space?.name ?? "",
      };
    },

    /** Operator: records money received and/or tax withheld; when nothing is left due the invoice is paid. */
    async recordPayment(viewer: Actor, invoiceId: string, input: PaymentInput): Promise<RecordedPayment> {
      const effects: Effect[] = [];
      const result = await db.transaction().execute(async (trx) => {
        const row = await lockedForOperator(trx, viewer, invoiceId);
        const paidAt = paidAtOf(input.paidAt, await spaceTimezone(trx, row.space_id));
        return pay(trx, row, { invoiceId, amount: input.amount, withheld: input.withheld, method: input.method, reference: input.reference, paidAt, recordedBy: viewer.id }, effects);
      });
      effects.forEach((e) => e());
      return result;
    },

    /**
     * The system's payment (the gateway's callback) in the caller's transaction, under the invoice's row lock: the
     * same provider reference twice records once (`duplicate`); more than is due → rule_violation `overpayment`.
     */
    async recordSystemPayment(trx: DB, input: SystemPaymentInput, effects?: Effect[]): Promise<RecordedPayment> {
      const row = await repo.lockInvoice(trx, input.invoiceId);
      if (!row) throw notFoundInvoice();
      return pay(trx, row, input, effects);
    },

    /** Operator: voids an issued invoice with no payments (paid → invalid_transition); void twice is a no-op. */
    async void(viewer: Actor, invoiceId: string, input: VoidInput = {}): Promise<InvoiceOut> {
      return db.transaction().execute(async (trx) => {
        const row = await lockedForOperator(trx, viewer, invoiceId);
        if (row.status === "void") return load(trx, row);
        if (row.status === "paid") {
          throw new DomainError("invalid_transition", "A paid invoice cannot be voided.", { reason: "invoice_paid", status: row.status, number: row.number });
        }
        if (Number(row.paid) + Number(row.withheld) > 0) {
          throw new DomainError("invalid_transition", "An invoice with payments recorded cannot be voided.", { reason: "invoice_has_payments", number: row.number });
        }
        await repo.setVoid(trx, row.id, clock.now(), input.reason || null);
        const invoice = await load(trx, (await repo.findInvoice(trx, row.id))!);
        for (const hook of [...voidedHooks]) await hook(trx, invoice);
        return invoice;
      });
    },

    /** The viewer's own invoices: outstanding first, then latest first. */
    async mine(viewer: Actor, q: MyInvoicesQuery) {
      return page({ memberId: viewer.id, status: q.status }, q, true);
    },

    /** Operator: a space's invoices by filter, with outstanding, overdue and paid totals over the same filter. */
    async forSpace(viewer: Actor, spaceId: string, q: SpaceInvoicesQuery) {
      await spaces.requireOperator(viewer, spaceId);
      const filter = { spaceId, status: q.status, from: q.from, to: q.to, memberId: q.memberId };
      const today = localDate(clock.now(), await spaceTimezone(db, spaceId));
      const [list, t] = await Promise.all([page(filter, q, false), repo.totals(db, filter, today)]);
      const totals = totalsOut(t);
      return { ...list, totals, outstanding: totals.outstanding };
    },

    /** Operator: the filter's invoices as CSV for the accountant (issue order; amounts in whole rupiah). */
    async csv(viewer: Actor, spaceId: string, q: SpaceInvoicesQuery): Promise<{ filename: string; csv: string }> {
      await spaces.requireOperator(viewer, spaceId);
      const tz = await spaceTimezone(db, spaceId);
      const rows = await repo.csvRows(db, { spaceId, status: q.status, from: q.from, to: q.to, memberId: q.memberId }, MAX_CSV_ROWS);
      const header = [
        "number",
        "status",
        "kind",
        "issued_on",
        "due_on",
        "buyer",
        "buyer_email",
        "buyer_business",
        "currency",
        "subtotal",
        "tax_rate",
        "tax",
        "total",
        "paid",
        "withheld",
        "balance_due",
        "paid_at",
        "last_payment_at",
        "voided_at",
      ];
      const local = (d: Date | string | null) => (d ? formatInstant(new Date(d), tz) : null);
      const body: Cell[][] = rows.map((r) => [
        r.number,
        r.status,
        r.kind,
        r.issued_on,
        r.due_on,
        r.buyer.name,
        r.buyer.email ?? "",
        r.buyer.businessName ?? "",
        "IDR",
        Number(r.subtotal),
        Number(r.tax_rate),
        Number(r.tax_amount),
        Number(r.total),
        Number(r.paid),
        Number(r.withheld),
        r.status === "void" ? 0 : balanceDue(Number(r.total), Number(r.paid), Number(r.withheld)),
        local(r.paid_at),
        local(r.last_paid_at),
        local(r.voided_at),
      ]);
      const range = [q.from, q.to].filter(Boolean).join("_") || localDate(clock.now(), tz);
      return { filename: `invoices-${range}.csv`, csv: csvTable(header, body) };
    },

    /**
     * The usage run: bookings charged to the member's next invoice that ended before this month (each space's zone)
     * become one `usage` invoice per member and space, a line per booking; the bookings point at it in the same
     * transaction, so a second run finds nothing (idempotent). Runs in the caller's transaction (the job's).
     */
    async runUsage(trx: DB, opts: { spaceId?: string } = {}, effects?: Effect[]): Promise<{ invoices: number; bookings: number }> {
      const now = clock.now();
      const rows = await repo.uninvoicedBookings(trx, now, opts.spaceId);
      const groups = new Map<string, typeof rows>();
      for (const r of rows) {
        const key = `${r.member_id}|${r.space_id}`;
        groups.set(key, [...(groups.get(key) ?? []), r]);
      }
      let invoices = 0;
      for (const group of groups.values()) {
        const first = group[0]!;
        const tz = first.timezone;
        const invoice = await issue(
          trx,
          {
            spaceId: first.space_id,
            memberId: first.member_id,
            kind: "usage",
            lines: group.map((b) => ({
              kind: "booking",
              description: b.resource_name,
              facts: {
                resource: b.resource_name,
                resourceKind: b.resource_kind,
                date: localDate(new Date(b.start), tz),
                start: formatInstant(new Date(b.start), tz).slice(11, 16),
                end: formatInstant(new Date(b.end), tz).slice(11, 16),
              },
              quantity: 1,
              unitPrice: Number(b.charge_amount),
              bookingId: b.id,
            })),
          },
          effects,
        );
        await repo.markInvoiced(
          trx,
          group.map((b) => b.id),
          invoice.id,
        );
        invoices++;
      }
      return { invoices, bookings: rows.length };
    },
  };
}

export type InvoicesService = ReturnType<typeof createInvoices>;
