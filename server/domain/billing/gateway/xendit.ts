// Xendit's invoice API (https://docs.xendit.co): POST /v2/invoices opens a hosted page offering QRIS, virtual
// accounts, e-wallets and cards; its invoice callback is verified by the `x-callback-token` header, which must equal
// the verification token from the dashboard.
import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { PaymentMethod } from "../../../../db/schema.js";
import type { CheckoutCreated, CheckoutRequest, PaymentProvider } from "./provider.js";
import { ProviderError } from "./provider.js";

export type XenditOptions = { secretKey: string; callbackToken: string; apiUrl: string; timeoutMs: number };

const CreatedInvoice = z.object({
  id: z.string().min(1),
  invoice_url: z.url({ protocol: /^https?$/ }),
  expiry_date: z.string().optional(),
  status: z.string().optional(),
});

/** The invoice callback's fields we read (Xendit sends more; they are ignored). */
const InvoiceCallback = z.object({
  id: z.string().min(1).max(200),
  external_id: z.string().min(1).max(200),
  status: z.string().min(1).max(40),
  amount: z.number().nonnegative().optional(),
  paid_amount: z.number().nonnegative().optional(),
  payment_method: z.string().max(60).optional(),
  payment_channel: z.string().max(60).optional(),
  paid_at: z.string().optional(),
});

/** Xendit's payment method → ours (payments.method). */
export function methodOf(paymentMethod: string | undefined): PaymentMethod {
  switch (paymentMethod) {
    case "QR_CODE":
      return "qris";
    case "BANK_TRANSFER":
    case "VIRTUAL_ACCOUNT":
      return "virtual_account";
    case "EWALLET":
      return "ewallet";
    case "CREDIT_CARD":
      return "card";
    default:
      return "other";
  }
}

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** Equal strings, in time that does not depend on where they differ (both hashed to one length first). */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

export function createXendit(options: XenditOptions): PaymentProvider {
  const auth = `Basic ${Buffer.from(`${options.secretKey}:`).toString("base64")}`;
  return {
    name: "xendit",
    async createCheckout(request: CheckoutRequest): Promise<CheckoutCreated> {
      let res: Response;
      try {
        res = await fetch(`${options.apiUrl}/v2/invoices`, {
          method: "POST",
          headers: { authorization: auth, "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({
            external_id: request.externalId,
            amount: request.amount,
            description: request.description,
            currency: "IDR",
            ...(request.payerEmail ? { payer_email: request.payerEmail } : {}),
            success_redirect_url: request.successUrl,
            failure_redirect_url: request.failureUrl,
          }),
          redirect: "error",
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        throw new ProviderError(`Xendit could not be reached: ${(error as Error).name}`);
      }
      const text = await res.text().catch(() => "");
      if (!res.ok) throw new ProviderError(`Xendit refused the invoice (${res.status})`, res.status);
      let parsed: z.infer<typeof CreatedInvoice>;
      try {
        parsed = CreatedInvoice.parse(JSON.parse(text));
      } catch {
        throw new ProviderError("Xendit answered with an unexpected body", res.status);
      }
      const expires = parsed.expiry_date ? new Date(parsed.expiry_date) : null;
      return { providerId: parsed.id, url: parsed.invoice_url, expiresAt: expires && !Number.isNaN(expires.getTime()) ? expires : null };
    },
    verifyCallback(headers) {
      const raw = headers["x-callback-token"];
      const token = Array.isArray(raw) ? raw[0] : raw;
      if (typeof token !== "string" || token.length === 0 || token.length > 512) return false;
      return sameSecret(token, options.callbackToken);
    },
    parseCallback(body) {
      const parsed = InvoiceCallback.safeParse(body);
      if (!parsed.success) return null;
      const c = parsed.data;
      const status = c.status.toUpperCase();
      const paidAt = c.paid_at ? new Date(c.paid_at) : null;
      return {
        // One event per invoice and status: Xendit retries a callback with the same body until it gets a 2xx.
        eventKey: `${c.id}:${status}`,
        providerId: c.id,
        externalId: c.external_id,
        outcome: status === "PAID" || status === "SETTLED" ? "paid" : status === "EXPIRED" ? "expired" : "other",
        status,
        paidAmount: c.paid_amount ?? c.amount ?? 0,
        method: methodOf(c.payment_method),
        paidAt: paidAt && !Number.isNaN(paidAt.getTime()) ? paidAt : null,
      };
    },
  };
}
