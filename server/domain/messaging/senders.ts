import type { OutboxChannel, OutboxRow } from "../../../db/schema.js";

/** Mail as rendered: what the sent-mail page shows (`headers`: List-Unsubscribe and the like). */
export type RenderedMail = { subject: string; text: string; html: string; headers?: Record<string, string> };

/**
 * What a channel made of one attempt.
 * - sent: handed over (`responseStatus` from an HTTP provider);
 * - kept: mail with no SMTP server configured, kept for the admin's sent-mail page;
 * - skipped: no longer wanted (a mention read meanwhile, a preference switched off since);
 * - failed: `retryable` ones are tried again on the schedule (retry.ts), the others are parked at once.
 * `payload`, when given, replaces the stored payload (the worker strips SECRET_FIELDS itself).
 */
export type SendResult =
  | { outcome: "sent"; responseStatus?: number; rendered?: RenderedMail }
  | { outcome: "kept"; rendered: RenderedMail }
  | { outcome: "skipped"; reason: string }
  | { outcome: "failed"; retryable: boolean; responseStatus?: number; error: string };

/** How a settled attempt ended for the row: its new status and whether another attempt is planned. */
export type Settled = { row: OutboxRow; result: SendResult; status: "sent" | "kept" | "skipped" | "pending" | "dead" };

/**
 * One way out (mail, WhatsApp, webhooks). `send` runs outside any transaction and must give up when `signal`
 * aborts. `afterSettle` runs once the outcome is stored (a webhook endpoint answering 410 is disabled there).
 * Errors must not carry secrets: they are stored and shown to admins.
 */
export type Sender = {
  send(row: OutboxRow, signal: AbortSignal): Promise<SendResult>;
  afterSettle?(settled: Settled): Promise<void>;
};

export type Senders = Record<OutboxChannel, Sender>;
