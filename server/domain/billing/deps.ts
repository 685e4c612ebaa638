import type { DB } from "../../../db/connect.js";
import type { EventBus } from "../../events.js";
import type { Logger } from "../../logger.js";
import type { Clock } from "../clock.js";
import type { WebhookEmitter } from "../messaging/index.js";
import type { NotificationsService } from "../notifications/index.js";
import type { SpacesService } from "../spaces/index.js";
import type { GatewayConfig } from "../../config.js";
import type { ReachHooks } from "../messaging/reach.service.js";

/** What every billing module may use. */
export type BillingDeps = {
  db: DB;
  bus: EventBus;
  clock: Clock;
  spaces: SpacesService;
  notifications: NotificationsService;
  /** The online payment gateway's config (server/config.ts); null or absent: none (members pay by transfer). */
  gateway?: GatewayConfig | null;
  /** For what the domain must tell an operator about (a gateway payment whose amount did not match). */
  logger?: Logger;
  /** Webhooks (messaging): invoice.issued and invoice.paid, in the transaction that issues or settles. */
  webhooks?: WebhookEmitter;
  /** Messaging: the member's invoice_issued mail/WhatsApp rows, in the issuing transaction. */
  reach?: Pick<ReachHooks, "invoiceIssued">;
};
