import { z } from "zod";
import { invoicesSchemas as I, type InvoiceOut } from "../../domain/billing/index.js";
import { UTF8_BOM } from "../../domain/insights/index.js";
import { renderInvoicePdf } from "../invoice-pdf.js";
import { route, type AnyRoute, type Reply } from "./define.js";
import { IdParams } from "./params.js";

const PaymentRecorded = z.object({ invoice: I.InvoiceOut, payment: I.PaymentOut.nullable() });

/** Invoices and manual payments (issue 14, items 4 and 5). */
export const billingInvoicesRoutes: AnyRoute[] = [
  route({
    method: "get",
    path: "/invoices/:id",
    summary: "An invoice (its member, or an operator of its space; others 404). `Accept: application/pdf` or `format=pdf` → the invoice as a PDF",
    tag: "billing",
    access: "member",
    params: IdParams,
    query: I.InvoiceQuery,
    responses: { 200: { description: "OK (application/pdf when asked)", schema: I.InvoiceOut } },
    async handler({ req, services, viewer, params, query }): Promise<Reply> {
      const invoice = await services.billing.invoices.get(viewer!, params.id);
      const headers = { "Cache-Control": "private, no-store", Vary: "Accept" };
      // JSON unless the caller prefers a PDF (Accept: application/pdf); */* reads as JSON.
      if (query.format === "pdf" || (query.format !== "json" && req.accepts(["application/json", "application/pdf"]) === "application/pdf")) {
        return pdfReply(invoice, headers, query.format === "pdf" ? "attachment" : "inline");
      }
      return { status: 200, body: invoice, headers };
    },
  }),
  route({
    method: "get",
    path: "/me/invoices",
    summary: "The viewer's invoices: outstanding first, then the latest",
    tag: "billing",
    access: "member",
    query: I.MyInvoicesQuery,
    responses: { 200: { description: "OK", schema: I.InvoiceList } },
    async handler({ services, viewer, query }) {
      return { status: 200, body: await services.billing.invoices.mine(viewer!, query), headers: { "Cache-Control": "private, no-store" } };
    },
  }),
  route({
    method: "get",
    path: "/spaces/:id/invoices",
    summary:
      "A space's invoices by status, issue dates [from, to] and member, latest first, with outstanding, overdue and paid totals over the " +
      "same filter; `format=csv` returns every matching invoice as text/csv for the accountant",
    tag: "billing",
    access: "operator",
    params: IdParams,
    query: I.SpaceInvoicesQuery,
    responses: { 200: { description: "OK (text/csv with format=csv)", schema: I.SpaceInvoiceList } },
    async handler({ services, viewer, params, query }): Promise<Reply> {
      if (query.format === "csv") {
        const { filename, csv } = await services.billing.invoices.csv(viewer!, params.id, query);
        return {
          status: 200,
          body: UTF8_BOM + csv,
          contentType: "text/csv; charset=utf-8; header=present",
          headers: { "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "private, no-store" },
        };
      }
      return { status: 200, body: await services.billing.invoices.forSpace(viewer!, params.id, query), headers: { "Cache-Control": "private, no-store" } };
    },
  }),
  route({
    method: "post",
    path: "/spaces/:id/invoices",
    summary: "Issue an invoice by hand (operator of the space) for a member: lines of description × quantity × unit price; PPN by the space's settings",
    tag: "billing",
    access: "operator",
    params: IdParams,
    body: I.ManualInvoiceInput,
    responses: { 201: { description: "Issued", schema: I.InvoiceOut } },
    async handler({ services, viewer, params, body }) {
      return { status: 201, body: await services.billing.invoices.issueManual(viewer!, params.id, body) };
    },
  }),
  route({
    method: "post",
    path: "/invoices/:id/payments",
    summary: "Record a payment by hand (operator of the space): money received and/or tax withheld; partial payments add up; nothing left due → paid",
    tag: "billing",
    access: "operator",
    params: IdParams,
    body: I.PaymentInput,
    responses: { 201: { description: "Recorded", schema: PaymentRecorded } },
    async handler({ services, viewer, params, body }) {
      const { invoice, payment } = await services.billing.invoices.recordPayment(viewer!, params.id, body);
      return { status: 201, body: { invoice, payment } };
    },
  }),
  route({
    method: "post",
    path: "/invoices/:id/void",
    summary: "Void an issued invoice without payments (operator of the space); a paid one → 422 invalid_transition",
    tag: "billing",
    access: "operator",
    params: IdParams,
    body: I.VoidInput,
    responses: { 200: { description: "Void", schema: I.InvoiceOut } },
    async handler({ services, viewer, params, body }) {
      return { status: 200, body: await services.billing.invoices.void(viewer!, params.id, body) };
    },
  }),
];

async function pdfReply(invoice: InvoiceOut, headers: Record<string, string>, disposition: "inline" | "attachment"): Promise<Reply> {
  const pdf = await renderInvoicePdf(invoice);
  const filename = `${invoice.number.replace(/[^A-Za-z0-9-]+/g, "-")}.pdf`;
  return { status: 200, body: pdf, contentType: "application/pdf", headers: { ...headers, "Content-Disposition": `${disposition}; filename="${filename}"` } };
}
