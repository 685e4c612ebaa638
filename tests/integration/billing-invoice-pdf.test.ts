import { PDFParse } from "pdf-parse";
import { beforeEach, describe, expect, it } from "vitest";
import { formatMoney } from "../../app/i18n/format.js";
import { fixedClock } from "../../server/domain/clock.js";
import { expectProblem, useTestApp } from "../support/app.js";
import { createMember, createSpace, type TestMember, type TestSpace } from "../support/factories.js";
import { issueInvoice, saveBillingSettings } from "../support/invoices.js";

// The invoice as a PDF (issue 14, item 4): a real parser reads the number, the seller's particulars, the PPN line and
// the total as Indonesian rupiah, in the invoice's language.
const NOW = "2027-03-15T03:00:00Z";
const clock = fixedClock(NOW);
const app = useTestApp({ clock, now: NOW });

let tenant: TestMember;
let other: TestMember;
let operator: TestMember;
let space: TestSpace;

beforeEach(async () => {
  tenant = await createMember(app.db.db, app.services, { name: "Dewi Lestari" });
  other = await createMember(app.db.db, app.services, { name: "Budi" });
  operator = await createMember(app.db.db, app.services, { name: "Olga", role: "operator" });
  space = await createSpace(app.services, { operator });
  await saveBillingSettings(app.db.db, space.id, { code: "JK", legalName: "PT Jejaring Kemang", npwp: "01.234.567.8-901.000", bankAccount: "BCA 1234567890 a.n. PT Jejaring Kemang" });
});

async function pdfText(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/pdf/);
  const data = new Uint8Array(await res.arrayBuffer());
  expect(Buffer.from(data.subarray(0, 5)).toString()).toBe("%PDF-");
  const parser = new PDFParse({ data });
  try {
    // Intl puts a no-break space between "Rp" and the amount; the parser may give either space.
    return (await parser.getText()).text.replace(/\u00a0/g, " ");
  } finally {
    await parser.destroy();
  }
}

describe("invoice PDF", () => {
  it("shows the number, seller, NPWP, bank account, lines, PPN and total as rupiah (Indonesian invoice)", async () => {
    const inv = await issueInvoice(app.services, app.db.db, {
      spaceId: space.id,
      memberId: tenant.id,
      lines: [{ kind: "custom", description: "Hot desk bulanan", quantity: 1, unitPrice: 1_250_000 }],
    });
    const text = await pdfText(await app.api(`/api/v1/invoices/${inv.id}`, { token: tenant.token, headers: { accept: "application/pdf" } }));
    const rp = (n: number) => formatMoney(n, "id").replace(/\u00a0/g, " ");
    expect(rp(1_387_500)).toBe("Rp 1.387.500");
    for (const expected of ["INV/JK/2027/0001", "PT Jejaring Kemang", "NPWP: 01.234.567.8-901.000", "BCA 1234567890", "Hot desk bulanan", "TAGIHAN", "PPN 11%", rp(137_500), rp(1_387_500), "Jatuh tempo", "Belum dibayar", "Dewi Lestari"]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain("Balance due");
  });

  it("in English for a member who reads English, amounts still as rupiah; no PPN line when the rate is 0; paid shows withheld and paid", async () => {
    await app.db.db.updateTable("members").set({ locale: "en" }).where("id", "=", tenant.id).execute();
    await saveBillingSettings(app.db.db, space.id, { code: "JK", taxRate: 0 });
    const inv = await issueInvoice(app.services, app.db.db, { spaceId: space.id, memberId: tenant.id });
    await app.services.billing.invoices.recordPayment({ id: operator.id, role: "operator" }, inv.id, { amount: 980_000, withheld: 20_000, method: "transfer" });
    const text = await pdfText(await app.api(`/api/v1/invoices/${inv.id}`, { token: operator.token, headers: { accept: "application/pdf" } }));
    for (const expected of ["INVOICE", "INV/JK/2027/0001", "Status: Paid", "Tax withheld by the payer (PPh)", "Rp 20.000", "Rp 980.000", "Rp 1.000.000"]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toMatch(/PPN|VAT \(PPN\) /);
    // JSON stays the default; the PDF is another member's: 404.
    expect((await app.api(`/api/v1/invoices/${inv.id}`, { token: tenant.token })).headers.get("content-type")).toMatch(/json/);
    await expectProblem(await app.api(`/api/v1/invoices/${inv.id}`, { token: other.token, headers: { accept: "application/pdf" } }), 404, "not_found");
  });
});
