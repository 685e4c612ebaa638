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
  /** The viewer's starred resources (marked `favourite`). */
  favourites?: ReadonlySet<string>;
};

type Space = DayViewInput["space"];
type State = "free" | "booked" | "checked_in" | "mine" | "closed";
type Busy = { start: Date; end: Date; status: "confirmed" | "checked_in"; mine: boolean; id: string };

/** The space's open interval on the local date, or null when closed that weekday. */
export function openInterval(space: Pick<SpaceDetail, "timezone" | "hours">, date: string): { start: Date; end: Date } | null {
  const hours = space.hours.get(weekdayOf(date));
  if (!hours) return null;
  return { start: wallClockOn(date, hours.opens, space.timezone), end: wallClockOn(date, hours.closes, space.timezone) };
}

/** The space's slot grid: times a member picks are 15-minute steps from the day's opening time. */
export const SLOT_GRID_MINUTES = 15;
/** The default window's length when the rules allow it: the next two hours. */
export const DEFAULT_WINDOW_MINUTES = 120;
const GRID_MS = SLOT_GRID_MINUTES * 60_000;

/** The first grid time at or after `t` (the grid starts at `open.start`). */
export function snapUp(t: number, open: { start: Date }): number {
  const from = open.start.getTime();
  return t <= from ? from : from + Math.ceil((t - from) / GRID_MS) * GRID_MS;
}

/** The shortest booking the duration choices offer, and their step. */
export const DURATION_STEP_MINUTES = 30;

/**
 * The lengths a member may pick for a booking (minutes): 30-minute steps up to the space's longest booking (and no
 * longer than the open day), that longest booking itself when it is not a step. Empty when the day is closed.
 */
export function durationChoices(maxBookingMinutes: number, open: { start: Date; end: Date } | null): number[] {
  if (!open) return [];
  const max = Math.min(maxBookingMinutes, Math.floor((open.end.getTime() - open.start.getTime()) / 60_000));
  const out: number[] = [];
  for (let m = DURATION_STEP_MINUTES; m <= max; m += DURATION_STEP_MINUTES) out.push(m);
  if (max > 0 && out[out.length - 1] !== max && max % SLOT_GRID_MINUTES === 0) out.push(max);
  return out;
}

/**
 * The next window a member can still book on a date: from the first grid time at or after now plus the minimum
 * notice (the opening time on a later day), for two hours or the longest booking when shorter, cut at closing. Null
 * when the day is closed or nothing of at least one grid step is left.
 */
export function nextBookableWindow(space: Pick<SpaceDetail, "timezone" | "hours" | "rules">, date: string, now: Date): { start: Date; end: Date } | null {
  const open = openInterval(space, date);
  if (!open) return null;
  const start = snapUp(Math.max(open.start.getTime(), now.getTime() + space.rules.minNoticeMinutes * 60_000), open);
  const end = Math.min(start + Math.min(DEFAULT_WINDOW_MINUTES, space.rules.maxBookingMinutes) * 60_000, open.end.getTime());
  return end - start >= GRID_MS ? { start: new Date(start), end: new Date(end) } : null;
}

/**
 * The floor plan's window on a date: the asked local HH:mm range clipped to opening hours. What is not asked
 * defaults to what the rules allow: from the first grid time that can still be booked (now plus the minimum
 * notice, today; the opening time another day) for two hours, or the longest booking when that is shorter.
 */
function resolveWindow(space: Space, date: string, open: { start: Date; end: Date }, now: Date, q: { from?: string; to?: string }) {
  const length = Math.min(DEFAULT_WINDOW_MINUTES, space.rules.maxBookingMinutes) * 60_000;
  const earliest = snapUp(Math.max(open.start.getTime(), now.getTime() + space.rules.minNoticeMinutes * 60_000), open);
  // A day already closed (or too late to book) shows its first window: nothing there can be booked any more.
  const fallbackStart = earliest + Math.min(length, GRID_MS) > open.end.getTime() ? open.start.getTime() : earliest;
  let start = q.from ? wallClockOn(date, q.from, space.timezone) : new Date(fallbackStart);
  let end = q.to ? wallClockOn(date, q.to, space.timezone) : new Date(Math.max(start.getTime(), open.start.getTime()) + length);
  if (start < open.start) start = open.start;
  if (end > open.end) end = open.end;
  if (end > start) return { start, end };
  return { start: open.start, end: new Date(Math.min(open.start.getTime() + length, open.end.getTime())) };
}

/** The first closure overlapping [start, end), if any. */
function closureIn(closures: DayClosure[], start: Date, end: Date): DayClosure | undefined {
  return closures.find((c) => new Date(c.start) < end && new Date(c.end) > start);
}

/**
 * One pass, no intermediate arrays: this runs for every resource and every hourly slot of the day. A booking of
 * mine shows as mine even inside a closure (it is cancelled when the closure is made; a later one shows closed).
 */
function stateOf(busy: Busy[], start: Date, end: Date, closed: boolean): State {
  let state: State = closed ? "closed" : "free";
  for (const b of busy) {
    if (!(b.start < end && b.end > start)) continue;
    if (b.mine) return "mine";
    if (closed) continue;
    state = b.status === "checked_in" ? "checked_in" : state === "checked_in" ? state : "booked";
  }
  return state;
}

/** Every active resource of the space with its busy intervals and its state in the window and each hourly slot. */
export function dayView(input: DayViewInput): AvailabilityOut {
  const { space, date, now } = input;
  const open = openInterval(space, date);
  const window = open ? resolveWindow(space, date, open, now, input) : null;
  const slots: Array<{ start: Date; end: Date; closure: DayClosure | undefined }> = [];
  if (open) {
    for (let t = open.start.getTime(); t < open.end.getTime(); t += 3_600_000) {
      const end = new Date(Math.min(t + 3_600_000, open.end.getTime()));
      slots.push({ start: new Date(t), end, closure: closureIn(input.closures, new Date(t), end) });
    }
  }
  const windowClosure = window ? closureIn(input.closures, window.start, window.end) : undefined;
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
    window: window
      ? {
          from: localTime(window.start, space.timezone),
          to: localTime(window.end, space.timezone),
          start: fmt(window.start),
          end: fmt(window.end),
          closedReason: windowClosure ? windowClosure.reason : null,
        }
      : null,
    grid: open ? { minutes: SLOT_GRID_MINUTES, from: localTime(open.start, space.timezone), to: localTime(open.end, space.timezone) } : null,
    durations: durationChoices(space.rules.maxBookingMinutes, open),
    slots: slots.map((s) => ({ start: fmt(s.start), end: fmt(s.end), label: localTime(s.start, space.timezone), closedReason: s.closure ? s.closure.reason : null })),
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
          favourite: input.favourites?.has(r.id) ?? false,
          rate: r.rate,
          busy: busy.map((b) => ({
            start: fmt(b.start),
            end: fmt(b.end),
            status: b.status,
            mine: b.mine,
            ...(b.mine ? { bookingId: b.id, canCheckIn: canCheckIn(b, space.rules.checkInGraceMinutes, now) } : {}),
          })),
          state: window ? stateOf(busy, window.start, window.end, Boolean(windowClosure)) : "booked",
          slotStates: slots.map((s) => stateOf(busy, s.start, s.end, Boolean(s.closure))),
        };
      }),
  };
}
