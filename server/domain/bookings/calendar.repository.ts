// The calendar feed: a member's feed version (a rotated feed's old links stop working) and its bookings.
import { sql, type SqlBool } from "kysely";
import type { DB } from "../../../db/connect.js";
import { ACTIVE, bookingQuery, type BookingRow } from "./bookings.repository.js";

export async function feedVersion(db: DB, memberId: string): Promise<number> {
  await db.insertInto("calendar_feeds").values({ member_id: memberId }).onConflict((oc) => oc.column("member_id").doNothing()).execute();
  const row = await db.selectFrom("calendar_feeds").select("version").where("member_id", "=", memberId).executeTakeFirstOrThrow();
  return row.version;
}

export async function currentFeedVersion(db: DB, memberId: string): Promise<number | null> {
  const row = await db.selectFrom("calendar_feeds").select("version").where("member_id", "=", memberId).executeTakeFirst();
  return row?.version ?? null;
}

export function bumpFeedVersion(db: DB, memberId: string, at: Date) {
  return db
    .insertInto("calendar_feeds")
    .values({ member_id: memberId, version: 2, rotated_at: at })
    .onConflict((oc) => oc.column("member_id").doUpdateSet({ version: sql`calendar_feeds.version + 1`, rotated_at: at }))
    .execute();
}

export function upcomingForFeed(db: DB, memberId: string, from: Date) {
  return (bookingQuery(db)
    .where("b.member_id", "=", memberId)
    .where("b.status", "in", ACTIVE)
    .where(sql<SqlBool>`upper(b.during) > ${from.toISOString()}::timestamptz`)
    .orderBy(sql`lower(b.during)`)
    .limit(1000)
    .execute()) as Promise<BookingRow[]>;
}
