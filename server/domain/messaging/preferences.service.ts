import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import type { DB } from "../../../db/connect.js";
import type { Clock } from "../clock.js";
import { DomainError } from "../errors.js";
import { PREFERENCE_KINDS, type PreferenceKind } from "./messages.schemas.js";
import type { Outbox } from "./outbox.service.js";
import * as repo from "./preferences.repository.js";
import type { PreferencesOut, PreferencesPatch } from "./preferences.schemas.js";

/** A phone code lives 10 minutes, may be tried 5 times, and a new one may be asked for once a minute. */
export const PHONE_CODE_TTL_MS = 10 * 60_000;
export const PHONE_CODE_MAX_TRIES = 5;
export const PHONE_CODE_EVERY_MS = 60_000;

/** Every preference kind with its effective value: the member's choice, else the kind's default. */
export function effectiveKinds(stored: Record<string, boolean> | null | undefined): Record<PreferenceKind, boolean> {
  const out = {} as Record<PreferenceKind, boolean>;
  for (const [kind, p] of Object.entries(PREFERENCE_KINDS) as [PreferenceKind, { byDefault: boolean }][]) {
    const v = stored?.[kind];
    out[kind] = typeof v === "boolean" ? v : p.byDefault;
  }
  return out;
}

/**
 * A member's notification preferences: mail on or off, WhatsApp on or off (only to a phone proven by a code sent
 * there), and kinds switched on or off. In-app notifications are not affected.
 */
export function createPreferences({ db, clock, secret, outbox }: { db: DB; clock: Clock; secret: string; outbox: Outbox }) {
  const hashCode = (memberId: string, phone: string, code: string) =>
    createHmac("sha256", secret).update(`phone:${memberId}:${phone}:${code}`).digest("hex");

  async function get(memberId: string): Promise<PreferencesOut> {
    const row = await repo.findForMember(db, memberId);
    if (!row) throw new DomainError("not_found", "Member not found.", { reason: "member" });
    const now = clock.now();
    return {
      email: row.email ?? true,
      emailVerified: row.email_verified_at !== null,
      whatsapp: row.whatsapp ?? false,
      phone: row.phone ?? null,
      phoneVerified: row.phone !== null && row.phone_verified_at !== null,
      phonePending: row.pendingPhone !== null && row.pendingPhone === row.phone && row.pendingExpiresAt !== null && new Date(row.pendingExpiresAt) > now,
      kinds: effectiveKinds(row.kinds),
    };
  }

  /** Writes a fresh code for `phone` (hashed) and its WhatsApp message, in `tx`. Once a minute at most. */
  async function sendCode(tx: DB, memberId: string, phone: string, locale: "id" | "en") {
    const now = clock.now();
    const previous = await repo.findVerification(tx, memberId, true);
    if (previous) {
      const wait = new Date(previous.created_at).getTime() + PHONE_CODE_EVERY_MS - now.getTime();
      if (wait > 0) {
        throw new DomainError("rate_limited", "A code was sent a moment ago: wait before asking for another.", {
          reason: "too_many_attempts",
          retryAfter: Math.ceil(wait / 1000),
        });
      }
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
    const expiresAt = new Date(now.getTime() + PHONE_CODE_TTL_MS);
    await repo.putVerification(tx, { member_id: memberId, phone, code_hash: hashCode(memberId, phone, code), expires_at: expiresAt, created_at: now });
    await outbox.enqueue(tx, {
      channel: "whatsapp",
      memberId,
      to: phone,
      locale,
      message: { kind: "phone_verification", data: { code, expiresAt: expiresAt.toISOString() } },
    });
  }

  return {
    get,

    /**
     * Changes what the member asked for. A new phone number loses its verification and is sent a code by WhatsApp
     * (the same number again, still unconfirmed: a new code). WhatsApp can be switched on only for a confirmed phone.
     */
    async update(memberId: string, patch: PreferencesPatch): Promise<PreferencesOut> {
      const unknown = Object.keys(patch.kinds ?? {}).filter((k) => !Object.prototype.hasOwnProperty.call(PREFERENCE_KINDS, k));
      if (unknown.length > 0) {
        throw new DomainError("rule_violation", `Unknown kind: ${unknown.join(", ")}`, {
          reason: "unknown_kind",
          kind: unknown[0]!,
        });
      }
      // Nothing asked (`{}`): an answer, no write (a row of defaults would say nothing new).
      if (Object.keys(patch).length === 0) return get(memberId);
      await db.transaction().execute(async (tx) => {
        const member = await tx.selectFrom("members").select(["locale"]).where("id", "=", memberId).executeTakeFirst();
        if (!member) throw new DomainError("not_found", "Member not found.", { reason: "member" });
        const current = await repo.lockRow(tx, memberId);
        let phone = current.phone;
        let verifiedAt = current.phone_verified_at;
        let codeFor: string | null = null;
        if (patch.phone !== undefined && patch.phone !== current.phone) {
          phone = patch.phone;
          verifiedAt = null;
          if (phone) codeFor = phone;
          else await repo.deleteVerification(tx, memberId);
        } else if (patch.phone && !current.phone_verified_at) {
          codeFor = patch.phone; // the same, still unconfirmed number: another code
        }
        const whatsapp = phone === null ? false : (patch.whatsapp ?? current.whatsapp);
        if (patch.whatsapp === true && (phone === null || verifiedAt === null)) {
          throw new DomainError("rule_violation", "Confirm the phone number before switching WhatsApp on.", {
            reason: phone === null ? "no_phone" : "phone_unverified",
          });
        }
        const kinds = { ...current.kinds };
        for (const [k, v] of Object.entries(patch.kinds ?? {})) kinds[k] = v;
        await repo.update(tx, memberId, {
          email: patch.email ?? current.email,
          whatsapp,
          phone,
          phone_verified_at: verifiedAt,
          kinds,
          updated_at: clock.now(),
        });
        if (codeFor) await sendCode(tx, memberId, codeFor, member.locale ?? "id");
      });
      return get(memberId);
    },

    /** The code sent to the member's phone: right → the phone is confirmed; wrong → 422 (5 tries); late → 422. */
    async verifyPhone(memberId: string, code: string): Promise<PreferencesOut> {
      const now = clock.now();
      const outcome = await db.transaction().execute(async (tx) => {
        const prefs = await repo.lockRow(tx, memberId);
        if (!prefs.phone) return "no_phone" as const;
        if (prefs.phone_verified_at) return "already_verified" as const;
        const pending = await repo.findVerification(tx, memberId, true);
        if (!pending || pending.phone !== prefs.phone) return "code_expired" as const;
        if (new Date(pending.expires_at) <= now || pending.attempts >= PHONE_CODE_MAX_TRIES) return "code_expired" as const;
        const expected = Buffer.from(pending.code_hash, "hex");
        const given = Buffer.from(hashCode(memberId, prefs.phone, code), "hex");
        if (!(expected.length === given.length && timingSafeEqual(expected, given))) {
          await repo.countAttempt(tx, memberId); // committed: the wrong try counts
          return "wrong_code" as const;
        }
        await tx.updateTable("notification_preferences").set({ phone_verified_at: now, updated_at: now }).where("member_id", "=", memberId).execute();
        await repo.deleteVerification(tx, memberId);
        return "ok" as const;
      });
      if (outcome !== "ok") {
        throw new DomainError("rule_violation", `Phone verification: ${outcome}`, { reason: outcome });
      }
      return get(memberId);
    },
  };
}

export type Preferences = ReturnType<typeof createPreferences>;
