// zod input and output schemas of billing's invoices (one validation for form actions, API and OpenAPI).
import { z } from "zod";
import { isValidDate } from "../time.js";
import { Id, text } from "../validation.js";

const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "date_format")
  .refine(isValidDate, { message: "real_date" })
  .refine((d) => d >= "1970-01-01" && d <= "9998-12-31", { message: "year_range", params: { min: "1970", max: "9998" } });

/** An amount of rupiah: a whole number, never a float, at most a trillion. */
const Rupiah = z.number().int().min(0).max(1_000_000_000_000);

export const InvoiceStatus = z.enum(["issued", "paid", "void"]);
export const InvoiceKind = z.enum(["subscription", "purchase", "usage", "manual"]);
/** What an operator records by hand; a gateway's payments also use `ewallet` and `virtual_account`. */
export const ManualPaymentMethod = z.enum(["transfer", "cash", "qris", "card", "other"]);
export const PaymentMethod = z.enum(["transfer", "cash", "qris", "card", "ewallet", "virtual_account", "other"]);
export type PaymentMethod = z.infer<typeof PaymentMethod>;

/** `POST /invoices/:id/payments`: money received and/or tax the payer withheld (PPh 23 / 4(2)). */
export const PaymentInput = z
  .strictObject({
    amount: Rupiah.describe("Money received, in rupiah"),
    method: ManualPaymentMethod,
    reference: text().trim().max(200).optional().describe("The bank transfer's reference, a receipt number…"),
    /** When the money arrived: a local date (YYYY-MM-DD, the space's zone) or an instant with an offset. */
    paidAt: text()
      .max(40)
      .refine((v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? isValidDate(v) : !Number.isNaN(Date.parse(v)) && /(Z|[+-]\d{2}:?\d{2})$/i.test(v)), {
        message: "invalid_date",
      })
      .optional()
      .describe("Local date (space's zone) or ISO instant with offset; default now"),
    withheld: Rupiah.default(0).describe("Tax the payer withheld and reports (counts as settled)"),
  })
  .refine((p) => p.amount + p.withheld > 0, { message: "payment_empty", path: ["amount"] });
export type PaymentInput = z.infer<typeof PaymentInput>;

/** `POST /spaces/:id/invoices`: an invoice an operator writes by hand (a virtual office's year, a repair, a print job). */
export const ManualInvoiceInput = z.strictObject({
  memberId: Id,
  lines: z
    .array(
      z.strictObject({
        description: text().trim().min(1).max(200),
        quantity: z.number().positive().max(1_000_000).multipleOf(0.01).default(1),
        unitPrice: Rupiah,
      }),
    )
    .min(1)
    .max(100),
  dueOn: LocalDate.optional().describe("Default: the issue date plus the space's payment terms"),
  note: text().trim().max(500).optional(),
});
export type ManualInvoiceInput = z.infer<typeof ManualInvoiceInput>;

/** `POST /invoices/:id/void`. */
export const VoidInput = z.strictObject({ reason: text().trim().max(500).optional() });
export type VoidInput = z.infer<typeof VoidInput>;

/** `GET /spaces/:id/invoices`: filters over the issue date (local dates, inclusive), status and member. */
export const SpaceInvoicesQuery = z
  .strictObject({
    status: InvoiceStatus.optional(),
    from: LocalDate.optional().describe("First issue date, inclusive"),
    to: LocalDate.optional().describe("Last issue date, inclusive"),
    memberId: Id.optional(),
    cursor: text().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    format: z.enum(["json", "csv"]).default("json"),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.to < q.from) ctx.addIssue({ code: "custom", path: ["to"], message: "to_before_from" });
  });
export type SpaceInvoicesQuery = z.infer<typeof SpaceInvoicesQuery>;

/** `GET /invoices/:id`: `format=pdf` asks for the PDF as `Accept: application/pdf` does (a download link). */
export const InvoiceQuery = z.strictObject({ format: z.enum(["json", "pdf"]).optional() });

