// A room booked for a community event (issue 16): the community context books it inside its own transaction, so the
// event and its room's bookings land together or not at all. The same locks and exclusion constraint as any booking:
// a taken room is 409 booking_conflict. Booking rules made for members (longest booking, how far ahead) do not
// bind the space's own staff planning an event; the room must be one of the event's space and active.
import type { DB } from "../../../db/connect.js";
import { notFound } from "../errors.js";
import type { Effect } from "../shared/tx.js";
import type { BookingEvents } from "./effects.js";
import { scopeFor, type Placement } from "./placement.js";

export type EventRoomRequest = {
  spaceId: string;
  resourceId: string;
  /** Who books it (the event's creator). */
  memberId: string;
  /** The event's title, as the booking's note. */
  note: string;
  seriesId?: string | null;
  slots: Array<{ start: Date; end: Date }>;
};

export function createEventRooms({ placement, events }: { placement: Placement; events: BookingEvents }) {
  return {
    /** Books the room for every slot in `trx` (the caller's transaction); the booking ids in slot order. */
    async bookRoomForEvent(trx: DB, effects: Effect[], req: EventRoomRequest): Promise<string[]> {
      const { resource, space } = await placement.lockResourceSpaceShared(trx, req.resourceId);
      if (space.id !== req.spaceId || !resource.active || resource.kind === "desk") throw notFound("Resource");
      const scope = await scopeFor(trx, space, { manyResources: false });
      const ids: string[] = [];
      for (const slot of req.slots) {
        const row = await placement.place(scope, { resource }, slot, { memberId: req.memberId, seriesId: req.seriesId, note: req.note });
        ids.push(row.id);
        effects.push(events.changed(space.id, resource.id, slot.start, slot.end, "created"));
      }
      return ids;
    },
  };
}
