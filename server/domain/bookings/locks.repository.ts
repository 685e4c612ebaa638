import { sql } from "kysely";
import type { DB } from "../../../db/connect.js";

// Every booking write takes its locks in one order, so that no two writes can wait on each other in a circle:
//
//   1. the space row: FOR SHARE by writes that book (they read hours, rules, capacity and `active` after it),
//      FOR UPDATE by what changes those (settings, closures, deactivating a resource);
//   2. the space's write lock (exclusive, advisory): taken by writes in a capacity-limited space (the count and
//      the insert must not interleave), by desk writes in a space with "one desk per member at a time" (the check
//      of the member's other desks and the insert must not interleave: two requests of one member for two desks
//      hold different resource locks), and by every write that may touch more than one resource (auto-assign,
//      rescheduling, cancelling, waitlist promotion, deactivation moves, the no-show job);
//   3. booking rows (FOR UPDATE);
//   4. one lock per resource (exclusive, advisory) before any write that makes a booking active on it, moves one
//      off it or ends one on it. Concurrent inserts into the exclusion constraint otherwise wait on each other's
//      uncommitted rows and deadlock (40P01); under this lock racers for one desk queue and the losers see the
//      committed winner (23P01, a clean 409). A write that does not hold (2) takes at most one resource lock.
//
// Advisory keys use the two-int form (a namespace, then a hash of the id): the one-bigint form belongs to jobs.
const SPACE_WRITES = 1101;
const RESOURCE_WRITES = 1102;

/** (1) by space id. Returns false when there is no such space. */
export async function lockSpace(db: DB, spaceId: string, mode: "share" | "update"): Promise<boolean> {
  const q = db.selectFrom("spaces").select("id").where("id", "=", spaceId);
  return (await (mode === "share" ? q.forShare() : q.forUpdate()).execute()).length > 0;
}

/** (1) by one of its resources (a resource never moves to another space); the space id, or null. */
export async function lockSpaceOfResource(db: DB, resourceId: string, mode: "share" | "update"): Promise<string | null> {
  const q = db
    .selectFrom("spaces as s")
    .innerJoin("resources as r", "r.space_id", "s.id")
    .select("s.id")
    .where("r.id", "=", resourceId);
  const row = await (mode === "share" ? q.forShare("s") : q.forUpdate("s")).executeTakeFirst();
  return row?.id ?? null;
}

/**
 * (1) for the no-show job: shares the rows of these spaces in id order, skipping any being changed right now (a
 * closure or a settings change holds it; the next tick gets it). Returns the ids it holds.
 */
export async function lockSpacesSkippingBusy(db: DB, spaceIds: string[]): Promise<string[]> {
  if (spaceIds.length === 0) return [];
  const rows = await db.selectFrom("spaces").select("id").where("id", "in", spaceIds).orderBy("id").forShare().skipLocked().execute();
  return rows.map((r) => r.id);
}

/** (2) the space's write lock, held to the end of the transaction. */
export async function lockSpaceWrites(db: DB, spaceId: string) {
  await sql`SELECT pg_advisory_xact_lock(${SPACE_WRITES}::int4, hashtext(${spaceId}))`.execute(db);
}

/** (4) one resource's write lock, held to the end of the transaction. */
export async function lockResource(db: DB, resourceId: string) {
  await sql`SELECT pg_advisory_xact_lock(${RESOURCE_WRITES}::int4, hashtext(${resourceId}))`.execute(db);
}
