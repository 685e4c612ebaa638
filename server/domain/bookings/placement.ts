// Placing a booking: the write's transaction and locks (in the order locks.repository describes), the rules and
// opening-hours check, and putting the booking on a resource (the exclusion constraint decides who wins).
import type { DB } from "../../../db/connect.js";
import type { ResourceKind } from "../../../db/schema.js";
import type { Clock } from "../clock.js";
import { DomainError, isDeadlock, isExclusionViolation, notFound } from "../errors.js";
import { noWebhooks, type WebhookEmitter } from "../messaging/index.js";
import type { OuterTx } from "../shared/idempotency.js";
import { inTx, withSavepoint, type Effect } from "../shared/tx.js";
import type { ResourceOut, SpaceDetail, SpacesService } from "../spaces/index.js";
import { localDate, localToInstant, minutesBetween, resolveTimes, weekdayOf } from "../time.js";
import * as repo from "./bookings.repository.js";
import { closuresOverlapping } from "./closures.repository.js";
import { openInterval } from "./day-view.js";
import * as locks from "./locks.repository.js";

/**
 * The locks one booking write holds: the space row first (the caller), then the space's write lock when
 * `serialized`, then booking rows, then one lock per resource written. The space is read after its row lock, so
 * hours, rules, capacity and `active` are the current ones.
 */
export type Scope = { trx: DB; space: SpaceDetail; serialized: boolean; resources: Set<string> };

/** A resource, or the first free one of a kind (and zone). */
export type Target = { resource: ResourceOut } | { kind: ResourceKind; zone?: string };

export type PlacementDeps = { db: DB; clock: Clock; spaces: SpacesService; webhooks?: WebhookEmitter };

/** booking_conflict before its alternatives are known (see writeTx). */
class SlotTaken extends DomainError {
  constructor(
    message: string,
    readonly slot: { spaceId: string; kind: ResourceKind; start: Date; end: Date },
  ) {
    super("booking_conflict", message);
  }
}

/** A taken slot. Its free alternatives are looked up by writeTx once the write's locks are released. */
export function conflict(space: SpaceDetail, kind: ResourceKind, start: Date, end: Date, message: string): DomainError {
  return new SlotTaken(message, { spaceId: space.id, kind, start, end });
}

/** Start and end from outside, end after start (the one time module's resolveTimes: quotes parse the same way). */
export { resolveTimes };

/**
 * Opens a write scope on a space whose row the caller has locked. `desk`: the write may put a member on a desk,
 * which under the space's "one desk per member" rule must be checked against that member's other desks under the
 * space's write lock (two requests of one member for two different desks hold different resource locks).
 */
export async function scopeFor(trx: DB, space: SpaceDetail, opts: { manyResources: boolean; desk?: boolean }): Promise<Scope> {
  const serialized = opts.manyResources || space.capacity !== null || (Boolean(opts.desk) && space.rules.oneDeskPerMember);
  if (serialized) await locks.lockSpaceWrites(trx, space.id);
  return { trx, space, serialized, resources: new Set() };
}

/** Locks resources for writing (once each). Without the space's write lock a write may lock only one. */
export async function lockResources(scope: Scope, ids: string[]) {
  const todo = [...new Set(ids)].filter((id) => !scope.resources.has(id)).sort();
  if (!scope.serialized && scope.resources.size + todo.length > 1) {
    throw new Error("Locking a second resource needs the space's write lock (lock order).");
  }
  for (const id of todo) {
    await locks.lockResource(scope.trx, id);
    scope.resources.add(id);
  }
}

/**
 * Runs one write under a savepoint so a conflict leaves the surrounding transaction usable; returns false on an
 * exclusion violation. The caller holds the resource's lock, so the only conflict left is a committed booking.
 */
export async function attempt(trx: DB, write: () => Promise<unknown>): Promise<boolean> {
  try {
    await withSavepoint(trx, write);
    return true;
  } catch (error) {
    if (isExclusionViolation(error)) return false;
    throw error;
  }
}

function shuffle<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

async function tryInsert(scope: Scope, values: Parameters<typeof repo.insertBooking>[1]): Promise<repo.BookingRow | null> {
  await lockResources(scope, [values.resourceId]);
  return (await repo.insertBooking(scope.trx, values)) ?? null;
}

