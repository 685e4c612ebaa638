import { sql, type RawBuilder } from "kysely";
import type { DB } from "../../../db/connect.js";
import type { BookingStatus, ResourceKind } from "../../../db/schema.js";
import { addDays } from "../time.js";

// Every query of the analytics read model. All day and hour boundaries are built here, in SQL, from local dates
// and wall-clock times read in the space's zone: the server's zone and the session's TimeZone never matter.

/**
 * The instant a local wall-clock timestamp names in zone `tz`. A time skipped at spring-forward moves forward by
 * the gap (02:30 → 03:30, as PostgreSQL and luxon both do); a time that happens twice at fall-back is its FIRST
 * occurrence (PostgreSQL alone would take the second; luxon, which the booking rules use, takes the first). So local
 * hour slots on a fall-back day are [02:00 CEST, 03:00 CET) = two real hours, and on a spring-forward day the 02:00
 * slot is empty.
 */
const wall = (local: RawBuilder<unknown>, tz: RawBuilder<unknown>) =>
  sql`least((${local}) AT TIME ZONE ${tz}, ((${local}) - interval '1 hour') AT TIME ZONE ${tz} + interval '1 hour')`;

// Durations are summed as float8 seconds (whole numbers for whole-second bookings, so sums are exact) and turned
// into minutes once at the end.
/** Seconds in a tstzrange (0 when empty). */
const secs = (r: RawBuilder<unknown>) => sql`coalesce(date_part('epoch', upper(${r}) - lower(${r})), 0)`;
/** Seconds of `r` outside the closures multirange `closed` (null = no closure that day). */
const openSecs = (r: RawBuilder<unknown>, closed: RawBuilder<unknown>) =>
  sql`(${secs(r)} - CASE WHEN ${closed} IS NULL THEN 0 ELSE coalesce((
        SELECT sum(date_part('epoch', upper(x) - lower(x))) FROM unnest(tstzmultirange(${r}) * ${closed}) x), 0) END)`;

const TZ = sql`p.tz`;

/** The analytics payload as SQL builds it (one JSON document); null when the space does not exist. */
export type OccupancyRow = {
  spaceId: string;
  timezone: string;
  days: Array<{
    date: string;
    weekday: number;
    bookedMinutes: number;
    openMinutes: number;
    utilization: number | null;
    bookings: number;
    checkedIn: number;
    noShows: number;
    cancelled: number;
  }>;
  byHour: Array<{ weekday: number; hour: number; bookedMinutes: number; openMinutes: number; utilization: number | null }>;
  byKind: Array<{ kind: string; resources: number; bookedMinutes: number; openMinutes: number; utilization: number | null }>;
  byZone: Array<{ zone: string; resources: number; bookedMinutes: number; openMinutes: number; utilization: number | null }>;
  topMembers: Array<{ id: string; name: string; bookings: number; minutes: number }>;
  totals: {
    resources: number;
    bookedMinutes: number;
    openMinutes: number;
    utilization: number | null;
    bookings: number;
    checkedIn: number;
    noShows: number;
    cancelled: number;
    noShowRate: number | null;
  };
};

/**
 * Utilization of a space over the local dates [from, to], aggregated entirely in SQL:
 * - open resource-minutes = active resources × (that day's opening interval minus closures);
 * - booked resource-minutes = confirmed + checked_in bookings of active resources, each intersected with the
 *   day's open interval minus closures (cancelled and released no-show bookings hold no slot);
 * - by day, by local weekday × hour, by kind, by zone, top members; status counts by the local day a booking starts.
 */
export async function occupancy(db: DB, spaceId: string, from: string, to: string): Promise<OccupancyRow | null> {
  return db
    .transaction()
    .setAccessMode("read only")
    .execute(async (trx) => {
      // One analytic statement, planned for what it is: compiling it to machine code (JIT) would cost seconds and
      // save nothing; its groupings are cheapest hashed (the planner cannot see how few groups the clock makes),
      // and enough memory keeps the intermediate results off disk. SET LOCAL ends with this transaction.
      await sql`SET LOCAL jit = off`.execute(trx);
      await sql`SET LOCAL enable_sort = off`.execute(trx);
      await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
      const { rows } = await occupancyQuery(spaceId, from, to).execute(trx);
      return rows[0]?.result ?? null;
    });
}

