import { sql, type Expression, type SqlBool } from "kysely";
import type { DB } from "../../../db/connect.js";
import type { BookingStatus, ResourceKind } from "../../../db/schema.js";

/** A half-open [start, end) range of instants, as the `during` columns hold them. */
export const range = (start: Date, end: Date) => sql<string>`tstzrange(${start.toISOString()}::timestamptz, ${end.toISOString()}::timestamptz, '[)')`;
/** The statuses that hold a resource. */
export const ACTIVE: BookingStatus[] = ["confirmed", "checked_in"];

export type BookingRow = {
  id: string;
  resource_id: string;
  resource_name: string;
  resource_kind: ResourceKind;
  space_id: string;
  space_name: string;
  timezone: string;
  address: string;
  member_id: string;
  project_id: string | null;
  series_id: string | null;
  start: Date;
  end: Date;
  status: BookingStatus;
  note: string;
  checked_in_at: Date | null;
  checked_out_at: Date | null;
  check_in_grace_minutes: number;
  charge_method: "credits" | "day_pass" | "invoice" | "free" | null;
  charge_credits: number;
  charge_day_passes: number;
  charge_amount: string | number;
  charge_refunded_at: Date | null;
};

const bookingColumns = [
  "b.id",
  "b.resource_id",
  "r.name as resource_name",
  "r.kind as resource_kind",
  "b.space_id",
  "s.name as space_name",
  "s.timezone",
  "s.address",
  "b.member_id",
  "b.project_id",
  "b.series_id",
  sql<Date>`lower(b.during)`.as("start"),
  sql<Date>`upper(b.during)`.as("end"),
  "b.status",
  "b.note",
  "b.checked_in_at",
  "b.checked_out_at",
  "s.check_in_grace_minutes",
  "b.charge_method",
  "b.charge_credits",
  "b.charge_day_passes",
  "b.charge_amount",
  "b.charge_refunded_at",
] as const;

export function bookingQuery(db: DB) {
  return db
    .selectFrom("bookings as b")
    .innerJoin("resources as r", "r.id", "b.resource_id")
    .innerJoin("spaces as s", "s.id", "b.space_id")
    .select(bookingColumns);
}

export async function insertBooking(
  db: DB,
  b: {
    resourceId: string;
    spaceId: string;
    memberId: string;
    start: Date;
    end: Date;
    projectId?: string | null;
    seriesId?: string | null;
    note?: string;
    status?: BookingStatus;
    checkedInAt?: Date | null;
    createdAt: Date;
  },
): Promise<BookingRow | undefined> {
  const inserted = db
    .insertInto("bookings")
    .values({
      resource_id: b.resourceId,
      space_id: b.spaceId,
      member_id: b.memberId,
      project_id: b.projectId ?? null,
      series_id: b.seriesId ?? null,
      during: range(b.start, b.end),
      note: b.note ?? "",
      status: b.status ?? "confirmed",
      checked_in_at: b.checkedInAt ?? null,
      created_at: b.createdAt,
    })
    // The slot already taken (the exclusion constraint; bookings have no other constraint a new row can break
    // but its random primary key) inserts nothing and returns no row, instead of an error that would abort the
    // transaction: no savepoint round trips while the resource's lock is held.
    .onConflict((oc) => oc.doNothing())
    .returningAll();
  // Insert and read back as one statement: the booking with its resource and space, as findBooking returns it.
  const row = await db
    .with("b", () => inserted)
    .selectFrom("b")
    .innerJoin("resources as r", "r.id", "b.resource_id")
    .innerJoin("spaces as s", "s.id", "b.space_id")
    .select(bookingColumns)
    .executeTakeFirst();
  return row as BookingRow | undefined;
}

export function findBooking(db: DB, id: string): Promise<BookingRow | undefined> {
  return bookingQuery(db).where("b.id", "=", id).executeTakeFirst() as Promise<BookingRow | undefined>;
}

