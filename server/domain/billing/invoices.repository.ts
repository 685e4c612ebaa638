// Every query of billing's invoices: numbering, invoices and their lines, payments, lists and totals, the usage run.
import { sql, type SqlBool } from "kysely";
import type { DB } from "../../../db/connect.js";
import type { InvoiceKind, InvoiceParty, InvoiceStatus, PaymentMethod } from "../../../db/schema.js";

/**
 * The next number of a space's year, taken in the caller's transaction: the row stays locked until it ends, so
 * concurrent issuers queue, and a rollback gives the number back (no gaps).
 */
export async function nextSeq(trx: DB, spaceId: string, year: number): Promise<number> {
  const row = await trx
    .insertInto("invoice_sequences")
    .values({ space_id: spaceId, year, last: 1 })
    .onConflict((oc) => oc.columns(["space_id", "year"]).doUpdateSet({ last: sql<number>`invoice_sequences.last + 1` }))
    .returning("last")
    .executeTakeFirstOrThrow();
  return Number(row.last);
}

/** What a seller and a buyer print: the space (and its timezone) and the member with their business. */
export function partiesOf(trx: DB, spaceId: string, memberId: string) {
  return Promise.all([
    trx.selectFrom("spaces").select(["id", "name", "address", "timezone"]).where("id", "=", spaceId).executeTakeFirst(),
    trx
      .selectFrom("members")
      .leftJoin("profiles", "profiles.member_id", "members.id")
      .select(["members.id", "members.name", "members.email", "members.locale", "profiles.business_name"])
      .where("members.id", "=", memberId)
      .executeTakeFirst(),
  ]);
}

export type NewInvoiceRow = {
  spaceId: string;
  memberId: string;
  subscriptionId: string | null;
  kind: InvoiceKind;
  year: number;
  seq: number;
  number: string;
  locale: "id" | "en";
  issuedOn: string;
  dueOn: string;
  pricesIncludeTax: boolean;
  subtotal: number;
  taxRate: number;
  taxAmount: number;
  total: number;
  seller: InvoiceParty;
  buyer: InvoiceParty;
  note: string;
  createdBy: string | null;
};

