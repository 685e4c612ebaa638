// zod input and output schemas of billing's settings and prices (one validation for form actions, API and OpenAPI).
import { z } from "zod";
import { TimeInput } from "../bookings/bookings.schemas.js";
import { SpaceUpdateInput } from "../spaces/spaces.schemas.js";
import { multiline, text } from "../validation.js";

export const BILLING_TEXT_MAX = { legalName: 120, npwp: 25, bankAccount: 200, invoiceNote: 1000 } as const;

/** An NPWP as people write it (15 or 16 digits, with or without dots and dashes); empty: none. */
const Npwp = text()
  .trim()
  .max(BILLING_TEXT_MAX.npwp)
  .refine((v) => v === "" || (/^[0-9.\- ]+$/.test(v) && [15, 16].includes(v.replace(/\D/g, "").length)), { message: "npwp_format" });

/** A PPN rate as a fraction (0.11), at most four decimals (the column is numeric(5,4)), below 1. */
export const TaxRate = z
  .number()
  .min(0)
  .lt(1)
  .refine((r) => Math.abs(r * 10_000 - Math.round(r * 10_000)) < 1e-6, { message: "tax_rate_precision" });

/** A space's billing settings, every field optional (what is absent stays as it is; the first save fills defaults). */
export const BillingSettingsInput = z.strictObject({
  /** 2–10 capital letters for invoice numbers (`INV/<code>/2027/0001`); lower case is upper-cased. */
  code: text()
    .trim()
    .overwrite((v) => v.toUpperCase())
    .regex(/^[A-Z]{2,10}$/, "billing_code")
    .optional(),
  taxRate: TaxRate.optional(),
  pricesIncludeTax: z.boolean().optional(),
  legalName: text().trim().max(BILLING_TEXT_MAX.legalName).optional(),
  npwp: Npwp.optional(),
  bankAccount: text().trim().max(BILLING_TEXT_MAX.bankAccount).optional(),
  invoiceNote: multiline().trim().max(BILLING_TEXT_MAX.invoiceNote).optional(),
  paymentTermsDays: z.number().int().min(0).max(90).optional(),
});
export type BillingSettingsInput = z.infer<typeof BillingSettingsInput>;

export const BillingSettingsOut = z.object({
  spaceId: z.string(),
  code: z.string(),
  taxRate: z.number(),
  pricesIncludeTax: z.boolean(),
  legalName: z.string(),
  npwp: z.string(),
  bankAccount: z.string(),
  invoiceNote: z.string(),
  paymentTermsDays: z.number().int(),
});

/** PATCH /spaces/:id: the space's own settings, and (operators of that space) its billing settings. */
export const SpacePatchInput = SpaceUpdateInput.extend({ billing: BillingSettingsInput.optional() });
export type SpacePatchInput = z.infer<typeof SpacePatchInput>;

/** GET /bookings/quote: a resource and a time, parsed as a booking's are (local in the space's zone, or with an offset). */
export const QuoteQuery = z.strictObject({ resourceId: z.uuid(), start: TimeInput, end: TimeInput });
export type QuoteQuery = z.infer<typeof QuoteQuery>;

export const QuoteOut = z.object({
  resourceId: z.string(),
  minutes: z.number().int(),
  /** The price without PPN (the tax base), the PPN, and what the member pays; integers in rupiah. */
  amount: z.number().int(),
  tax: z.number().int(),
  total: z.number().int(),
  currency: z.literal("IDR"),
  pricesIncludeTax: z.boolean(),
  taxRate: z.number(),
  /** Credits that may pay for it instead (null: credits may not), day passes likewise (desks: one). */
  credits: z.number().int().nullable(),
  dayPasses: z.number().int().nullable(),
});
export type QuoteOut = z.infer<typeof QuoteOut>;
