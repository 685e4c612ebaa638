// The live events a booking write publishes once it has committed (collected as effects, see shared/tx.ts).
import type { DomainEvents, EventBus } from "../../events.js";
import type { Effect } from "../shared/tx.js";

export type BookingChange = DomainEvents["booking.changed"]["change"];

export function bookingEvents(bus: EventBus) {
  return {
    /** A resource's availability changed in [start, end). */
    changed(spaceId: string, resourceId: string, start: Date, end: Date, change: BookingChange): Effect {
      return () => bus.publish("booking.changed", { spaceId, resourceId, start: start.toISOString(), end: end.toISOString(), change });
    },
    /** Who is checked in at the space changed. */
    presence(spaceId: string): Effect {
      return () => bus.publish("presence.changed", { spaceId });
    },
  };
}

export type BookingEvents = ReturnType<typeof bookingEvents>;
