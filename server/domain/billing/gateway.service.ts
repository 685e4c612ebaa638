// Billing: the online payment gateway (issue 14, item 5). A member opens a hosted checkout for their invoice (QRIS,
// virtual accounts, e-wallets at Xendit); the provider's verified callback records the payment on the invoice.
// Nothing waits on the provider while holding the database: checkout reads, commits, calls out, then writes.
import { randomUUID } from "node:crypto";
import type { DB } from "../../../db/connect.js";
import type { PaymentMethod } from "../../../db/schema.js";
import { DomainError, notFound } from "../errors.js";
import { inTx, type Effect } from "../shared/tx.js";
import type { BillingDeps } from "./deps.js";
import type { PaymentProvider } from "./gateway/provider.js";
import { ProviderError } from "./gateway/provider.js";
import { createXendit } from "./gateway/xendit.js";
import * as repo from "./gateway.repository.js";

type Viewer = { id: string; role: string };

/** What a gateway payment records on an invoice (the invoices module's system variant: no operator records it). */
export type GatewayPaymentInput = {
  invoiceId: string;
  amount: number;
  method: PaymentMethod;
  reference: string;
  paidAt: Date;
  provider: string;
  providerRef: string;
};

/**
 * The one way a payment reaches an invoice: the invoices module's system variant (it locks the row, settles it and
 * runs the onPaid hooks in this transaction; `effects` run after commit).
 */
export type RecordsPayments = { recordSystemPayment: (trx: DB, input: GatewayPaymentInput, effects?: Effect[]) => Promise<unknown> };

/** What a callback did: stored as payment_callbacks.outcome, and answered (200) to the provider. */
export type CallbackOutcome = "paid" | "replayed" | "already_paid" | "amount_mismatch" | "invoice_not_open" | "expired" | "ignored" | "unknown_checkout";

/** A checkout still open this long is reused; one closer to its expiry is not (the payer needs time to pay). */
const REUSE_MARGIN_MS = 15 * 60_000;