export function findBookingForUpdate(db: DB, id: string): Promise<BookingRow | undefined> {
  return bookingQuery(db).where("b.id", "=", id).forUpdate("b").executeTakeFirst() as Promise<BookingRow | undefined>;
}

export function listMemberBookings(db: DB, memberId: string, from: Date | undefined, to: Date | undefined, limit: number) {
  let q = bookingQuery(db).where("b.member_id", "=", memberId);
  if (from) q = q.where(sql<SqlBool>`upper(b.during) > ${from.toISOString()}::timestamptz`);
  if (to) q = q.where(sql<SqlBool>`lower(b.during) < ${to.toISOString()}::timestamptz`);
  return q.orderBy(sql`lower(b.during)`).orderBy("b.id").limit(limit).execute() as Promise<BookingRow[]>;
}

export function listProjectBookings(db: DB, projectId: string, from: Date, limit: number) {
  return bookingQuery(db)
    .where("b.project_id", "=", projectId)
    .where("b.status", "in", ACTIVE)
    .where(sql<SqlBool>`upper(b.during) > ${from.toISOString()}::timestamptz`)
    .orderBy(sql`lower(b.during)`)
    .orderBy("b.id")
    .limit(limit)
    .execute() as Promise<BookingRow[]>;
}

export function listSeries(db: DB, seriesId: string, opts: { lock?: boolean } = {}) {
  const q = bookingQuery(db).where("b.series_id", "=", seriesId).orderBy(sql`lower(b.during)`);
  return (opts.lock ? q.forUpdate("b") : q).execute() as Promise<BookingRow[]>;
}

export function setStatus(
  db: DB,
  ids: string[],
  status: BookingStatus,
  extra: { checkedInAt?: Date; cancelledAt?: Date; reason?: string } = {},
) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .updateTable("bookings")
    .set({
      status,
      ...(extra.checkedInAt ? { checked_in_at: extra.checkedInAt } : {}),
      ...(extra.cancelledAt ? { cancelled_at: extra.cancelledAt } : {}),
      ...(extra.reason ? { cancelled_reason: extra.reason } : {}),
    })
    .where("id", "in", ids)
    .where("status", "in", ACTIVE)
    .returning("id")
    .execute();
}

/** Ends an active booking early: its range is cut at `end` (after its start) and the check-out time recorded. */
export function endEarly(db: DB, id: string, end: Date, at: Date) {
  return db
    .updateTable("bookings")
    .set({ during: sql<string>`tstzrange(lower(during), ${end.toISOString()}::timestamptz, '[)')`, checked_out_at: at })
    .where("id", "=", id)
    .where("status", "in", ACTIVE)
    .execute();
}

export function moveBooking(db: DB, id: string, resourceId: string, start: Date, end: Date) {
  return db.updateTable("bookings").set({ resource_id: resourceId, during: range(start, end) }).where("id", "=", id).execute();
}

/** Every active booking of a space overlapping [start, end): one query for a whole day view. */
export function activeInSpace(db: DB, spaceId: string, start: Date, end: Date) {
  return db
    .selectFrom("bookings as b")
    .select([
      "b.id",
      "b.resource_id",
      "b.member_id",
      "b.status",
      // Epoch milliseconds rather than timestamptz: the day view reads a thousand of these per request, and a
      // number parses far faster than a date string.
      sql<number>`(extract(epoch from lower(b.during)) * 1000)::float8`.as("start"),
      sql<number>`(extract(epoch from upper(b.during)) * 1000)::float8`.as("end"),
    ])
    .where("b.space_id", "=", spaceId)
    .where("b.status", "in", ACTIVE)
    .where(sql<SqlBool>`b.during && ${range(start, end)}`)
    .orderBy(sql`lower(b.during)`)
    .execute();
}

/**
 * The member's active desk bookings in a space overlapping [start, end), but a booking being moved and the desk
 * being booked:
 * what the "one desk per member at a time" rule refuses. Found through bookings_member_idx (member_id first).
 */
