// Webhooks (issue 15, shared/API.md "Reaching people"): the event types, the admin's inputs and what the API returns.
import { z } from "zod";
import { multiline, text } from "../validation.js";

/** What an endpoint may subscribe to (issue 16 brings event.rsvp and referral.won). `ping` is sent on request only. */
export const WEBHOOK_EVENT_TYPES = [
  "booking.created",
  "booking.cancelled",
  "booking.checked_in",
  "member.joined",
  "invoice.issued",
  "invoice.paid",
  "event.rsvp",
  "referral.won",
] as const;
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventType>;
/** Every type a delivery may carry: the subscribable ones and `ping`. */
export type WebhookDeliveryType = WebhookEventType | "ping";

/**
 * An event type as the API takes it: any short name here (an unknown one is refused by the service with 422
 * rule_violation `webhook_event`, naming it), documented as the enum above.
 */
const EventTypeName = z.string().min(1).max(64).meta({ enum: [...WEBHOOK_EVENT_TYPES], description: "An event type" });

export const WEBHOOK_URL_MAX = 2000;
const Url = text().trim().min(1).max(WEBHOOK_URL_MAX);
const Events = z.array(EventTypeName).min(1).max(WEBHOOK_EVENT_TYPES.length * 2);
const Description = multiline().trim().max(500);

export const WebhookCreateInput = z.strictObject({ url: Url, events: Events, description: Description.optional() });
export type WebhookCreateInput = z.infer<typeof WebhookCreateInput>;

export const WebhookUpdateInput = z
  .strictObject({ url: Url.optional(), events: Events.optional(), description: Description.optional(), enabled: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, { message: "nothing_to_change" });
export type WebhookUpdateInput = z.infer<typeof WebhookUpdateInput>;

export const DeliveriesQuery = z.strictObject({
  cursor: text().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type DeliveriesQuery = z.infer<typeof DeliveriesQuery>;

const Instant = z.iso.datetime({ offset: true });

export const WebhookOut = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string(),
  enabled: z.boolean(),
  /** Why it was switched off: the receiver answered 410 (gone), deliveries kept failing (failing), or an admin. */
  disabledReason: z.enum(["gone", "failing", "admin"]).nullable(),
  disabledAt: Instant.nullable(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type WebhookOut = z.infer<typeof WebhookOut>;

/** Once, when registered: with the signing secret (`whsec_` + base64). */
export const WebhookCreatedOut = WebhookOut.extend({ secret: z.string() });
export type WebhookCreatedOut = z.infer<typeof WebhookCreatedOut>;

export const WebhookList = z.object({ items: z.array(WebhookOut) });

export const DeliveryOut = z.object({
  id: z.uuid(),
  type: z.string(),
  /** Attempts made so far. */
  attempt: z.number().int(),
  status: z.enum(["pending", "sending", "sent", "kept", "skipped", "dead"]),
  /** The receiver's last HTTP status (null: none yet, or no answer). */
  responseStatus: z.number().int().nullable(),
  /** When it is tried next (null: no further attempt). */
  nextAttemptAt: Instant.nullable(),
  /** Why the last attempt failed or was skipped. */
  lastError: z.string().nullable(),
  createdAt: Instant,
});
export type DeliveryOut = z.infer<typeof DeliveryOut>;

export const DeliveryList = z.object({ items: z.array(DeliveryOut), nextCursor: z.string().nullable() });
export type DeliveryList = z.infer<typeof DeliveryList>;

export const PingOut = z.object({ id: z.uuid() });