export function createGateway(deps: BillingDeps, payments: RecordsPayments, provider: PaymentProvider | null = providerOf(deps)) {
  const { db, clock, logger } = deps;

  return {
    /** Whether an online gateway is configured (the invoice page offers "Pay now" only then). */
    enabled(): boolean {
      return provider !== null;
    },

    /**
     * A hosted checkout for the viewer's own invoice (anyone else's: 404) → its URL. A pending checkout for the same
     * amount that is still open is reused; otherwise one is made at the provider, after the reads have committed.
     */
    async checkout(viewer: Viewer, invoiceId: string, options: { origin?: string } = {}): Promise<{ url: string; reused: boolean }> {
      const now = clock.now();
      const { invoice, balance, reusable } = await db.transaction().execute(async (trx) => {
        const invoice = await repo.findInvoice(trx, invoiceId);
        if (!invoice || invoice.memberId !== viewer.id) throw notFound("Invoice");
        const balance = invoice.total - invoice.paid - invoice.withheld;
        if (invoice.status !== "issued" || balance <= 0) {
          throw new DomainError("invalid_transition", `Invoice ${invoice.number} is ${invoice.status}: there is nothing to pay.`, {
            reason: invoice.status === "void" ? "invoice_void" : "invoice_paid",
            number: invoice.number,
          });
        }
        if (!provider) {
          const settings = await trx
            .selectFrom("billing_settings")
            .select("bank_account")
            .where("space_id", "=", invoice.spaceId)
            .executeTakeFirst();
          throw new DomainError("rule_violation", "No online payment gateway is configured: pay by bank transfer.", {
            reason: "no_gateway",
            bankAccount: settings?.bank_account ?? "",
            number: invoice.number,
          });
        }
        const reusable = await repo.findReusableCheckout(trx, invoice.id, provider.name, balance, new Date(now.getTime() + REUSE_MARGIN_MS));
        return { invoice, balance, reusable };
      });
      if (reusable) return { url: reusable.url, reused: true };
      if (!provider) throw new Error("unreachable: checked above");

      // Committed: no transaction, connection or lock is held while the provider answers.
      const externalId = `jejaring-${randomUUID()}`;
      const back = `${options.origin ?? ""}/invoices/${invoice.id}`;
      let created;
      try {
        created = await provider.createCheckout({
          externalId,
          amount: balance,
          description: invoice.number,
          payerEmail: invoice.memberEmail ?? undefined,
          successUrl: `${back}?payment=done`,
          failureUrl: `${back}?payment=failed`,
        });
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        logger?.warn("payment gateway checkout failed", { provider: provider.name, invoiceId: invoice.id, status: error.status, error: error.message });
        throw new DomainError("unavailable", "The payment gateway could not be reached: try again, or pay by transfer.", {
          reason: "payment_gateway",
          retryAfter: 5,
        });
      }
      const row = await repo.insertCheckout(db, {
        invoiceId: invoice.id,
        provider: provider.name,
        externalId,
        providerId: created.providerId,
        url: created.url,
        amount: balance,
        expiresAt: created.expiresAt,
        now: clock.now(),
      });
      return { url: row.url, reused: false };
    },

    /**
     * A provider's callback. Unverified (bad or missing token) → 401 and nothing is written. Each event is handled
     * once (its key is claimed first, in the same transaction as what it does: a replay changes nothing). A payment
     * whose amount is not exactly the checkout's and the invoice's balance is recorded as a mismatch and logged.
     */
    async callback(providerName: string, headers: Record<string, string | string[] | undefined>, body: unknown): Promise<{ outcome: CallbackOutcome }> {
      if (!provider || provider.name !== providerName) {
        throw new DomainError("not_found", "No such payment provider.", { reason: "endpoint" });
      }
      if (!provider.verifyCallback(headers, body)) {
        throw new DomainError("unauthenticated", "The callback's verification token is missing or wrong.", { reason: "callback_token" });
      }
      const event = provider.parseCallback(body);
      if (!event) {
        throw new DomainError("validation_failed", "The callback body is not one this provider sends.", { reason: "invalid_body" });
      }
      const now = clock.now();
      const name = provider.name;
      const outcome = await inTx(db, undefined, async (trx, effects): Promise<CallbackOutcome> => {
        if (!(await repo.claimCallback(trx, name, event.eventKey, now))) return "replayed";
        const decide = async (): Promise<CallbackOutcome> => {
          const checkout = await repo.lockCheckoutByExternalId(trx, name, event.externalId);
          if (!checkout || (checkout.providerId !== null && checkout.providerId !== event.providerId)) return "unknown_checkout";
          if (event.outcome === "expired") {
            if (checkout.status !== "pending") return "ignored";
            await repo.setCheckoutStatus(trx, checkout.id, "expired", now);
            return "expired";
          }
          if (event.outcome !== "paid") return "ignored";
          // PAID and then SETTLED are two events of one payment: the second finds the checkout paid.
          if (checkout.status === "paid") return "already_paid";
          const invoice = await repo.findInvoice(trx, checkout.invoiceId, true);
          if (!invoice || invoice.status !== "issued") {
            logger?.warn("gateway payment for an invoice that is not open", { provider: name, providerId: event.providerId, invoiceId: checkout.invoiceId, status: invoice?.status });
            return "invoice_not_open";
          }
          const balance = invoice.total - invoice.paid - invoice.withheld;
          if (event.paidAmount !== checkout.amount || event.paidAmount !== balance) {
            logger?.warn("gateway payment amount does not match", {
              provider: name,
              providerId: event.providerId,
              invoiceId: invoice.id,
              paidAmount: event.paidAmount,
              checkoutAmount: checkout.amount,
              balanceDue: balance,
            });
            return "amount_mismatch";
          }
          await payments.recordSystemPayment(
            trx,
            {
              invoiceId: invoice.id,
              amount: event.paidAmount,
              method: event.method,
              reference: event.providerId,
              paidAt: event.paidAt ?? now,
              provider: name,
              providerRef: event.providerId,
            },
            effects,
          );
          await repo.setCheckoutStatus(trx, checkout.id, "paid", now);
          return "paid";
        };
        const result = await decide();
        await repo.setCallbackOutcome(trx, name, event.eventKey, result);
        return result;
      });
      return { outcome };
    },
  };
}

/** The configured provider, or null. */
function providerOf(deps: BillingDeps): PaymentProvider | null {
  const g = deps.gateway;
  if (!g) return null;
  return createXendit({ secretKey: g.secretKey, callbackToken: g.callbackToken, apiUrl: g.apiUrl, timeoutMs: g.timeoutMs });
}
