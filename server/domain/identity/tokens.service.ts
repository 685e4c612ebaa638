import { createHash, randomBytes } from "node:crypto";
import type { DB } from "../../../db/connect.js";
import type { EventBus } from "../../events.js";
import type { Clock } from "../clock.js";
import { DomainError } from "../errors.js";
import type { MessagingService } from "../messaging/index.js";
import * as repo from "./identity.repository.js";
import { hashPassword } from "./password.js";
import { createThrottle, type ThrottleRule } from "./throttle.js";
import * as tokens from "./tokens.repository.js";
import { applyEmailChange } from "./email-change.service.js";

/** A link's secret: 32 random bytes; only its SHA-256 is stored. */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export const RESET_TTL_MS = 60 * 60_000;
export const VERIFICATION_TTL_MS = 24 * 60 * 60_000;

/**
 * Limits, in sliding windows. A reset request counts per address and per email (known or not: the answer must not
 * tell them apart); a "send again" per member.
 */
export const ACCOUNT_LIMITS = {
  resetPerEmail: { max: 5, windowMs: 60 * 60_000 },
  resetPerIp: { max: 30, windowMs: 60 * 60_000 },
  verificationPerMember: { max: 5, windowMs: 60 * 60_000 },
};

const tokenInvalid = () =>
  new DomainError("rule_violation", "This link has expired or was already used: ask for a new one.", { reason: "token_invalid" });

type MailMember = { id: string; email: string; name: string; locale: "id" | "en" | null };

export type TokensDeps = { db: DB; bus: EventBus; clock: Clock; messaging: MessagingService };

/** Password reset and email verification links: single use, expiring, hashed, sent through the outbox. */
/** Locks the member a link belongs to (if it belongs to anyone) before the link is used: member row, then link. */
async function lockOwner(tx: DB, token: string): Promise<void> {
  const owner = await tokens.ownerOf(tx, hashLinkToken(token));
  if (owner) await tokens.lockMember(tx, owner);
}

