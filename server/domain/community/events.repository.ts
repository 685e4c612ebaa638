// Every query of community events (issue 16 item 3): events, their RSVPs (going, the ordered waitlist, check-ins),
// the event row lock every RSVP write takes, and the list a space page and the calendar feed read.
import { sql } from "kysely";
import type { DB } from "../../../db/connect.js";
import type { EventVisibility, RsvpStatus } from "../../../db/schema.js";

function eventsQuery(db: DB) {
  return db
    .selectFrom("events as e")
    .innerJoin("spaces as s", "s.id", "e.space_id")
    .leftJoin("resources as r", "r.id", "e.resource_id")
    .select([
      "e.id",
      "e.space_id",
      "s.name as space_name",
      "s.timezone",
      "e.title",
      "e.description",
      "e.start_at",
      "e.end_at",
      "e.capacity",
      "e.visibility",
      "e.resource_id",
      "r.name as resource_name",
      "e.booking_id",
      "e.series_id",
      "e.cancelled_at",
    ])
    .select((eb) => [
      eb.selectFrom("event_rsvps as g").whereRef("g.event_id", "=", "e.id").where("g.status", "=", "going").select(eb.fn.countAll<number>().as("n")).as("going"),
      eb.selectFrom("event_rsvps as w").whereRef("w.event_id", "=", "e.id").where("w.status", "=", "waitlisted").select(eb.fn.countAll<number>().as("n")).as("waitlisted"),
      eb.selectFrom("event_rsvps as a").whereRef("a.event_id", "=", "e.id").where("a.checked_in_at", "is not", null).select(eb.fn.countAll<number>().as("n")).as("attended"),
    ]);
}
export type EventRow = NonNullable<Awaited<ReturnType<typeof findEvent>>>;

export function findEvent(db: DB, id: string) {
  return eventsQuery(db).where("e.id", "=", id).executeTakeFirst();
}

export function findEvents(db: DB, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return eventsQuery(db).where("e.id", "in", ids).orderBy("e.start_at").orderBy("e.id").execute();
}

/** The event's row lock: every RSVP write of one event holds it, so counting `going` and writing are one step. */
export async function lockEvent(db: DB, id: string) {
  return db.selectFrom("events").select(["id", "space_id", "capacity", "start_at", "end_at", "visibility", "cancelled_at"]).where("id", "=", id).forUpdate().executeTakeFirst();
}

export async function insertEvents(
  db: DB,
  rows: Array<{
    spaceId: string;
    title: string;
    description: string;
    start: Date;
    end: Date;
    capacity: number;
    resourceId: string | null;
    bookingId: string | null;
    visibility: EventVisibility;
    seriesId: string | null;
    createdBy: string;
    at: Date;
  }>,
): Promise<string[]> {
  const inserted = await db
    .insertInto("events")
    .values(
      rows.map((r) => ({
        space_id: r.spaceId,
        title: r.title,
        description: r.description,
        start_at: r.start,
        end_at: r.end,
        capacity: r.capacity,
        resource_id: r.resourceId,
        booking_id: r.bookingId,
        visibility: r.visibility,
        series_id: r.seriesId,
        created_by: r.createdBy,
        created_at: r.at,
      })),
    )
    .returning(["id", "start_at"])
    .execute();
  return inserted.sort((a, b) => new Date(a.start_at).getTime() - new Date(b.start_at).getTime()).map((r) => r.id);
}

/**
 * Events overlapping [from, to) in start order after the keyset (start, id); only public ones when `publicOnly`;
 * cancelled ones are left out.
 */
export function listEvents(
  db: DB,
  q: { spaceId?: string; from: Date; to?: Date; publicOnly: boolean; after?: { start: Date; id: string }; limit: number },
) {
  let query = eventsQuery(db).where("e.end_at", ">", q.from).where("e.cancelled_at", "is", null);
  if (q.spaceId) query = query.where("e.space_id", "=", q.spaceId);
  if (q.to) query = query.where("e.start_at", "<", q.to);
  if (q.publicOnly) query = query.where("e.visibility", "=", "public");
  if (q.after) {
    const { start, id } = q.after;
    query = query.where((eb) => eb.or([eb("e.start_at", ">", start), eb.and([eb("e.start_at", "=", start), eb("e.id", ">", id)])]));
  }
  return query.orderBy("e.start_at").orderBy("e.id").limit(q.limit).execute();
}

export type RsvpRow = { event_id: string; member_id: string; status: RsvpStatus; position: number | null; checked_in_at: Date | null };

