// Bookings in members' calendars: a private ICS feed (a signed, rotatable link) and one booking as an .ics file.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { DB } from "../../../db/connect.js";
import type { Clock } from "../clock.js";
import { notFound } from "../errors.js";
import { localDate, localTime } from "../time.js";
import type { BookingRow } from "./bookings.repository.js";
import { loadBooking } from "./bookings.service.js";
import * as repo from "./calendar.repository.js";
import { buildCalendar, type IcsEvent } from "./ics.js";
import type { Viewer } from "./model.js";

/** More entries for a member's feed from other contexts (the community events they are going to). */
export type CalendarExtras = (memberId: string, from: Date) => Promise<IcsEvent[]>;

export function createCalendar({ db, clock, secret, extras }: { db: DB; clock: Clock; secret: string; extras?: CalendarExtras }) {
  const feedToken = (memberId: string, version: number) =>
    createHmac("sha256", secret).update(`calendar:${memberId}:${version}`).digest("base64url").slice(0, 32);

  async function calendarPath(memberId: string): Promise<string> {
    const version = await repo.feedVersion(db, memberId);
    return `/api/v1/calendar/${memberId}.${version}.${feedToken(memberId, version)}.ics`;
  }

  function icsEvent(r: BookingRow): IcsEvent {
    const start = new Date(r.start);
    const end = new Date(r.end);
    return {
      uid: `${r.id}@jejaring`,
      start,
      end,
      stamp: clock.now(),
      summary: `${r.resource_name} · ${r.space_name}`,
      location: [r.space_name, r.address].filter(Boolean).join(", "),
      description: `${localDate(start, r.timezone)} ${localTime(start, r.timezone)}–${localTime(end, r.timezone)} (${r.timezone})${r.note ? `\n${r.note}` : ""}`,
      status: "CONFIRMED",
    };
  }

  return {
    calendarPath,
    icsEvent,

    async rotateCalendar(memberId: string): Promise<string> {
      await repo.feedVersion(db, memberId);
      await repo.bumpFeedVersion(db, memberId, clock.now());
      return calendarPath(memberId);
    },

    /** The ICS text for a feed token, or not_found for a wrong or rotated one. */
    async calendarFeed(token: string): Promise<string> {
      const m = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(\d{1,9})\.([A-Za-z0-9_-]{32})$/.exec(token);
      if (!m) throw notFound("Calendar");
      const [, memberId, versionText, mac] = m as unknown as [string, string, string, string];
      const version = await repo.currentFeedVersion(db, memberId);
      const expected = version === null ? null : Buffer.from(feedToken(memberId, version));
      if (!expected || Number(versionText) !== version || !timingSafeEqual(expected, Buffer.from(mac))) throw notFound("Calendar");
      const from = new Date(clock.now().getTime() - 7 * 86_400_000);
      const rows = await repo.upcomingForFeed(db, memberId, from);
      return buildCalendar("Jejaring bookings", [...rows.map(icsEvent), ...((await extras?.(memberId, from)) ?? [])]);
    },

    /** One booking as an .ics download (owner or staff). */
    async bookingIcs(viewer: Viewer, id: string): Promise<string> {
      const row = await loadBooking(db, id, viewer, { staffMay: true });
      return buildCalendar(`${row.resource_name} · ${row.space_name}`, [
        { ...icsEvent(row), status: row.status === "cancelled" || row.status === "no_show" ? "CANCELLED" : "CONFIRMED" },
      ]);
    },
  };
}
