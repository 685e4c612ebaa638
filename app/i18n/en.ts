// Every word a person reads, by area: one file per area in ./en (and its twin in ../id), so work on one area touches only its files.
import { enCore } from "./en/core";
import { enBookings } from "./en/bookings";
import { enOperator } from "./en/operator";
import { enRoom } from "./en/room";
import { enAccount } from "./en/account";
import { enNetwork } from "./en/network";
import { enValidation } from "./en/validation";
import { enMeta } from "./en/meta";
import { enMessages } from "./en/messages";
import { enWeek } from "./en/week";
import { enStaff } from "./en/staff";
import { enBillingPrices } from "./en/billing-prices";
import { enBillingPlans } from "./en/billing-plans";
import { enBillingInvoices } from "./en/billing-invoices";
import { enBillingWallet } from "./en/billing-wallet";
import { enBillingRevenue } from "./en/billing-revenue";
import { enReachOutbox } from "./en/reach-outbox";
import { enReachMail } from "./en/reach-mail";
import { enReachPrefs } from "./en/reach-prefs";
import { enReachAccounts } from "./en/reach-accounts";
import { enReachWebhooks } from "./en/reach-webhooks";
import { enReachWhatsapp } from "./en/reach-whatsapp";
import { enAccountReach } from "./en/account-reach";
import { enReachReminders } from "./en/reach-reminders";
import { enCommunity } from "./en/community";

export const en = {
  ...enCore,
  ...enBookings,
  ...enOperator,
  ...enRoom,
  ...enAccount,
  ...enNetwork,
  ...enValidation,
  ...enMeta,
  ...enMessages,
  ...enWeek,
  ...enStaff,
  ...enBillingPrices,
  ...enBillingPlans,
  ...enBillingInvoices,
  ...enBillingWallet,
  ...enBillingRevenue,
  ...enReachOutbox,
  ...enReachMail,
  ...enReachPrefs,
  ...enReachAccounts,
  ...enReachWebhooks,
  ...enReachWhatsapp,
  ...enAccountReach,
  ...enReachReminders,
  ...enCommunity,
} as const;

export type MessageKey = keyof typeof en;