export function memberDesksOverlapping(
  db: DB,
  spaceId: string,
  memberId: string,
  start: Date,
  end: Date,
  except: { exceptBookingId?: string; exceptResourceId?: string } = {},
) {
  let q = bookingQuery(db)
    .where("b.member_id", "=", memberId)
    .where("b.space_id", "=", spaceId)
    .where("r.kind", "=", "desk")
    .where("b.status", "in", ACTIVE)
    .where(sql<SqlBool>`b.during && ${range(start, end)}`);
  if (except.exceptBookingId) q = q.where("b.id", "<>", except.exceptBookingId);
  if (except.exceptResourceId) q = q.where("b.resource_id", "<>", except.exceptResourceId);
  return q.orderBy(sql`lower(b.during)`).limit(1).execute() as Promise<BookingRow[]>;
}

/**
 * Active resources of a kind (and zone) with no active booking overlapping [start, end); `exceptBookingId`: that
 * booking does not count (the one being moved).
 */
export function freeResources(db: DB, spaceId: string, kind: ResourceKind, start: Date, end: Date, zone?: string, exceptBookingId?: string) {
  let q = db
    .selectFrom("resources as r")
    .select(["r.id", "r.name", "r.zone", "r.kind"])
    .where("r.space_id", "=", spaceId)
    .where("r.kind", "=", kind)
    .where("r.active", "=", true)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("bookings as b")
            .select("b.id")
            .whereRef("b.resource_id", "=", "r.id")
            .where("b.status", "in", ACTIVE)
            .where(sql<SqlBool>`b.during && ${range(start, end)}`)
            .where(sql<SqlBool>`b.id IS DISTINCT FROM ${exceptBookingId ?? null}::uuid`) as unknown as Expression<unknown>,
        ),
      ),
    );
  if (zone) q = q.where("r.zone", "=", zone);
  return q.orderBy("r.zone").orderBy("r.name").execute();
}

export function activeBookingsInRange(db: DB, spaceId: string, start: Date, end: Date) {
  return (bookingQuery(db)
    .where("b.space_id", "=", spaceId)
    .where("b.status", "in", ACTIVE)
    .where(sql<SqlBool>`b.during && ${range(start, end)}`)
    .forUpdate("b")
    .execute()) as Promise<BookingRow[]>;
}

const graceOver = (now: Date) =>
  // The check-in window is half-open, [start − 15 min, start + grace): released from its end on.
  sql<SqlBool>`lower(b.during) + make_interval(mins => s.check_in_grace_minutes) <= ${now.toISOString()}::timestamptz`;

/** The spaces that have confirmed bookings whose check-in grace has ended by `now` (no locks). */
export async function spacesWithDueNoShows(db: DB, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom("bookings as b")
    .innerJoin("spaces as s", "s.id", "b.space_id")
    .select("b.space_id")
    .distinct()
    .where("b.status", "=", "confirmed")
    .where("b.checked_out_at", "is", null)
    .where(graceOver(now))
    .execute();
  return rows.map((r) => r.space_id);
}

/** Those bookings in the given spaces, locked and skipped by concurrent runners, by space. */
export function dueNoShows(db: DB, now: Date, spaceIds: string[], limit = 500): Promise<BookingRow[]> {
  if (spaceIds.length === 0) return Promise.resolve([]);
  return bookingQuery(db)
    .where("b.status", "=", "confirmed")
    .where("b.space_id", "in", spaceIds)
    .where("b.checked_out_at", "is", null)
    .where(graceOver(now))
    .orderBy("b.space_id")
    .orderBy(sql`lower(b.during)`)
    .limit(limit)
    .forUpdate("b")
    .skipLocked()
    .execute() as Promise<BookingRow[]>;
}

