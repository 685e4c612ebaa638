// The bookings context's public face: one service composed of modules of one concern each.
//   placement.ts           the write's transaction and locks, the rules check, placing a booking on a resource
//   bookings.service.ts    create, read, list, cancel, reschedule (and what a move may choose)
//   checkin.service.ts     check-in, check-out (ending early), QR scan, walk-in, presence, the no-show job
//   waitlist.service.ts    join, promotion
//   day-view.ts            the pure day view; availability.service.ts loads what it needs
//   closures.service.ts    closures: create, list, edit, remove, and the preview of what one cancels
//   operations.service.ts  space settings, resource deactivation, the "now" view
//   calendar.service.ts    the ICS feed and one booking's .ics (ics.ts writes the text)
//   favourites.service.ts  starred desks and rooms, and the home's "book my favourite desk" offer
//   week-view.ts           the pure week views (a space's, a member's); week.service.ts loads what they need
//   event-rooms.ts         a room booked for a community event inside the community context's transaction
import type { DB } from "../../../db/connect.js";
import type { EventBus } from "../../events.js";
import type { Clock } from "../clock.js";
import type { WebhookEmitter } from "../messaging/index.js";
import type { NotificationsService } from "../notifications/index.js";
import type { ReachHooks } from "../messaging/reach.service.js";
import type { ProjectsService } from "../projects/index.js";
import type { SpacesService } from "../spaces/index.js";
import { createAvailability } from "./availability.service.js";
import { createBookings } from "./bookings.service.js";
import { createCalendar, type CalendarExtras } from "./calendar.service.js";
import { createCheckIn } from "./checkin.service.js";
import { createClosures } from "./closures.service.js";
import { createEventRooms } from "./event-rooms.js";
import type { BookingCharges } from "./charges.js";
import { bookingEvents } from "./effects.js";
import { createFavourites } from "./favourites.service.js";
import { CHECK_IN_OPENS_MINUTES } from "./model.js";
import { createOperations } from "./operations.service.js";
import { createPlacement } from "./placement.js";
import { createWaitlist } from "./waitlist.service.js";
import { createWeeks } from "./week.service.js";

export type Deps = {
  db: DB;
  bus: EventBus;
  clock: Clock;
  secret: string;
  spaces: SpacesService;
  projects: ProjectsService;
  notifications: NotificationsService;
  /** The wallet (billing): charges bookings and refunds cancelled ones. */
  charges?: BookingCharges;
  /** Messaging: a booking's confirmation and reminder, a moved one's new reminder (mail/WhatsApp rows in the write's transaction). */
  reach?: ReachHooks;
  /** Webhooks (messaging): booking.created, booking.cancelled and booking.checked_in, in the write's transaction. */
  webhooks?: WebhookEmitter;
  /** More entries for members' calendar feeds (community events), asked when a feed is read. */
  calendarExtras?: CalendarExtras;
};

export function createBookingsService({ db, bus, clock, secret, spaces, projects, notifications, charges, reach, webhooks, calendarExtras }: Deps) {
  const events = bookingEvents(bus);
  const placement = createPlacement({ db, clock, spaces, webhooks });
  const waitlist = createWaitlist({ clock, spaces, notifications, placement, events, reach });
  return {
    CHECK_IN_OPENS_MINUTES,
    ...createBookings({ db, clock, spaces, projects, notifications, placement, waitlist, events, charges, reach, webhooks }),
    ...createCheckIn({ db, clock, spaces, notifications, placement, waitlist, events, webhooks }),
    joinWaitlist: waitlist.joinWaitlist,
    ...createAvailability({ db, clock, spaces }),
    ...createClosures({ db, clock, spaces, notifications, placement, events, charges, webhooks }),
    ...createOperations({ db, clock, spaces, notifications, placement, events, charges, webhooks, reach }),
    ...createCalendar({ db, clock, secret, extras: calendarExtras }),
    ...createFavourites({ db, clock, spaces }),
    ...createWeeks({ db, clock, spaces }),
    ...createEventRooms({ placement, events }),
  };
}

export type BookingsService = ReturnType<typeof createBookingsService>;
export { CHECK_IN_OPENS_MINUTES };
export * as bookingsSchemas from "./bookings.schemas.js";
export type { BookingCharges } from "./charges.js";
export type { EventRoomRequest } from "./event-rooms.js";
export type { IcsEvent } from "./ics.js";
export type { BookingOut, AvailabilityOut, MyWeekOut, SpaceWeekOut } from "./bookings.schemas.js";