/** The statement behind `occupancy` (exported so the bench can EXPLAIN it). */
export function occupancyQuery(spaceId: string, from: string, to: string) {
  // A coarse UTC window around the range (no zone is more than 14 hours off UTC), given to the planner as values
  // so it can estimate the booking scans; the exact bounds are applied inside.
  const coarse = sql`tstzrange(${`${addDays(from, -1)}T00:00:00Z`}::timestamptz, ${`${addDays(to, 2)}T00:00:00Z`}::timestamptz, '[)')`;
  const ratio = (booked: RawBuilder<unknown>, open: RawBuilder<unknown>) =>
    sql`CASE WHEN ${open} > 0 THEN (${booked})::float8 / (${open})::float8 END`;
  return sql<{ result: OccupancyRow }>`
    WITH p AS MATERIALIZED (
      SELECT s.id AS space_id, s.timezone AS tz,
             (SELECT count(*) FROM resources r WHERE r.space_id = s.id AND r.active)::int AS n_res
        FROM spaces s WHERE s.id = ${spaceId}::uuid
    ),
    -- The local days, numbered from 1, with the instant each one starts.
    d AS MATERIALIZED (
      SELECT g::date AS day, (g::date - ${from}::date) + 1 AS idx, extract(isodow FROM g)::int AS weekday,
             ${wall(sql`g`, TZ)} AS day_start
        FROM p CROSS JOIN generate_series(${from}::date::timestamp, ${to}::date::timestamp, interval '1 day') g
    ),
    ds AS MATERIALIZED (
      SELECT array_agg(d.day_start ORDER BY d.day) AS starts, min(d.day_start) AS lo,
             (SELECT ${wall(sql`(${to}::date + 1)::timestamp`, TZ)} FROM p) AS hi
        FROM d
    ),
    -- Each local day's opening interval as instants, and the union of the closures inside it.
    o AS MATERIALIZED (
      SELECT d.day, d.weekday, x.open_r,
             (SELECT range_agg(c.during * x.open_r) FROM closures c
               WHERE c.space_id = p.space_id AND c.during && x.open_r) AS closed
        FROM d CROSS JOIN p
        LEFT JOIN opening_hours oh ON oh.space_id = p.space_id AND oh.weekday = d.weekday
        CROSS JOIN LATERAL (
          SELECT ${wall(sql`d.day + oh.opens`, TZ)} AS a, ${wall(sql`d.day + oh.closes`, TZ)} AS z
        ) w
        CROSS JOIN LATERAL (
          SELECT CASE WHEN oh.space_id IS NULL THEN 'empty'::tstzrange
                      ELSE tstzrange(w.a, greatest(w.a, w.z), '[)') END AS open_r
        ) x
    ),
    -- The non-empty open intervals: disjoint, in time order, numbered from 1.
    oi AS MATERIALIZED (
      SELECT row_number() OVER (ORDER BY o.day)::int AS idx, o.day, o.open_r, o.closed FROM o WHERE NOT isempty(o.open_r)
    ),
    oa AS MATERIALIZED (
      SELECT array_agg(lower(open_r) ORDER BY idx) AS starts, array_agg(upper(open_r) ORDER BY idx) AS ends,
             CASE WHEN count(*) = 0 THEN 'empty'::tstzrange
                  ELSE tstzrange(min(lower(open_r)), max(upper(open_r)), '[)') END AS win
        FROM oi
    ),
    -- Slot-holding bookings of active resources touching any open interval (the space/during gist index). A
    -- booking overlaps exactly the open intervals k..m: k = 1 + #(ends <= start), m = #(starts < end), found by
    -- binary search (width_bucket) with no per-row time-zone work.
    b AS (
      SELECT bk.member_id, r.kind, r.zone, lower(bk.during) AS lo, upper(bk.during) AS hi,
             width_bucket(lower(bk.during), (SELECT oa.ends FROM oa)) + 1 AS k,
             width_bucket(upper(bk.during) - interval '1 microsecond', (SELECT oa.starts FROM oa)) AS m
        FROM bookings bk JOIN resources r ON r.id = bk.resource_id
       WHERE bk.space_id = ${spaceId}::uuid AND bk.status IN ('confirmed', 'checked_in') AND r.active
         AND bk.during && ${coarse}
    ),
    -- One pass over those bookings, two groupings: bookings with the same span, kind and zone become one row
    -- (bookings follow the clock, so there are few), and booked seconds per member. A booking's seconds are its
    -- span clipped to its day's open interval; one spanning several days, or a day with closures, is summed exactly
    -- over its open intervals k..m minus closures.
    g AS MATERIALIZED (
      SELECT GROUPING(b.member_id) AS by_span, b.k, b.m, b.kind, b.zone, b.lo, b.hi, b.member_id, count(*) AS n,
             sum(CASE WHEN b.k = b.m AND oi.closed IS NULL
                      THEN date_part('epoch', least(b.hi, upper(oi.open_r)) - greatest(b.lo, lower(oi.open_r)))
                      ELSE (SELECT sum(${openSecs(sql`(tstzrange(b.lo, b.hi, '[)') * o2.open_r)`, sql`o2.closed`)})
                              FROM oi o2 WHERE o2.idx BETWEEN b.k AND b.m) END) AS secs
        FROM b JOIN oi ON oi.idx = b.k
       WHERE b.k <= b.m
       GROUP BY GROUPING SETS ((b.k, b.m, b.kind, b.zone, b.lo, b.hi), (b.member_id))
    ),
    -- A piece: bookings of one span clipped to one day's open interval (every day k..m), in seconds minus closures.
    pc AS MATERIALIZED (
      SELECT oi.day, g.kind, g.zone, x.piece, g.n, ${openSecs(sql`x.piece`, sql`oi.closed`)} AS secs
        FROM g CROSS JOIN LATERAL generate_series(g.k, g.m) i
        JOIN oi ON oi.idx = i
        CROSS JOIN LATERAL (SELECT tstzrange(g.lo, g.hi, '[)') * oi.open_r AS piece) x
       WHERE g.by_span = 1
    ),
    bm AS (SELECT g.member_id, g.n::int AS bookings, g.secs FROM g WHERE g.by_span = 0),
    -- Bookings by status, by the local day they start (binary search over the day starts).
    cnt AS (
      SELECT width_bucket(lower(bk.during), ds.starts) AS idx,
             count(*) FILTER (WHERE bk.status IN ('confirmed', 'checked_in'))::int AS bookings,
             count(*) FILTER (WHERE bk.status = 'checked_in')::int AS checked_in,
             count(*) FILTER (WHERE bk.status = 'no_show')::int AS no_shows,
             count(*) FILTER (WHERE bk.status = 'cancelled')::int AS cancelled
        FROM bookings bk JOIN resources r ON r.id = bk.resource_id AND r.active CROSS JOIN ds
       WHERE bk.space_id = ${spaceId}::uuid AND bk.during && ${coarse}
         AND lower(bk.during) >= (SELECT ds.lo FROM ds) AND lower(bk.during) < (SELECT ds.hi FROM ds)
       GROUP BY 1
    ),
    days AS MATERIALIZED (
      SELECT o.day, o.weekday,
             coalesce(bm.secs, 0) / 60 AS booked,
             p.n_res * ${openSecs(sql`o.open_r`, sql`o.closed`)} / 60 AS open,
             ${openSecs(sql`o.open_r`, sql`o.closed`)} / 60 AS open_per_resource,
             coalesce(cnt.bookings, 0) AS bookings, coalesce(cnt.checked_in, 0) AS checked_in,
             coalesce(cnt.no_shows, 0) AS no_shows, coalesce(cnt.cancelled, 0) AS cancelled
        FROM o CROSS JOIN p
        JOIN d ON d.day = o.day
        LEFT JOIN (SELECT pc.day, sum(pc.n * pc.secs) AS secs FROM pc GROUP BY pc.day) bm ON bm.day = o.day
        LEFT JOIN cnt ON cnt.idx = d.idx
    ),
    -- Local hour slots of every open day: [wall(day + h), wall(day + h + 1)) clipped to the open interval.
    hs AS MATERIALIZED (
      SELECT o.day, o.weekday, h.h AS hour, s.slot * o.open_r AS open_slot, o.closed
        FROM o CROSS JOIN p CROSS JOIN generate_series(0, 23) h(h)
        CROSS JOIN LATERAL (
          SELECT ${wall(sql`o.day + make_interval(hours => h.h)`, TZ)} AS a,
                 ${wall(sql`o.day + make_interval(hours => h.h + 1)`, TZ)} AS z
        ) w
        CROSS JOIN LATERAL (SELECT tstzrange(w.a, greatest(w.a, w.z), '[)') AS slot) s
       WHERE NOT isempty(o.open_r)
    ),
    ho AS (
      SELECT hs.weekday, hs.hour, sum(p.n_res * ${openSecs(sql`hs.open_slot`, sql`hs.closed`)}) / 60 AS open
        FROM hs CROSS JOIN p GROUP BY 1, 2
    ),
    -- Identical pieces (same day and interval: bookings follow the clock) are split over local hours once. The
    -- hour of an instant is unambiguous, even at fall-back, so a piece spans hours [hour(start), hour(end - 1µs)].
    hp AS (SELECT pc.day, pc.piece, sum(pc.n) AS n FROM pc GROUP BY pc.day, pc.piece),
    hb AS (
      SELECT hs.weekday, hs.hour, sum(hp.n * ${openSecs(sql`(hp.piece * hs.open_slot)`, sql`hs.closed`)}) / 60 AS booked
        FROM hp CROSS JOIN p
        CROSS JOIN LATERAL generate_series(extract(hour FROM lower(hp.piece) AT TIME ZONE p.tz)::int,
                                           extract(hour FROM (upper(hp.piece) - interval '1 microsecond') AT TIME ZONE p.tz)::int) h
        JOIN hs ON hs.day = hp.day AND hs.hour = h
       GROUP BY 1, 2
    ),
    grid AS (
      SELECT wd AS weekday, hr AS hour, coalesce(hb.booked, 0) AS booked, coalesce(ho.open, 0) AS open
        FROM generate_series(1, 7) wd CROSS JOIN generate_series(0, 23) hr
        LEFT JOIN ho ON ho.weekday = wd AND ho.hour = hr
        LEFT JOIN hb ON hb.weekday = wd AND hb.hour = hr
    ),
    per_res AS (SELECT coalesce(sum(open_per_resource), 0) AS open FROM days),
    kinds AS (
      SELECT rk.kind, rk.n, coalesce(kb.secs, 0) / 60 AS booked
        FROM (SELECT r.kind, count(*)::int AS n FROM resources r CROSS JOIN p
               WHERE r.space_id = p.space_id AND r.active GROUP BY r.kind) rk
        LEFT JOIN (SELECT pc.kind, sum(pc.n * pc.secs) AS secs FROM pc GROUP BY pc.kind) kb ON kb.kind = rk.kind
    ),
    zones AS (
      SELECT rz.zone, rz.n, coalesce(zb.secs, 0) / 60 AS booked
        FROM (SELECT r.zone, count(*)::int AS n FROM resources r CROSS JOIN p
               WHERE r.space_id = p.space_id AND r.active GROUP BY r.zone) rz
        LEFT JOIN (SELECT pc.zone, sum(pc.n * pc.secs) AS secs FROM pc GROUP BY pc.zone) zb ON zb.zone = rz.zone
    ),
    top AS (
      SELECT a.member_id, m.name, a.bookings, a.secs / 60 AS minutes
        FROM bm a JOIN members m ON m.id = a.member_id
       WHERE a.secs > 0
       ORDER BY a.secs DESC, a.bookings DESC, m.name, a.member_id
       LIMIT 10
    ),
    tot AS (
      SELECT coalesce(sum(booked), 0) AS booked, coalesce(sum(open), 0) AS open,
             coalesce(sum(bookings), 0)::int AS bookings, coalesce(sum(checked_in), 0)::int AS checked_in,
             coalesce(sum(no_shows), 0)::int AS no_shows, coalesce(sum(cancelled), 0)::int AS cancelled
        FROM days
    )
    SELECT json_build_object(
      'spaceId', p.space_id,
      'timezone', p.tz,
      'days', (SELECT coalesce(json_agg(json_build_object(
                  'date', to_char(day, 'YYYY-MM-DD'), 'weekday', weekday,
                  'bookedMinutes', booked::float8, 'openMinutes', open::float8, 'utilization', ${ratio(sql`booked`, sql`open`)},
                  'bookings', bookings, 'checkedIn', checked_in, 'noShows', no_shows, 'cancelled', cancelled) ORDER BY day), '[]')
                 FROM days),
      'byHour', (SELECT json_agg(json_build_object(
                  'weekday', weekday, 'hour', hour, 'bookedMinutes', booked::float8, 'openMinutes', open::float8,
                  'utilization', ${ratio(sql`booked`, sql`open`)}) ORDER BY weekday, hour)
                 FROM grid),
      'byKind', (SELECT coalesce(json_agg(json_build_object(
                  'kind', kind, 'resources', n, 'bookedMinutes', booked::float8, 'openMinutes', (n * per_res.open)::float8,
                  'utilization', ${ratio(sql`booked`, sql`n * per_res.open`)}) ORDER BY kind), '[]')
                 FROM kinds CROSS JOIN per_res),
      'byZone', (SELECT coalesce(json_agg(json_build_object(
                  'zone', zone, 'resources', n, 'bookedMinutes', booked::float8, 'openMinutes', (n * per_res.open)::float8,
                  'utilization', ${ratio(sql`booked`, sql`n * per_res.open`)}) ORDER BY zone), '[]')
                 FROM zones CROSS JOIN per_res),
      'topMembers', (SELECT coalesce(json_agg(json_build_object(
                  'id', member_id, 'name', name, 'bookings', bookings, 'minutes', minutes::float8)
                  ORDER BY minutes DESC, bookings DESC, name, member_id), '[]')
                 FROM top),
      'totals', (SELECT json_build_object(
                  'resources', p.n_res, 'bookedMinutes', booked::float8, 'openMinutes', open::float8,
                  'utilization', ${ratio(sql`booked`, sql`open`)},
                  'bookings', bookings, 'checkedIn', checked_in, 'noShows', no_shows, 'cancelled', cancelled,
                  'noShowRate', CASE WHEN checked_in + no_shows > 0 THEN no_shows::float8 / (checked_in + no_shows) END)
                 FROM tot)
    ) AS result
    FROM p`;
}

