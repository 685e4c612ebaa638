// Members waiting for a slot: a resource, or any resource of a kind (and zone).
import { sql, type SqlBool } from "kysely";
import type { DB } from "../../../db/connect.js";
import type { ResourceKind } from "../../../db/schema.js";
import { range } from "./bookings.repository.js";

export function insertWaitlist(
  db: DB,
  w: { memberId: string; spaceId: string; resourceId: string | null; kind: ResourceKind | null; zone: string | null; start: Date; end: Date },
) {
  return db
    .insertInto("waitlist_entries")
    .values({
      member_id: w.memberId,
      space_id: w.spaceId,
      resource_id: w.resourceId,
      kind: w.kind,
      zone: w.zone,
      during: range(w.start, w.end),
    })
    .returning(["id", "created_at"])
    .executeTakeFirstOrThrow();
}

export async function waitlistPosition(db: DB, id: string) {
  const row = await db
    .selectFrom("waitlist_entries as w")
    .innerJoin("waitlist_entries as other", (j) =>
      j
        .onRef("other.space_id", "=", "w.space_id")
        .on("other.status", "=", "waiting")
        .on(sql<SqlBool>`other.during && w.during`)
        .on(sql<SqlBool>`other.created_at <= w.created_at`)
        .on(
          sql<SqlBool>`(other.resource_id IS NOT DISTINCT FROM w.resource_id) AND (other.kind IS NOT DISTINCT FROM w.kind) AND (other.zone IS NOT DISTINCT FROM w.zone)`,
        ),
    )
    .select(sql<number>`count(*)::int`.as("n"))
    .where("w.id", "=", id)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Waiting entries that a freed slot of this resource could serve, oldest first. */
export function waitingFor(db: DB, spaceId: string, resource: { id: string; kind: ResourceKind; zone: string }, start: Date, end: Date) {
  return db
    .selectFrom("waitlist_entries")
    .select(["id", "member_id", "resource_id", "kind", "zone", sql<Date>`lower(during)`.as("start"), sql<Date>`upper(during)`.as("end")])
    .where("space_id", "=", spaceId)
    .where("status", "=", "waiting")
    .where(sql<SqlBool>`during && ${range(start, end)}`)
    .where((eb) =>
      eb.or([
        eb("resource_id", "=", resource.id),
        eb.and([eb("resource_id", "is", null), eb("kind", "=", resource.kind), eb.or([eb("zone", "is", null), eb("zone", "=", resource.zone)])]),
      ]),
    )
    .orderBy("created_at")
    .forUpdate()
    .skipLocked()
    .execute();
}

export function setWaitlistStatus(db: DB, id: string, status: "promoted" | "expired" | "cancelled", bookingId?: string) {
  return db.updateTable("waitlist_entries").set({ status, booking_id: bookingId ?? null }).where("id", "=", id).execute();
}

export function expireWaitlistBefore(db: DB, now: Date) {
  return db
    .updateTable("waitlist_entries")
    .set({ status: "expired" })
    .where("status", "=", "waiting")
    .where(sql<SqlBool>`upper(during) <= ${now.toISOString()}::timestamptz`)
    .execute();
}

export function dropWaitlistInRange(db: DB, spaceId: string, start: Date, end: Date) {
  return db
    .updateTable("waitlist_entries")
    .set({ status: "cancelled" })
    .where("space_id", "=", spaceId)
    .where("status", "=", "waiting")
    .where(sql<SqlBool>`during && ${range(start, end)}`)
    .returning(["id", "member_id"])
    .execute();
}

export async function countWaitingInRange(db: DB, spaceId: string, start: Date, end: Date) {
  const row = await db
    .selectFrom("waitlist_entries")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("space_id", "=", spaceId)
    .where("status", "=", "waiting")
    .where(sql<SqlBool>`during && ${range(start, end)}`)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function waitlistStatus(db: DB, id: string) {
  const row = await db.selectFrom("waitlist_entries").select("status").where("id", "=", id).executeTakeFirstOrThrow();
  return row.status;
}