export function createPlacement({ db, clock, spaces, webhooks = noWebhooks }: PlacementDeps) {
  async function withAlternatives(tx: DB, taken: SlotTaken): Promise<DomainError> {
    const { spaceId, kind, start, end } = taken.slot;
    const free = await repo.freeResources(tx, spaceId, kind, start, end);
    return new DomainError("booking_conflict", taken.message, {
      alternatives: free.slice(0, 5).map((r) => ({ resourceId: r.id, name: r.name, zone: r.zone })),
    });
  }

  return {
    /**
     * A booking write's transaction. Under the lock order a deadlock (40P01) should not happen; if one does anyway
     * it is retried once (or, inside a caller's transaction, refused) as a conflict to try again, never a 500.
     */
    async writeTx<T>(outer: OuterTx | undefined, work: (trx: DB, effects: Effect[]) => Promise<T>): Promise<T> {
      for (let tries = 0; ; tries++) {
        try {
          return await inTx(db, outer, work);
        } catch (error) {
          // Losers of a race learn where else they could sit after the winner's locks are gone (inside a caller's
          // transaction, which no failed statement has aborted, from there).
          if (error instanceof SlotTaken) throw await withAlternatives(outer?.tx ?? db, error);
          if (!isDeadlock(error)) throw error;
          if (!outer && tries === 0) continue;
          throw new DomainError("booking_conflict", "Someone else changed this at the same moment: try again.", { reason: "concurrent_change", retry: true });
        }
      }
    },

    /** Shares the space's row and reads the space after it. */
    async lockSpaceShared(trx: DB, spaceId: string): Promise<SpaceDetail> {
      if (!(await locks.lockSpace(trx, spaceId, "share"))) throw notFound("Space");
      return spaces.detail(spaceId, trx);
    },

    /** Shares the resource's space's row, then reads the resource and its space (one round trip) after it. */
    async lockResourceSpaceShared(trx: DB, resourceId: string): Promise<{ resource: ResourceOut; space: SpaceDetail }> {
      if (!(await locks.lockSpaceOfResource(trx, resourceId, "share"))) throw notFound("Resource");
      return spaces.resourceWithSpace(resourceId, trx);
    },

    /** Booking rules and opening hours; friendly errors (the database constraint is the guarantee for overlaps). */
    async checkRules(scope: Scope, start: Date, end: Date, opts: { walkIn?: boolean; movingBookingId?: string } = {}) {
      const { trx, space } = scope;
      const now = clock.now();
      const rules = space.rules;
      if (start.getTime() < now.getTime() - (opts.walkIn ? 60_000 : 0)) {
        throw new DomainError("in_the_past", "That time has already started or passed.", { reason: "started" });
      }
      const minutes = minutesBetween(start, end);
      if (minutes > rules.maxBookingMinutes) {
        throw new DomainError("rule_violation", `Bookings at ${space.name} are at most ${rules.maxBookingMinutes} minutes.`, {
          rule: "maxBookingMinutes", reason: "max_booking_minutes", minutes: rules.maxBookingMinutes, spaceName: space.name,
        });
      }
      if (start.getTime() - now.getTime() > rules.maxAdvanceDays * 86_400_000) {
        throw new DomainError("rule_violation", `Bookings open ${rules.maxAdvanceDays} days ahead.`, { rule: "maxAdvanceDays", reason: "max_advance_days", days: rules.maxAdvanceDays, spaceName: space.name });
      }
      if (!opts.walkIn && start.getTime() - now.getTime() < rules.minNoticeMinutes * 60_000) {
        throw new DomainError("rule_violation", `Book at least ${rules.minNoticeMinutes} minutes ahead.`, { rule: "minNoticeMinutes", reason: "min_notice_minutes", minutes: rules.minNoticeMinutes });
      }
      const date = localDate(start, space.timezone);
      const open = openInterval(space, date);
      if (!open || start < open.start || end > open.end) {
        const hours = space.hours.get(weekdayOf(date));
        throw new DomainError(
          "outside_opening_hours",
          hours ? `${space.name} is open ${hours.opens}–${hours.closes} on that day.` : `${space.name} is closed on that day.`,
          hours ? { reason: "open_hours", spaceName: space.name, opens: hours.opens, closes: hours.closes } : { reason: "closed_that_day", spaceName: space.name },
        );
      }
      const closures = await closuresOverlapping(trx, space.id, start, end);
      if (closures.length) {
        throw new DomainError("space_closed", `${space.name} is closed then: ${closures[0]!.reason}`, { reason: "closure", spaceName: space.name, closureReason: closures[0]!.reason });
      }
      if (space.capacity !== null) {
        // Count and insert under the space's write lock (scopeFor takes it for capacity-limited spaces): concurrent
        // bookings of different desks cannot both take the last place.
        if (!scope.serialized) throw new Error("A capacity check needs the space's write lock.");
        const { peak } = await repo.peakOccupancy(trx, space.id, start, end, opts.movingBookingId);
        if (peak + 1 > space.capacity) {
          throw new DomainError("capacity_reached", `${space.name} is full then: it holds at most ${space.capacity} people.`, {
            capacity: space.capacity, reason: "space_full", spaceName: space.name,
          });
        }
      }
    },

    /**
     * The space's "one desk per member at a time" rule (rooms and booths are exempt): refused when the member
     * already holds another desk of the space then. Checked under the space's write lock (scopeFor takes it for desk
     * writes in such a space), so two concurrent requests of one member for two desks cannot both pass.
     */
    async checkOneDesk(
      scope: Scope,
      memberId: string,
      target: { kind: ResourceKind; resourceId?: string },
      slot: { start: Date; end: Date },
      exceptId?: string,
    ) {
      const { trx, space } = scope;
      if (target.kind !== "desk" || !space.rules.oneDeskPerMember) return;
      if (!scope.serialized) throw new Error("The one-desk rule needs the space's write lock.");
      // The same desk again is not a second desk: the exclusion constraint answers that one (409 booking_conflict).
      const [held] = await repo.memberDesksOverlapping(trx, space.id, memberId, slot.start, slot.end, { exceptBookingId: exceptId, exceptResourceId: target.resourceId });
      if (held) {
        throw new DomainError("rule_violation", `At ${space.name} a member holds one desk at a time: you already have ${held.resource_name} then.`, {
          reason: "one_desk_per_member",
          spaceName: space.name,
          rule: "oneDeskPerMember",
          bookingId: held.id,
          resourceName: held.resource_name,
          start: new Date(held.start).toISOString(),
          end: new Date(held.end).toISOString(),
        });
      }
    },

    /**
     * The desk of a kind (and zone) free in the most of a weekly series' occurrences (the first such in random order),
     * so that "any desk, every week" keeps one desk instead of landing somewhere else each week. Read under the
     * space's write lock (auto-assign holds it); a desk taken meanwhile by a single-desk write is passed over by place.
     */
    async steadiestDesk(scope: Scope, target: { kind: ResourceKind; zone?: string }, occurrences: Array<{ startLocal: string; endLocal: string }>) {
      const { trx, space } = scope;
      const count = new Map<string, number>();
      for (const o of occurrences) {
        let slot: { start: Date; end: Date };
        try {
          slot = { start: localToInstant(o.startLocal, space.timezone), end: localToInstant(o.endLocal, space.timezone) };
        } catch {
          continue; // a week whose local time does not exist is skipped by the booking loop
        }
        for (const r of await repo.freeResources(trx, space.id, target.kind, slot.start, slot.end, target.zone)) {
          count.set(r.id, (count.get(r.id) ?? 0) + 1);
        }
      }
      let best: string | undefined;
      let most = 0;
      for (const id of shuffle([...count.keys()])) {
        const n = count.get(id)!;
        if (n > most) [best, most] = [id, n];
      }
      return best;
    },

    /**
     * Books a resource, or a free desk of a kind/zone (safe under concurrency: the constraint decides); `prefer`
     * is tried first when it is free (a weekly series keeps its desk). Desks follow the one-desk rule.
     */
    async place(
      scope: Scope,
      target: Target,
      slot: { start: Date; end: Date },
      extra: { memberId: string; projectId?: string | null; seriesId?: string | null; note?: string; checkedIn?: boolean },
      prefer?: string,
    ): Promise<repo.BookingRow> {
      const { trx, space } = scope;
      await this.checkOneDesk(scope, extra.memberId, "resource" in target ? { kind: target.resource.kind, resourceId: target.resource.id } : { kind: target.kind }, slot);
      const values = {
        spaceId: space.id,
        memberId: extra.memberId,
        start: slot.start,
        end: slot.end,
        projectId: extra.projectId,
        seriesId: extra.seriesId,
        note: extra.note,
        createdAt: clock.now(),
        ...(extra.checkedIn ? { status: "checked_in" as const, checkedInAt: clock.now() } : {}),
      };
      const created = async (row: repo.BookingRow) => (await webhooks.emit(trx, "booking.created", { bookingId: row.id, spaceId: row.space_id, resourceId: row.resource_id, memberId: row.member_id }), row);
      if ("resource" in target) {
        const row = await tryInsert(scope, { ...values, resourceId: target.resource.id });
        if (row) return created(row);
        throw conflict(space, target.resource.kind, slot.start, slot.end, `${target.resource.name} is already booked then.`);
      }
      const free = shuffle(await repo.freeResources(trx, space.id, target.kind, slot.start, slot.end, target.zone));
      const candidates = prefer ? [...free.filter((c) => c.id === prefer), ...free.filter((c) => c.id !== prefer)] : free;
      for (const c of candidates) {
        const row = await tryInsert(scope, { ...values, resourceId: c.id });
        if (row) return created(row);
      }
      throw conflict(space, target.kind, slot.start, slot.end, target.zone ? `No free ${target.kind} in ${target.zone} then.` : `No free ${target.kind} then.`);
    },
  };
}

export type Placement = ReturnType<typeof createPlacement>;
