// Favourite desks and rooms: a member stars them (the space page shows them first and marked), and the member home
// offers the latest starred desk that is free in its space's next bookable window ("Book my favourite desk").
import type { DB } from "../../../db/connect.js";
import type { Clock } from "../clock.js";
import { notFound } from "../errors.js";
import type { SpacesService } from "../spaces/index.js";
import { addDays, formatInstant, localDate } from "../time.js";
import { closuresOverlapping } from "./closures.repository.js";
import { nextBookableWindow } from "./day-view.js";
import * as repo from "./favourites.repository.js";
import type { Viewer } from "./model.js";

/** How many starred desks the home looks at for a free one (two queries each). */
const OFFER_CANDIDATES = 5;

export type FavouriteOffer = { resourceId: string; resourceName: string; spaceId: string; spaceName: string; timezone: string; start: string; end: string };

export function createFavourites({ db, clock, spaces }: { db: DB; clock: Clock; spaces: SpacesService }) {
  /** A resource a member may star: one that exists and takes bookings (anything else is not found). */
  async function bookable(resourceId: string) {
    const resource = await spaces.resource(resourceId);
    if (!resource.active) throw notFound("Resource");
    return resource;
  }

  return {
    async star(viewer: Viewer, resourceId: string): Promise<{ resourceId: string; favourite: true }> {
      await bookable(resourceId);
      // A resource deleted in between: the foreign key refuses the row (not_found through the error mapping).
      await repo.addFavourite(db, viewer.id, resourceId, clock.now());
      return { resourceId, favourite: true };
    },

    /** Unstars a resource (one never starred: nothing changes). An unknown resource is not found. */
    async unstar(viewer: Viewer, resourceId: string): Promise<void> {
      await spaces.resource(resourceId);
      await repo.removeFavourite(db, viewer.id, resourceId);
    },

    /**
     * The member's latest starred desk that is free in its space's next bookable window (today's, or the next open
     * day's within a week), when the member holds nothing there then and no closure covers it; null otherwise. A
     * read: booking it goes through the booking write and its rules, so a desk taken meanwhile is refused there.
     */
    async favouriteOffer(viewer: Viewer): Promise<FavouriteOffer | null> {
      const now = clock.now();
      for (const desk of await repo.favouriteDesks(db, viewer.id, OFFER_CANDIDATES)) {
        const space = await spaces.detail(desk.space_id);
        const today = localDate(now, space.timezone);
        let window: { start: Date; end: Date } | null = null;
        for (let day = 0; day < 7 && !window; day++) {
          window = nextBookableWindow(space, addDays(today, day), now);
        }
        if (!window || window.start.getTime() - now.getTime() > space.rules.maxAdvanceDays * 86_400_000) continue;
        if ((await closuresOverlapping(db, space.id, window.start, window.end)).length) continue;
        if (await repo.anyActiveOverlap(db, space.id, window.start, window.end, { resourceId: desk.id, memberId: viewer.id })) continue;
        return {
          resourceId: desk.id,
          resourceName: desk.name,
          spaceId: space.id,
          spaceName: space.name,
          timezone: space.timezone,
          start: formatInstant(window.start, space.timezone),
          end: formatInstant(window.end, space.timezone),
        };
      }
      return null;
    },
  };
}

export type Favourites = ReturnType<typeof createFavourites>;
