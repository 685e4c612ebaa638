import type { DB } from "../../../db/connect.js";

// Every query of the member's notification preferences and phone codes. A member without a row has the defaults.

export function findForMember(db: DB, memberId: string) {
  return db
    .selectFrom("members")
    .leftJoin("notification_preferences as p", "p.member_id", "members.id")
    .leftJoin("phone_verifications as v", "v.member_id", "members.id")
    .select([
      "members.id",
      "members.email_verified_at",
      "members.locale",
      "p.email",
      "p.whatsapp",
      "p.phone",
      "p.phone_verified_at",
      "p.kinds",
      "v.phone as pendingPhone",
      "v.expires_at as pendingExpiresAt",
    ])
    .where("members.id", "=", memberId)
    .executeTakeFirst();
}

/** Makes sure the member has a row and locks it (lock, then read, then check, then write). */
export async function lockRow(tx: DB, memberId: string) {
  await tx
    .insertInto("notification_preferences")
    .values({ member_id: memberId })
    .onConflict((oc) => oc.column("member_id").doNothing())
    .execute();
  return tx.selectFrom("notification_preferences").selectAll().where("member_id", "=", memberId).forUpdate().executeTakeFirstOrThrow();
}

export function update(
  tx: DB,
  memberId: string,
  values: { email: boolean; whatsapp: boolean; phone: string | null; phone_verified_at: Date | null; kinds: Record<string, boolean>; updated_at: Date },
) {
  return tx
    .updateTable("notification_preferences")
    .set({ ...values, kinds: JSON.stringify(values.kinds) })
    .where("member_id", "=", memberId)
    .execute();
}

export function findVerification(tx: DB, memberId: string, lock = false) {
  const q = tx.selectFrom("phone_verifications").selectAll().where("member_id", "=", memberId);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export function putVerification(tx: DB, row: { member_id: string; phone: string; code_hash: string; expires_at: Date; created_at: Date }) {
  return tx
    .insertInto("phone_verifications")
    .values({ ...row, attempts: 0 })
    .onConflict((oc) =>
      oc.column("member_id").doUpdateSet({ phone: row.phone, code_hash: row.code_hash, expires_at: row.expires_at, created_at: row.created_at, attempts: 0 }),
    )
    .execute();
}

export function countAttempt(tx: DB, memberId: string) {
  return tx.updateTable("phone_verifications").set((eb) => ({ attempts: eb("attempts", "+", 1) })).where("member_id", "=", memberId).execute();
}

export function deleteVerification(tx: DB, memberId: string) {
  return tx.deleteFrom("phone_verifications").where("member_id", "=", memberId).execute();
}