/** `GET /me/invoices`. */
export const MyInvoicesQuery = z.strictObject({
  status: InvoiceStatus.optional(),
  cursor: text().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type MyInvoicesQuery = z.infer<typeof MyInvoicesQuery>;

/** A line as another module gives it to `issue`: what it is (`kind`, worded by the dictionaries), how many, at what. */
export type IssueLine = {
  kind: string;
  description?: string;
  facts?: Record<string, string | number>;
  quantity: number;
  unitPrice: number;
  planId?: string | null;
  bookingId?: string | null;
};

export type IssueInput = {
  spaceId: string;
  memberId: string;
  kind: z.infer<typeof InvoiceKind>;
  subscriptionId?: string | null;
  lines: IssueLine[];
  /** Local date in the space's zone; default today there. */
  issuedOn?: string;
  /** Default: issuedOn + the space's payment terms. */
  dueOn?: string;
  createdBy?: string | null;
  note?: string;
};

const Party = z.object({
  name: z.string(),
  address: z.string().optional(),
  npwp: z.string().optional(),
  email: z.string().optional(),
  bankAccount: z.string().optional(),
  businessName: z.string().optional(),
});

export const InvoiceLineOut = z.object({
  kind: z.string().describe("What the line is: subscription, purchase, setup_fee, deposit, booking, custom…"),
  description: z.string(),
  facts: z.record(z.string(), z.union([z.string(), z.number()])),
  quantity: z.number(),
  unitPrice: z.number().int(),
  amount: z.number().int(),
  planId: z.string().nullable(),
  bookingId: z.string().nullable(),
});

export const PaymentOut = z.object({
  id: z.string(),
  amount: z.number().int(),
  withheld: z.number().int(),
  method: PaymentMethod,
  reference: z.string(),
  paidAt: z.string(),
  provider: z.string().nullable(),
  createdAt: z.string(),
});
export type PaymentOut = z.infer<typeof PaymentOut>;

export const InvoiceOut = z.object({
  id: z.string(),
  number: z.string(),
  status: InvoiceStatus,
  kind: InvoiceKind,
  spaceId: z.string(),
  memberId: z.string().nullable(),
  subscriptionId: z.string().nullable(),
  locale: z.enum(["id", "en"]),
  issuedOn: z.string(),
  dueOn: z.string(),
  currency: z.literal("IDR"),
  pricesIncludeTax: z.boolean(),
  lines: z.array(InvoiceLineOut),
  subtotal: z.number().int().describe("The tax base (DPP)"),
  tax: z.object({ rate: z.number(), amount: z.number().int() }),
  total: z.number().int(),
  withholding: z.number().int().describe("Tax withheld by the payer (PPh 23 / 4(2)), settled"),
  paid: z.number().int(),
  balanceDue: z.number().int(),
  seller: Party,
  buyer: Party,
  note: z.string(),
  payments: z.array(PaymentOut),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
  voidedAt: z.string().nullable(),
  voidReason: z.string().nullable(),
});
export type InvoiceOut = z.infer<typeof InvoiceOut>;

/** A row of a list: the invoice without its lines and payments. */
export const InvoiceSummary = InvoiceOut.omit({ lines: true, payments: true, seller: true, buyer: true }).extend({
  buyerName: z.string(),
  sellerName: z.string(),
  overdue: z.boolean(),
});
export type InvoiceSummary = z.infer<typeof InvoiceSummary>;

const Total = z.object({ count: z.number().int(), amount: z.number().int() });
export const InvoiceTotals = z.object({
  outstanding: Total.describe("Issued invoices: how many, and their balance due"),
  overdue: Total.describe("Issued invoices past their due date"),
  paid: Total.describe("Paid invoices: how many, and their totals"),
});
export type InvoiceTotals = z.infer<typeof InvoiceTotals>;

export const InvoiceList = z.object({ items: z.array(InvoiceSummary), nextCursor: z.string().nullable() });
export const SpaceInvoiceList = InvoiceList.extend({ totals: InvoiceTotals, outstanding: Total });

export const UsageRunOut = z.object({ invoices: z.number().int(), bookings: z.number().int() });
