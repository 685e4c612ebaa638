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
export function consume(db: DB, tokenHash: string, purpose: Purpose, now: Date) {
  return db
    .updateTable("account_tokens")
    .set({ used_at: now })
    .where("token_hash", "=", tokenHash)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .returning(["member_id", "email"])
    .executeTakeFirst();
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
