import { sql } from "kysely";
import type { DB } from "../../../db/connect.js";
import type { NewNotification } from "../../../db/schema.js";

export function insertNotification(db: DB, n: NewNotification) {
  return db.insertInto("notifications").values(n).returningAll().executeTakeFirstOrThrow();
}

export function listNotifications(db: DB, memberId: string, limit: number, before?: Date) {
  let q = db.selectFrom("notifications").selectAll().where("member_id", "=", memberId);
  if (before) q = q.where("created_at", "<", before);
  return q.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit).execute();
}

export async function countUnread(db: DB, memberId: string) {
  const row = await db
    .selectFrom("notifications")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("member_id", "=", memberId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return row.n;
}

export function markRead(db: DB, memberId: string, ids: string[] | "all", at: Date) {
  let q = db.updateTable("notifications").set({ read_at: at }).where("member_id", "=", memberId).where("read_at", "is", null);
  if (ids !== "all") {
    if (ids.length === 0) return Promise.resolve([]);
    q = q.where("id", "in", ids);
  }
  return q.returning("id").execute();
}
