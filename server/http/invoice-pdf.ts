// An invoice as a real A4 PDF, in the invoice's language, amounts as Indonesian rupiah. The words come from the
// dictionaries (the second sanctioned import of app/i18n by server/http, beside problem.ts): the domain gives facts.
import PDFDocument from "pdfkit";
import { formatMoney, formatNumber, type Locale } from "../../app/i18n/format.js";
import { invoiceDate as dateWords, invoiceLineText as lineText, ratePercent } from "../../app/i18n/invoice-words.js";
import { translator } from "../../app/i18n/translate.js";
import type { InvoiceOut } from "../domain/billing/index.js";

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;
/** Amounts are Indonesian rupiah whatever the invoice's language: "Rp 1.110.000". */
const rupiah = (n: number) => formatMoney(n, "id");

export function renderInvoicePdf(invoice: InvoiceOut): Promise<Buffer> {
  const locale: Locale = invoice.locale;
  const t = translator(locale);
  const doc = new PDFDocument({ size: "A4", margin: MARGIN, info: { Title: `${t("billing.invoices.invoice")} ${invoice.number}`, Author: invoice.seller.name } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const width = A4.width - 2 * MARGIN;

  // Heading: the seller on the left, the invoice's title, number and dates on the right.
  doc.font("Helvetica-Bold").fontSize(16).text(invoice.seller.name, MARGIN, MARGIN, { width: width * 0.55 });
  doc.font("Helvetica").fontSize(9);
  if (invoice.seller.address) doc.text(invoice.seller.address, { width: width * 0.55 });
  if (invoice.seller.npwp) doc.text(t("billing.invoices.npwp", { npwp: invoice.seller.npwp }), { width: width * 0.55 });
  const leftBottom = doc.y;

  const rightX = MARGIN + width * 0.6;
  const rightW = width * 0.4;
  doc.font("Helvetica-Bold").fontSize(20).text(t("billing.invoices.invoice").toUpperCase(), rightX, MARGIN, { width: rightW, align: "right" });
  doc.font("Helvetica").fontSize(10);
  doc.text(invoice.number, rightX, doc.y, { width: rightW, align: "right" });
  doc.fontSize(9);
  doc.text(`${t("billing.invoices.issuedOn")}: ${dateWords(invoice.issuedOn, locale)}`, { width: rightW, align: "right" });
  doc.text(`${t("billing.invoices.dueOn")}: ${dateWords(invoice.dueOn, locale)}`, { width: rightW, align: "right" });
  doc.font("Helvetica-Bold").text(`${t("billing.invoices.statusLabel")}: ${t(`billing.invoices.status.${invoice.status}`)}`, { width: rightW, align: "right" });
  doc.font("Helvetica");

  // The buyer.
  let y = Math.max(leftBottom, doc.y) + 24;
  doc.font("Helvetica-Bold").fontSize(9).text(t("billing.invoices.buyer"), MARGIN, y);
  doc.font("Helvetica").fontSize(10).text(invoice.buyer.name);
  doc.fontSize(9);
  if (invoice.buyer.businessName) doc.text(invoice.buyer.businessName);
  if (invoice.buyer.email) doc.text(invoice.buyer.email);
  if (invoice.buyer.npwp) doc.text(t("billing.invoices.npwp", { npwp: invoice.buyer.npwp }));

  // The lines.
  y = doc.y + 20;
  const cols = { desc: MARGIN, qty: MARGIN + width * 0.55, unit: MARGIN + width * 0.65, amount: MARGIN + width * 0.82 };
  const colW = { desc: width * 0.54, qty: width * 0.09, unit: width * 0.17, amount: width * 0.18 };
  const header = () => {
    doc.font("Helvetica-Bold").fontSize(9);
    doc.text(t("billing.invoices.description"), cols.desc, y, { width: colW.desc });
    doc.text(t("billing.invoices.quantity"), cols.qty, y, { width: colW.qty, align: "right" });
    doc.text(t("billing.invoices.unitPrice"), cols.unit, y, { width: colW.unit, align: "right" });
    doc.text(t("billing.invoices.amount"), cols.amount, y, { width: colW.amount, align: "right" });
    y = doc.y + 4;
    doc.moveTo(MARGIN, y).lineTo(MARGIN + width, y).lineWidth(0.5).stroke();
    y += 6;
    doc.font("Helvetica").fontSize(9);
  };
  header();
  for (const line of invoice.lines) {
    const text = lineText(t, line, locale);
    const h = doc.heightOfString(text, { width: colW.desc });
    if (y + h > A4.height - MARGIN - 160) {
      doc.addPage();
      y = MARGIN;
      header();
    }
    doc.text(text, cols.desc, y, { width: colW.desc });
    doc.text(formatNumber(line.quantity, locale), cols.qty, y, { width: colW.qty, align: "right" });
    doc.text(rupiah(line.unitPrice), cols.unit, y, { width: colW.unit, align: "right" });
    doc.text(rupiah(line.amount), cols.amount, y, { width: colW.amount, align: "right" });
    y += Math.max(h, 12) + 6;
  }
  doc.moveTo(MARGIN, y).lineTo(MARGIN + width, y).lineWidth(0.5).stroke();
  y += 8;

  // Totals: DPP, PPN (none when 0), total, then what was withheld and paid and what is left.
  const labelX = MARGIN + width * 0.4;
  const labelW = width * 0.42;
  const row = (label: string, value: string, bold = false) => {
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(bold ? 11 : 9);
    doc.text(label, labelX, y, { width: labelW, align: "right" });
    doc.text(value, cols.amount, y, { width: colW.amount, align: "right" });
    y = doc.y + 4;
  };
  row(t("billing.invoices.subtotal"), rupiah(invoice.subtotal));
  if (invoice.tax.amount > 0) row(t("billing.invoices.tax", { rate: ratePercent(invoice.tax.rate, locale) }), rupiah(invoice.tax.amount));
  row(t("billing.invoices.total"), rupiah(invoice.total), true);
  if (invoice.withholding > 0) row(t("billing.invoices.withheld"), rupiah(invoice.withholding));
  if (invoice.paid > 0) row(t("billing.invoices.paid"), rupiah(invoice.paid));
  if (invoice.status !== "void") row(t("billing.invoices.balanceDue"), rupiah(invoice.balanceDue), true);
  if (invoice.pricesIncludeTax && invoice.tax.amount > 0) {
    doc.font("Helvetica").fontSize(8).text(t("billing.invoices.taxIncluded"), labelX, y, { width: width * 0.6, align: "right" });
    y = doc.y + 4;
  }

  // How to pay, the note, and the void or paid stamp.
  y += 16;
  doc.font("Helvetica").fontSize(9);
  if (invoice.status === "void") {
    doc.font("Helvetica-Bold").text(t("billing.invoices.voidedOn", { date: dateWords(invoice.voidedAt ?? invoice.issuedOn, locale) }), MARGIN, y, { width });
    if (invoice.voidReason) doc.font("Helvetica").text(t("billing.invoices.voidReason", { reason: invoice.voidReason }), { width });
  } else if (invoice.status === "paid" && invoice.paidAt) {
    doc.font("Helvetica-Bold").text(t("billing.invoices.paidOn", { date: dateWords(invoice.paidAt, locale) }), MARGIN, y, { width });
  } else if (invoice.seller.bankAccount) {
    doc.font("Helvetica-Bold").text(t("billing.invoices.transfer.title"), MARGIN, y, { width });
    doc.font("Helvetica").text(t("billing.invoices.transfer.account", { amount: rupiah(invoice.balanceDue), account: invoice.seller.bankAccount }), { width });
    doc.text(t("billing.invoices.transfer.reference", { number: invoice.number }), { width });
  }
  if (invoice.note) {
    doc.moveDown();
    doc.font("Helvetica-Bold").text(t("billing.invoices.note"), { width });
    doc.font("Helvetica").text(invoice.note, { width });
  }
  doc.moveDown();
  doc.font("Helvetica").fontSize(9).text(t("billing.invoices.pdf.thanks"), { width });
  doc.end();
  return done;
}
