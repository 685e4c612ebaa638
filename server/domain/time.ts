import { DateTime, IANAZone } from "luxon";
import { DomainError } from "./errors.js";

// The one time module: instants are UTC; local dates and wall-clock times are read in a space's IANA zone.
// The server's own zone never matters.

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const OFFSET_RE = /(Z|[+-]\d{2}:?\d{2})$/i;

/** True when the string names a wall-clock time without an offset (`2026-12-01T09:00`). */
export function isLocalDateTime(value: string): boolean {
  return LOCAL_RE.test(value);
}

function offsetAt(zone: IANAZone, ms: number): number {
  return zone.offset(ms) * 60_000;
}

/** The facts of a local time the zone refuses: the local date-time as sent, its wall-clock time and the zone. */
function localFacts(local: string, zoneName: string) {
  return { local, time: local.slice(11, 16), timezone: zoneName };
}

/**
 * A wall-clock time in a zone → the one instant it names. A time skipped by a spring-forward change is
 * `nonexistent_local_time`; one that occurs twice at fall-back is `ambiguous_local_time`. Never shifted.
 */
export function localToInstant(local: string, zoneName: string): Date {
  const m = LOCAL_RE.exec(local);
  if (!m) throw new DomainError("validation_failed", `Not a local date-time: ${local}`, { reason: "not_local_date_time", value: local });
  const [y, mo, d, h, mi, s] = m.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw new DomainError("validation_failed", `Not a real date-time: ${local}`, { reason: "no_such_date_time", value: local });
  }
  const zone = IANAZone.create(zoneName);
  // Candidate offsets are those in force a little before and after; keep the ones that map back to this wall time.
  const offsets = new Set([offsetAt(zone, asUtc - 36 * 3_600_000), offsetAt(zone, asUtc), offsetAt(zone, asUtc + 36 * 3_600_000)]);
  const instants = [...offsets].map((off) => asUtc - off).filter((ms) => offsetAt(zone, ms) === asUtc - ms);
  const unique = [...new Set(instants)];
  if (unique.length === 0) {
    throw new DomainError("nonexistent_local_time", `${local} does not exist in ${zoneName} (the clocks skip it).`, {
      reason: "clocks_skip",
      ...localFacts(local, zoneName),
    });
  }
  if (unique.length > 1) {
    throw new DomainError("ambiguous_local_time", `${local} happens twice in ${zoneName}; give an offset to pick one.`, {
      reason: "clocks_repeat",
      ...localFacts(local, zoneName),
    });
  }
  return new Date(unique[0]!);
}

/** An API instant: ISO 8601 with an offset, or a local date-time read in the zone. */
export function parseInstant(value: string, zoneName: string): Date {
  if (isLocalDateTime(value)) return localToInstant(value, zoneName);
  if (!OFFSET_RE.test(value)) {
    throw new DomainError("validation_failed", `Give an offset or a local time: ${value}`, { reason: "offset_or_local_time", value });
  }
  const dt = DateTime.fromISO(value, { setZone: true });
  if (!dt.isValid) throw new DomainError("validation_failed", `Not a valid instant: ${value}`, { reason: "no_such_date_time", value });
  return dt.toJSDate();
}

/**
 * Start and end from outside (local in the space's zone, or with an offset), end after start. The end may be given
 * as a length instead (`durationMinutes`: real minutes after the start, whatever the clocks do).
 */
export function resolveTimes(space: { timezone: string }, start: string, end: string | { end?: string; durationMinutes?: number }): { start: Date; end: Date } {
  const s = parseInstant(start, space.timezone);
  const to = typeof end === "string" ? { end } : end;
  const e = to.end !== undefined ? parseInstant(to.end, space.timezone) : new Date(s.getTime() + (to.durationMinutes ?? 0) * 60_000);
  if (e.getTime() <= s.getTime()) {
    throw new DomainError("validation_failed", "The end must be after the start.", {
      reason: "end_not_after_start", errors: [{ path: "end", code: "to_not_after_from", message: "Must be after the start" }],
    });
  }
  return { start: s, end: e };
}

// Offsets change only at transitions, which fall on quarter hours: cache the offset per zone and 15-minute
// bucket so formatting thousands of instants (a day view) needs no DateTime objects.
const QUARTER = 15 * 60_000;
const offsetCache = new Map<string, number>();

