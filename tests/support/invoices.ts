import type { DB } from "../../db/connect.js";
import type { IssueInput } from "../../server/domain/billing/index.js";
import type { Services } from "../../server/services.js";

// Billing set-up shared by the invoice tests: a space's billing settings written as the operator would save them,
// and an invoice issued in its own transaction as another module (plans, the usage run) does.

export async function saveBillingSettings(
  db: DB,
  spaceId: string,
  s: Partial<{ code: string; taxRate: number; pricesIncludeTax: boolean; legalName: string; npwp: string; bankAccount: string; invoiceNote: string; paymentTermsDays: number }> = {},
): Promise<void> {
  const values = {
    space_id: spaceId,
    code: s.code ?? "JK",
    tax_rate: s.taxRate ?? 0.11,
    prices_include_tax: s.pricesIncludeTax ?? false,
    legal_name: s.legalName ?? "",
    npwp: s.npwp ?? "",
    bank_account: s.bankAccount ?? "",
    invoice_note: s.invoiceNote ?? "",
    payment_terms_days: s.paymentTermsDays ?? 14,
  };
  const { space_id: _id, ...update } = values;
  await db
    .insertInto("billing_settings")
    .values(values)
    .onConflict((oc) => oc.column("space_id").doUpdateSet(update))
    .execute();
}

/** Issues one invoice in its own transaction; `lines` default to one line of 1 × Rp 1.000.000. */
export async function issueInvoice(services: Services, db: DB, input: Omit<IssueInput, "kind" | "lines"> & Partial<Pick<IssueInput, "kind" | "lines">>) {
  return db.transaction().execute((trx) =>
    services.billing.invoices.issue(trx, {
      kind: "manual",
      lines: [{ kind: "custom", description: "Sewa ruang", quantity: 1, unitPrice: 1_000_000 }],
      ...input,
    }),
  );
}
