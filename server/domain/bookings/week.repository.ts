// The week views' reads that the other repositories do not have: who from my projects is booked, and the zone
// my week is read in.
import { sql, type SqlBool } from "kysely";
import type { DB } from "../../../db/connect.js";
import { ACTIVE, range } from "./bookings.repository.js";
import type { TeammateRow } from "./week-view.js";

/**
 * Active bookings overlapping [start, end) of members who share a project with `memberId`, but theirs: only those
 * who show their presence (the "who's here" setting) and are not suspended. One query, soonest first.
 */
export function teammateBookings(db: DB, memberId: string, start: Date, end: Date, limit = 500): Promise<TeammateRow[]> {
  return db
    .selectFrom("bookings as b")
    .innerJoin("members as m", "m.id", "b.member_id")
    .innerJoin("profiles as p", "p.member_id", "b.member_id")
    .innerJoin("spaces as s", "s.id", "b.space_id")
    .select([
      "b.member_id",
      "m.name as member_name",
      "b.space_id",
      "s.name as space_name",
      "s.timezone",
      sql<Date>`lower(b.during)`.as("start"),
      sql<Date>`upper(b.during)`.as("end"),
      // Their photo's version unless they are hidden (a hidden member's photo is only for their connections).
      sql<string | null>`(SELECT ph.version FROM member_photos ph WHERE ph.member_id = b.member_id AND NOT p.hidden)`.as("photo_version"),
    ])
    .where("b.status", "in", ACTIVE)
    .where(sql<SqlBool>`b.during && ${range(start, end)}`)
    .where("b.member_id", "<>", memberId)
    .where("p.show_presence", "=", true)
    .where("m.suspended_at", "is", null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("project_members as mine")
          .innerJoin("project_members as theirs", "theirs.project_id", "mine.project_id")
          // Team projects only: a direct conversation (a room of two) is not a project.
          .innerJoin("projects as shared", (j) => j.onRef("shared.id", "=", "mine.project_id").on("shared.kind", "=", "team"))
          .select("mine.project_id")
          .where("mine.member_id", "=", memberId)
          .whereRef("theirs.member_id", "=", "b.member_id"),
      ),
    )
    .orderBy(sql`lower(b.during)`)
    .orderBy("m.name")
    .limit(limit)
    .execute();
}

/**
 * The zone of the space of the member's booking nearest to `now` (one not yet ended first): where "today" is for
 * them. Undefined for a member who never booked.
 */
export async function nearestBookingZone(db: DB, memberId: string, now: Date): Promise<string | undefined> {
  const at = now.toISOString();
  const row = await db
    .selectFrom("bookings as b")
    .innerJoin("spaces as s", "s.id", "b.space_id")
    .select("s.timezone")
    .where("b.member_id", "=", memberId)
    .orderBy(sql`upper(b.during) <= ${at}::timestamptz`)
    .orderBy(sql`abs(extract(epoch from (lower(b.during) - ${at}::timestamptz)))`)
    .limit(1)
    .executeTakeFirst();
  return row?.timezone;
}
