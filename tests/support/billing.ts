import type { DB } from "../../db/connect.js";

let seq = 0;

/**
 * An issued invoice of `total` rupiah (PPN 11% inside it) for a member at a space, written as a row: for the tests of
 * what happens to invoices (checkout, callbacks, revenue) rather than of issuing them.
 */
export async function insertInvoice(
  db: DB,
  opts: { spaceId: string; memberId: string; total: number; issuedOn?: string; dueOn?: string; status?: "issued" | "void"; kind?: "manual" | "subscription" | "purchase" | "usage"; subscriptionId?: string },
): Promise<{ id: string; number: string; total: number }> {
  seq += 1;
  const issuedOn = opts.issuedOn ?? "2027-03-01";
  const year = Number(issuedOn.slice(0, 4));
  const subtotal = Math.round(opts.total / 1.11);
  const number = `INV/TST/${year}/${String(seq).padStart(4, "0")}`;
  const row = await db
    .insertInto("invoices")
    .values({
      space_id: opts.spaceId,
      member_id: opts.memberId,
      subscription_id: opts.subscriptionId ?? null,
      kind: opts.kind ?? "manual",
      year,
      seq,
      number,
      status: opts.status ?? "issued",
      issued_on: issuedOn,
      due_on: opts.dueOn ?? issuedOn,
      prices_include_tax: true,
      subtotal,
      tax_rate: 0.11,
      tax_amount: opts.total - subtotal,
      total: opts.total,
      seller: JSON.stringify({ name: "Test space" }),
      buyer: JSON.stringify({ name: "Test member" }),
      voided_at: opts.status === "void" ? new Date(`${issuedOn}T12:00:00Z`) : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, number, total: opts.total };
}
