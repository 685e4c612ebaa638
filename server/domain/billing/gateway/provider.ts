// The online payment gateway behind one small interface (issue 14, item 5): a hosted checkout page for an invoice,
// and the provider's callbacks, verified and read into one shape. Xendit's invoice API is the one implementation.
import type { PaymentMethod } from "../../../../db/schema.js";

/** What a checkout asks the provider for: one payment of `amount` rupiah for our `externalId`. */
export type CheckoutRequest = {
  /** Our id for this checkout (payment_checkouts.external_id): the callback names it. */
  externalId: string;
  amount: number;
  description: string;
  payerEmail?: string;
  successUrl: string;
  failureUrl: string;
};

/** What the provider made: its id, the hosted page, and until when it takes payment. */
export type CheckoutCreated = { providerId: string; url: string; expiresAt: Date | null };

/** A callback, read: which checkout, what happened, and (paid) how much and how. */
export type CallbackEvent = {
  /** The provider's own key for this event: a replay carries the same one. */
  eventKey: string;
  providerId: string;
  externalId: string;
  outcome: "paid" | "expired" | "other";
  /** The provider's own status word (logged, stored as the outcome of an event we do nothing with). */
  status: string;
  /** What was paid, in rupiah (the provider's paid amount, else its amount). */
  paidAmount: number;
  method: PaymentMethod;
  paidAt: Date | null;
};

export interface PaymentProvider {
  readonly name: string;
  /** Opens a hosted checkout. Called with no transaction or lock held; gives up after the configured timeout. */
  createCheckout(request: CheckoutRequest): Promise<CheckoutCreated>;
  /** Whether the callback really comes from the provider (its token or signature), compared in constant time. */
  verifyCallback(headers: Record<string, string | string[] | undefined>, rawBody: unknown): boolean;
  /** The callback's body in one shape; null when it is not one this provider sends. */
  parseCallback(body: unknown): CallbackEvent | null;
}

/** The provider could not be reached or refused the request (mapped to 503: try again, or pay by transfer). */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}
