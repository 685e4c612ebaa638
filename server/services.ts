import { sql } from "kysely";
import type { DB } from "../db/connect.js";
import type { EventBus } from "./events.js";
import { systemClock, type Clock } from "./domain/clock.js";
import { createIdentityService, identitySchemas } from "./domain/identity/index.js";
import { createNetworkService, networkSchemas } from "./domain/network/index.js";
import { createProjectsService, projectsSchemas } from "./domain/projects/index.js";
import { createSpacesService, spacesSchemas } from "./domain/spaces/index.js";
import { createIdempotency } from "./domain/shared/idempotency.js";
import { bookingsSchemas, createBookingsService } from "./domain/bookings/index.js";
import { createNotificationsService } from "./domain/notifications/index.js";
import { createInsightsService } from "./domain/insights/index.js";
import { Id } from "./domain/validation.js";

export type ServiceDeps = { db: DB; bus: EventBus; secret: string; clock?: Clock };

/** Every bounded context, wired once per process. Routes, API handlers and socket handlers share these. */
export function createServices({ db, bus, secret, clock = systemClock }: ServiceDeps) {
  const spaces = createSpacesService({ db });
  const notifications = createNotificationsService({ db, bus, clock });
  const projects = createProjectsService({ db, bus, clock, notifications });
  return {
    clock,
    identity: createIdentityService({ db, bus, clock, secret }),
    network: createNetworkService({ db, clock, notifications }),
    projects,
    spaces,
    notifications,
    bookings: createBookingsService({ db, bus, clock, secret, spaces, projects, notifications }),
    idempotency: createIdempotency({ db }),
    insights: createInsightsService({ db, clock }),
    async healthy(): Promise<boolean> {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
  };
}

export type Services = ReturnType<typeof createServices>;

/** The zod schemas, handed to Remix routes through the load context (app/ may not import server code). */
export const schemas = {
  /** The one id schema (a UUID) for path params and hidden inputs. */
  Id,
  identity: identitySchemas,
  network: networkSchemas,
  projects: projectsSchemas,
  spaces: spacesSchemas,
  bookings: bookingsSchemas,
};
export type Schemas = typeof schemas;
