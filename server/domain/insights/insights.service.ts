import type { DB } from "../../../db/connect.js";
import type { Role } from "../../../db/schema.js";
import { notFound } from "../errors.js";
import { requireSpaceOperator } from "../spaces/index.js";
import { systemClock, type Clock } from "../clock.js";
import { addDays, formatInstant, localDate } from "../time.js";
import { csvLine, csvTable, minutesCell as min, ratioCell as ratio, type Cell } from "../csv.js";
import * as repo from "./insights.repository.js";
import { parseOrThrow } from "../validation.js";
import { DateRange, type BookingsExportQuery, type HourOut, type OccupancyOut, type OccupancySection } from "./insights.schemas.js";

/** Who is asking: analytics are for the space's operators and admins only, whatever the transport. */
type Actor = { id: string; role: Role };

type ExportPage = Awaited<ReturnType<typeof repo.exportPage>>;

const PEAK_HOURS = 5;
const EXPORT_PAGE = 1_000;

/** The busiest hours of the week: highest utilization first, then most booked minutes, then earliest. */
function peakHours(byHour: HourOut[]): HourOut[] {
  return byHour
    .filter((h) => h.bookedMinutes > 0 && h.utilization !== null)
    .sort((a, b) => b.utilization! - a.utilization! || b.bookedMinutes - a.bookedMinutes || a.weekday - b.weekday || a.hour - b.hour)
    .slice(0, PEAK_HOURS);
}

const SECTIONS: Record<OccupancySection, { header: string[]; rows: (o: OccupancyOut) => Cell[][] }> = {
  days: {
    header: ["date", "weekday", "bookedMinutes", "openMinutes", "utilization", "bookings", "checkedIn", "noShows", "cancelled"],
    rows: (o) => o.days.map((d) => [d.date, d.weekday, min(d.bookedMinutes), min(d.openMinutes), ratio(d.utilization), d.bookings, d.checkedIn, d.noShows, d.cancelled]),
  },
  byHour: {
    header: ["weekday", "hour", "bookedMinutes", "openMinutes", "utilization"],
    rows: (o) => o.byHour.map((h) => [h.weekday, h.hour, min(h.bookedMinutes), min(h.openMinutes), ratio(h.utilization)]),
  },
  byKind: {
    header: ["kind", "resources", "bookedMinutes", "openMinutes", "utilization"],
    rows: (o) => o.byKind.map((k) => [k.kind, k.resources, min(k.bookedMinutes), min(k.openMinutes), ratio(k.utilization)]),
  },
  byZone: {
    header: ["zone", "resources", "bookedMinutes", "openMinutes", "utilization"],
    rows: (o) => o.byZone.map((z) => [z.zone, z.resources, min(z.bookedMinutes), min(z.openMinutes), ratio(z.utilization)]),
  },
  topMembers: {
    header: ["memberId", "name", "bookings", "minutes"],
    rows: (o) => o.topMembers.map((m) => [m.id, m.name, m.bookings, min(m.minutes)]),
  },
};

export const EXPORT_HEADER = [
  "bookingId",
  "localDate",
  "start",
  "end",
  "minutes",
  "status",
  "resourceId",
  "resource",
  "kind",
  "zone",
  "memberId",
  "member",
  "projectId",
  "seriesId",
  "note",
  "checkedInAt",
  "cancelledAt",
  "cancelledReason",
  "createdAt",
];

/** The range analytics show when none is asked for: the last 30 local days, today included. */
export const DEFAULT_RANGE_DAYS = 30;