export function createAccountTokens({ db, bus, clock, messaging }: TokensDeps) {
  const throttle = createThrottle({ db, clock });

  async function reserveOrThrow(rules: ThrottleRule[]) {
    const result = await throttle.reserveAll(rules);
    if (!result.ok) throw new DomainError("rate_limited", "Too many attempts. Try again later.", { reason: "too_many_attempts", retryAfter: result.retryAfter });
  }

  /**
   * Within the caller's transaction: a fresh email verification link for the member's current address (older
   * unused ones end) and its mail. Sign-up calls it in the sign-up's transaction.
   */
  async function issueVerification(tx: DB, member: MailMember): Promise<void> {
    const now = clock.now();
    const { token, hash } = newLinkToken();
    const expiresAt = new Date(now.getTime() + VERIFICATION_TTL_MS);
    await tokens.invalidateUnused(tx, member.id, "email_verification", now);
    await tokens.insertToken(tx, { token_hash: hash, purpose: "email_verification", member_id: member.id, email: member.email, expires_at: expiresAt, created_at: now });
    await messaging.outbox.enqueue(tx, {
      channel: "email",
      memberId: member.id,
      to: member.email,
      locale: member.locale ?? "id",
      message: { kind: "email_verification", data: { memberName: member.name, token, expiresAt: expiresAt.toISOString() } },
    });
  }

  return {
    issueVerification,

    /**
     * "Forgot password": the same answer whatever the email. Both rate-limit buckets are reserved and the member
     * looked up every time, and a token is drawn and hashed every time; only a known, active member gets it stored
     * (older unused reset links end) and mailed, in one transaction.
     */
    async requestPasswordReset(email: string, ip: string): Promise<void> {
      await reserveOrThrow([
        { bucket: `reset:ip:${ip}`, ...ACCOUNT_LIMITS.resetPerIp },
        { bucket: `reset:email:${email}`, ...ACCOUNT_LIMITS.resetPerEmail },
      ]);
      const { token, hash } = newLinkToken();
      await db.transaction().execute(async (tx) => {
        const member = await tokens.findMemberForMail(tx, email);
        if (!member || member.suspended_at) return;
        const now = clock.now();
        const expiresAt = new Date(now.getTime() + RESET_TTL_MS);
        await tokens.invalidateUnused(tx, member.id, "password_reset", now);
        await tokens.insertToken(tx, { token_hash: hash, purpose: "password_reset", member_id: member.id, email: member.email, expires_at: expiresAt, created_at: now });
        await messaging.outbox.enqueue(tx, {
          channel: "email",
          memberId: member.id,
          to: member.email,
          locale: member.locale ?? "id",
          message: { kind: "password_reset", data: { memberName: member.name, token, expiresAt: expiresAt.toISOString() } },
        });
      });
    },

    /**
     * A new password through a reset link: the link is used once (atomically), the new password hashed under the
     * sign-up rule, and every session and API token of the member ends, their sockets too (as suspension does).
     * A link for an address the account no longer has, or a suspended account, is not valid.
     */
    async confirmPasswordReset(token: string, password: string): Promise<void> {
      const password_hash = await hashPassword(password);
      const now = clock.now();
      const ended = await db.transaction().execute(async (tx) => {
        // The member's row first, then the link: the order every account write takes (no deadlock with a change).
        await lockOwner(tx, token);
        const used = await tokens.consume(tx, hashLinkToken(token), "password_reset", now);
        if (!used) throw tokenInvalid();
        const member = await tokens.lockMember(tx, used.member_id);
        if (!member || member.suspended_at || member.email !== used.email) throw tokenInvalid();
        await repo.updatePasswordHash(tx, member.id, password_hash);
        // A new password also drops an email change that waits (whoever asked for it knew the old one).
        for (const purpose of ["password_reset", "email_change"] as const) await tokens.invalidateUnused(tx, member.id, purpose, now);
        return { memberId: member.id, sessions: await repo.deleteMemberSessions(tx, member.id) };
      });
      if (ended.sessions.length) bus.publish("session.revoked", { sessionIds: ended.sessions.map((r) => r.id), memberId: ended.memberId });
    },

    /**
     * Confirms the address a link was sent to (once): a sign-up's verification link confirms the account's address
     * (a link for an old address is not valid); an email change's link makes its new address the account's, confirmed.
     * `changedTo`: the new address after an email change, else null.
     */
    async verifyEmail(token: string): Promise<{ memberId: string; changedTo: string | null }> {
      const now = clock.now();
      const done = await db.transaction().execute(async (tx) => {
        await lockOwner(tx, token);
        const used = await tokens.consume(tx, hashLinkToken(token), ["email_verification", "email_change"], now);
        if (!used) throw tokenInvalid();
        if (used.purpose === "email_change") {
          if (!(await applyEmailChange(tx, used, now))) throw tokenInvalid();
          return { memberId: used.member_id, changedTo: used.email };
        }
        const marked = await tokens.markVerified(tx, used.member_id, used.email, now);
        if (!marked) throw tokenInvalid();
        await tokens.invalidateUnused(tx, used.member_id, "email_verification", now);
        return { memberId: used.member_id, changedTo: null };
      });
      bus.publish("member.updated", { memberId: done.memberId });
      return done;
    },

    /** "Send again" (rate-limited per member): a new verification link; an address already confirmed is refused. */
    async resendVerification(memberId: string): Promise<void> {
      await reserveOrThrow([{ bucket: `verify:member:${memberId}`, ...ACCOUNT_LIMITS.verificationPerMember }]);
      await db.transaction().execute(async (tx) => {
        const member = await tokens.lockMember(tx, memberId);
        if (!member) throw new DomainError("not_found", "Member not found.", { reason: "member" });
        if (member.email_verified_at) throw new DomainError("rule_violation", "This email address is already confirmed.", { reason: "already_verified" });
        await issueVerification(tx, member);
      });
    },

    /** Whether the member's current address is confirmed, and the new address an email change waits on (or null). */
    async verificationOf(memberId: string): Promise<{ email: string; verified: boolean; pendingEmail: string | null }> {
      const m = await repo.findMemberById(db, memberId);
      if (!m) throw new DomainError("not_found", "Member not found.", { reason: "member" });
      const pending = await tokens.findPending(db, memberId, "email_change", clock.now());
      return { email: m.email, verified: m.email_verified_at !== null, pendingEmail: pending?.email ?? null };
    },
  };
}

export type AccountTokens = ReturnType<typeof createAccountTokens>;
