import type { DB } from "../../../db/connect.js";
import * as repo from "./spaces.repository.js";
import type { SpaceOut } from "./spaces.schemas.js";

const hhmm = (t: string) => t.slice(0, 5);

export function createSpacesService({ db }: { db: DB }) {
  return {
    async exists(id: string): Promise<boolean> {
      return Boolean(await repo.findSpace(db, id));
    },

    async list(): Promise<SpaceOut[]> {
      const spaces = await repo.listSpaces(db);
      const hours = await repo.listOpeningHours(
        db,
        spaces.map((s) => s.id),
      );
      return spaces.map((s) => ({
        id: s.id,
        name: s.name,
        timezone: s.timezone,
        address: s.address,
        openingHours: hours
          .filter((h) => h.space_id === s.id)
          .map((h) => ({ weekday: h.weekday, opens: hhmm(h.opens), closes: hhmm(h.closes) })),
        rules: {
          maxBookingMinutes: s.max_booking_minutes,
          maxAdvanceDays: s.max_advance_days,
          minNoticeMinutes: s.min_notice_minutes,
          checkInGraceMinutes: s.check_in_grace_minutes,
        },
        resourceCounts: { desk: s.desks, room: s.rooms, booth: s.booths },
      }));
    },
  };
}

export type SpacesService = ReturnType<typeof createSpacesService>;
