import type { AnyRoute } from "./define.js";
import { adminOutboxRoutes } from "./admin-outbox.routes.js";
import { billingPricesRoutes } from "./billing-prices.routes.js";
import { billingPlansRoutes } from "./billing-plans.routes.js";
import { billingWalletRoutes } from "./billing-wallet.routes.js";
import { billingInvoicesRoutes } from "./billing-invoices.routes.js";
import { billingGatewayRoutes } from "./billing-gateway.routes.js";
import { billingRevenueRoutes } from "./billing-revenue.routes.js";
import { bookingsRoutes } from "./bookings.routes.js";
import { calendarRoutes } from "./calendar.routes.js";
import { communityRoutes } from "./community.routes.js";
import { eventsRoutes } from "./events.routes.js";
import { conversationsRoutes } from "./conversations.routes.js";
import { accountsRoutes } from "./accounts.routes.js";
import { identityRoutes } from "./identity.routes.js";
import { insightsRoutes } from "./insights.routes.js";
import { networkRoutes } from "./network.routes.js";
import { notificationsRoutes } from "./notifications.routes.js";
import { preferencesRoutes } from "./preferences.routes.js";
import { projectsRoutes } from "./projects.routes.js";
import { spacesRoutes } from "./spaces.routes.js";
import { webhooksRoutes } from "./webhooks.routes.js";

/**
 * The /api/v1 route table: every endpoint of shared/API.md, and the OpenAPI source. One file per context; no two
 * routes of one method match the same path, so the order below is only the order of the OpenAPI document.
 */
export const apiRoutes: AnyRoute[] = [
  ...identityRoutes,
  ...accountsRoutes,
  ...networkRoutes,
  ...spacesRoutes,
  // Before bookings: GET /bookings/quote is matched ahead of GET /bookings/:id (tests/unit/api-routes.test.ts).
  ...billingPricesRoutes,
  ...bookingsRoutes,
  ...calendarRoutes,
  ...notificationsRoutes,
  ...preferencesRoutes,
  ...projectsRoutes,
  ...conversationsRoutes,
  ...insightsRoutes,
  ...billingPlansRoutes,
  ...billingWalletRoutes,
  ...billingInvoicesRoutes,
  ...billingGatewayRoutes,
  ...billingRevenueRoutes,
  ...adminOutboxRoutes,
  ...webhooksRoutes,
  ...communityRoutes,
  ...eventsRoutes,
];
