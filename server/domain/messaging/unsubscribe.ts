import { createHmac, timingSafeEqual } from "node:crypto";
import { sql } from "kysely";
import type { DB } from "../../../db/connect.js";
import type { Clock } from "../clock.js";
import { PREFERENCE_KINDS, type PreferenceKind } from "./messages.schemas.js";

// One-click unsubscribe (RFC 8058): every preference-kind mail links to `/unsubscribe?token=`, where the token names
// a member and a kind and carries an HMAC of both (keyed by the session secret): no row is stored, it never expires,
// and it can only ever switch that one kind's mail off. Forged or edited tokens are refused.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isPreferenceKind = (kind: string): kind is PreferenceKind => Object.prototype.hasOwnProperty.call(PREFERENCE_KINDS, kind);

function mac(secret: string, memberId: string, kind: string): Buffer {
  return createHmac("sha256", secret).update(`jejaring:unsubscribe:v1\0${memberId}\0${kind}`).digest();
}

/** `<memberId>.<kind>.<base64url HMAC>`: URL-safe as it is. */
export function unsubscribeToken(secret: string, memberId: string, kind: PreferenceKind): string {
  return `${memberId}.${kind}.${mac(secret, memberId, kind).toString("base64url")}`;
}

/** What a token names, or null when it is not one this server signed (or names no kind a member can switch off). */
export function readUnsubscribeToken(secret: string, token: unknown): { memberId: string; kind: PreferenceKind } | null {
  if (typeof token !== "string" || token.length > 200) return null;
  const [memberId, kind, sig, ...rest] = token.split(".");
  if (rest.length || !memberId || !kind || !sig || !UUID.test(memberId) || !isPreferenceKind(kind)) return null;
  const expected = mac(secret, memberId, kind);
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { memberId, kind };
}

export function unsubscribeUrl(origin: string, token: string): string {
  const url = new URL("/unsubscribe", origin);
  url.searchParams.set("token", token);
  return url.toString();
}

/**
 * Switches one kind's mail off for a member (notification_preferences.kinds[kind] = false), creating their row if
 * they have none; a member who no longer exists changes nothing. One statement: two clicks race harmlessly.
 */
export async function switchKindOff(db: DB, memberId: string, kind: PreferenceKind, now: Date): Promise<void> {
  await sql`
    INSERT INTO notification_preferences (member_id, kinds, updated_at)
    SELECT id, jsonb_build_object(${kind}::text, false), ${now}::timestamptz FROM members WHERE id = ${memberId}
    ON CONFLICT (member_id) DO UPDATE SET kinds = notification_preferences.kinds || excluded.kinds, updated_at = excluded.updated_at`.execute(db);
}

/** The unsubscribe page's service: what a token would switch off, and switching it off. */
export function createUnsubscribe({ db, clock, secret }: { db: DB; clock: Clock; secret: string }) {
  return {
    /** The kind a token names (null: not a valid token; the page answers 400 and changes nothing). */
    read(token: unknown): { kind: PreferenceKind } | null {
      const found = readUnsubscribeToken(secret, token);
      return found ? { kind: found.kind } : null;
    },
    /** Switches the token's kind off (null: not a valid token, nothing changed). */
    async confirm(token: unknown): Promise<{ kind: PreferenceKind } | null> {
      const found = readUnsubscribeToken(secret, token);
      if (!found) return null;
      await switchKindOff(db, found.memberId, found.kind, clock.now());
      return { kind: found.kind };
    },
  };
}

export type Unsubscribe = ReturnType<typeof createUnsubscribe>;
