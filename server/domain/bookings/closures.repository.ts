// A space's closures: the times it takes no bookings.
import { sql, type SqlBool } from "kysely";
import type { DB } from "../../../db/connect.js";
import { range } from "./bookings.repository.js";

export function closuresOverlapping(db: DB, spaceId: string, start: Date, end: Date) {
  return db
    .selectFrom("closures")
    .select(["id", "reason", sql<Date>`lower(during)`.as("start"), sql<Date>`upper(during)`.as("end")])
    .where("space_id", "=", spaceId)
    .where(sql<SqlBool>`during && ${range(start, end)}`)
    .orderBy(sql`lower(during)`)
    .execute();
}

export function insertClosure(db: DB, c: { spaceId: string; start: Date; end: Date; reason: string; createdBy: string }) {
  return db
    .insertInto("closures")
    .values({ space_id: c.spaceId, during: range(c.start, c.end), reason: c.reason, created_by: c.createdBy })
    .returning("id")
    .executeTakeFirstOrThrow();
}

export type ClosureRow = { id: string; space_id: string; start: Date; end: Date; reason: string; created_at: Date };

const closureColumns = ["id", "space_id", sql<Date>`lower(during)`.as("start"), sql<Date>`upper(during)`.as("end"), "reason", "created_at"] as const;

export function findClosure(db: DB, id: string): Promise<ClosureRow | undefined> {
  return db.selectFrom("closures").select(closureColumns).where("id", "=", id).executeTakeFirst();
}

/** A space's closures that have not ended by `now` (soonest first), or those that have (latest first). */
export function listClosures(db: DB, spaceId: string, now: Date, when: "upcoming" | "past", limit = 100): Promise<ClosureRow[]> {
  const q = db.selectFrom("closures").select(closureColumns).where("space_id", "=", spaceId);
  return (
    when === "upcoming"
      ? q.where(sql<SqlBool>`upper(during) > ${now.toISOString()}::timestamptz`).orderBy(sql`lower(during)`)
      : q.where(sql<SqlBool>`upper(during) <= ${now.toISOString()}::timestamptz`).orderBy(sql`lower(during)`, "desc")
  )
    .orderBy("id")
    .limit(limit)
    .execute();
}

export function updateClosure(db: DB, id: string, c: { start: Date; end: Date; reason: string }) {
  return db.updateTable("closures").set({ during: range(c.start, c.end), reason: c.reason }).where("id", "=", id).execute();
}

export function deleteClosure(db: DB, id: string) {
  return db.deleteFrom("closures").where("id", "=", id).execute();
}
