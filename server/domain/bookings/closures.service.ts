// A space's closures: create (cancelling what they cover, with notices), list, edit, remove, and the preview of
// what a closure would cancel. Every write holds the space's row exclusively, like settings and deactivation.
import type { DB } from "../../../db/connect.js";
import type { Clock } from "../clock.js";
import { DomainError, notFound } from "../errors.js";
import { noWebhooks, type WebhookEmitter } from "../messaging/index.js";
import type { NotificationsService } from "../notifications/index.js";
import type { Effect } from "../shared/tx.js";
import type { SpaceDetail, SpacesService } from "../spaces/index.js";
import { formatInstant } from "../time.js";
import * as repo from "./bookings.repository.js";
import type { ClosureInput, ClosureOut, ClosurePreviewQuery, ClosureUpdateInput } from "./bookings.schemas.js";
import * as closureRepo from "./closures.repository.js";
import { noCharges, refundUnstarted, type BookingCharges } from "./charges.js";
import type { BookingEvents } from "./effects.js";
import { lockSpace } from "./locks.repository.js";
import { bookingFacts, closureOut, personAt, type Viewer } from "./model.js";
import { resolveTimes, type Placement } from "./placement.js";
import { countWaitingInRange, dropWaitlistInRange } from "./waitlist.repository.js";

/** A closure lasts at most this long, and starts at most CLOSURE_MAX_AHEAD_DAYS ahead. */
export const CLOSURE_MAX_DAYS = 366;
export const CLOSURE_MAX_AHEAD_DAYS = 2 * 366;

export type ClosuresDeps = {
  db: DB;
  clock: Clock;
  spaces: SpacesService;
  notifications: NotificationsService;
  placement: Placement;
  events: BookingEvents;
  charges?: BookingCharges;
  webhooks?: WebhookEmitter;
};

export function createClosures({ db, clock, spaces, notifications, placement, events, charges = noCharges, webhooks = noWebhooks }: ClosuresDeps) {
  /** A closure lasts at most a year, starts at most two years ahead and has not ended yet. */
  function checkClosure(slot: { start: Date; end: Date }) {
    const now = clock.now().getTime();
    if (slot.end.getTime() <= now) throw new DomainError("in_the_past", "That closure would already be over.", { reason: "closure_over" });
    if (slot.end.getTime() - slot.start.getTime() > CLOSURE_MAX_DAYS * 86_400_000) {
      throw new DomainError("rule_violation", `A closure lasts at most ${CLOSURE_MAX_DAYS} days.`, { reason: "closure_max_days", rule: "closureMaxDays", limit: CLOSURE_MAX_DAYS, maxDays: CLOSURE_MAX_DAYS });
    }
    if (slot.start.getTime() - now > CLOSURE_MAX_AHEAD_DAYS * 86_400_000) {
      throw new DomainError("rule_violation", `A closure starts at most ${CLOSURE_MAX_AHEAD_DAYS} days ahead.`, {
        reason: "closure_max_ahead_days", rule: "closureMaxAheadDays", limit: CLOSURE_MAX_AHEAD_DAYS, maxDays: CLOSURE_MAX_AHEAD_DAYS,
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
    // What the closure cancels before it began is given back.
    await refundUnstarted(charges, trx, affected, clock.now());
    await dropWaitlistInRange(trx, space.id, slot.start, slot.end);
    for (const b of affected) {
      effects.push(events.changed(space.id, b.resource_id, new Date(b.start), new Date(b.end), "cancelled"));
      await webhooks.emit(trx, "booking.cancelled", { bookingId: b.id, spaceId: b.space_id, resourceId: b.resource_id, memberId: b.member_id });
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
      await spaces.requireOperator(viewer, spaceId);
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
      await spaces.requireOperator(viewer, spaceId);
      const space = await spaces.detail(spaceId);
      return (await closureRepo.listClosures(db, spaceId, clock.now(), when)).map((c) => closureOut(c, space.timezone));
    },

    /**
     * Operator: change a closure's times or reason. Bookings the new times cover are cancelled and their members
     * told, as when it was created; what it no longer covers is not given back (cancelled bookings stay cancelled).
     */
    async updateClosure(viewer: Viewer, closureId: string, input: ClosureUpdateInput): Promise<{ closure: ClosureOut; cancelledBookings: number }> {
      return placement.writeTx(undefined, async (trx, effects) => {
        const peek = await closureRepo.findClosure(trx, closureId);
        // A closure of a space the viewer does not run does not exist for them.
        if (!peek || !(await spaces.runs(viewer, peek.space_id, trx))) throw notFound("Closure");
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
      await placement.writeTx(undefined, async (trx) => {
        const peek = await closureRepo.findClosure(trx, closureId);
        if (!peek || !(await spaces.runs(viewer, peek.space_id, trx))) throw notFound("Closure");
        await lockSpace(trx, peek.space_id, "update");
        await closureRepo.deleteClosure(trx, closureId);
      });
    },

    /** Operator: what a closure of [start, end) would cancel, before confirming it. */
    async previewClosure(viewer: Viewer, spaceId: string, query: ClosurePreviewQuery) {
      await spaces.requireOperator(viewer, spaceId);
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
  };
}
