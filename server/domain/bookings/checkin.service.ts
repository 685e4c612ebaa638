// Arriving: check-in (in the app or by a desk's QR code), walk-ins, who is here, and the no-show job that releases
// bookings nobody checked in to.
import type { DB } from "../../../db/connect.js";
import type { Clock } from "../clock.js";
import { DomainError, notFound } from "../errors.js";
import { photoUrl } from "../network/index.js";
import { noWebhooks, type WebhookEmitter } from "../messaging/index.js";
import type { NotificationsService } from "../notifications/index.js";
import type { Effect } from "../shared/tx.js";
import type { ResourceOut, SpaceDetail, SpacesService } from "../spaces/index.js";
import { formatInstant, localDate, localTime, minutesBetween } from "../time.js";
import * as repo from "./bookings.repository.js";
import type { BookingOut, PresenceOut } from "./bookings.schemas.js";
import { loadBooking } from "./bookings.service.js";
import { openInterval, snapUp } from "./day-view.js";
import type { BookingEvents } from "./effects.js";
import { lockResource, lockSpacesSkippingBusy } from "./locks.repository.js";
import { bookingFacts, CHECK_IN_OPENS_MINUTES, toOut, type Viewer } from "./model.js";
import { lockResources, scopeFor, type Placement, type Scope } from "./placement.js";
import type { Waitlist } from "./waitlist.service.js";
import { expireWaitlistBefore } from "./waitlist.repository.js";

export type CheckInDeps = {
  db: DB;
  clock: Clock;
  spaces: SpacesService;
  notifications: NotificationsService;
  placement: Placement;
  waitlist: Waitlist;
  events: BookingEvents;
  webhooks?: WebhookEmitter;
};

type ScanOutcome =
  | { outcome: "check_in"; booking: BookingOut }
  | { outcome: "checked_in"; booking: BookingOut }
  | { outcome: "free"; resource: ResourceOut; spaceName: string; until: string; timezone: string }
  | { outcome: "busy"; resource: ResourceOut; spaceName: string; timezone: string };

