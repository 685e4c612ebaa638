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
};