/** Members checked in at a space right now who allow being shown. */
export function presentMembers(db: DB, spaceId: string, now: Date) {
  return db
    .selectFrom("bookings as b")
    .innerJoin("members as m", "m.id", "b.member_id")
    .innerJoin("profiles as p", "p.member_id", "b.member_id")
    .select([
      "m.id",
      "m.name",
      "p.headline",
      sql<Date>`min(b.checked_in_at)`.as("since"),
      // Their photo's version, unless they are hidden (then their photo is only on their profile, for connections).
      sql<string | null>`(SELECT ph.version FROM member_photos ph WHERE ph.member_id = m.id AND NOT p.hidden)`.as("photo_version"),
    ])
    .where("b.space_id", "=", spaceId)
    .where("b.status", "=", "checked_in")
    // Gone once checked out (the booking may run to the next grid time).
    .where("b.checked_out_at", "is", null)
    // Here from the moment they check in (up to 15 minutes early) until the booking ends.
    .where(sql<SqlBool>`b.checked_in_at <= ${now.toISOString()}::timestamptz AND upper(b.during) > ${now.toISOString()}::timestamptz`)
    .where("p.show_presence", "=", true)
    .where("m.suspended_at", "is", null)
    .groupBy(["m.id", "m.name", "p.headline", "p.hidden"])
    .orderBy("since")
    .execute();
}

/**
 * The most people booked into the space at any instant of [start, end) (one per active booking), and when. The
 * peak of a set of half-open intervals is reached at one of their starts (or at `start` itself).
 */
export async function peakOccupancy(
  db: DB,
  spaceId: string,
  start: Date,
  end: Date | null,
  excludeBookingId?: string,
): Promise<{ peak: number; at: Date | null }> {
  const window = end
    ? sql`tstzrange(${start.toISOString()}::timestamptz, ${end.toISOString()}::timestamptz, '[)')`
    : sql`tstzrange(${start.toISOString()}::timestamptz, NULL, '[)')`;
  const { rows } = await sql<{ at: Date; n: number }>`
    WITH b AS (
      SELECT during FROM bookings
      WHERE space_id = ${spaceId} AND status IN ('confirmed', 'checked_in') AND during && ${window}
        AND id IS DISTINCT FROM ${excludeBookingId ?? null}::uuid
    )
    SELECT p.at, (SELECT count(*)::int FROM b WHERE b.during @> p.at) AS n
    FROM (SELECT DISTINCT greatest(lower(during), ${start.toISOString()}::timestamptz) AS at FROM b) p
    ORDER BY n DESC, p.at
    LIMIT 1`.execute(db);
  const top = rows[0];
  return top ? { peak: top.n, at: new Date(top.at) } : { peak: 0, at: null };
}

/** A resource's confirmed bookings that have not ended, locked (deactivation moves or cancels them). */
export function futureBookingsOf(db: DB, resourceId: string, now: Date) {
  return bookingQuery(db)
    .where("b.resource_id", "=", resourceId)
    .where("b.status", "=", "confirmed")
    .where(sql<SqlBool>`upper(b.during) > ${now.toISOString()}::timestamptz`)
    .orderBy(sql`lower(b.during)`)
    .forUpdate("b")
    .execute() as Promise<BookingRow[]>;
}

/** Bookings of a space overlapping [start, end) with who made them (operators' views), soonest first. */
export function peopleInRange(db: DB, spaceId: string, start: Date, end: Date, statuses: BookingStatus[] = ACTIVE) {
  return db
    .selectFrom("bookings as b")
    .innerJoin("resources as r", "r.id", "b.resource_id")
    .innerJoin("members as m", "m.id", "b.member_id")
    .select([
      "b.id",
      "b.status",
      "b.member_id",
      "b.checked_out_at",
      "m.name as member_name",
      "r.name as resource_name",
      "r.kind as resource_kind",
      sql<Date>`lower(b.during)`.as("start"),
      sql<Date>`upper(b.during)`.as("end"),
    ])
    .where("b.space_id", "=", spaceId)
    .where("b.status", "in", statuses)
    .where(sql<SqlBool>`b.during && ${range(start, end)}`)
    .orderBy(sql`lower(b.during)`)
    .orderBy("r.name")
    .limit(2000)
    .execute();
}
