// The day view of a space, as a pure function of what was loaded: no database, no clock of its own. Opening hours
// and every local time are read in the space's zone (a day may have 23 or 25 hours).
import type { BookingStatus } from "../../../db/schema.js";
import type { ResourceOut, SpaceDetail } from "../spaces/index.js";
import { addDays, formatInstant, localDate, localTime, wallClockOn, weekdayOf } from "../time.js";
import type { AvailabilityOut } from "./bookings.schemas.js";
import { canCheckIn } from "./model.js";

/** An active booking of the space overlapping the day, as bookings.repository's activeInSpace reads it. */
export type DayBooking = { id: string; resource_id: string; member_id: string; status: BookingStatus; start: number; end: number };
export type DayClosure = { start: Date; end: Date; reason: string };

export type DayViewInput = {
  space: Pick<SpaceDetail, "id" | "name" | "timezone" | "hours" | "rules">;
  /** The space's resources; inactive ones take no bookings and are left out. */
  resources: ResourceOut[];
  bookings: DayBooking[];
  closures: DayClosure[];
  /** The local date (YYYY-MM-DD) in the space's zone. */
  date: string;
  now: Date;
  viewerId: string;
  /** The local HH:mm window the per-resource `state` describes; by default the rest of today or the open day. */
  from?: string;
  to?: string;
};

type Space = DayViewInput["space"];
type State = "free" | "booked" | "checked_in" | "mine";
type Busy = { start: Date; end: Date; status: "confirmed" | "checked_in"; mine: boolean; id: string };

/** The space's open interval on the local date, or null when closed that weekday. */
export function openInterval(space: Pick<SpaceDetail, "timezone" | "hours">, date: string): { start: Date; end: Date } | null {
  const hours = space.hours.get(weekdayOf(date));
  if (!hours) return null;
  return { start: wallClockOn(date, hours.opens, space.timezone), end: wallClockOn(date, hours.closes, space.timezone) };
}

/**
 * The floor plan's window on a date: the asked local HH:mm range clipped to opening hours; by default the rest
 * of today (from now) or the whole open day.
 */
function resolveWindow(space: Space, date: string, open: { start: Date; end: Date }, now: Date, q: { from?: string; to?: string }) {
  let start = q.from ? wallClockOn(date, q.from, space.timezone) : open.start;
  let end = q.to ? wallClockOn(date, q.to, space.timezone) : open.end;
  if (!q.from && now > open.start && now < open.end) start = now;
  if (start < open.start) start = open.start;
  if (end > open.end) end = open.end;
  return end > start ? { start, end } : { start: open.start, end: open.end };
}

/** One pass, no intermediate arrays: this runs for every resource and every hourly slot of the day. */
function stateOf(busy: Busy[], start: Date, end: Date): State {
  let state: State = "free";
  for (const b of busy) {
    if (!(b.start < end && b.end > start)) continue;
    if (b.mine) return "mine";
    state = b.status === "checked_in" ? "checked_in" : state === "checked_in" ? state : "booked";
  }
  return state;
}

/** Every active resource of the space with its busy intervals and its state in the window and each hourly slot. */
export function dayView(input: DayViewInput): AvailabilityOut {
  const { space, date, now } = input;
  const open = openInterval(space, date);
  const window = open ? resolveWindow(space, date, open, now, input) : null;
  const slots: Array<{ start: Date; end: Date }> = [];
  if (open) {
    for (let t = open.start.getTime(); t < open.end.getTime(); t += 3_600_000) {
      slots.push({ start: new Date(t), end: new Date(Math.min(t + 3_600_000, open.end.getTime())) });
    }
  }
  const byResource = new Map<string, Busy[]>();
  for (const b of input.bookings) {
    const list = byResource.get(b.resource_id) ?? [];
    list.push({ start: new Date(b.start), end: new Date(b.end), status: b.status as Busy["status"], mine: b.member_id === input.viewerId, id: b.id });
    byResource.set(b.resource_id, list);
  }
  // Bookings share their boundaries (whole hours, mostly): format each distinct instant once.
  const formatted = new Map<number, string>();
  const fmt = (d: Date) => {
    const t = d.getTime();
    let text = formatted.get(t);
    if (text === undefined) formatted.set(t, (text = formatInstant(d, space.timezone)));
    return text;
  };
  return {
    spaceId: space.id,
    spaceName: space.name,
    date,
    today: localDate(now, space.timezone),
    prevDate: addDays(date, -1),
    nextDate: addDays(date, 1),
    timezone: space.timezone,
    open: open ? { start: fmt(open.start), end: fmt(open.end) } : null,
    window: window ? { from: localTime(window.start, space.timezone), to: localTime(window.end, space.timezone), start: fmt(window.start), end: fmt(window.end) } : null,
    slots: slots.map((s) => ({ start: fmt(s.start), end: fmt(s.end), label: localTime(s.start, space.timezone) })),
    closures: input.closures.map((c) => ({ start: fmt(new Date(c.start)), end: fmt(new Date(c.end)), reason: c.reason })),
    resources: input.resources
      .filter((r) => r.active)
      .map((r) => {
        const busy = byResource.get(r.id) ?? [];
        return {
          id: r.id,
          name: r.name,
          kind: r.kind,
          zone: r.zone,
          capacity: r.capacity,
          x: r.x,
          y: r.y,
          busy: busy.map((b) => ({
            start: fmt(b.start),
            end: fmt(b.end),
            status: b.status,
            mine: b.mine,
            ...(b.mine ? { bookingId: b.id, canCheckIn: canCheckIn(b, space.rules.checkInGraceMinutes, now) } : {}),
          })),
          state: window ? stateOf(busy, window.start, window.end) : "booked",
          slotStates: slots.map((s) => stateOf(busy, s.start, s.end)),
        };
      }),
  };
}
