import type { MessageKey } from "./en";
import { idCore } from "./id/core";
import { idBookings } from "./id/bookings";
import { idOperator } from "./id/operator";
import { idRoom } from "./id/room";
import { idAccount } from "./id/account";
import { idNetwork } from "./id/network";
import { idValidation } from "./id/validation";
import { idMeta } from "./id/meta";
import { idMessages } from "./id/messages";
import { idWeek } from "./id/week";
import { idStaff } from "./id/staff";
import { idBillingPrices } from "./id/billing-prices";
import { idBillingPlans } from "./id/billing-plans";
import { idBillingInvoices } from "./id/billing-invoices";
import { idBillingWallet } from "./id/billing-wallet";
import { idBillingRevenue } from "./id/billing-revenue";
import { idReachOutbox } from "./id/reach-outbox";
import { idReachMail } from "./id/reach-mail";
import { idReachPrefs } from "./id/reach-prefs";
import { idReachAccounts } from "./id/reach-accounts";
import { idReachWebhooks } from "./id/reach-webhooks";
import { idReachWhatsapp } from "./id/reach-whatsapp";
import { idAccountReach } from "./id/account-reach";
import { idReachReminders } from "./id/reach-reminders";
import { idCommunity } from "./id/community";

export const id: Record<MessageKey, string> = {
  ...idCore,
  ...idBookings,
  ...idOperator,
  ...idRoom,
  ...idAccount,
  ...idNetwork,
  ...idValidation,
  ...idMeta,
  ...idMessages,
  ...idWeek,
  ...idStaff,
  ...idBillingPrices,
  ...idBillingPlans,
  ...idBillingInvoices,
  ...idBillingWallet,
  ...idBillingRevenue,
  ...idReachOutbox,
  ...idReachMail,
  ...idReachPrefs,
  ...idReachAccounts,
  ...idReachWebhooks,
  ...idReachWhatsapp,
  ...idAccountReach,
  ...idReachReminders,
  ...idCommunity,
};