export function createCheckIn({ db, clock, spaces, notifications, placement, waitlist, events, webhooks = noWebhooks }: CheckInDeps) {
  /** Owner check-in in the half-open window [start − 15 min, start + grace); the no-show job takes over at its end. */
  async function checkIn(viewer: Viewer, id: string): Promise<BookingOut> {
    return placement.writeTx(undefined, async (trx, effects) => {
      const row = await loadBooking(trx, id, viewer, { staffMay: false, lock: true });
      if (row.status === "checked_in") return toOut(row);
      if (row.status !== "confirmed" || row.checked_out_at) throw new DomainError("rule_violation", "This booking is no longer active.", { reason: "booking_inactive" });
      const now = clock.now().getTime();
      const start = new Date(row.start).getTime();
      if (now < start - CHECK_IN_OPENS_MINUTES * 60_000) {
        throw new DomainError("rule_violation", `Check-in opens ${CHECK_IN_OPENS_MINUTES} minutes before the start.`, { reason: "check_in_not_open", minutes: CHECK_IN_OPENS_MINUTES });
      }
      if (now >= start + row.check_in_grace_minutes * 60_000) {
        throw new DomainError("rule_violation", "The check-in window has closed.", { reason: "check_in_closed" });
      }
      // The status change rewrites the row into the exclusion constraint: under the resource's lock, like every
      // write there (lock order: booking row, then resource).
      await lockResource(trx, row.resource_id);
      await repo.setStatus(trx, [id], "checked_in", { checkedInAt: clock.now() });
      await webhooks.emit(trx, "booking.checked_in", { bookingId: row.id, spaceId: row.space_id, resourceId: row.resource_id, memberId: row.member_id });
      effects.push(events.changed(row.space_id, row.resource_id, new Date(row.start), new Date(row.end), "checked_in"));
      effects.push(events.presence(row.space_id));
      return toOut((await repo.findBooking(trx, id))!);
    });
  }

  /** How long a walk-in on this desk may last from now: until closing, the next booking, or the max length. */
  async function walkInEnd(resource: ResourceOut, space: SpaceDetail, tx: DB = db): Promise<Date | null> {
    const now = clock.now();
    const open = openInterval(space, localDate(now, space.timezone));
    if (!open || now < open.start || now >= open.end) return null;
    let end = new Date(Math.min(open.end.getTime(), now.getTime() + space.rules.maxBookingMinutes * 60_000));
    const busy = (await repo.activeInSpace(tx, space.id, now, end)).filter((b) => b.resource_id === resource.id);
    for (const b of busy) {
      const s = new Date(b.start);
      if (s <= now) return null;
      if (s < end) end = s;
    }
    return minutesBetween(now, end) >= 15 ? end : null;
  }

  /**
   * The QR code on a desk, read-only: the member's booking there that can be checked in now (or already is),
   * or whether the desk is free now (then `walkIn` books it from now). Checking in is a POST (`checkInAt`).
   */
  async function scan(viewer: Viewer, token: string): Promise<ScanOutcome> {
    const resource = await spaces.resourceByToken(token);
    const space = await spaces.detail(resource.spaceId);
    const now = clock.now();
    const soon = new Date(now.getTime() + CHECK_IN_OPENS_MINUTES * 60_000);
    const mine = (await repo.listMemberBookings(db, viewer.id, now, soon, 20)).find(
      (b) =>
        b.resource_id === resource.id &&
        (b.status === "checked_in" || (b.status === "confirmed" && now.getTime() < new Date(b.start).getTime() + b.check_in_grace_minutes * 60_000)),
    );
    if (mine) return mine.status === "checked_in" ? { outcome: "checked_in", booking: toOut(mine) } : { outcome: "check_in", booking: toOut(mine) };
    const until = await walkInEnd(resource, space);
    if (!until || !resource.active) return { outcome: "busy", resource, spaceName: space.name, timezone: space.timezone };
    return { outcome: "free", resource, spaceName: space.name, until: formatInstant(until, space.timezone), timezone: space.timezone };
  }

  /**
   * Ends a begun booking now (check-out; owner or staff): its end becomes the first grid time at or after now (the
   * grid of its start's day, from the opening time), so the rest of the slot is freed on the grid others book on;
   * the freed part is announced as a cancel is and offered to the waitlist. Before the start: nothing was used, so
   * it is refused (cancel instead). Checking out twice answers the booking as it is.
   */
  async function checkOut(viewer: Viewer, id: string): Promise<BookingOut> {
    return placement.writeTx(undefined, async (trx, effects) => {
      const peek = await repo.findBooking(trx, id);
      if (!peek) throw notFound("Booking");
      // Lock order: space row, the space's write lock (the freed time may go to a waiting member), the booking row,
      // then its resource.
      const write = await scopeFor(trx, await placement.lockSpaceShared(trx, peek.space_id), { manyResources: true });
      const row = await loadBooking(trx, id, viewer, { staffMay: true, lock: true });
      if (row.checked_out_at) return toOut(row);
      if (row.status !== "confirmed" && row.status !== "checked_in") {
        throw new DomainError("rule_violation", "This booking is no longer active.", { reason: "booking_inactive" });
      }
      const now = clock.now();
      const start = new Date(row.start);
      const end = new Date(row.end);
      if (now.getTime() <= start.getTime()) {
        throw new DomainError("rule_violation", "This booking has not started yet: cancel it instead.", {
          reason: "check_out_not_started",
          start: formatInstant(start, row.timezone),
          time: localTime(start, row.timezone),
        });
      }
      if (now.getTime() >= end.getTime()) throw new DomainError("rule_violation", "This booking has already ended.", { reason: "booking_ended" });
      const open = openInterval(write.space, localDate(start, write.space.timezone));
      const cut = new Date(Math.min(end.getTime(), snapUp(now.getTime(), open ?? { start })));
      await lockResources(write, [row.resource_id]);
      await repo.endEarly(trx, id, cut, now);
      if (cut.getTime() < end.getTime()) {
        effects.push(events.changed(row.space_id, row.resource_id, cut, end, "cancelled"));
        await waitlist.promoteWaitlist(write, row.resource_id, cut, end, effects);
      }
      if (row.status === "checked_in") effects.push(events.presence(row.space_id));
      return toOut((await repo.findBooking(trx, id))!);
    });
  }

  return {
    checkIn,
    checkOut,
    scan,
    walkInEnd,

    /** Checks in the member's booking on the desk behind a QR code. */
    async checkInAt(viewer: Viewer, token: string): Promise<BookingOut> {
      const found = await scan(viewer, token);
      if (found.outcome === "checked_in") return found.booking;
      if (found.outcome !== "check_in") throw new DomainError("rule_violation", "You have no booking to check in here now.", { reason: "no_booking_here_now" });
      return checkIn(viewer, found.booking.id);
    },

    async walkIn(viewer: Viewer, token: string): Promise<BookingOut> {
      const { id: resourceId } = await spaces.resourceByToken(token);
      return placement.writeTx(undefined, async (trx, effects) => {
        // Lock, then read: the desk and its space as they are now (deactivated, hours changed, capacity set).
        const { resource, space } = await placement.lockResourceSpaceShared(trx, resourceId);
        const write = await scopeFor(trx, space, { manyResources: false, desk: resource.kind === "desk" });
        const end = resource.active ? await walkInEnd(resource, space, trx) : null;
        if (!end) throw new DomainError("booking_conflict", `${resource.name} is not free now.`, { reason: "not_free_now", resourceName: resource.name });
        const start = clock.now();
        await placement.checkRules(write, start, end, { walkIn: true });
        const placed = await placement.place(write, { resource }, { start, end }, { memberId: viewer.id, checkedIn: true });
        await webhooks.emit(trx, "booking.checked_in", { bookingId: placed.id, spaceId: placed.space_id, resourceId: placed.resource_id, memberId: placed.member_id });
        effects.push(events.changed(space.id, resource.id, start, end, "checked_in"));
        effects.push(events.presence(space.id));
        return toOut(placed);
      });
    },

    async presence(spaceId: string): Promise<PresenceOut> {
      if (!(await spaces.exists(spaceId))) throw notFound("Space");
      const rows = await repo.presentMembers(db, spaceId, clock.now());
      return {
        items: rows.map((r) => ({
          member: { id: r.id, name: r.name, headline: r.headline, photoUrl: photoUrl(r.id, r.photo_version, "thumb") },
          since: new Date(r.since).toISOString(),
        })),
      };
    },

    /** Job: bookings not checked in by the end of the grace period become no-shows and free their slot. */
    async releaseNoShows(trx: DB): Promise<{ released: number; effects: Effect[] }> {
      const effects: Effect[] = [];
      const now = clock.now();
      // The lock order across spaces: their rows (id order; one being closed or changed right now waits for the
      // next tick), their write locks (id order), the due bookings, then their resources.
      const held = await lockSpacesSkippingBusy(trx, await repo.spacesWithDueNoShows(trx, now));
      const scopes = new Map<string, Scope>();
      for (const spaceId of held) scopes.set(spaceId, await scopeFor(trx, await spaces.detail(spaceId, trx), { manyResources: true }));
      const due = await repo.dueNoShows(trx, now, held);
      for (const d of due) await lockResources(scopes.get(d.space_id)!, [d.resource_id]);
      await repo.setStatus(
        trx,
        due.map((d) => d.id),
        "no_show",
      );
      for (const d of due) {
        const start = new Date(d.start);
        const end = new Date(d.end);
        effects.push(events.changed(d.space_id, d.resource_id, start, end, "released"));
        effects.push(await notifications.notify(trx, d.member_id, { kind: "booking_released", data: bookingFacts(d) }));
        await waitlist.promoteWaitlist(scopes.get(d.space_id)!, d.resource_id, clock.now() > start ? clock.now() : start, end, effects);
      }
      await expireWaitlistBefore(trx, clock.now());
      return { released: due.length, effects };
    },
  };
}
