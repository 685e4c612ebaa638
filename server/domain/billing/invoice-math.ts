// Pure invoice arithmetic in integer rupiah: a line's amount, an invoice's totals, its number, and what a payment
// does to what is still due. No database, no clock.
import { taxSplit } from "./money.js";

/** Quantities carry at most two decimals (numeric(12,2)): 1.5 hours, 0.25 of a month. */
export const QUANTITY_SCALE = 100;

/** quantity × unit price, rounded half up to the rupiah, computed on integers (quantity in hundredths). */
export function lineAmount(quantity: number, unitPrice: number): number {
  const hundredths = Math.round(quantity * QUANTITY_SCALE);
  const product = hundredths * unitPrice;
  // Half up for positive amounts, half away from zero for a negative line (a discount).
  const rounded = Math.floor((Math.abs(product) + QUANTITY_SCALE / 2) / QUANTITY_SCALE);
  return product < 0 ? -rounded : rounded;
}

/**
 * An invoice's tax base (DPP), PPN and total from its lines' amounts: the PPN is computed once on the sum (never per
 * line), inclusive when the space's prices include it. A negative sum (discounts beyond the lines) is refused by the
 * caller.
 */
export function invoiceTotals(amounts: number[], taxRate: number, pricesIncludeTax: boolean): { subtotal: number; tax: number; total: number } {
  const sum = amounts.reduce((a, b) => a + b, 0);
  return taxSplit(sum, taxRate, pricesIncludeTax);
}

/** `INV/<code>/<year>/<seq padded to 4>`: `INV/JK/2027/0001`; past 9999 the number simply grows. */
export function invoiceNumber(code: string, year: number, seq: number): string {
  return `INV/${code}/${year}/${String(seq).padStart(4, "0")}`;
}

export type Settlement = { paid: number; withheld: number; balanceDue: number; settled: boolean };

/** What is still due: the total less money received and tax withheld (withheld tax counts as settled). */
export function balanceDue(total: number, paid: number, withheld: number): number {
  return Math.max(0, total - paid - withheld);
}

/**
 * The invoice after one more payment of `amount` (money received) and `withheld` (tax the payer withheld), or
 * `overpayment` when together they are more than is still due, or `empty` when both are 0.
 */
export function applyPayment(
  invoice: { total: number; paid: number; withheld: number },
  payment: { amount: number; withheld: number },
): { ok: true; settlement: Settlement } | { ok: false; reason: "overpayment" | "empty"; balanceDue: number } {
  const due = balanceDue(invoice.total, invoice.paid, invoice.withheld);
  if (payment.amount + payment.withheld <= 0) return { ok: false, reason: "empty", balanceDue: due };
  if (payment.amount + payment.withheld > due) return { ok: false, reason: "overpayment", balanceDue: due };
  const paid = invoice.paid + payment.amount;
  const withheld = invoice.withheld + payment.withheld;
  const left = balanceDue(invoice.total, paid, withheld);
  return { ok: true, settlement: { paid, withheld, balanceDue: left, settled: left === 0 } };
}
