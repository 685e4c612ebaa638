// What the room's "Book a room for the team" form offers, as a pure function of the clock, the team's size and
// the spaces: only rooms that seat the whole team, and a first free-looking slot (the next working day, or today
// while there is time left) in each space's own zone. Every local date and time goes through the time module.

import { addDays, localDate, localTime, wallClockOn, weekdayOf } from "../time.js";

export type PlanSpace = {
  id: string;
  name: string;
  timezone: string;
  openingHours: Array<{ weekday: number; opens: string; closes: string }>;
  rules: { minNoticeMinutes: number; maxAdvanceDays: number };
};
export type PlanRoom = { id: string; name: string; kind: "room" | "booth"; capacity: number };

export type MeetingPlanSpace = {
  spaceId: string;
  spaceName: string;
  timezone: string;
  /** `YYYY-MM-DD` in the space's zone: today while a meeting still fits before closing, else the next open day. */
  date: string | null;
  /** `HH:mm` local: the default start and end of a one-hour meeting on `date`. */
  from: string;
  to: string;
  /** Rooms and booths that seat the whole team, smallest first. */
  rooms: PlanRoom[];
};

export type MeetingPlan = {
  teamSize: number;
  spaces: MeetingPlanSpace[];
  /** Active rooms left out because they seat fewer than the team, and the most seats any room has (null: none). */
  tooSmall: number;
  largest: number | null;
};

const MEETING_MINUTES = 60;
/** How far to look for the next open day. */
const LOOK_AHEAD_DAYS = 14;
/** A meeting starts at this local time on a later day, unless the space opens later. */
const PREFERRED_START = "10:00";

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return h! * 60 + m!;
};
const toHhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** The first slot for a one-hour meeting in the space: its local date and times, or null when it is never open. */
export function firstSlot(now: Date, space: PlanSpace): { date: string; from: string; to: string } | null {
  const zone = space.timezone;
  const today = localDate(now, zone);
  const earliest = new Date(now.getTime() + space.rules.minNoticeMinutes * 60_000);
  const horizon = Math.min(LOOK_AHEAD_DAYS, Math.max(0, space.rules.maxAdvanceDays));
  for (let day = 0; day <= horizon; day++) {
    const date = addDays(today, day);
    const hours = space.openingHours.find((h) => h.weekday === weekdayOf(date));
    if (!hours) continue;
    const opens = toMinutes(hours.opens);
    const closes = toMinutes(hours.closes);
    let start = Math.max(opens, toMinutes(PREFERRED_START));
    if (localDate(earliest, zone) === date) {
      // Today (or the day the notice ends): the next quarter hour after the notice.
      const after = toMinutes(localTime(earliest, zone));
      start = Math.max(opens, Math.ceil(after / 15) * 15);
    } else if (wallClockOn(date, "00:00", zone) < earliest) {
      continue; // the notice reaches past this day
    }
    if (start + MEETING_MINUTES > closes) {
      start = opens;
      if (localDate(earliest, zone) === date || start + MEETING_MINUTES > closes) continue;
    }
    return { date, from: toHhmm(start), to: toHhmm(start + MEETING_MINUTES) };
  }
  return null;
}

/** The form's options for a team of `teamSize`: fitting rooms per space with a default slot, and what did not fit. */
export function meetingPlan(now: Date, teamSize: number, spaces: Array<{ space: PlanSpace; rooms: PlanRoom[] }>): MeetingPlan {
  let tooSmall = 0;
  let largest: number | null = null;
  const planned: MeetingPlanSpace[] = [];
  for (const { space, rooms } of spaces) {
    for (const r of rooms) largest = Math.max(largest ?? 0, r.capacity);
    const fitting = rooms.filter((r) => r.capacity >= teamSize).sort((a, b) => a.capacity - b.capacity || a.name.localeCompare(b.name));
    tooSmall += rooms.length - fitting.length;
    if (fitting.length === 0) continue;
    const slot = firstSlot(now, space);
    planned.push({
      spaceId: space.id,
      spaceName: space.name,
      timezone: space.timezone,
      date: slot?.date ?? null,
      from: slot?.from ?? PREFERRED_START,
      to: slot?.to ?? toHhmm(toMinutes(PREFERRED_START) + MEETING_MINUTES),
      rooms: fitting,
    });
  }
  return { teamSize, spaces: planned, tooSmall, largest };
}