export async function insertInvoice(trx: DB, r: NewInvoiceRow): Promise<string> {
  const row = await trx
    .insertInto("invoices")
    .values({
      space_id: r.spaceId,
      member_id: r.memberId,
      subscription_id: r.subscriptionId,
      kind: r.kind,
      year: r.year,
      seq: r.seq,
      number: r.number,
      locale: r.locale,
      issued_on: r.issuedOn,
      due_on: r.dueOn,
      prices_include_tax: r.pricesIncludeTax,
      subtotal: r.subtotal,
      tax_rate: r.taxRate,
      tax_amount: r.taxAmount,
      total: r.total,
      seller: JSON.stringify(r.seller),
      buyer: JSON.stringify(r.buyer),
      note: r.note,
      created_by: r.createdBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export type NewLineRow = {
  kind: string;
  description: string;
  facts: Record<string, string | number>;
  quantity: number;
  unitPrice: number;
  amount: number;
  planId: string | null;
  bookingId: string | null;
};

export async function insertLines(trx: DB, invoiceId: string, lines: NewLineRow[]): Promise<void> {
  if (!lines.length) return;
  await trx
    .insertInto("invoice_lines")
    .values(
      lines.map((l, i) => ({
        invoice_id: invoiceId,
        position: i + 1,
        kind: l.kind,
        description: l.description,
        facts: JSON.stringify(l.facts),
        quantity: l.quantity,
        unit_price: l.unitPrice,
        amount: l.amount,
        plan_id: l.planId,
        booking_id: l.bookingId,
      })),
    )
    .execute();
}

const invoiceColumns = [
  "invoices.id",
  "invoices.space_id",
  "invoices.member_id",
  "invoices.subscription_id",
  "invoices.kind",
  "invoices.number",
  "invoices.seq",
  "invoices.status",
  "invoices.locale",
  "invoices.currency",
  "invoices.issued_on",
  "invoices.due_on",
  "invoices.prices_include_tax",
  "invoices.subtotal",
  "invoices.tax_rate",
  "invoices.tax_amount",
  "invoices.total",
  "invoices.paid",
  "invoices.withheld",
  "invoices.seller",
  "invoices.buyer",
  "invoices.note",
  "invoices.created_at",
  "invoices.paid_at",
  "invoices.voided_at",
  "invoices.void_reason",
] as const;

function selectInvoice(trx: DB) {
  return trx.selectFrom("invoices").select(invoiceColumns);
}
export type InvoiceRow = NonNullable<Awaited<ReturnType<ReturnType<typeof selectInvoice>["executeTakeFirst"]>>>;

export function findInvoice(trx: DB, id: string): Promise<InvoiceRow | undefined> {
  return selectInvoice(trx).where("invoices.id", "=", id).executeTakeFirst();
}

/** The invoice's row, locked for the rest of the transaction (payments and void are checked under it). */
export function lockInvoice(trx: DB, id: string): Promise<InvoiceRow | undefined> {
  return selectInvoice(trx).where("invoices.id", "=", id).forUpdate().executeTakeFirst();
}

export function linesOf(trx: DB, invoiceId: string) {
  return trx
    .selectFrom("invoice_lines")
    .select(["kind", "description", "facts", "quantity", "unit_price", "amount", "plan_id", "booking_id"])
    .where("invoice_id", "=", invoiceId)
    .orderBy("position")
    .execute();
}

export function paymentsOf(trx: DB, invoiceId: string) {
  return trx
    .selectFrom("payments")
    .select(["id", "amount", "withheld", "method", "reference", "paid_at", "provider", "created_at"])
    .where("invoice_id", "=", invoiceId)
    .orderBy("paid_at")
    .orderBy("created_at")
    .execute();
}

export type NewPaymentRow = {
  invoiceId: string;
  amount: number;
  withheld: number;
  method: PaymentMethod;
  reference: string;
  paidAt: Date;
  recordedBy: string | null;
  provider: string | null;
  providerRef: string | null;
};

/** Inserts a payment; a gateway payment already recorded (same provider and reference) inserts nothing: null. */
export async function insertPayment(trx: DB, p: NewPaymentRow): Promise<string | null> {
  const row = await trx
    .insertInto("payments")
    .values({
      invoice_id: p.invoiceId,
      amount: p.amount,
      withheld: p.withheld,
      method: p.method,
      reference: p.reference,
      paid_at: p.paidAt,
      recorded_by: p.recordedBy,
      provider: p.provider,
      provider_ref: p.providerRef,
    })
    .onConflict((oc) => oc.columns(["provider", "provider_ref"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id ?? null;
}

export function findGatewayPayment(trx: DB, provider: string, providerRef: string) {
  return trx.selectFrom("payments").select(["id", "invoice_id"]).where("provider", "=", provider).where("provider_ref", "=", providerRef).executeTakeFirst();
}

export async function setSettlement(trx: DB, id: string, s: { paid: number; withheld: number; paidAt: Date | null }): Promise<void> {
  await trx
    .updateTable("invoices")
    .set({ paid: s.paid, withheld: s.withheld, ...(s.paidAt ? { status: "paid" as InvoiceStatus, paid_at: s.paidAt } : {}) })
    .where("id", "=", id)
    .execute();
}

export async function setVoid(trx: DB, id: string, at: Date, reason: string | null): Promise<void> {
  await trx.updateTable("invoices").set({ status: "void", voided_at: at, void_reason: reason }).where("id", "=", id).execute();
}

export type ListFilter = {
  spaceId?: string;
  memberId?: string;
  status?: InvoiceStatus;
  from?: string;
  to?: string;
};

/** Where a list's page starts: after (rank, issued_on, seq, id) of the last row of the previous page. */
export type ListCursor = { r: number; d: string; s: number; id: string };

/** Outstanding (issued) first when `outstandingFirst`, then latest issued first, then by number. */
export function listInvoices(trx: DB, f: ListFilter, opts: { outstandingFirst: boolean; limit: number; after?: ListCursor }) {
  const rank = opts.outstandingFirst ? sql<number>`(CASE WHEN invoices.status = 'issued' THEN 0 ELSE 1 END)` : sql<number>`(0)::int`;
  let q = trx
    .selectFrom("invoices")
    .innerJoin("spaces", "spaces.id", "invoices.space_id")
    .select(invoiceColumns)
    .select([rank.as("rank"), "spaces.timezone"]);
  q = filtered(q, f);
  if (opts.after) {
    const a = opts.after;
    q = q.where(
      sql<SqlBool>`(${rank} > ${a.r} OR (${rank} = ${a.r} AND (invoices.issued_on, invoices.seq, invoices.id) < (${a.d}::date, ${a.s}::int, ${a.id}::uuid)))`,
    );
  }
  if (opts.outstandingFirst) q = q.orderBy(rank);
  return q.orderBy("invoices.issued_on", "desc").orderBy("invoices.seq", "desc").orderBy("invoices.id", "desc").limit(opts.limit).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one filter for the list, the totals and the CSV
function filtered<Q extends { where: (...args: any[]) => any }>(q: Q, f: ListFilter): Q {
  let out = q;
  if (f.spaceId) out = out.where("invoices.space_id", "=", f.spaceId);
  if (f.memberId) out = out.where("invoices.member_id", "=", f.memberId);
  if (f.status) out = out.where("invoices.status", "=", f.status);
  if (f.from) out = out.where("invoices.issued_on", ">=", f.from);
  if (f.to) out = out.where("invoices.issued_on", "<=", f.to);
  return out;
}

/** Outstanding, overdue (due before `today`) and paid: counts and amounts over a filter (its status ignored). */
export async function totals(trx: DB, f: ListFilter, today: string) {
  const q = filtered(trx.selectFrom("invoices"), { ...f, status: undefined }).select([
    sql<number>`count(*) FILTER (WHERE status = 'issued')::int`.as("outstanding_count"),
    sql<string>`coalesce(sum(total - paid - withheld) FILTER (WHERE status = 'issued'), 0)::bigint`.as("outstanding_amount"),
    sql<number>`count(*) FILTER (WHERE status = 'issued' AND due_on < ${today}::date)::int`.as("overdue_count"),
    sql<string>`coalesce(sum(total - paid - withheld) FILTER (WHERE status = 'issued' AND due_on < ${today}::date), 0)::bigint`.as("overdue_amount"),
    sql<number>`count(*) FILTER (WHERE status = 'paid')::int`.as("paid_count"),
    sql<string>`coalesce(sum(total) FILTER (WHERE status = 'paid'), 0)::bigint`.as("paid_amount"),
  ]);
  return q.executeTakeFirstOrThrow();
}

/** Every invoice of a filter with its payments' last date, issue order (for the accountant's CSV). */
export function csvRows(trx: DB, f: ListFilter, limit: number) {
  return filtered(trx.selectFrom("invoices"), f)
    .select(invoiceColumns)
    .select((eb) => eb.selectFrom("payments").select(sql<Date>`max(paid_at)`.as("last")).whereRef("payments.invoice_id", "=", "invoices.id").as("last_paid_at"))
    .orderBy("invoices.issued_on")
    .orderBy("invoices.seq")
    .limit(limit)
    .execute();
}

/**
 * Bookings charged to the member's next invoice, not refunded, not yet invoiced, that ended before the first day of
 * `now`'s month in their space's zone: locked (the run owns them until it commits), by member and space.
 */
export function uninvoicedBookings(trx: DB, now: Date, spaceId?: string) {
  let q = trx
    .selectFrom("bookings as b")
    .innerJoin("spaces as s", "s.id", "b.space_id")
    .innerJoin("resources as r", "r.id", "b.resource_id")
    .select([
      "b.id",
      "b.member_id",
      "b.space_id",
      "b.charge_amount",
      "r.name as resource_name",
      "r.kind as resource_kind",
      "s.timezone",
      sql<Date>`lower(b.during)`.as("start"),
      sql<Date>`upper(b.during)`.as("end"),
    ])
    .where("b.charge_method", "=", "invoice")
    .where("b.invoice_id", "is", null)
    .where("b.charge_refunded_at", "is", null)
    .where(sql<SqlBool>`upper(b.during) <= (date_trunc('month', ${now.toISOString()}::timestamptz AT TIME ZONE s.timezone) AT TIME ZONE s.timezone)`);
  if (spaceId) q = q.where("b.space_id", "=", spaceId);
  return q.orderBy("b.member_id").orderBy("b.space_id").orderBy(sql`lower(b.during)`).forUpdate("b").execute();
}

export async function markInvoiced(trx: DB, bookingIds: string[], invoiceId: string): Promise<void> {
  if (!bookingIds.length) return;
  await trx.updateTable("bookings").set({ invoice_id: invoiceId }).where("id", "in", bookingIds).execute();
}

export function spaceZone(trx: DB, spaceId: string) {
  return trx.selectFrom("spaces").select(["id", "timezone", "name"]).where("id", "=", spaceId).executeTakeFirst();
}
