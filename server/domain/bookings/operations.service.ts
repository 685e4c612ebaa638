// Operators' work on a space that touches its bookings: closures, settings (capacity), taking a resource out of
// service (its bookings moved or cancelled), and the live "now" view.
import type { DB } from "../../../db/connect.js";
import type { Clock } from "../clock.js";
import { DomainError, notFound } from "../errors.js";
import type { NotificationsService } from "../notifications/index.js";
import { inTx, type Effect } from "../shared/tx.js";
import type { DeactivateInput, SpaceDetail, SpaceOut, SpacesService, SpaceUpdateInput } from "../spaces/index.js";
import { formatInstant } from "../time.js";
import * as repo from "./bookings.repository.js";
import type { ClosureInput, ClosureOut, ClosurePreviewQuery, ClosureUpdateInput, SpaceNowOut } from "./bookings.schemas.js";
import * as closureRepo from "./closures.repository.js";
import type { BookingEvents } from "./effects.js";
import { lockSpace, lockSpaceOfResource } from "./locks.repository.js";
import { bookingFacts, closureOut, isStaff, personAt, type Viewer } from "./model.js";
import { attempt, lockResources, resolveTimes, scopeFor, type Placement } from "./placement.js";
import { countWaitingInRange, dropWaitlistInRange } from "./waitlist.repository.js";

/** A closure lasts at most this long, and starts at most CLOSURE_MAX_AHEAD_DAYS ahead. */
export const CLOSURE_MAX_DAYS = 366;
export const CLOSURE_MAX_AHEAD_DAYS = 2 * 366;

export type OperationsDeps = {
  db: DB;
  clock: Clock;
  spaces: SpacesService;
  notifications: NotificationsService;
  placement: Placement;
  events: BookingEvents;
};

function requireStaff(viewer: Viewer, message: string) {
  if (!isStaff(viewer)) throw new DomainError("forbidden", message);
}

