import { sql, type SqlBool } from "kysely";
import type { DB } from "../../../db/connect.js";
import { ACTIVE, range } from "./bookings.repository.js";

// A member's starred desks and rooms (favourite_resources: once per member and resource, cascading with both).

/** Stars a resource; starring it again changes nothing. */
export async function addFavourite(db: DB, memberId: string, resourceId: string, at: Date) {
  await db.insertInto("favourite_resources").values({ member_id: memberId, resource_id: resourceId, created_at: at }).onConflict((oc) => oc.doNothing()).execute();
}

export async function removeFavourite(db: DB, memberId: string, resourceId: string) {
  await db.deleteFrom("favourite_resources").where("member_id", "=", memberId).where("resource_id", "=", resourceId).execute();
}

/** The member's starred resources in a space (ids). */
export async function favouriteIdsIn(db: DB, memberId: string, spaceId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("favourite_resources as f")
    .innerJoin("resources as r", "r.id", "f.resource_id")
    .select("f.resource_id")
    .where("f.member_id", "=", memberId)
    .where("r.space_id", "=", spaceId)
    .execute();
  return rows.map((r) => r.resource_id);
}

/** The member's starred desks that take bookings, the latest starred first. */
export function favouriteDesks(db: DB, memberId: string, limit: number) {
  return db
    .selectFrom("favourite_resources as f")
    .innerJoin("resources as r", "r.id", "f.resource_id")
    .select(["r.id", "r.name", "r.space_id"])
    .where("f.member_id", "=", memberId)
    .where("r.kind", "=", "desk")
    .where("r.active", "=", true)
    .orderBy("f.created_at", "desc")
    .orderBy("r.id")
    .limit(limit)
    .execute();
}

/** Whether a member holds or a resource carries an active booking overlapping [start, end) in a space. */
export async function anyActiveOverlap(db: DB, spaceId: string, start: Date, end: Date, who: { resourceId: string; memberId: string }): Promise<boolean> {
  const row = await db
    .selectFrom("bookings as b")
    .select("b.id")
    .where("b.space_id", "=", spaceId)
    .where("b.status", "in", ACTIVE)
    .where(sql<SqlBool>`b.during && ${range(start, end)}`)
    .where((eb) => eb.or([eb("b.resource_id", "=", who.resourceId), eb("b.member_id", "=", who.memberId)]))
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}
