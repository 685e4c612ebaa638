import type { DB } from "../../../db/connect.js";
import type { OutboxRow } from "../../../db/schema.js";
import type { Clock } from "../clock.js";
import { needsVerifiedAddress, PREFERENCE_KINDS, type OutboundMessage, type PreferenceKind } from "./messages.schemas.js";
import type { Outbox } from "./outbox.service.js";

/**
 * "What gets sent": given a message for a member, writes the mail and WhatsApp rows their preferences allow, in
 * the caller's transaction. In-app notifications are written by the notifications context as before; this is
 * only what leaves the process.
 */
export function createReach({ outbox }: { db: DB; clock: Clock; outbox: Outbox }) {
  return {
    /**
     * Asked by the worker just before a mail or WhatsApp message goes: a reason to skip it now, or null.
     * (The prefs helper fills this: a mention whose room the member read meanwhile, a kind switched off since.)
     */
    async stillWanted(_row: OutboxRow): Promise<string | null> {
      return null;
    },

    async toMember(
      tx: DB,
      memberId: string,
      message: OutboundMessage,
      opts: { dedupeKey?: string; availableAt?: Date } = {},
    ): Promise<void> {
      const member = await tx
        .selectFrom("members")
        .leftJoin("notification_preferences as p", "p.member_id", "members.id")
        .select([
          "members.email",
          "members.locale",
          "members.email_verified_at",
          "members.suspended_at",
          "p.email as wantsEmail",
          "p.whatsapp as wantsWhatsapp",
          "p.phone",
          "p.phone_verified_at",
          "p.kinds",
        ])
        .where("members.id", "=", memberId)
        .executeTakeFirst();
      if (!member || member.suspended_at) return;
      const locale = member.locale ?? "id";
      const preference = PREFERENCE_KINDS[message.kind as PreferenceKind];
      const kindOn = preference ? (member.kinds?.[message.kind] ?? preference.byDefault) : true;
      if (!kindOn) return;
      const emailOk = (member.wantsEmail ?? true) && (!needsVerifiedAddress(message.kind) || member.email_verified_at !== null);
      if (emailOk) {
        await outbox.enqueue(tx, {
          channel: "email",
          memberId,
          to: member.email,
          locale,
          message,
          ...(opts.dedupeKey ? { dedupeKey: `${opts.dedupeKey}:email` } : {}),
          ...(opts.availableAt ? { availableAt: opts.availableAt } : {}),
        });
      }
      const whatsappOk = preference?.whatsapp && member.wantsWhatsapp && member.phone && member.phone_verified_at;
      if (whatsappOk) {
        await outbox.enqueue(tx, {
          channel: "whatsapp",
          memberId,
          to: member.phone!,
          locale,
          message,
          ...(opts.dedupeKey ? { dedupeKey: `${opts.dedupeKey}:whatsapp` } : {}),
          ...(opts.availableAt ? { availableAt: opts.availableAt } : {}),
        });
      }
    },
  };
}

export type Reach = ReturnType<typeof createReach>;
