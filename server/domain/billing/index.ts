// The billing context's public face (issue 14): money in integer rupiah. One module per concern:
//   money.ts, price.ts        pure: PPN split in integer rupiah; a booking's price from its resource's rate
//   settings.service.ts       a space's billing settings (invoice code, PPN, bank account) and resources' rates
//   wallet.service.ts         the append-only ledger of credits and day passes; charging and refunding bookings
//   invoices.service.ts       issuing (gap-free numbers), payments recorded by hand, void, PDF data, lists, CSV
//   plans.service.ts          plans, subscriptions (pro-rated starts), purchases, the renewal run
//   gateway.service.ts        the online payment gateway (hosted checkout, verified callbacks)
//   revenue.service.ts        a space's revenue: recurring, collected, outstanding, by plan
import type { BillingDeps } from "./deps.js";
import { createGateway } from "./gateway.service.js";
import { createInvoices } from "./invoices.service.js";
import * as plansSchemas from "./plans.schemas.js";
import { createPlans } from "./plans.service.js";
import { createRevenue } from "./revenue.service.js";
import { createSettings } from "./settings.service.js";
import { createWallet } from "./wallet.service.js";

export function createBillingService(deps: BillingDeps) {
  const settings = createSettings(deps);
  const wallet = createWallet(deps);
  const invoices = createInvoices(deps, settings);
  const plans = createPlans({ ...deps, settings, invoices, wallet });
  const gateway = createGateway(deps, invoices);
  const revenue = createRevenue(deps);
  return { settings, wallet, invoices, plans, gateway, revenue };
}

export type BillingService = ReturnType<typeof createBillingService>;
export type { BillingDeps } from "./deps.js";
export { taxSplit } from "./money.js";
export { defaultCode, type BillingSettingsOut, type ResourceRate } from "./settings.service.js";
export { bookingPrice, quotePrice, type PriceTerms, type Rate } from "./price.js";
import * as settingsSchemas from "./settings.schemas.js";
export { settingsSchemas };
export type { ChargeableBooking, DebitInput, GrantInput, Wallet } from "./wallet.service.js";
export type { EntryOut, SpaceWalletsOut, WalletOut } from "./wallet.schemas.js";
import * as walletSchemas from "./wallet.schemas.js";
import { gatewaySchemas } from "./gateway.schemas.js";
import { revenueSchemas } from "./revenue.schemas.js";
import * as invoicesSchemasModule from "./invoices.schemas.js";
/** The zod schemas pages use (through the load context): merged per module. */
export const billingSchemas = { settings: settingsSchemas, wallet: walletSchemas, plans: plansSchemas, invoices: invoicesSchemasModule, gateway: gatewaySchemas, revenue: revenueSchemas };
export type { InvoiceOut, IssueInput, IssueLine, InvoiceSummary, PaymentOut, InvoiceHook, SystemPaymentInput, RecordedPayment, InvoicesService } from "./invoices.service.js";
export * as invoicesSchemas from "./invoices.schemas.js";
export type { PlansService } from "./plans.service.js";
export type { PlanOut, SubscriptionOut, QuoteOut } from "./plans.schemas.js";
export { plansSchemas };
export type { CallbackOutcome, GatewayPaymentInput } from "./gateway.service.js";
export type { PaymentProvider, CheckoutRequest, CheckoutCreated, CallbackEvent } from "./gateway/provider.js";
export type { RevenueOut } from "./revenue.schemas.js";
