import type { DB } from "../../../db/connect.js";
import type { AccountToken } from "../../../db/schema.js";

type Purpose = AccountToken["purpose"];

export function insertToken(db: DB, t: { token_hash: string; purpose: Purpose; member_id: string; email: string; expires_at: Date; created_at: Date }) {
  return db.insertInto("account_tokens").values(t).execute();
}

/** Ends every unused link of one purpose of a member (a newer one replaces them, or the purpose is done). */
export function invalidateUnused(db: DB, memberId: string, purpose: Purpose, now: Date) {
  return db
    .updateTable("account_tokens")
    .set({ used_at: now })
    .where("member_id", "=", memberId)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .execute();
}

/**
 * Uses a link once, atomically: only an unused, unexpired token of this purpose is marked used, and only one of
 * any number of racing requests gets the row back.
 */
/** Whose a link is, without locking anything (a caller locks the member first, then uses the link). */
export async function ownerOf(db: DB, tokenHash: string): Promise<string | null> {
  const row = await db.selectFrom("account_tokens").select("member_id").where("token_hash", "=", tokenHash).executeTakeFirst();
  return row?.member_id ?? null;
}

export function consume(db: DB, tokenHash: string, purpose: Purpose | Purpose[], now: Date) {
  return db
    .updateTable("account_tokens")
    .set({ used_at: now })
    .where("token_hash", "=", tokenHash)
    .where("purpose", "in", Array.isArray(purpose) ? purpose : [purpose])
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .returning(["member_id", "email", "purpose"])
    .executeTakeFirst();
}

/** The newest unused, unexpired link of one purpose of a member (an email change waiting: its new address). */
export function findPending(db: DB, memberId: string, purpose: Purpose, now: Date) {
  return db
    .selectFrom("account_tokens")
    .select(["email", "expires_at"])
    .where("member_id", "=", memberId)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** Whether another member has this address. */
export async function emailUsedByOther(db: DB, email: string, memberId: string): Promise<boolean> {
  const row = await db.selectFrom("members").select("id").where("email", "=", email).where("id", "!=", memberId).executeTakeFirst();
  return row !== undefined;
}

/** The account's new address, confirmed by the link that was sent to it. */
export function setConfirmedEmail(db: DB, memberId: string, email: string, at: Date) {
  return db.updateTable("members").set({ email, email_verified_at: at }).where("id", "=", memberId).returning("id").executeTakeFirst();
}

/** The member a link is for, locked, with what the link's use depends on. */
export function lockMember(db: DB, memberId: string) {
  return db
    .selectFrom("members")
    .select(["id", "email", "name", "locale", "suspended_at", "email_verified_at"])
    .where("id", "=", memberId)
    .forUpdate()
    .executeTakeFirst();
}

export function findMemberForMail(db: DB, email: string) {
  return db
    .selectFrom("members")
    .select(["id", "email", "name", "locale", "suspended_at", "email_verified_at"])
    .where("email", "=", email)
    .executeTakeFirst();
}

export function markVerified(db: DB, memberId: string, email: string, at: Date) {
  return db
    .updateTable("members")
    .set({ email_verified_at: at })
    .where("id", "=", memberId)
    .where("email", "=", email)
    .returning("id")
    .executeTakeFirst();
}
