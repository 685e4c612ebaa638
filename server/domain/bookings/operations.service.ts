// Operators' work on a space that touches its bookings: settings (capacity), taking a resource out of service (its
// bookings moved or cancelled), and the live "now" view. Closures are closures.service.ts.
import type { DB } from "../../../db/connect.js";
import type { Clock } from "../clock.js";
import { DomainError, notFound } from "../errors.js";
import { noWebhooks, type WebhookEmitter } from "../messaging/index.js";
import type { ReachHooks } from "../messaging/reach.service.js";
import type { NotificationsService } from "../notifications/index.js";
import { inTx } from "../shared/tx.js";
import type { DeactivateInput, SpaceOut, SpacesService, SpaceUpdateInput } from "../spaces/index.js";
import { formatInstant } from "../time.js";
import * as repo from "./bookings.repository.js";
import type { SpaceNowOut } from "./bookings.schemas.js";
import { noCharges, refundUnstarted, type BookingCharges } from "./charges.js";
import type { BookingEvents } from "./effects.js";
import { lockSpace, lockSpaceOfResource } from "./locks.repository.js";
import { bookingFacts, personAt, type Viewer } from "./model.js";
import { attempt, lockResources, scopeFor, type Placement } from "./placement.js";

export type OperationsDeps = {
  db: DB;
  clock: Clock;
  spaces: SpacesService;
  notifications: NotificationsService;
  placement: Placement;
  events: BookingEvents;
  charges?: BookingCharges;
  webhooks?: WebhookEmitter;
  /** A moved booking's reminder for its new resource. */
  reach?: Pick<ReachHooks, "moved">;
};

export function createOperations({ db, clock, spaces, notifications, placement, events, charges = noCharges, webhooks = noWebhooks, reach }: OperationsDeps) {
  return {
    /**
     * Operator: change a space's settings. A capacity below what is already booked from now on is refused with
     * `capacity_reached` (with the peak and when), unless `acceptOverCapacity`; then it is saved and reported.
     */
    async updateSpace(viewer: Viewer, spaceId: string, input: SpaceUpdateInput): Promise<{ space: SpaceOut; overCapacity: { peak: number; at: string } | null }> {
      await spaces.requireOperator(viewer, spaceId);
      const overCapacity = await inTx(db, undefined, async (trx) => {
        await lockSpace(trx, spaceId, "update");
        const space = await spaces.detail(spaceId, trx);
        let report: { peak: number; at: string } | null = null;
        if (typeof input.capacity === "number") {
          const { peak, at } = await repo.peakOccupancy(trx, spaceId, clock.now(), null);
          if (peak > input.capacity && at) {
            report = { peak, at: formatInstant(at, input.timezone ?? space.timezone) };
            if (!input.acceptOverCapacity) {
              throw new DomainError(
                "capacity_reached",
                `${peak} people are already booked at ${report.at}; a capacity of ${input.capacity} is below that.`,
                report,
              );
            }
          }
        }
        await spaces.update(spaceId, input, trx);
        return report;
      });
      return { space: await spaces.get(spaceId), overCapacity };
    },

    /**
     * Operator: stop a resource taking bookings. Its confirmed future bookings are moved to a free resource of the
     * same kind (same zone first) or cancelled, as the operator chose; either way their members are told.
     */
    async deactivateResource(viewer: Viewer, resourceId: string, input: DeactivateInput): Promise<{ moved: number; cancelled: number }> {
      return placement.writeTx(undefined, async (trx, effects) => {
        // Exclusive on the space's row: a booking that locked it first is seen below (and moved or cancelled);
        // one that comes later waits and then finds the resource inactive.
        if (!(await lockSpaceOfResource(trx, resourceId, "update"))) throw notFound("Resource");
        const resource = await spaces.resource(resourceId, trx);
        // A resource of a space the viewer does not run does not exist for them.
        if (!(await spaces.runs(viewer, resource.spaceId, trx))) throw notFound("Resource");
        const space = await spaces.detail(resource.spaceId, trx);
        const write = await scopeFor(trx, space, { manyResources: true });
        await spaces.setActive(resourceId, false, trx);
        const now = clock.now();
        const moved: string[] = [];
        const cancelled: string[] = [];
        const future = await repo.futureBookingsOf(trx, resourceId, now);
        await lockResources(write, [resourceId]);
        for (const b of future) {
          const start = new Date(b.start);
          const end = new Date(b.end);
          let to: { id: string; name: string } | null = null;
          if (input.futureBookings === "move") {
            const free = await repo.freeResources(trx, space.id, resource.kind, start, end);
            const sameZoneFirst = [...free.filter((r) => r.zone === resource.zone), ...free.filter((r) => r.zone !== resource.zone)];
            for (const candidate of sameZoneFirst) {
              await lockResources(write, [candidate.id]);
              if (await attempt(trx, () => repo.moveBooking(trx, b.id, candidate.id, start, end))) {
                to = candidate;
                break;
              }
            }
          }
          if (to) {
            moved.push(b.id);
            effects.push(events.changed(space.id, resourceId, start, end, "moved"), events.changed(space.id, to.id, start, end, "moved"));
            effects.push(
              await notifications.notify(trx, b.member_id, {
                kind: "booking_moved",
                data: { ...bookingFacts(b), resourceId: to.id, resourceName: to.name, fromResourceId: b.resource_id, fromResourceName: b.resource_name },
              }),
            );
          } else {
            cancelled.push(b.id);
            await webhooks.emit(trx, "booking.cancelled", { bookingId: b.id, spaceId: b.space_id, resourceId: b.resource_id, memberId: b.member_id });
            effects.push(events.changed(space.id, resourceId, start, end, "cancelled"));
            effects.push(
              await notifications.notify(trx, b.member_id, {
                kind: "booking_cancelled",
                data: { ...bookingFacts(b), reason: "resource_deactivated", count: 1 },
              }),
            );
          }
        }
        await repo.setStatus(trx, cancelled, "cancelled", { cancelledAt: now, reason: "resource_deactivated" });
        await refundUnstarted(charges, trx, future.filter((b) => cancelled.includes(b.id)), now);
        await reach?.moved(trx, moved);
        return { moved: moved.length, cancelled: cancelled.length };
      });
    },

    /** Operator: the space right now — occupancy against capacity, who is in, who is expected, who arrives soon. */
    async now(viewer: Viewer, spaceId: string): Promise<SpaceNowOut> {
      await spaces.requireOperator(viewer, spaceId);
      const space = await spaces.detail(spaceId);
      const now = clock.now();
      const inAnHour = new Date(now.getTime() + 3_600_000);
      // Someone who checked out has left, though their booking runs to the next grid time.
      const rows = (await repo.peopleInRange(db, spaceId, now, inAnHour)).filter((r) => !r.checked_out_at);
      // Here now: bookings that have begun, and those checked in early (from 15 minutes before their start).
      const current = rows.filter((r) => new Date(r.start) <= now || r.status === "checked_in");
      return {
        spaceId,
        timezone: space.timezone,
        at: formatInstant(now, space.timezone),
        capacity: space.capacity,
        occupancy: current.length,
        checkedIn: current.filter((r) => r.status === "checked_in").map((r) => personAt(r, space.timezone)),
        expected: current.filter((r) => r.status === "confirmed").map((r) => personAt(r, space.timezone)),
        arrivals: rows.filter((r) => !current.includes(r)).map((r) => personAt(r, space.timezone)),
      };
    },
  };
}
