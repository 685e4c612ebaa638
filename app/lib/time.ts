// Display helpers only: the server sends instants already written with the space's offset
// (`2026-12-01T09:00:00+07:00`), so the local wall-clock parts are read straight from the string.

import { LOCALE_TAGS, type Locale } from "../i18n/format";

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
  return new Intl.DateTimeFormat(LOCALE_TAGS[locale], {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y!, m! - 1, d!)));
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
  return new Intl.DateTimeFormat(LOCALE_TAGS[locale], {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(new Date(iso));
}

/**
 * From one instant to another in the given zone (a space's), with the zone's name: "Sel, 1 Des 2026 09.00–10.30 WIB"
 * / "Tue, 1 Dec 2026, 09:00–10:30 GMT+7"; a range over midnight names both days.
 */
export function formatInstantRange(startIso: string, endIso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALE_TAGS[locale], {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
    timeZone,
  }).formatRange(new Date(startIso), new Date(endIso));
}
