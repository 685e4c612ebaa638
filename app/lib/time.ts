// Display helpers only, the one way a date or time reaches a person: Intl in the reader's locale, never an ISO
// string. The server sends instants already written with the space's offset (`2026-12-01T09:00:00+07:00`), so
// their local wall-clock parts are read straight from the string; UTC instants (chat, comments) are shown in a zone.

import { dateTimeFormat, formatInstantRange, LOCALE_TAGS, type Locale } from "../i18n/format";

// A booking's time range lives beside the dictionaries' formats, where the server's mail reads it too.
export { formatInstantRange };

const relativeFormats = new Map<Locale, Intl.RelativeTimeFormat>();

/** `09:00` from `2026-12-01T09:00:00+07:00`. */
export function hhmm(iso: string): string {
  return iso.slice(11, 16);
}

/** `2026-12-01` from an ISO instant written in the space's offset. */
export function ymd(iso: string): string {
  return iso.slice(0, 10);
}

/** A local date for people, e.g. "Sel, 1 Des 2026" / "Tue, 1 Dec 2026", without any time-zone shift. */
export function formatDate(date: string, locale: Locale): string {
  const [y, m, d] = date.split("-").map(Number);
  return dateTimeFormat(LOCALE_TAGS[locale], {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y!, m! - 1, d!)));
}

/** "Tue, 1 Dec 2026" for the local date of an instant written in the space's offset (a booking's start). */
export function formatDateOf(iso: string, locale: Locale): string {
  return formatDate(ymd(iso), locale);
}

/**
 * A booking's time as the space's wall clock says it, from instants written in its offset or local date-times
 * (`2026-12-01T09:00`): "Tue, 1 Dec 2026, 09:00–10:30"; over midnight both days are named.
 */
export function formatLocalRange(start: string, end: string, locale: Locale): string {
  const day = formatDate(ymd(start), locale);
  if (ymd(end) === ymd(start) || (hhmm(end) === "00:00" && ymd(end) === nextDay(ymd(start)))) {
    return `${day}, ${hhmm(start)}–${hhmm(end)}`;
  }
  return `${day}, ${hhmm(start)} – ${formatDate(ymd(end), locale)}, ${hhmm(end)}`;
}

/** "Tue, 1 Dec 2026, 09:00" for a local date-time (`2026-12-01T09:00`) or an instant written in the space's offset. */
export function formatLocalDateTime(local: string, locale: Locale): string {
  return `${formatDate(ymd(local), locale)}, ${hhmm(local)}`;
}

/** `2026-12-02` after `2026-12-01` (calendar arithmetic on a local date, no zone involved). */
export function nextDay(date: string, days = 1): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

/** The local date (`YYYY-MM-DD`) of an instant in a zone: "today" for a space or a viewer. */
export function dateIn(timeZone: string, instant: Date | string = new Date()): string {
  const parts = dateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone }).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/**
 * A day heading for a list by day (the chat's day separators): "Today" / "Hari ini", "Yesterday" / "Kemarin"
 * through Intl's relative words, else the date.
 */
export function formatDayHeading(date: string, today: string, locale: Locale): string {
  let rel = relativeFormats.get(locale);
  if (!rel) relativeFormats.set(locale, (rel = new Intl.RelativeTimeFormat(LOCALE_TAGS[locale], { numeric: "auto" })));
  if (date === today) return capitalize(rel.format(0, "day"), locale);
  if (nextDay(date) === today) return capitalize(rel.format(-1, "day"), locale);
  return formatDate(date, locale);
}

function capitalize(text: string, locale: Locale): string {
  return text.charAt(0).toLocaleUpperCase(LOCALE_TAGS[locale]) + text.slice(1);
}

/** Where a due date stands against today (both local dates in the same zone). */
export type DueState = "overdue" | "today" | "tomorrow" | "later";

export function dueState(dueDate: string, today: string): DueState {
  if (dueDate < today) return "overdue";
  if (dueDate === today) return "today";
  return dueDate === nextDay(today) ? "tomorrow" : "later";
}

/** A chart axis's short day, day before month as the locale writes it: "1/12" (id, en-GB), never "12/01". */
export function formatDayMonth(date: string, locale: Locale): string {
  const [y, m, d] = date.split("-").map(Number);
  return dateTimeFormat(LOCALE_TAGS[locale], { day: "numeric", month: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y!, m! - 1, d!)));
}

/** The browser's own time zone (for showing instants such as chat times); undefined on the server. */
export function browserTimeZone(): string | undefined {
  if (typeof window === "undefined") return undefined;
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * An instant for people in the given zone, e.g. "1 Des, 09.15" / "1 Dec, 09:15". Chat times come as UTC
 * instants; the room renders them in a fixed zone on the server and switches to the browser's zone once hydrated.
 */
export function formatInstant(iso: string, locale: Locale, timeZone: string): string {
  return dateTimeFormat(LOCALE_TAGS[locale], {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(new Date(iso));
}

const utcDay = (date: string) => {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
};

/** A day of a week for people, e.g. "Sen, 7 Des" / "Mon, 7 Dec" (a local date, no time-zone shift). */
export function formatDay(date: string, locale: Locale): string {
  return dateTimeFormat(LOCALE_TAGS[locale], { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }).format(utcDay(date));
}

/** The short weekday of a local date: "Sen" / "Mon". */
export function formatWeekday(date: string, locale: Locale): string {
  return dateTimeFormat(LOCALE_TAGS[locale], { weekday: "short", timeZone: "UTC" }).format(utcDay(date));
}

/** From one local date to another, e.g. "7–13 Des 2026" / "7–13 Dec 2026" (a week's heading). */
export function formatDateRange(from: string, to: string, locale: Locale): string {
  return dateTimeFormat(LOCALE_TAGS[locale], { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).formatRange(utcDay(from), utcDay(to));
}

/** Minutes as hours to the nearest half hour, for "2.5 hours booked" (the dictionary words and formats the number). */
export function halfHours(minutes: number): number {
  return Math.round(minutes / 30) / 2;
}

/** A 0–1 share as a whole percentage. */
export function percentOf(share: number): number {
  return Math.round(share * 100);
}

/** A month (`2027-03`) for people: "Mar 2027" / "Mar 2027" (id: "Mar 2027"), without any time-zone shift. */
export function formatMonth(month: string, locale: Locale): string {
  const [y, m] = month.split("-").map(Number);
  return dateTimeFormat(LOCALE_TAGS[locale], { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y!, m! - 1, 1)));
}
