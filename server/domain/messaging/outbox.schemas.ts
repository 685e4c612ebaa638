import { z } from "zod";
import { text } from "../validation.js";

// The admin's view of the outbox (GET /admin/outbox, /admin/outbox/:id, the outbox and sent-mail pages).

export const OutboxChannelSchema = z.enum(["email", "whatsapp", "webhook"]);
export const OutboxStatusSchema = z.enum(["pending", "sending", "sent", "kept", "skipped", "dead"]);

export const OutboxListQuery = z.strictObject({
  channel: OutboxChannelSchema.optional(),
  status: OutboxStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: text().max(200).optional(),
});
export type OutboxListQuery = z.infer<typeof OutboxListQuery>;

/** The sent-mail page: mail that was handed over or kept (no SMTP server), newest first. */
export const SentMailQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: text().max(200).optional(),
});
export type SentMailQuery = z.infer<typeof SentMailQuery>;

export const RenderedOut = z.object({ subject: z.string(), text: z.string(), html: z.string(), headers: z.record(z.string(), z.string()) });

export const OutboxItemOut = z.object({
  id: z.uuid(),
  channel: OutboxChannelSchema,
  kind: z.string(),
  memberId: z.string().nullable(),
  address: z.string(),
  endpointId: z.string().nullable(),
  locale: z.enum(["id", "en"]),
  status: OutboxStatusSchema,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  availableAt: z.string(),
  lastError: z.string().nullable(),
  responseStatus: z.number().int().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

export const OutboxCounts = z.record(OutboxStatusSchema, z.number().int());

export const OutboxListOut = z.object({ items: z.array(OutboxItemOut), nextCursor: z.string().nullable(), counts: OutboxCounts });

export const OutboxDetailOut = OutboxItemOut.extend({
  rendered: RenderedOut.nullable(),
  attemptLog: z.array(
    z.object({
      attempt: z.number().int(),
      startedAt: z.string(),
      durationMs: z.number().int(),
      outcome: z.enum(["sent", "kept", "skipped", "retry", "dead"]),
      responseStatus: z.number().int().nullable(),
      error: z.string().nullable(),
    }),
  ),
});
