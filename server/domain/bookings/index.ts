// The bookings context's public face: one service composed of modules of one concern each.
//   placement.ts           the write's transaction and locks, the rules check, placing a booking on a resource
//   bookings.service.ts    create, read, list, cancel, reschedule
//   checkin.service.ts     check-in, QR scan, walk-in, presence, the no-show job
//   waitlist.service.ts    join, promotion
//   day-view.ts            the pure day view; availability.service.ts loads what it needs
//   operations.service.ts  closures, space settings, resource deactivation, the "now" view
//   calendar.service.ts    the ICS feed and one booking's .ics (ics.ts writes the text)
import type { DB } from "../../../db/connect.js";
import type { EventBus } from "../../events.js";
import type { Clock } from "../clock.js";
import type { NotificationsService } from "../notifications/index.js";
import type { ProjectsService } from "../projects/index.js";
import type { SpacesService } from "../spaces/index.js";
import { createAvailability } from "./availability.service.js";
import { createBookings } from "./bookings.service.js";
import { createCalendar } from "./calendar.service.js";
import { createCheckIn } from "./checkin.service.js";
import { bookingEvents } from "./effects.js";
import { CHECK_IN_OPENS_MINUTES } from "./model.js";
import { createOperations } from "./operations.service.js";
import { createPlacement } from "./placement.js";
import { createWaitlist } from "./waitlist.service.js";

export type Deps = {
  db: DB;
  bus: EventBus;
  clock: Clock;
  secret: string;
  spaces: SpacesService;
  projects: ProjectsService;
  notifications: NotificationsService;
};

export function createBookingsService({ db, bus, clock, secret, spaces, projects, notifications }: Deps) {
  const events = bookingEvents(bus);
  const placement = createPlacement({ db, clock, spaces });
  const waitlist = createWaitlist({ clock, spaces, notifications, placement, events });
  return {
    CHECK_IN_OPENS_MINUTES,
    ...createBookings({ db, clock, spaces, projects, notifications, placement, waitlist, events }),
    ...createCheckIn({ db, clock, spaces, notifications, placement, waitlist, events }),
    joinWaitlist: waitlist.joinWaitlist,
    ...createAvailability({ db, clock, spaces }),
    ...createOperations({ db, clock, spaces, notifications, placement, events }),
    ...createCalendar({ db, clock, secret }),
  };
}

export type BookingsService = ReturnType<typeof createBookingsService>;
export { CHECK_IN_OPENS_MINUTES };
export * as bookingsSchemas from "./bookings.schemas.js";
export type { BookingOut, AvailabilityOut } from "./bookings.schemas.js";
