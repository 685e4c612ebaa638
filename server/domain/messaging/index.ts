// The messaging context's public face (issue 15): what leaves the process, through one durable outbox.
//   messages.schemas.ts   the message kinds and their facts (shared by templates and producers)
//   outbox.service.ts     enqueue (inside the caller's transaction), the admin's view, retry
//   worker.ts             claims due rows (SKIP LOCKED, leases), sends outside transactions, records attempts
//   retry.ts              the retry schedule (Standard Webhooks')
//   reach.service.ts      a member's message → the mail/WhatsApp rows their preferences allow
//   mail.*, whatsapp.*, webhook.*   the three ways out (senders) and what belongs to each
//   webhooks.*            endpoints (admins), emit (one row per subscribed endpoint), switching off; ssrf.ts
import type { DB } from "../../../db/connect.js";
import type { EventBus } from "../../events.js";
import type { Logger } from "../../logger.js";
import type { Clock } from "../clock.js";
import { createMailSender } from "./mail.sender.js";
import { createOutboxAdmin } from "./outbox-admin.service.js";
import { createOutbox } from "./outbox.service.js";
import { createPreferences } from "./preferences.service.js";
import { createReach } from "./reach.service.js";
import { createUnsubscribe } from "./unsubscribe.js";
import { createWebhookSender } from "./webhook.sender.js";
import { createWebhooks, type WebhooksConfig } from "./webhooks.service.js";
import { createWhatsAppSender } from "./whatsapp.sender.js";
import { createOutboxWorker, type WorkerOptions } from "./worker.js";

export type MessagingConfig = {
  mail: { smtpUrl: string | undefined; from: string };
  whatsapp: { token: string; phoneNumberId: string; apiUrl: string; timeoutMs: number } | null;
  webhooks: WebhooksConfig;
  worker: Partial<WorkerOptions>;
  /** Where links in mail point (PUBLIC_URL / PUBLIC_ORIGIN); a function: known once listening. */
  publicOrigin: () => string;
};

export type MessagingDeps = { db: DB; bus: EventBus; clock: Clock; secret: string; logger?: Logger; config: MessagingConfig };

export function createMessagingService(deps: MessagingDeps) {
  const { db, clock, logger, config, secret } = deps;
  const outbox = createOutbox({ db, clock });
  const preferences = createPreferences({ db, clock, secret, outbox });
  const reach = createReach({ db, clock, outbox });
  const webhooks = createWebhooks({ db, clock, outbox, reach, config: config.webhooks });
  const mail = createMailSender(deps);
  const senders = {
    email: mail,
    whatsapp: createWhatsAppSender(deps),
    webhook: createWebhookSender({ ...deps, webhooks }),
  };
  const worker = createOutboxWorker({ db, clock, logger, senders, options: config.worker, stillWanted: (row) => reach.stillWanted(row) });
  // The mail pool's connections close with the worker (a later start opens a new pool).
  const stop = worker.stop;
  worker.stop = async (graceMs?: number) => {
    await stop(graceMs);
    mail.close();
  };
  const admin = createOutboxAdmin({ outbox });
  const unsubscribe = createUnsubscribe({ db, clock, secret: deps.secret });
  return { outbox, reach, worker, admin, unsubscribe, preferences, webhooks };
}

export type MessagingService = ReturnType<typeof createMessagingService>;
export type { Outgoing, OutboxItem, WebhookBody } from "./outbox.service.js";
export type { MessageKind, OutboundMessage, PreferenceKind } from "./messages.schemas.js";
export * as messagingSchemas from "./messages.schemas.js";
export * as preferencesSchemas from "./preferences.schemas.js";
export * as outboxSchemas from "./outbox.schemas.js";
export * as webhooksSchemas from "./webhooks.schemas.js";
export { noWebhooks, type WebhookEmitter } from "./webhooks.service.js";
export type { WebhookEventType } from "./webhooks.schemas.js";
