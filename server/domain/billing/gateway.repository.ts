// Every query of the payment gateway: invoices as checkout reads them, hosted checkouts, callbacks seen.
import type { DB } from "../../../db/connect.js";

export type PayableInvoice = {
  id: string;
  spaceId: string;
  memberId: string | null;
  number: string;
  status: "issued" | "paid" | "void";
  total: number;
  paid: number;
  withheld: number;
  memberEmail: string | null;
};

/** The invoice with its payer's email; `forUpdate` locks its row (the callback's check-then-record). */
export async function findInvoice(trx: DB, invoiceId: string, forUpdate = false): Promise<PayableInvoice | undefined> {
  let q = trx
    .selectFrom("invoices as i")
    .leftJoin("members as m", "m.id", "i.member_id")
    .select(["i.id", "i.space_id", "i.member_id", "i.number", "i.status", "i.total", "i.paid", "i.withheld", "m.email"])
    .where("i.id", "=", invoiceId);
  if (forUpdate) q = q.forUpdate("i");
  const row = await q.executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    spaceId: row.space_id,
    memberId: row.member_id,
    number: row.number,
    status: row.status as PayableInvoice["status"],
    total: Number(row.total),
    paid: Number(row.paid),
    withheld: Number(row.withheld),
    memberEmail: row.email,
  };
}

export type CheckoutRow = {
  id: string;
  invoiceId: string;
  provider: string;
  externalId: string;
  providerId: string | null;
  url: string;
  amount: number;
  status: "pending" | "paid" | "expired" | "failed";
  expiresAt: Date | null;
};

const checkoutColumns = ["id", "invoice_id", "provider", "external_id", "provider_id", "url", "amount", "status", "expires_at"] as const;

function toCheckout(row: {
  id: string;
  invoice_id: string;
  provider: string;
  external_id: string;
  provider_id: string | null;
  url: string;
  amount: string | number;
  status: CheckoutRow["status"];
  expires_at: Date | null;
}): CheckoutRow {
  return {
    id: row.id,
    invoiceId: row.invoice_id,
    provider: row.provider,
    externalId: row.external_id,
    providerId: row.provider_id,
    url: row.url,
    amount: Number(row.amount),
    status: row.status,
    expiresAt: row.expires_at ? new Date(row.expires_at) : null,
  };
}

/** A pending checkout of this invoice for exactly this amount that is still open after `openUntil`. */
export async function findReusableCheckout(trx: DB, invoiceId: string, provider: string, amount: number, openUntil: Date): Promise<CheckoutRow | undefined> {
  const row = await trx
    .selectFrom("payment_checkouts")
    .select(checkoutColumns)
    .where("invoice_id", "=", invoiceId)
    .where("provider", "=", provider)
    .where("status", "=", "pending")
    .where("amount", "=", amount)
    .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", openUntil)]))
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? toCheckout(row) : undefined;
}

export async function insertCheckout(
  trx: DB,
  values: { invoiceId: string; provider: string; externalId: string; providerId: string; url: string; amount: number; expiresAt: Date | null; now: Date },
): Promise<CheckoutRow> {
  const row = await trx
    .insertInto("payment_checkouts")
    .values({
      invoice_id: values.invoiceId,
      provider: values.provider,
      external_id: values.externalId,
      provider_id: values.providerId,
      url: values.url,
      amount: values.amount,
      expires_at: values.expiresAt,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning(checkoutColumns)
    .executeTakeFirstOrThrow();
  return toCheckout(row);
}

/** The checkout a callback names, locked. */
export async function lockCheckoutByExternalId(trx: DB, provider: string, externalId: string): Promise<CheckoutRow | undefined> {
  const row = await trx
    .selectFrom("payment_checkouts")
    .select(checkoutColumns)
    .where("provider", "=", provider)
    .where("external_id", "=", externalId)
    .forUpdate()
    .executeTakeFirst();
  return row ? toCheckout(row) : undefined;
}

export async function setCheckoutStatus(trx: DB, id: string, status: CheckoutRow["status"], now: Date): Promise<void> {
  await trx.updateTable("payment_checkouts").set({ status, updated_at: now }).where("id", "=", id).execute();
}

/** Claims a callback event: true the first time, false for a replay (the row is there already). */
export async function claimCallback(trx: DB, provider: string, eventKey: string, now: Date): Promise<boolean> {
  const row = await trx
    .insertInto("payment_callbacks")
    .values({ provider, event_key: eventKey, outcome: "received", received_at: now })
    .onConflict((oc) => oc.columns(["provider", "event_key"]).doNothing())
    .returning("event_key")
    .executeTakeFirst();
  return row !== undefined;
}

export async function setCallbackOutcome(trx: DB, provider: string, eventKey: string, outcome: string): Promise<void> {
  await trx.updateTable("payment_callbacks").set({ outcome }).where("provider", "=", provider).where("event_key", "=", eventKey).execute();
}

