import { sql } from "kysely";
import type { DB } from "../db/connect.js";
import type { EventBus } from "./events.js";
import type { GatewayConfig } from "./config.js";
import type { Logger } from "./logger.js";
import { systemClock, type Clock } from "./domain/clock.js";
import { accountsSchemas, createAccountsService, createIdentityService, identitySchemas } from "./domain/identity/index.js";
import { createIntroductionsService, createNetworkService, createPhotosService, createSearchService, introductionSchemas, networkSchemas } from "./domain/network/index.js";
import { createProjectsService, projectsSchemas } from "./domain/projects/index.js";
import { createSpacesService, spacesSchemas } from "./domain/spaces/index.js";
import { createIdempotency } from "./domain/shared/idempotency.js";
import { bookingsSchemas, createBookingsService } from "./domain/bookings/index.js";
import { createNotificationsService } from "./domain/notifications/index.js";
import { createInsightsService } from "./domain/insights/index.js";
import { billingSchemas, createBillingService } from "./domain/billing/index.js";
import { createMessagingService, messagingSchemas, preferencesSchemas, webhooksSchemas, outboxSchemas, type MessagingConfig } from "./domain/messaging/index.js";
import { communitySchemas, createCommunityService, eventsSchemas } from "./domain/community/index.js";
import { Id } from "./domain/validation.js";

export type ServiceDeps = {
  db: DB;
  bus: EventBus;
  secret: string;
  clock?: Clock;
  /** The online payment gateway (config.gateway); absent: none. */
  gateway?: GatewayConfig | null;
  logger?: Logger;
  /** Mail, WhatsApp, webhooks and the outbox worker's settings (absent: mail kept, no WhatsApp, worker defaults). */
  messaging?: Partial<MessagingConfig>;
};

const MESSAGING_DEFAULTS: MessagingConfig = {
  mail: { smtpUrl: undefined, from: "Jejaring <no-reply@jejaring.local>" },
  whatsapp: null,
  webhooks: { allowPrivate: false, timeoutMs: 10_000 },
  worker: {},
  publicOrigin: () => "http://localhost:3000",
};

/** Every bounded context, wired once per process. Routes, API handlers and socket handlers share these. */
export function createServices({ db, bus, secret, clock = systemClock, gateway = null, logger, messaging: messagingConfig }: ServiceDeps) {
  const spaces = createSpacesService({ db });
  // What leaves the process: the outbox, its worker, and who gets what (services write to it in their transactions).
  const messaging = createMessagingService({ db, bus, clock, secret, logger, config: { ...MESSAGING_DEFAULTS, ...messagingConfig } });
  // A notification of a preference kind also writes the mail/WhatsApp rows the member's preferences allow.
  const notifications = createNotificationsService({ db, bus, clock, reach: (tx, memberId, input) => messaging.reach.notified(tx, memberId, input) });
  const network = createNetworkService({ db, clock, notifications });
  // Direct rooms ask the network whether two members are connected (within the room's own transaction).
  const projects = createProjectsService({ db, bus, clock, notifications, connections: network });
  const billing = createBillingService({ db, bus, clock, spaces, notifications, gateway, logger, reach: messaging.reach, webhooks: messaging.webhooks });
  const bookings = createBookingsService({ db, bus, clock, secret, spaces, projects, notifications, charges: billing.wallet, reach: messaging.reach, webhooks: messaging.webhooks,
    // The community events a member is going to, in their calendar feed (asked when a feed is read).
    calendarExtras: (memberId, from) => community.events.calendarEntries(memberId, from),
  });
  // What the network produces (issue 16): referrals, hours invested, community events (rooms booked through bookings).
  const community = createCommunityService({ db, clock, notifications, webhooks: messaging.webhooks, spaces, rooms: bookings });
  const identity = createIdentityService({ db, bus, clock, secret, webhooks: messaging.webhooks });
  return {
    clock,
    identity,
    // Password reset, email verification, invitations: account links sent through the outbox (issue 15).
    accounts: createAccountsService({ db, bus, clock, messaging, identity }),
    network,
    // Introductions, the members' side (issue 16, item 5): the two's view, feedback, the weekly opt-in.
    introductions: createIntroductionsService({ db, clock, matches: network.matches }),
    photos: createPhotosService({ db, clock }),
    search: createSearchService({ db, spaces, projects }),
    projects,
    spaces,
    notifications,
    bookings,
    idempotency: createIdempotency({ db }),
    insights: createInsightsService({ db, clock }),
    billing,
    messaging,
    community,
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
  accounts: accountsSchemas,
  network: networkSchemas,
  introductions: introductionSchemas,
  projects: projectsSchemas,
  spaces: spacesSchemas,
  bookings: bookingsSchemas,
  billing: billingSchemas,
  messaging: messagingSchemas,
  preferences: preferencesSchemas,
  webhooks: webhooksSchemas,
  outbox: outboxSchemas,
  community: communitySchemas,
  events: eventsSchemas,
};
export type Schemas = typeof schemas;