export function findSpace(db: DB, id: string) {
  return db.selectFrom("spaces").select(["id", "name", "timezone"]).where("id", "=", id).executeTakeFirst();
}

export type ExportRow = {
  id: string;
  start: Date;
  end: Date;
  status: BookingStatus;
  resource_id: string;
  resource_name: string;
  kind: ResourceKind;
  zone: string;
  member_id: string;
  member_name: string;
  project_id: string | null;
  series_id: string | null;
  note: string;
  checked_in_at: Date | null;
  cancelled_at: Date | null;
  cancelled_reason: string | null;
  created_at: Date;
};

/** Exact UTC text of an instant, to the microsecond, zone-independent (keyset cursors never pass through a Date). */
const exactUtc = (t: RawBuilder<unknown>) => sql<string>`to_char((${t}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Where the first page of the export starts: the earliest start among the bookings already running at `lo` (they
 * began before the range, by any amount), else `lo`. Those few are found through the two partial gists on
 * (space_id, during), one for the active statuses and one for the others. Its own statement, so the page query
 * gets the start as a value.
 */
async function firstStart(db: DB, spaceId: string, lo: RawBuilder<unknown>): Promise<string> {
  const running = (statuses: RawBuilder<unknown>) =>
    sql`(SELECT min(lower(during)) FROM bookings
          WHERE space_id = ${spaceId}::uuid AND during && tstzrange(${lo}, ${lo}, '[]') AND status IN ${statuses})`;
  const { rows } = await sql<{ start: string }>`
    SELECT ${exactUtc(sql`coalesce(least(${running(sql`('confirmed', 'checked_in')`)}, ${running(sql`('cancelled', 'no_show')`)}), ${lo})`)} AS start`.execute(db);
  return rows[0]!.start;
}

/** Where a page of the export ended: the exact start (UTC, to the microsecond, as text) and id of its last row. */
export type ExportCursor = { start: string; id: string };

/**
 * One page of the bookings of the space overlapping the local days [from, to], in (start, id) order, after
 * `after` (from the beginning when null). An ordered scan of the `bookings_space_start_id_idx` index that reads
 * about `limit` rows (the first page looks up its start before), in a read-only transaction of its own that only
 * scopes the planner settings and is committed before the page is returned: the caller fetches a page, lets the
 * connection go, writes it, and only then asks for the next one, so nothing is held while a client drains.
 *
 * Keyset on (start, id), a unique key: each booking sits at one place in that order and every page resumes strictly
 * after the last row written, so paging by itself never repeats or skips a booking that is not modified while
 * the export runs. Pages are separate snapshots, not one: a booking inserted or cancelled mid-export appears or
 * not depending on which side of the cursor it falls, and one whose time is changed mid-export may be missed or
 * written twice (old and new place). The cursor's start travels as exact text, never through a JS Date, whose
 * milliseconds would drop microseconds and repeat rows.
 */
export async function exportPage(
  db: DB,
  q: { spaceId: string; timezone: string; from: string; to: string; status?: BookingStatus },
  after: ExportCursor | null,
  limit: number,
): Promise<{ rows: ExportRow[]; next: ExportCursor | null }> {
  const tz = sql`${q.timezone}::text`;
  const lo = wall(sql`${q.from}::date::timestamp`, tz);
  const hi = wall(sql`(${q.to}::date + 1)::timestamp`, tz);
  const status = q.status ? sql`AND bk.status = ${q.status}` : sql``;
  return db
    .transaction()
    .setAccessMode("read only")
    .execute(async (trx) => {
      // Without statistics (PGlite never analyzes by itself; a bulk import on PostgreSQL until autovacuum does) the
      // planner guesses a handful of rows and sorts the whole rest of the range for every page (~150 ms a page
      // for 44k bookings, ~10 ms with the index). The index already yields this order: never sort, never bitmap.
      await sql`SELECT set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true)`.execute(trx);
      const from = after
        ? sql`AND (lower(bk.during), bk.id) > (${after.start}::timestamptz, ${after.id}::uuid)`
        : sql`AND lower(bk.during) >= ${await firstStart(trx, q.spaceId, lo)}::timestamptz`;
      const { rows } = await sql<ExportRow & { cursor_start: string }>`
        SELECT bk.id, lower(bk.during) AS start, upper(bk.during) AS "end", bk.status,
               r.id AS resource_id, r.name AS resource_name, r.kind, r.zone,
               bk.member_id, m.name AS member_name, bk.project_id, bk.series_id, bk.note,
               bk.checked_in_at, bk.cancelled_at, bk.cancelled_reason, bk.created_at,
               ${exactUtc(sql`lower(bk.during)`)} AS cursor_start
          FROM bookings bk
          JOIN resources r ON r.id = bk.resource_id
          JOIN members m ON m.id = bk.member_id
         WHERE bk.space_id = ${q.spaceId}::uuid
           -- Overlaps [lo, hi) (bookings are bounded, non-empty ranges); lower() < hi ends the index scan.
           AND lower(bk.during) < ${hi} AND upper(bk.during) > ${lo}
           ${status}
           ${from}
         ORDER BY lower(bk.during), bk.id
         LIMIT ${Math.max(1, Math.trunc(limit))}`.execute(trx);
      const last = rows.at(-1);
      return { rows, next: last ? { start: last.cursor_start, id: last.id } : null };
    });
}