/** The zone's UTC offset in minutes at an instant. */
export function offsetMinutes(instant: Date, zoneName: string): number {
  const key = `${zoneName}|${Math.floor(instant.getTime() / QUARTER)}`;
  let off = offsetCache.get(key);
  if (off === undefined) {
    off = IANAZone.create(zoneName).offset(instant.getTime());
    if (offsetCache.size > 50_000) offsetCache.clear();
    offsetCache.set(key, off);
  }
  return off;
}

const two = (n: number) => String(n).padStart(2, "0");

/** The instant as ISO 8601 with the zone's offset (`2026-12-01T09:00:00+07:00`). */
export function formatInstant(instant: Date, zoneName: string): string {
  const off = offsetMinutes(instant, zoneName);
  const local = new Date(instant.getTime() + off * 60_000);
  const ms = local.getUTCMilliseconds();
  const abs = Math.abs(off);
  return (
    `${String(local.getUTCFullYear()).padStart(4, "0")}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}` +
    `T${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}` +
    (ms ? `.${String(ms).padStart(3, "0")}` : "") +
    `${off < 0 ? "-" : "+"}${two(Math.floor(abs / 60))}:${two(abs % 60)}`
  );
}

/** `YYYY-MM-DD` of the instant in the zone. */
export function localDate(instant: Date, zoneName: string): string {
  return formatInstant(instant, zoneName).slice(0, 10);
}

/** `HH:mm` wall-clock time of the instant in the zone. */
export function localTime(instant: Date, zoneName: string): string {
  return formatInstant(instant, zoneName).slice(11, 16);
}

export function isValidDate(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && DateTime.fromISO(date, { zone: "UTC" }).isValid;
}

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
  return DateTime.fromISO(date, { zone: "UTC" }).weekday;
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: "UTC" }).plus({ days }).toISODate()!;
}

/** The instants bounding a local day: [00:00, next day's 00:00) — 23 or 25 hours on DST change days. */
export function dayBounds(date: string, zoneName: string): { start: Date; end: Date } {
  const start = DateTime.fromISO(date, { zone: zoneName }).startOf("day");
  return { start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate() };
}

/**
 * A local wall-clock time on a local date → instant, for opening hours. Unlike bookings, hours that fall into
 * a DST gap move forward (a 02:00 opening on a spring-forward day opens at 03:00).
 */
export function wallClockOn(date: string, hhmm: string, zoneName: string): Date {
  const [h, m] = hhmm.split(":").map(Number);
  return DateTime.fromISO(date, { zone: zoneName }).set({ hour: h!, minute: m!, second: 0, millisecond: 0 }).toJSDate();
}


/**
 * The same wall-clock time `weeks` weeks later, as a local date-time string. Calendar arithmetic on the local date
 * only: a time that week's clocks skip stays as it is (the caller refuses it as `nonexistent_local_time`), never
 * shifted past the gap.
 */
export function plusWeeksLocal(instant: Date, weeks: number, zoneName: string): string {
  const local = formatInstant(instant, zoneName);
  return `${addDays(local.slice(0, 10), 7 * weeks)}T${local.slice(11, 19)}`;
}

export function minutesBetween(a: Date, b: Date): number {
  return Math.round((b.getTime() - a.getTime()) / 60_000);
}

/** The Monday (ISO week start) of the week a local date is in. */
export function weekStart(date: string): string {
  return DateTime.fromISO(date, { zone: "UTC" }).startOf("week").toISODate()!;
}

/** The seven local dates Monday–Sunday of the week starting on `monday`. */
export function weekDates(monday: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/**
 * Instants that cover the local dates [from, to) in every zone on Earth (UTC+14 starts them first, UTC−12 ends
 * them last): for reading what may fall on those dates in spaces of different zones, then sorting by local date.
 */
export function anyZoneBounds(from: string, to: string): { start: Date; end: Date } {
  const utc = (date: string) => DateTime.fromISO(date, { zone: "UTC" }).toMillis();
  return { start: new Date(utc(from) - 14 * 3_600_000), end: new Date(utc(to) + 12 * 3_600_000) };
}

/** The local dates (in the zone) a half-open [start, end) range touches, first to last. */
export function localDatesTouched(start: Date, end: Date, zoneName: string): string[] {
  const first = localDate(start, zoneName);
  const last = localDate(new Date(Math.max(start.getTime(), end.getTime() - 1)), zoneName);
  const dates = [first];
  while (dates[dates.length - 1]! < last) dates.push(addDays(dates[dates.length - 1]!, 1));
  return dates;
}