export function findRsvp(db: DB, eventId: string, memberId: string): Promise<RsvpRow | undefined> {
  return db.selectFrom("event_rsvps").select(["event_id", "member_id", "status", "position", "checked_in_at"]).where("event_id", "=", eventId).where("member_id", "=", memberId).executeTakeFirst();
}

export function myRsvps(db: DB, eventIds: string[], memberId: string): Promise<RsvpRow[]> {
  if (eventIds.length === 0) return Promise.resolve([]);
  return db.selectFrom("event_rsvps").select(["event_id", "member_id", "status", "position", "checked_in_at"]).where("event_id", "in", eventIds).where("member_id", "=", memberId).execute();
}

/** Going and waitlisted counts, and the last waitlist position (read under the event's lock). */
export async function seatCounts(db: DB, eventId: string): Promise<{ going: number; lastPosition: number }> {
  const row = await db
    .selectFrom("event_rsvps")
    .where("event_id", "=", eventId)
    .select([
      sql<number>`count(*) FILTER (WHERE status = 'going')::int`.as("going"),
      sql<number>`coalesce(max(position), 0)::int`.as("last"),
    ])
    .executeTakeFirstOrThrow();
  return { going: Number(row.going), lastPosition: Number(row.last) };
}

export async function upsertRsvp(db: DB, r: { eventId: string; memberId: string; status: "going" | "waitlisted"; position: number | null; at: Date }) {
  await db
    .insertInto("event_rsvps")
    .values({ event_id: r.eventId, member_id: r.memberId, status: r.status, position: r.position, created_at: r.at, updated_at: r.at })
    .onConflict((oc) => oc.columns(["event_id", "member_id"]).doUpdateSet({ status: r.status, position: r.position, checked_in_at: null, updated_at: r.at }))
    .execute();
}

/** Cancels a member's RSVP; what it was (going / waitlisted at a position). */
export async function cancelRsvp(db: DB, eventId: string, memberId: string, at: Date) {
  await db.updateTable("event_rsvps").set({ status: "cancelled", position: null, checked_in_at: null, updated_at: at }).where("event_id", "=", eventId).where("member_id", "=", memberId).execute();
}

/** Everyone after `position` on the waitlist moves up one (positions stay 1…n; the unique check is deferred). */
export async function closeWaitlistGap(db: DB, eventId: string, position: number, at: Date) {
  await db
    .updateTable("event_rsvps")
    .set((eb) => ({ position: eb("position", "-", 1), updated_at: at }))
    .where("event_id", "=", eventId)
    .where("status", "=", "waitlisted")
    .where("position", ">", position)
    .execute();
}

/** The first on the waitlist becomes going; their member id, or undefined when nobody waits. */
export async function promoteFirst(db: DB, eventId: string, at: Date): Promise<string | undefined> {
  const row = await db
    .updateTable("event_rsvps")
    .set({ status: "going", position: null, updated_at: at })
    .where("event_id", "=", eventId)
    .where("status", "=", "waitlisted")
    .where("position", "=", 1)
    .returning("member_id")
    .executeTakeFirst();
  return row?.member_id;
}

export async function checkIn(db: DB, eventId: string, memberId: string, at: Date) {
  await db.updateTable("event_rsvps").set({ checked_in_at: at, updated_at: at }).where("event_id", "=", eventId).where("member_id", "=", memberId).where("checked_in_at", "is", null).execute();
}

export function attendees(db: DB, eventId: string) {
  return db
    .selectFrom("event_rsvps as v")
    .innerJoin("members as m", "m.id", "v.member_id")
    .select(["v.member_id", "m.name", "v.status", "v.position", "v.checked_in_at"])
    .where("v.event_id", "=", eventId)
    .where("v.status", "in", ["going", "waitlisted"])
    .orderBy(sql`CASE WHEN v.status = 'going' THEN 0 ELSE 1 END`)
    .orderBy("v.position")
    .orderBy("m.name")
    .execute();
}

/** Events a member is going to, ending after `from` (their calendar feed). */
export function goingEvents(db: DB, memberId: string, from: Date, limit: number) {
  return eventsQuery(db)
    .innerJoin("event_rsvps as mine", "mine.event_id", "e.id")
    .where("mine.member_id", "=", memberId)
    .where("mine.status", "=", "going")
    .where("e.cancelled_at", "is", null)
    .where("e.end_at", ">", from)
    .orderBy("e.start_at")
    .limit(limit)
    .execute();
}

