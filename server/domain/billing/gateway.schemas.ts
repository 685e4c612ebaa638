// zod input and output schemas of billing's gateway (one validation for form actions, API and OpenAPI).
import { z } from "zod";

/** `POST /invoices/:id/checkout` → the provider's hosted page. */
export const CheckoutOut = z.object({
  url: z.url().describe("The payment gateway's hosted page (QRIS, virtual accounts, e-wallets): send the payer there"),
  reused: z.boolean().describe("true: a checkout already open for this amount was given again"),
});
export type CheckoutOut = z.infer<typeof CheckoutOut>;

/** The providers whose callbacks are taken (`/payments/callbacks/:provider`). */
export const CallbackParams = z.object({ provider: z.enum(["xendit"]) });

/** The provider's callback body: read by the provider's own parser after its token is verified (any JSON here). */
export const CallbackBody = z.unknown();

export const CallbackOut = z.object({
  outcome: z
    .enum(["paid", "replayed", "already_paid", "amount_mismatch", "invoice_not_open", "expired", "ignored", "unknown_checkout"])
    .describe("What the callback did; everything but `paid` and `expired` changed nothing"),
});

export const gatewaySchemas = { CheckoutOut, CallbackOut };