export function createInsightsService({ db, clock = systemClock }: { db: DB; clock?: Clock }) {
  const service = {
    /**
     * Utilization of a space over local dates [from, to] (inclusive) in its zone. Definitions (exact):
     * - openMinutes = active resources × minutes of that day's opening interval not covered by a closure;
     * - bookedMinutes = minutes of confirmed and checked-in bookings of active resources inside those open minutes
     *   (cancelled bookings and released no-shows free their slot, so they never count; a booking straddling the
     *   opening hours counts only its open part);
     * - utilization = bookedMinutes ÷ openMinutes, null when nothing was open;
     * - bookings / checkedIn / noShows / cancelled count bookings by the local day they start;
     *   noShowRate = noShows ÷ (checkedIn + noShows).
     */
    async occupancy(actor: Actor, spaceId: string, range: { from?: string; to?: string } = {}): Promise<OccupancyOut> {
      await requireSpaceOperator(db, actor, spaceId);
      let { from, to } = range;
      if (from === undefined || to === undefined) {
        // Defaults end today in the space's zone, never the server's.
        const space = await repo.findSpace(db, spaceId);
        if (!space) throw notFound("Space");
        to ??= localDate(clock.now(), space.timezone);
        from ??= addDays(to, -(DEFAULT_RANGE_DAYS - 1));
      }
      const q = parseOrThrow(DateRange, { from, to }, "The date range is not valid.");
      const row = await repo.occupancy(db, spaceId, q.from, q.to);
      if (!row) throw notFound("Space");
      return {
        spaceId: row.spaceId,
        timezone: row.timezone,
        from: q.from,
        to: q.to,
        days: row.days,
        byHour: row.byHour,
        byKind: row.byKind,
        byZone: row.byZone,
        peakHours: peakHours(row.byHour),
        topMembers: row.topMembers,
        noShowRate: row.totals.noShowRate,
        totals: row.totals,
      };
    },

    /** One table of the analytics as CSV: the JSON's numbers, minutes to a tenth and ratios to four decimals. */
    async occupancyCsv(
      actor: Actor,
      spaceId: string,
      q: { from: string; to: string; section: OccupancySection },
    ): Promise<{ filename: string; csv: string }> {
      const o = await service.occupancy(actor, spaceId, q);
      const section = SECTIONS[q.section];
      return { filename: `occupancy-${q.section}-${q.from}-${q.to}.csv`, csv: csvTable(section.header, section.rows(o)) };
    },

    /**
     * The raw bookings of a space overlapping local days [from, to], every status, as CSV in (start, id) order.
     * Checks access and the space first (so errors are still problem+json), then `run(write)` writes the header
     * and one page of rows at a time, by keyset (see `exportPage`). Each page is a few milliseconds of reading that
     * is over (connection back in the pool, no transaction open) before `write` is called, and the next page is
     * fetched only once `write` resolved (the client took the chunk), so a slow or paused reader holds no
     * connection, transaction or lock however long it waits. `signal` stops the export before its next query (the
     * client left or stalled): `run` then rejects with the signal's reason.
     */
    async bookingsExport(actor: Actor, spaceId: string, q: BookingsExportQuery) {
      await requireSpaceOperator(db, actor, spaceId);
      const space = await repo.findSpace(db, spaceId);
      if (!space) throw notFound("Space");
      const tz = space.timezone;
      const iso = (d: Date | null) => (d ? formatInstant(new Date(d), tz) : null);
      const filter = { spaceId, timezone: tz, from: q.from, to: q.to, status: q.status };
      return {
        filename: `bookings-${q.from}-${q.to}.csv`,
        async run(
          write: (chunk: string) => Promise<void>,
          { signal, pageSize = EXPORT_PAGE }: { signal?: AbortSignal; pageSize?: number } = {},
        ): Promise<number> {
          const size = Math.max(1, Math.trunc(pageSize));
          let count = 0;
          signal?.throwIfAborted();
          await write(csvLine(EXPORT_HEADER));
          let after: repo.ExportCursor | null = null;
          for (;;) {
            signal?.throwIfAborted();
            const page: ExportPage = await repo.exportPage(db, filter, after, size);
            count += page.rows.length;
            let chunk = "";
            for (const r of page.rows) {
              const start = new Date(r.start);
              const end = new Date(r.end);
              chunk += csvLine([
                r.id,
                localDate(start, tz),
                iso(start),
                iso(end),
                Math.round((end.getTime() - start.getTime()) / 60_000),
                r.status,
                r.resource_id,
                r.resource_name,
                r.kind,
                r.zone,
                r.member_id,
                r.member_name,
                r.project_id,
                r.series_id,
                r.note,
                iso(r.checked_in_at),
                iso(r.cancelled_at),
                r.cancelled_reason,
                iso(r.created_at),
              ]);
            }
            if (chunk) await write(chunk);
            if (page.rows.length < size || !page.next) return count;
            after = page.next;
          }
        },
      };
    },
  };
  return service;
}

export type InsightsService = ReturnType<typeof createInsightsService>;
