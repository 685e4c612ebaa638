import type { DB } from "../../../db/connect.js";
import type { Clock } from "../clock.js";
import { DomainError, isUniqueViolation } from "../errors.js";
import type { MessagingService } from "../messaging/index.js";
import type { EmailChangeInput } from "./accounts.schemas.js";
import type { IdentityService } from "./identity.service.js";
import { createThrottle } from "./throttle.js";
import { newLinkToken } from "./tokens.service.js";
import * as tokens from "./tokens.repository.js";

/** A link to a new address works 24 hours, as a sign-up's verification link does. */
export const EMAIL_CHANGE_TTL_MS = 24 * 60 * 60_000;
/** Changes asked for per member, in a sliding hour (each sends two mails). */
export const EMAIL_CHANGE_LIMIT = { max: 5, windowMs: 60 * 60_000 };

const inUse = () => new DomainError("already_exists", "Another account uses this email address.", { reason: "email_in_use" });

export type EmailChangeDeps = { db: DB; clock: Clock; messaging: MessagingService; identity: Pick<IdentityService, "confirmPassword"> };

/**
 * Changing one's email re-verifies, as GitHub and Google do: the member gives the new address and their password;
 * the change waits as a pending address (an `email_change` link whose `email` is the new address) until the link
 * sent to the NEW address is opened, so a typo cannot lock anyone out; the OLD address is told at once. Opening the
 * link (`confirm`, through the verification link's page and API) changes the address and marks it confirmed.
 */
export function createEmailChange({ db, clock, messaging, identity }: EmailChangeDeps) {
  const throttle = createThrottle({ db, clock });

  return {
    async request(memberId: string, input: EmailChangeInput, ip: string): Promise<{ pendingEmail: string; expiresAt: string }> {
      await identity.confirmPassword(memberId, input.password, ip, "password");
      const reserved = await throttle.reserveAll([{ bucket: `email-change:member:${memberId}`, ...EMAIL_CHANGE_LIMIT }]);
      if (!reserved.ok) throw new DomainError("rate_limited", "Too many attempts. Try again later.", { reason: "too_many_attempts", retryAfter: reserved.retryAfter });
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + EMAIL_CHANGE_TTL_MS);
      await db.transaction().execute(async (tx) => {
        const member = await tokens.lockMember(tx, memberId);
        if (!member) throw new DomainError("not_found", "Member not found.", { reason: "member" });
        if (member.email === input.email) throw new DomainError("rule_violation", "That is already your address.", { reason: "same_email" });
        if (await tokens.emailUsedByOther(tx, input.email, memberId)) throw inUse();
        const { token, hash } = newLinkToken();
        // One change waits at a time: a newer one replaces the link of an older one.
        await tokens.invalidateUnused(tx, memberId, "email_change", now);
        await tokens.insertToken(tx, { token_hash: hash, purpose: "email_change", member_id: memberId, email: input.email, expires_at: expiresAt, created_at: now });
        const locale = member.locale ?? "id";
        await messaging.outbox.enqueue(tx, {
          channel: "email",
          memberId,
          to: input.email,
          locale,
          message: { kind: "email_change", data: { memberName: member.name, newEmail: input.email, token, expiresAt: expiresAt.toISOString() } },
        });
        await messaging.outbox.enqueue(tx, {
          channel: "email",
          memberId,
          to: member.email,
          locale,
          message: { kind: "email_change_requested", data: { memberName: member.name, newEmail: input.email } },
        });
      });
      return { pendingEmail: input.email, expiresAt: expiresAt.toISOString() };
    },

    /** Drops a change that waits (its link stops working); nothing waiting is fine too. */
    async cancel(memberId: string): Promise<void> {
      await tokens.invalidateUnused(db, memberId, "email_change", clock.now());
    },

    /** The address a change waits on, or null. */
    async pendingOf(memberId: string): Promise<{ email: string; expiresAt: string } | null> {
      const row = await tokens.findPending(db, memberId, "email_change", clock.now());
      return row ? { email: row.email, expiresAt: new Date(row.expires_at).toISOString() } : null;
    },
  };
}

/**
 * Within the transaction that used an `email_change` link: the account takes the new address, confirmed now, and
 * every other unused link of the member ends (they were for the old address). A suspended account's link is not
 * valid; an address another member took meanwhile is 409 (the unique index decides a race).
 */
export async function applyEmailChange(tx: DB, used: { member_id: string; email: string }, now: Date): Promise<boolean> {
  const member = await tokens.lockMember(tx, used.member_id);
  if (!member || member.suspended_at) return false;
  if (await tokens.emailUsedByOther(tx, used.email, member.id)) throw inUse();
  try {
    await tokens.setConfirmedEmail(tx, member.id, used.email, now);
  } catch (error) {
    throw isUniqueViolation(error) ? inUse() : error;
  }
  for (const purpose of ["email_change", "email_verification", "password_reset"] as const) await tokens.invalidateUnused(tx, member.id, purpose, now);
  return true;
}

export type EmailChange = ReturnType<typeof createEmailChange>;
