// Week views as pure functions of what was loaded (no database, no clock of its own): a space's week (desks free,
// rooms' booked hours, closures and closed days) and a member's week (my bookings and who from my projects is in).
// Every local date and time is read in the space's zone through the time module.
import type { ResourceOut, SpaceDetail } from "../spaces/index.js";
import { addDays, dayBounds, formatInstant, localDate, localDatesTouched, weekDates } from "../time.js";
import type { BookingRow } from "./bookings.repository.js";
import { photoUrl } from "../network/index.js";
import type { MyWeekOut, SpaceWeekOut, TeammateBookingOut } from "./bookings.schemas.js";
import type { DayBooking, DayClosure } from "./day-view.js";
import { openInterval } from "./day-view.js";
import { toOut } from "./model.js";

type Interval = { start: number; end: number };

/** The week frame around a Monday: its Sunday, the Mondays before and after, and today. */
function frame(monday: string, today: string) {
  return { weekStart: monday, weekEnd: addDays(monday, 6), prevWeek: addDays(monday, -7), nextWeek: addDays(monday, 7), today };
}

/** `base` less every interval of `cuts` (both sorted or not), as sorted disjoint intervals. */
function subtract(base: Interval, cuts: Interval[]): Interval[] {
  let parts = [base];
  for (const c of cuts) {
    parts = parts.flatMap((p) => {
      if (c.end <= p.start || c.start >= p.end) return [p];
      const out: Interval[] = [];
      if (c.start > p.start) out.push({ start: p.start, end: c.start });
      if (c.end < p.end) out.push({ start: c.end, end: p.end });
      return out;
    });
  }
  return parts;
}

/** Milliseconds of `b` inside the intervals. */
function overlapMs(b: Interval, within: Interval[]): number {
  let total = 0;
  for (const w of within) total += Math.max(0, Math.min(b.end, w.end) - Math.max(b.start, w.start));
  return total;
}

const minutes = (ms: number) => Math.round(ms / 60_000);

export type SpaceWeekInput = {
  space: Pick<SpaceDetail, "id" | "name" | "timezone" | "hours">;
  /** The space's resources; inactive ones are left out. */
  resources: ResourceOut[];
  /** The space's active bookings overlapping the week. */
  bookings: DayBooking[];
  closures: DayClosure[];
  monday: string;
  now: Date;
};

/** Per day of the week: open or closed (and why), the desks free all day and the desk time booked, each room's hours. */
export function spaceWeek(input: SpaceWeekInput): SpaceWeekOut {
  const { space } = input;
  const tz = space.timezone;
  const active = input.resources.filter((r) => r.active);
  const desks = active.filter((r) => r.kind === "desk");
  const rooms = active.filter((r) => r.kind !== "desk");
  const byResource = new Map<string, Interval[]>();
  for (const b of input.bookings) {
    const list = byResource.get(b.resource_id) ?? [];
    list.push({ start: b.start, end: b.end });
    byResource.set(b.resource_id, list);
  }
  const closures = input.closures.map((c) => ({ start: new Date(c.start).getTime(), end: new Date(c.end).getTime(), reason: c.reason }));
  const booked = (resourceId: string, within: Interval[]) => (byResource.get(resourceId) ?? []).reduce((sum, b) => sum + overlapMs(b, within), 0);

  const days = weekDates(input.monday).map((date) => {
    const bounds = dayBounds(date, tz);
    const day = { start: bounds.start.getTime(), end: bounds.end.getTime() };
    const closing = closures.filter((c) => c.start < day.end && c.end > day.start);
    const open = openInterval(space, date);
    const bookable = open ? subtract({ start: open.start.getTime(), end: open.end.getTime() }, closing) : [];
    const openMs = bookable.reduce((sum, p) => sum + (p.end - p.start), 0);
    const status = !open ? ("closed_weekday" as const) : openMs === 0 ? ("closed" as const) : ("open" as const);
    const deskBooked = status === "open" ? desks.map((d) => booked(d.id, bookable)) : [];
    return {
      date,
      status,
      open: open ? { start: formatInstant(open.start, tz), end: formatInstant(open.end, tz) } : null,
      closures: closing.map((c) => ({ start: formatInstant(new Date(c.start), tz), end: formatInstant(new Date(c.end), tz), reason: c.reason })),
      openMinutes: minutes(openMs),
      desks: {
        total: desks.length,
        free: deskBooked.filter((ms) => ms === 0).length,
        bookedShare: status === "open" && desks.length ? Math.round((deskBooked.reduce((a, b) => a + b, 0) / (openMs * desks.length)) * 100) / 100 : null,
      },
      rooms: rooms.map((r) => ({ id: r.id, name: r.name, kind: r.kind as "room" | "booth", bookedMinutes: minutes(booked(r.id, [day])) })),
    };
  });
  return { ...frame(input.monday, localDate(input.now, tz)), spaceId: space.id, spaceName: space.name, timezone: tz, days };
}

/** A co-member's booking as the week repository reads it. */
export type TeammateRow = {
  member_id: string;
  member_name: string;
  /** Their photo's version (none when they have no photo or are hidden). */
  photo_version?: string | null;
  space_id: string;
  space_name: string;
  timezone: string;
  start: Date;
  end: Date;
};

export type MemberWeekInput = {
  monday: string;
  today: string;
  /** My bookings read over the week in every zone (anyZoneBounds); each lands on the local dates it touches. */
  mine: BookingRow[];
  teammates: TeammateRow[];
};

/** Each row on every day of the week it touches, in its own space's zone. */
function byDay<R extends { start: Date; end: Date; timezone: string }>(dates: string[], rows: R[]): Map<string, R[]> {
  const out = new Map(dates.map((d) => [d, [] as R[]]));
  for (const r of rows) {
    for (const date of localDatesTouched(new Date(r.start), new Date(r.end), r.timezone)) out.get(date)?.push(r);
  }
  return out;
}

function teammateOut(r: TeammateRow): TeammateBookingOut {
  return {
    member: { id: r.member_id, name: r.member_name, photoUrl: photoUrl(r.member_id, r.photo_version ?? null, "thumb") },
    spaceId: r.space_id,
    spaceName: r.space_name,
    timezone: r.timezone,
    start: formatInstant(new Date(r.start), r.timezone),
    end: formatInstant(new Date(r.end), r.timezone),
  };
}

/** My week: each day Monday–Sunday with my bookings (not cancelled) and who from my projects is in. */
export function memberWeek(input: MemberWeekInput): MyWeekOut {
  const dates = weekDates(input.monday);
  const mine = byDay(dates, input.mine.filter((b) => b.status !== "cancelled"));
  const team = byDay(dates, input.teammates);
  return {
    ...frame(input.monday, input.today),
    days: dates.map((date) => ({
      date,
      bookings: (mine.get(date) ?? []).map(toOut),
      teammates: (team.get(date) ?? []).map(teammateOut),
    })),
  };
}
