// The week views: loads what the pure spaceWeek and memberWeek (week-view.ts) need, in a fixed number of queries
// whatever the week holds, and hands it over.
import type { DB } from "../../../db/connect.js";
import type { Clock } from "../clock.js";
import type { SpacesService } from "../spaces/index.js";
import { addDays, anyZoneBounds, dayBounds, localDate, weekStart } from "../time.js";
import { activeInSpace, listMemberBookings } from "./bookings.repository.js";
import type { MyWeekOut, SpaceWeekOut, WeekQuery } from "./bookings.schemas.js";
import { closuresOverlapping } from "./closures.repository.js";
import type { Viewer } from "./model.js";
import { memberWeek, spaceWeek } from "./week-view.js";
import { nearestBookingZone, teammateBookings } from "./week.repository.js";

/** Where "today" is for a member who has never booked: Western Indonesia (WIB), where most of the network is. */
export const DEFAULT_MEMBER_ZONE = "Asia/Jakarta";

/** The most bookings a week view reads per list: far above what a person or a team books in a week. */
const WEEK_ROWS = 500;

export function createWeeks({ db, clock, spaces }: { db: DB; clock: Clock; spaces: SpacesService }) {
  return {
    /**
     * A space's week (Monday–Sunday around `query.date`, by default today in its zone): four queries for every day
     * and resource together.
     */
    async spaceWeek(_viewer: Viewer, spaceId: string, query: WeekQuery = {}): Promise<SpaceWeekOut> {
      const space = await spaces.detail(spaceId);
      const now = clock.now();
      const monday = weekStart(query.date ?? localDate(now, space.timezone));
      const start = dayBounds(monday, space.timezone).start;
      const end = dayBounds(addDays(monday, 7), space.timezone).start;
      const [resources, bookings, closures] = await Promise.all([
        spaces.resources(spaceId),
        activeInSpace(db, spaceId, start, end),
        closuresOverlapping(db, spaceId, start, end),
      ]);
      return spaceWeek({ space, resources, bookings, closures, monday, now });
    },

    /**
     * My week (Monday–Sunday around `query.date`, by default today where I book): my bookings and who from my
     * projects is booked, each on the local dates it touches in its own space's zone.
     */
    async myWeek(viewer: Viewer, query: WeekQuery = {}): Promise<MyWeekOut> {
      const now = clock.now();
      const zone = (await nearestBookingZone(db, viewer.id, now)) ?? DEFAULT_MEMBER_ZONE;
      const today = localDate(now, zone);
      const monday = weekStart(query.date ?? today);
      const { start, end } = anyZoneBounds(monday, addDays(monday, 7));
      const [mine, teammates] = await Promise.all([
        listMemberBookings(db, viewer.id, start, end, WEEK_ROWS),
        teammateBookings(db, viewer.id, start, end, WEEK_ROWS),
      ]);
      return memberWeek({ monday, today, mine, teammates });
    },
  };
}
