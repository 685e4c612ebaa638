import { z } from "zod";
import { notificationsSchemas } from "../notifications/index.js";

// What leaves the process by mail or WhatsApp, as facts: a stable `kind` and its `data`, like the in-app
// notifications (whose kinds and facts it reuses, so a notification and its mail say the same thing). Words come
// from the templates (mail.templates.ts, whatsapp.templates.ts) in the reader's language, when the worker sends.

const Instant = z.iso.datetime({ offset: true });
const { legacy: _legacy, ...NotificationKinds } = notificationsSchemas.NotificationData;

const BookingFacts = notificationsSchemas.NotificationData.booking_released;

const InvoiceFacts = z.object({
  invoiceId: z.uuid(),
  spaceId: z.uuid(),
  spaceName: z.string(),
  number: z.string(),
  /** Integer rupiah. */
  total: z.number().int(),
  /** What is still to pay (integer rupiah). */
  balance: z.number().int(),
  /** `YYYY-MM-DD` in the space's zone. */
  dueOn: z.string(),
});

export const MessageData = {
  ...NotificationKinds,
  /** A booking the member made (one notice for a series: `count`). */
  booking_confirmed: BookingFacts.extend({ count: z.number().int().positive() }),
  /** A booking starts soon (`spaces.reminder_minutes` before its start). */
  booking_reminder: BookingFacts,
  invoice_issued: InvoiceFacts,
  /** An invoice is past its due date and not paid in full. */
  invoice_overdue: InvoiceFacts,

  // Account messages: sent to the address given, whatever the preferences (the member asked for them).
  /** `token` is the secret of the link (`/reset-password?token=`), removed from the row once handed over. */
  password_reset: z.object({ memberName: z.string(), token: z.string(), expiresAt: Instant }),
  /** `token` for `/verify-email?token=`, removed from the row once handed over. */
  email_verification: z.object({ memberName: z.string(), token: z.string(), expiresAt: Instant }),
  /**
   * To the NEW address of an email change: `token` for `/verify-email?token=` (removed from the row once handed
   * over); the account's address becomes `newEmail` only when the link is opened.
   */
  email_change: z.object({ memberName: z.string(), newEmail: z.string(), token: z.string(), expiresAt: Instant }),
  /** To the OLD address of an email change: someone logged in as the member asked to move the account to `newEmail`. */
  email_change_requested: z.object({ memberName: z.string(), newEmail: z.string() }),
  /** `token` for `/signup?invitation=`, removed from the row once handed over. */
  invitation: z.object({
    inviterName: z.string(),
    token: z.string(),
    expiresAt: Instant,
    role: z.enum(["member", "operator", "admin"]),
    spaceName: z.string().nullable(),
    projectName: z.string().nullable(),
  }),
  /** A WhatsApp code that proves the member holds the phone; removed from the row once handed over. */
  phone_verification: z.object({ code: z.string().regex(/^\d{6}$/), expiresAt: Instant }),
  /** A webhook endpoint was switched off: the receiver answered 410 Gone, or kept failing. To its admin. */
  webhook_disabled: z.object({ endpointId: z.uuid(), url: z.string(), reason: z.enum(["gone", "failing"]) }),
} as const;

export type MessageKind = keyof typeof MessageData;
export type MessageFacts = { [K in MessageKind]: z.infer<(typeof MessageData)[K]> };
/** One message: a kind and exactly its facts. */
export type OutboundMessage = { [K in MessageKind]: { kind: K; data: MessageFacts[K] } }[MessageKind];

/** Fields that are secrets (a link's token, a code): the worker drops them from the row once the message is handed over. */
export const SECRET_FIELDS = ["token", "code"] as const;

/** Kinds sent whatever the preferences: the member (or their inviter) asked for exactly this message. */
export const ACCOUNT_KINDS = ["password_reset", "email_verification", "email_change", "email_change_requested", "invitation", "phone_verification", "webhook_disabled"] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];
export type PreferenceKind = Exclude<MessageKind, AccountKind>;

/**
 * The kinds a member may switch on or off (`PATCH /me/notification-preferences {kinds}`), whether each goes out by
 * default, and whether it has a WhatsApp template (the rest are mail only). In-app notifications are not affected.
 */
export const PREFERENCE_KINDS: Record<PreferenceKind, { byDefault: boolean; whatsapp: boolean }> = {
  booking_confirmed: { byDefault: true, whatsapp: false },
  booking_reminder: { byDefault: true, whatsapp: true },
  booking_released: { byDefault: true, whatsapp: false },
  booking_cancelled: { byDefault: true, whatsapp: false },
  booking_moved: { byDefault: true, whatsapp: false },
  waitlist_promoted: { byDefault: true, whatsapp: false },
  invoice_issued: { byDefault: true, whatsapp: true },
  invoice_overdue: { byDefault: true, whatsapp: false },
  introduction: { byDefault: true, whatsapp: true },
  connection_requested: { byDefault: true, whatsapp: false },
  connection_accepted: { byDefault: false, whatsapp: false },
  mention: { byDefault: true, whatsapp: false },
  project_added: { byDefault: false, whatsapp: false },
  project_meeting: { byDefault: false, whatsapp: false },
  task_assigned: { byDefault: false, whatsapp: false },
  referral_received: { byDefault: true, whatsapp: false },
  referral_updated: { byDefault: true, whatsapp: false },
  hours_recorded: { byDefault: true, whatsapp: false },
  hours_decided: { byDefault: false, whatsapp: false },
  event_promoted: { byDefault: true, whatsapp: false },
};

/**
 * Preference kinds go by mail only to a verified address (the issue names invoices and reminders; the same rule for
 * every kind keeps a stranger's address out of our mail when someone signs up with it). Account kinds go anyway.
 */
export function needsVerifiedAddress(kind: MessageKind): boolean {
  return !(ACCOUNT_KINDS as readonly string[]).includes(kind);
}
