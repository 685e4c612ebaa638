import type { AnyRoute } from "./define.js";
import { bookingsRoutes } from "./bookings.routes.js";
import { calendarRoutes } from "./calendar.routes.js";
import { identityRoutes } from "./identity.routes.js";
import { insightsRoutes } from "./insights.routes.js";
import { networkRoutes } from "./network.routes.js";
import { notificationsRoutes } from "./notifications.routes.js";
import { projectsRoutes } from "./projects.routes.js";
import { spacesRoutes } from "./spaces.routes.js";

/**
 * The /api/v1 route table: every endpoint of shared/API.md, and the OpenAPI source. One file per context; no two
 * routes of one method match the same path, so the order below is only the order of the OpenAPI document.
 */
export const apiRoutes: AnyRoute[] = [
  ...identityRoutes,
  ...networkRoutes,
  ...spacesRoutes,
  ...bookingsRoutes,
  ...calendarRoutes,
  ...notificationsRoutes,
  ...projectsRoutes,
  ...insightsRoutes,
];
