import { describe, expect, it } from "vitest";
import { applyPayment, balanceDue, invoiceNumber, invoiceTotals, lineAmount } from "../../server/domain/billing/invoice-math.js";

describe("invoice math", () => {
  it("prices a line as quantity × unit price in whole rupiah, rounding half up", () => {
    expect(lineAmount(1, 1_250_000)).toBe(1_250_000);
    expect(lineAmount(1.5, 75_000)).toBe(112_500);
    expect(lineAmount(0.33, 100_001)).toBe(33_000); // 33000.33 → 33000
    expect(lineAmount(0.5, 3)).toBe(2); // 1.5 → 2
    expect(lineAmount(1, -50_000)).toBe(-50_000);
    expect(Number.isInteger(lineAmount(2.75, 123_457))).toBe(true);
  });

  it("splits PPN once on the sum: added, inclusive, or none", () => {
    expect(invoiceTotals([1_000_000, 250_000], 0.11, false)).toEqual({ subtotal: 1_250_000, tax: 137_500, total: 1_387_500 });
    expect(invoiceTotals([1_110_000], 0.11, true)).toEqual({ subtotal: 1_000_000, tax: 110_000, total: 1_110_000 });
    expect(invoiceTotals([75_000], 0, false)).toEqual({ subtotal: 75_000, tax: 0, total: 75_000 });
    const t = invoiceTotals([33_333, 33_333, 33_334], 0.11, true);
    expect(t.subtotal + t.tax).toBe(t.total);
  });

  it("numbers INV/<code>/<year>/<seq padded to 4>", () => {
    expect(invoiceNumber("JK", 2027, 1)).toBe("INV/JK/2027/0001");
    expect(invoiceNumber("KMG", 2027, 123)).toBe("INV/KMG/2027/0123");
    expect(invoiceNumber("JK", 2027, 12345)).toBe("INV/JK/2027/12345");
  });

  it("adds partial payments, counts withholding as settled and refuses more than is due", () => {
    const invoice = { total: 1_110_000, paid: 0, withheld: 0 };
    const first = applyPayment(invoice, { amount: 500_000, withheld: 0 });
    expect(first).toEqual({ ok: true, settlement: { paid: 500_000, withheld: 0, balanceDue: 610_000, settled: false } });
    // PPh 23 at 2% of the DPP (1.000.000) withheld: the tenant pays the rest net.
    const second = applyPayment({ ...invoice, paid: 500_000 }, { amount: 590_000, withheld: 20_000 });
    expect(second).toEqual({ ok: true, settlement: { paid: 1_090_000, withheld: 20_000, balanceDue: 0, settled: true } });
    expect(applyPayment({ ...invoice, paid: 500_000 }, { amount: 610_001, withheld: 0 })).toEqual({ ok: false, reason: "overpayment", balanceDue: 610_000 });
    expect(applyPayment(invoice, { amount: 0, withheld: 0 })).toMatchObject({ ok: false, reason: "empty" });
    expect(balanceDue(100, 60, 50)).toBe(0);
  });
});
