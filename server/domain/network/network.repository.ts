import type { DB } from "../../../db/connect.js";
import type { ProfileUpdate } from "../../../db/schema.js";

export function findProfile(db: DB, memberId: string) {
  return db.selectFrom("profiles").selectAll().where("member_id", "=", memberId).executeTakeFirst();
}

export function updateProfile(db: DB, memberId: string, changes: ProfileUpdate) {
  return db.updateTable("profiles").set(changes).where("member_id", "=", memberId).returningAll().executeTakeFirst();
}
