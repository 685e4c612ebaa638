// The day view of a space: loads what the pure dayView (day-view.ts) needs, in four queries whatever the
// resource count, and hands it over.
import type { DB } from "../../../db/connect.js";
import type { Clock } from "../clock.js";
import { DomainError } from "../errors.js";
import type { SpacesService } from "../spaces/index.js";
import { dayBounds, isValidDate, localDate } from "../time.js";
import { activeInSpace } from "./bookings.repository.js";
import type { AvailabilityOut, AvailabilityQuery } from "./bookings.schemas.js";
import { closuresOverlapping } from "./closures.repository.js";
import { dayView } from "./day-view.js";
import { favouriteIdsIn } from "./favourites.repository.js";
import type { Viewer } from "./model.js";

export function createAvailability({ db, clock, spaces }: { db: DB; clock: Clock; spaces: SpacesService }) {
  return {
    /** The day view: every resource with its busy intervals, on `query.date` (by default today in the space's zone). */
    async availability(viewer: Viewer, spaceId: string, query: AvailabilityQuery = {}): Promise<AvailabilityOut> {
      const space = await spaces.detail(spaceId);
      const now = clock.now();
      const date = query.date ?? localDate(now, space.timezone);
      if (!isValidDate(date)) throw new DomainError("validation_failed", "Not a real date.", { reason: "invalid_date", errors: [{ path: "date", message: "Not a real date" }] });
      const day = dayBounds(date, space.timezone);
      const [resources, bookings, closures, favourites] = await Promise.all([
        spaces.resources(spaceId),
        activeInSpace(db, spaceId, day.start, day.end),
        closuresOverlapping(db, spaceId, day.start, day.end),
        favouriteIdsIn(db, viewer.id, spaceId),
      ]);
      return dayView({ space, resources, bookings, closures, date, now, viewerId: viewer.id, from: query.from, to: query.to, favourites: new Set(favourites) });
    },
  };
}