export function createOperations({ db, clock, spaces, notifications, placement, events }: OperationsDeps) {
  /** A closure lasts at most a year, starts at most two years ahead and has not ended yet. */
  function checkClosure(slot: { start: Date; end: Date }) {
    const now = clock.now().getTime();
    if (slot.end.getTime() <= now) throw new DomainError("in_the_past", "That closure would already be over.");
    if (slot.end.getTime() - slot.start.getTime() > CLOSURE_MAX_DAYS * 86_400_000) {
      throw new DomainError("rule_violation", `A closure lasts at most ${CLOSURE_MAX_DAYS} days.`, { rule: "closureMaxDays", limit: CLOSURE_MAX_DAYS });
    }
    if (slot.start.getTime() - now > CLOSURE_MAX_AHEAD_DAYS * 86_400_000) {
      throw new DomainError("rule_violation", `A closure starts at most ${CLOSURE_MAX_AHEAD_DAYS} days ahead.`, {
        rule: "closureMaxAheadDays",
        limit: CLOSURE_MAX_AHEAD_DAYS,
      });
    }
  }

  /**
   * Cancels the active bookings a closure covers and drops the waits inside, telling each member, in the
   * closure's transaction (the caller holds the space's row exclusively). Returns how many were cancelled.
   */
  async function cancelForClosure(trx: DB, space: SpaceDetail, closureId: string, slot: { start: Date; end: Date }, reason: string, effects: Effect[]) {
    const affected = await repo.activeBookingsInRange(trx, space.id, slot.start, slot.end);
    await repo.setStatus(
      trx,
      affected.map((b) => b.id),
      "cancelled",
      { cancelledAt: clock.now(), reason: "closure" },
    );
    await dropWaitlistInRange(trx, space.id, slot.start, slot.end);
    for (const b of affected) {
      effects.push(events.changed(space.id, b.resource_id, new Date(b.start), new Date(b.end), "cancelled"));
      effects.push(
        await notifications.notify(trx, b.member_id, {
          kind: "booking_cancelled",
          data: { ...bookingFacts(b), reason: "closure", count: 1, closureReason: reason, closureId },
        }),
      );
    }
    if (affected.some((b) => b.status === "checked_in")) effects.push(events.presence(space.id));
    return affected.length;
  }

  return {
    /** Operator: close a space for a while; cancels the bookings inside in one transaction and tells their owners. */
    async closeSpace(viewer: Viewer, spaceId: string, input: ClosureInput): Promise<{ id: string; cancelledBookings: number }> {
      requireStaff(viewer, "Only operators can close a space.");
      return placement.writeTx(undefined, async (trx, effects) => {
        // Exclusive on the space's row: no booking can be checking its rules beside a new closure.
        if (!(await lockSpace(trx, spaceId, "update"))) throw notFound("Space");
        const space = await spaces.detail(spaceId, trx);
        const slot = resolveTimes(space, input.start, input.end);
        checkClosure(slot);
        const closure = await closureRepo.insertClosure(trx, { spaceId, start: slot.start, end: slot.end, reason: input.reason, createdBy: viewer.id });
        const cancelled = await cancelForClosure(trx, space, closure.id, slot, input.reason, effects);
        return { id: closure.id, cancelledBookings: cancelled };
      });
    },

    /** Operator: a space's closures that have not ended (soonest first), or past ones (latest first). */
    async closures(viewer: Viewer, spaceId: string, when: "upcoming" | "past" = "upcoming"): Promise<ClosureOut[]> {
      requireStaff(viewer, "Only operators can see a space's closures.");
      const space = await spaces.detail(spaceId);
      return (await closureRepo.listClosures(db, spaceId, clock.now(), when)).map((c) => closureOut(c, space.timezone));
    },

    /**
     * Operator: change a closure's times or reason. Bookings the new times cover are cancelled and their members
     * told, as when it was created; what it no longer covers is not given back (cancelled bookings stay cancelled).
     */
    async updateClosure(viewer: Viewer, closureId: string, input: ClosureUpdateInput): Promise<{ closure: ClosureOut; cancelledBookings: number }> {
      requireStaff(viewer, "Only operators can change closures.");
      return placement.writeTx(undefined, async (trx, effects) => {
        const peek = await closureRepo.findClosure(trx, closureId);
        if (!peek) throw notFound("Closure");
        await lockSpace(trx, peek.space_id, "update");
        const space = await spaces.detail(peek.space_id, trx);
        const current = await closureRepo.findClosure(trx, closureId);
        if (!current) throw notFound("Closure");
        const slot = resolveTimes(
          space,
          input.start ?? formatInstant(new Date(current.start), space.timezone),
          input.end ?? formatInstant(new Date(current.end), space.timezone),
        );
        const reason = input.reason ?? current.reason;
        const moved = slot.start.getTime() !== new Date(current.start).getTime() || slot.end.getTime() !== new Date(current.end).getTime();
        if (moved) checkClosure(slot);
        if (!moved && reason === current.reason) return { closure: closureOut(current, space.timezone), cancelledBookings: 0 };
        await closureRepo.updateClosure(trx, closureId, { start: slot.start, end: slot.end, reason });
        const cancelled = moved ? await cancelForClosure(trx, space, closureId, slot, reason, effects) : 0;
        return { closure: closureOut((await closureRepo.findClosure(trx, closureId))!, space.timezone), cancelledBookings: cancelled };
      });
    },

    /** Operator: remove a closure. The space takes bookings then again; nothing it cancelled comes back. */
    async removeClosure(viewer: Viewer, closureId: string): Promise<void> {
      requireStaff(viewer, "Only operators can remove closures.");
      await placement.writeTx(undefined, async (trx) => {
        const peek = await closureRepo.findClosure(trx, closureId);
        if (!peek) throw notFound("Closure");
        await lockSpace(trx, peek.space_id, "update");
        await closureRepo.deleteClosure(trx, closureId);
      });
    },

    /** Operator: what a closure of [start, end) would cancel, before confirming it. */
    async previewClosure(viewer: Viewer, spaceId: string, query: ClosurePreviewQuery) {
      requireStaff(viewer, "Only operators can close a space.");
      const space = await spaces.detail(spaceId);
      const slot = resolveTimes(space, query.start, query.end);
      checkClosure(slot);
      const rows = await repo.peopleInRange(db, spaceId, slot.start, slot.end);
      return {
        start: formatInstant(slot.start, space.timezone),
        end: formatInstant(slot.end, space.timezone),
        bookings: rows.map((r) => personAt(r, space.timezone)),
        waitlisted: await countWaitingInRange(db, spaceId, slot.start, slot.end),
      };
    },

    /**
     * Operator: change a space's settings. A capacity below what is already booked from now on is refused with
     * `capacity_reached` (with the peak and when), unless `acceptOverCapacity`; then it is saved and reported.
     */
    async updateSpace(viewer: Viewer, spaceId: string, input: SpaceUpdateInput): Promise<{ space: SpaceOut; overCapacity: { peak: number; at: string } | null }> {
      requireStaff(viewer, "Only operators can change a space.");
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
      requireStaff(viewer, "Only operators can change resources.");
      return placement.writeTx(undefined, async (trx, effects) => {
        // Exclusive on the space's row: a booking that locked it first is seen below (and moved or cancelled);
        // one that comes later waits and then finds the resource inactive.
        if (!(await lockSpaceOfResource(trx, resourceId, "update"))) throw notFound("Resource");
        const resource = await spaces.resource(resourceId, trx);
        const space = await spaces.detail(resource.spaceId, trx);
        const write = await scopeFor(trx, space, { manyResources: true });
        await spaces.setActive(resourceId, false, trx);
        const now = clock.now();
        let moved = 0;
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
            moved++;
            effects.push(events.changed(space.id, resourceId, start, end, "moved"), events.changed(space.id, to.id, start, end, "moved"));
            effects.push(
              await notifications.notify(trx, b.member_id, {
                kind: "booking_moved",
                data: { ...bookingFacts(b), resourceId: to.id, resourceName: to.name, fromResourceId: b.resource_id, fromResourceName: b.resource_name },
              }),
            );
          } else {
            cancelled.push(b.id);
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
        return { moved, cancelled: cancelled.length };
      });
    },

    /** Operator: the space right now — occupancy against capacity, who is in, who is expected, who arrives soon. */
    async now(viewer: Viewer, spaceId: string): Promise<SpaceNowOut> {
      requireStaff(viewer, "Only operators can see the live view.");
      const space = await spaces.detail(spaceId);
      const now = clock.now();
      const inAnHour = new Date(now.getTime() + 3_600_000);
      const rows = await repo.peopleInRange(db, spaceId, now, inAnHour);
      const current = rows.filter((r) => new Date(r.start) <= now);
      return {
        spaceId,
        timezone: space.timezone,
        at: formatInstant(now, space.timezone),
        capacity: space.capacity,
        occupancy: current.length,
        checkedIn: current.filter((r) => r.status === "checked_in").map((r) => personAt(r, space.timezone)),
        expected: current.filter((r) => r.status === "confirmed").map((r) => personAt(r, space.timezone)),
        arrivals: rows.filter((r) => new Date(r.start) > now).map((r) => personAt(r, space.timezone)),
      };
    },
  };
}
