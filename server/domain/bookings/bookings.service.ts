import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { sql } from "kysely";
import type { DB } from "../../../db/connect.js";
import type { ResourceKind } from "../../../db/schema.js";
import type { EventBus } from "../../events.js";
import type { Clock } from "../clock.js";
import { DomainError, isDeadlock, isExclusionViolation, isUniqueViolation, notFound } from "../errors.js";
import type { MemberSummary } from "../identity/index.js";
import type { NotificationsService } from "../notifications/index.js";
import type { ProjectsService } from "../projects/index.js";
import type { OuterTx } from "../shared/idempotency.js";
import { inTx, type Effect } from "../shared/tx.js";
import type { DeactivateInput, ResourceOut, SpaceDetail, SpaceOut, SpacesService, SpaceUpdateInput } from "../spaces/index.js";
import {
  addDays,
  dayBounds,
  isValidDate,
  formatInstant,
  isLocalDateTime,
  localDate,
  localTime,
  localToInstant,
  minutesBetween,
  parseInstant,
  plusWeeksLocal,
  wallClockOn,
  weekdayOf,
} from "../time.js";
import * as repo from "./bookings.repository.js";
import type {
  AvailabilityOut,
  AvailabilityQuery,
  BookingCreateInput,
  BookingOut,
  ClosureInput,
  ClosureOut,
  ClosurePreviewQuery,
  ClosureUpdateInput,
  PresenceOut,
  SpaceNowOut,
  RescheduleInput,
  WaitlistInput,
} from "./bookings.schemas.js";
import { buildCalendar } from "./ics.js";

/** Check-in opens this long before the start. */
export const CHECK_IN_OPENS_MINUTES = 15;
/** The longest range `GET /bookings?from=&to=` lists. */
export const MAX_LIST_DAYS = 366;
/** A closure lasts at most this long, and starts at most CLOSURE_MAX_AHEAD_DAYS ahead. */
export const CLOSURE_MAX_DAYS = 366;
export const CLOSURE_MAX_AHEAD_DAYS = 2 * 366;

type Viewer = Pick<MemberSummary, "id" | "role">;

export type Deps = {
  db: DB;
  bus: EventBus;
  clock: Clock;
  secret: string;
  spaces: SpacesService;
  projects: ProjectsService;
  notifications: NotificationsService;
};

const isStaff = (v: Viewer) => v.role === "operator" || v.role === "admin";

/** booking_conflict before its alternatives are known (see writeTx). */
class SlotTaken extends DomainError {
  constructor(
    message: string,
    readonly slot: { spaceId: string; kind: ResourceKind; start: Date; end: Date },
  ) {
    super("booking_conflict", message);
  }
}

function toOut(r: repo.BookingRow): BookingOut {
  return {
    id: r.id,
    resourceId: r.resource_id,
    resourceName: r.resource_name,
    resourceKind: r.resource_kind,
    spaceId: r.space_id,
    spaceName: r.space_name,
    timezone: r.timezone,
    start: formatInstant(new Date(r.start), r.timezone),
    end: formatInstant(new Date(r.end), r.timezone),
    status: r.status,
    seriesId: r.series_id,
    projectId: r.project_id,
    note: r.note,
    checkedInAt: r.checked_in_at ? formatInstant(new Date(r.checked_in_at), r.timezone) : null,
  };
}

function personAt(r: Awaited<ReturnType<typeof repo.peopleInRange>>[number], timezone: string) {
  return {
    bookingId: r.id,
    member: { id: r.member_id, name: r.member_name },
    resourceName: r.resource_name,
    resourceKind: r.resource_kind,
    start: formatInstant(new Date(r.start), timezone),
    end: formatInstant(new Date(r.end), timezone),
    status: r.status,
  };
}

function shuffle<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

export function createBookingsService({ db, bus, clock, secret, spaces, projects, notifications }: Deps) {

  function changed(spaceId: string, resourceId: string, start: Date, end: Date, change: "created" | "cancelled" | "checked_in" | "released" | "moved"): Effect {
    return () => bus.publish("booking.changed", { spaceId, resourceId, start: start.toISOString(), end: end.toISOString(), change });
  }

  function resolveTimes(space: SpaceDetail, start: string, end: string): { start: Date; end: Date } {
    const s = parseInstant(start, space.timezone);
    const e = parseInstant(end, space.timezone);
    if (e.getTime() <= s.getTime()) {
      throw new DomainError("validation_failed", "The end must be after the start.", {
        errors: [{ path: "end", message: "Must be after the start" }],
      });
    }
    return { start: s, end: e };
  }

  /** The space's open interval on the local date, or null when closed that weekday. */
  function openInterval(space: SpaceDetail, date: string): { start: Date; end: Date } | null {
    const hours = space.hours.get(weekdayOf(date));
    if (!hours) return null;
    return { start: wallClockOn(date, hours.opens, space.timezone), end: wallClockOn(date, hours.closes, space.timezone) };
  }

  /**
   * The locks one booking write holds, taken in the order bookings.repository describes: the space row first (the
   * caller), then the space's write lock when `serialized`, then booking rows, then one lock per resource written.
   * The space is read after its row lock, so hours, rules, capacity and `active` are the current ones.
   */
  type Scope = { trx: DB; space: SpaceDetail; serialized: boolean; resources: Set<string> };

  /** Opens a write scope on a space whose row the caller has locked. */
  async function scopeFor(trx: DB, space: SpaceDetail, opts: { manyResources: boolean }): Promise<Scope> {
    const serialized = opts.manyResources || space.capacity !== null;
    if (serialized) await repo.lockSpaceWrites(trx, space.id);
    return { trx, space, serialized, resources: new Set() };
  }

  /** Locks resources for writing (once each). Without the space's write lock a write may lock only one. */
  async function lockResources(scope: Scope, ids: string[]) {
    const todo = [...new Set(ids)].filter((id) => !scope.resources.has(id)).sort();
    if (!scope.serialized && scope.resources.size + todo.length > 1) {
      throw new Error("Locking a second resource needs the space's write lock (lock order).");
    }
    for (const id of todo) {
      await repo.lockResource(scope.trx, id);
      scope.resources.add(id);
    }
  }

  /** Shares the space's row and reads the space after it. */
  async function lockSpaceShared(trx: DB, spaceId: string): Promise<SpaceDetail> {
    if (!(await repo.lockSpace(trx, spaceId, "share"))) throw notFound("Space");
    return spaces.detail(spaceId, trx);
  }

  /** Shares the resource's space's row, then reads the resource and its space (one round trip) after it. */
  async function lockResourceSpaceShared(trx: DB, resourceId: string): Promise<{ resource: ResourceOut; space: SpaceDetail }> {
    if (!(await repo.lockSpaceOfResource(trx, resourceId, "share"))) throw notFound("Resource");
    return spaces.resourceWithSpace(resourceId, trx);
  }

  /**
   * A booking write's transaction. Under the lock order a deadlock (40P01) should not happen; if one does anyway
   * it is retried once (or, inside a caller's transaction, refused) as a conflict to try again, never a 500.
   */
  async function writeTx<T>(outer: OuterTx | undefined, work: (trx: DB, effects: Effect[]) => Promise<T>): Promise<T> {
    for (let tries = 0; ; tries++) {
      try {
        return await inTx(db, outer, work);
      } catch (error) {
        // Losers of a race learn where else they could sit after the winner's locks are gone (inside a caller's
        // transaction, which no failed statement has aborted, from there).
        if (error instanceof SlotTaken) throw await withAlternatives(outer?.tx ?? db, error);
        if (!isDeadlock(error)) throw error;
        if (!outer && tries === 0) continue;
        throw new DomainError("booking_conflict", "Someone else changed this at the same moment: try again.", { retry: true });
      }
    }
  }

  /** Booking rules and opening hours; friendly errors (the database constraint is the guarantee for overlaps). */
  async function checkRules(scope: Scope, start: Date, end: Date, opts: { walkIn?: boolean; movingBookingId?: string } = {}) {
    const { trx, space } = scope;
    const now = clock.now();
    const rules = space.rules;
    if (start.getTime() < now.getTime() - (opts.walkIn ? 60_000 : 0)) {
      throw new DomainError("in_the_past", "That time has already started or passed.");
    }
    const minutes = minutesBetween(start, end);
    if (minutes > rules.maxBookingMinutes) {
      throw new DomainError("rule_violation", `Bookings at ${space.name} are at most ${rules.maxBookingMinutes} minutes.`, {
        rule: "maxBookingMinutes",
      });
    }
    if (start.getTime() - now.getTime() > rules.maxAdvanceDays * 86_400_000) {
      throw new DomainError("rule_violation", `Bookings open ${rules.maxAdvanceDays} days ahead.`, { rule: "maxAdvanceDays" });
    }
    if (!opts.walkIn && start.getTime() - now.getTime() < rules.minNoticeMinutes * 60_000) {
      throw new DomainError("rule_violation", `Book at least ${rules.minNoticeMinutes} minutes ahead.`, { rule: "minNoticeMinutes" });
    }
    const date = localDate(start, space.timezone);
    const open = openInterval(space, date);
    if (!open || start < open.start || end > open.end) {
      const hours = space.hours.get(weekdayOf(date));
      throw new DomainError(
        "outside_opening_hours",
        hours ? `${space.name} is open ${hours.opens}–${hours.closes} on that day.` : `${space.name} is closed on that day.`,
      );
    }
    const closures = await repo.closuresOverlapping(trx, space.id, start, end);
    if (closures.length) {
      throw new DomainError("space_closed", `${space.name} is closed then: ${closures[0]!.reason}`);
    }
    if (space.capacity !== null) {
      // Count and insert under the space's write lock (scopeFor takes it for capacity-limited spaces): concurrent
      // bookings of different desks cannot both take the last place.
      if (!scope.serialized) throw new Error("A capacity check needs the space's write lock.");
      const { peak } = await repo.peakOccupancy(trx, space.id, start, end, opts.movingBookingId);
      if (peak + 1 > space.capacity) {
        throw new DomainError("capacity_reached", `${space.name} is full then: it holds at most ${space.capacity} people.`, {
          capacity: space.capacity,
        });
      }
    }
  }

  /** A taken slot. Its free alternatives are looked up by writeTx once the write's locks are released. */
  function conflict(space: SpaceDetail, kind: ResourceKind, start: Date, end: Date, message: string) {
    return new SlotTaken(message, { spaceId: space.id, kind, start, end });
  }

  async function withAlternatives(tx: DB, taken: SlotTaken): Promise<DomainError> {
    const { spaceId, kind, start, end } = taken.slot;
    const free = await repo.freeResources(tx, spaceId, kind, start, end);
    return new DomainError("booking_conflict", taken.message, {
      alternatives: free.slice(0, 5).map((r) => ({ resourceId: r.id, name: r.name, zone: r.zone })),
    });
  }

  /**
   * Runs one write under a savepoint so a conflict leaves the surrounding transaction usable; returns false on an
   * exclusion violation. The caller holds the resource's lock, so the only conflict left is a committed booking.
   */
  async function attempt(trx: DB, write: () => Promise<unknown>): Promise<boolean> {
    await sql`SAVEPOINT booking_write`.execute(trx);
    try {
      await write();
      await sql`RELEASE SAVEPOINT booking_write`.execute(trx);
      return true;
    } catch (error) {
      await sql`ROLLBACK TO SAVEPOINT booking_write`.execute(trx);
      if (isExclusionViolation(error)) return false;
      throw error;
    }
  }

  async function tryInsert(scope: Scope, values: Parameters<typeof repo.insertBooking>[1]): Promise<repo.BookingRow | null> {
    await lockResources(scope, [values.resourceId]);
    return (await repo.insertBooking(scope.trx, values)) ?? null;
  }

  type Target = { resource: ResourceOut } | { kind: ResourceKind; zone?: string };

  /** Books a resource, or the first free desk of a kind/zone (safe under concurrency: the constraint decides). */
  async function place(
    scope: Scope,
    target: Target,
    slot: { start: Date; end: Date },
    extra: { memberId: string; projectId?: string | null; seriesId?: string | null; note?: string; checkedIn?: boolean },
  ): Promise<{ id: string; resourceId: string; row: repo.BookingRow }> {
    const { trx, space } = scope;
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
    if ("resource" in target) {
      const row = await tryInsert(scope, { ...values, resourceId: target.resource.id });
      if (row) return { id: row.id, resourceId: row.resource_id, row };
      throw conflict(space, target.resource.kind, slot.start, slot.end, `${target.resource.name} is already booked then.`);
    }
    const candidates = shuffle(await repo.freeResources(trx, space.id, target.kind, slot.start, slot.end, target.zone));
    for (const c of candidates) {
      const row = await tryInsert(scope, { ...values, resourceId: c.id });
      if (row) return { id: row.id, resourceId: row.resource_id, row };
    }
    throw conflict(space, target.kind, slot.start, slot.end, target.zone ? `No free ${target.kind} in ${target.zone} then.` : `No free ${target.kind} then.`);
  }

  async function loadBooking(trx: DB, id: string, viewer: Viewer, opts: { staffMay: boolean; lock?: boolean }) {
    const row = opts.lock ? await repo.findBookingForUpdate(trx, id) : await repo.findBooking(trx, id);
    if (!row || (row.member_id !== viewer.id && !(opts.staffMay && isStaff(viewer)))) throw notFound("Booking");
    return row;
  }

  /** Tries to hand a freed slot of the scope's space to the members waiting for it, oldest first. */
  async function promoteWaitlist(scope: Scope, resourceId: string, start: Date, end: Date, effects: Effect[]) {
    const { trx, space } = scope;
    const resource = await spaces.resource(resourceId, trx);
    const entries = await repo.waitingFor(trx, space.id, resource, start, end);
    if (entries.length === 0) return;
    const now = clock.now();
    for (const e of entries) {
      const end = new Date(e.end);
      if (end.getTime() <= now.getTime()) {
        await repo.setWaitlistStatus(trx, e.id, "expired");
        continue;
      }
      // A wait that has already begun (a no-show released mid-slot) gets the rest of it, from now.
      const started = new Date(e.start).getTime() <= now.getTime();
      const slot = { start: started ? now : new Date(e.start), end };
      try {
        await checkRules(scope, slot.start, slot.end, { walkIn: started });
        if (e.resource_id && !resource.active) continue; // waiting for a desk that no longer takes bookings
        const target: Target = resource.active ? { resource } : { kind: e.kind!, zone: e.zone ?? undefined };
        const placed = await place(scope, target, slot, { memberId: e.member_id });
        await repo.setWaitlistStatus(trx, e.id, "promoted", placed.id);
        effects.push(changed(space.id, placed.resourceId, slot.start, slot.end, "created"));
        effects.push(
          await notifications.notify(trx, e.member_id, {
            kind: "waitlist_promoted",
            title: `You got ${resource.name} at ${space.name}`,
            body: `${localDate(slot.start, space.timezone)} ${localTime(slot.start, space.timezone)}–${localTime(slot.end, space.timezone)} (${space.timezone})`,
            link: "/bookings",
            data: { bookingId: placed.id, spaceId: space.id, resourceId: placed.resourceId },
          }),
        );
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // Still taken for this member's slot or against the rules now: keep waiting.
      }
    }
  }

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

  function closureOut(c: repo.ClosureRow, timezone: string): ClosureOut {
    return {
      id: c.id,
      spaceId: c.space_id,
      start: formatInstant(new Date(c.start), timezone),
      end: formatInstant(new Date(c.end), timezone),
      reason: c.reason,
      createdAt: new Date(c.created_at).toISOString(),
    };
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
    await repo.dropWaitlistInRange(trx, space.id, slot.start, slot.end);
    for (const b of affected) {
      effects.push(changed(space.id, b.resource_id, new Date(b.start), new Date(b.end), "cancelled"));
      effects.push(
        await notifications.notify(trx, b.member_id, {
          kind: "booking_cancelled",
          title: `${space.name} is closed: your booking of ${b.resource_name} was cancelled`,
          body: `${localDate(new Date(b.start), space.timezone)} ${localTime(new Date(b.start), space.timezone)} — ${reason}`,
          link: "/bookings",
          data: { bookingId: b.id, reason: "closure", closureId },
        }),
      );
    }
    if (affected.some((b) => b.status === "checked_in")) effects.push(() => bus.publish("presence.changed", { spaceId: space.id }));
    return affected.length;
  }

  /**
   * The floor plan's window on a date: the asked local HH:mm range clipped to opening hours; by default the rest
   * of today (from now) or the whole open day.
   */
  function resolveWindow(space: SpaceDetail, date: string, open: { start: Date; end: Date }, now: Date, q: AvailabilityQuery) {
    let start = q.from ? wallClockOn(date, q.from, space.timezone) : open.start;
    let end = q.to ? wallClockOn(date, q.to, space.timezone) : open.end;
    if (!q.from && now > open.start && now < open.end) start = now;
    if (start < open.start) start = open.start;
    if (end > open.end) end = open.end;
    return end > start ? { start, end } : { start: open.start, end: open.end };
  }

  /** A booking made for a project is posted into its room and announced to its members. */
  function meetingFor(trx: DB, viewer: Viewer, projectId: string, bookings: BookingOut[]) {
    return projects.recordMeeting(trx, {
      projectId,
      actorId: viewer.id,
      meetings: bookings.map((b) => ({
        bookingId: b.id,
        resourceName: b.resourceName,
        spaceName: b.spaceName,
        start: b.start,
        end: b.end,
        timezone: b.timezone,
      })),
    });
  }

  const feedToken = (memberId: string, version: number) =>
    createHmac("sha256", secret).update(`calendar:${memberId}:${version}`).digest("base64url").slice(0, 32);

  return {
    CHECK_IN_OPENS_MINUTES,

    async create(viewer: Viewer, input: BookingCreateInput, outer?: OuterTx): Promise<BookingOut | { seriesId: string; created: BookingOut[]; skipped: Array<{ start: string; end: string; code: string; message: string }> }> {
      return writeTx(outer, async (trx, effects) => {
        // Lock, then read: the space's row first, then the resource and the space (hours, rules, capacity) as they
        // are now, so a desk deactivated or hours changed a moment ago are seen (those writes lock the row too).
        let scope: Scope;
        let target: Target;
        if ("resourceId" in input) {
          const found = await lockResourceSpaceShared(trx, input.resourceId);
          if (!found.resource.active) throw notFound("Resource");
          target = { resource: found.resource };
          scope = await scopeFor(trx, found.space, { manyResources: false });
        } else {
          const space = await lockSpaceShared(trx, input.spaceId);
          target = { kind: input.kind, zone: input.zone };
          scope = await scopeFor(trx, space, { manyResources: true });
        }
        const { space } = scope;
        if (input.projectId && !(await projects.roleIn(input.projectId, viewer.id, trx))) throw notFound("Project");
        const first = resolveTimes(space, input.start, input.end);
        const extra = { memberId: viewer.id, projectId: input.projectId, note: input.note };

        if (!input.recurrence) {
          await checkRules(scope, first.start, first.end);
          const placed = await place(scope, target, first, extra);
          effects.push(changed(space.id, placed.resourceId, first.start, first.end, "created"));
          const booking = toOut(placed.row);
          if (input.projectId) effects.push(...(await meetingFor(trx, viewer, input.projectId, [booking])));
          return booking;
        }

        const seriesId = randomUUID();
        const createdIds: string[] = [];
        const skipped: Array<{ start: string; end: string; code: string; message: string }> = [];
        for (let i = 0; i < input.recurrence.count; i++) {
          // Every occurrence keeps the first one's local wall-clock times, across DST changes.
          const startLocal = plusWeeksLocal(first.start, i, space.timezone);
          const endLocal = plusWeeksLocal(first.end, i, space.timezone);
          try {
            const slot = { start: localToInstant(startLocal, space.timezone), end: localToInstant(endLocal, space.timezone) };
            await checkRules(scope, slot.start, slot.end);
            const placed = await place(scope, target, slot, { ...extra, seriesId });
            createdIds.push(placed.id);
            effects.push(changed(space.id, placed.resourceId, slot.start, slot.end, "created"));
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            skipped.push({ start: startLocal.slice(0, 16), end: endLocal.slice(0, 16), code: error.code, message: error.message });
          }
        }
        if (createdIds.length === 0) {
          const firstSkip = skipped[0]!;
          throw new DomainError(firstSkip.code as DomainError["code"], `No occurrence could be booked: ${firstSkip.message}`, { skipped });
        }
        const created = (await repo.listSeries(trx, seriesId)).map(toOut);
        if (input.projectId) effects.push(...(await meetingFor(trx, viewer, input.projectId, created)));
        return { seriesId, created, skipped };
      });
    },

    async get(viewer: Viewer, id: string): Promise<BookingOut> {
      return toOut(await loadBooking(db, id, viewer, { staffMay: true }));
    },

    /** A project's upcoming meetings (bookings made for it that have not ended); members only, others 404. */
    async forProject(viewer: Viewer, projectId: string): Promise<BookingOut[]> {
      if (!(await projects.roleIn(projectId, viewer.id))) throw notFound("Project");
      return (await repo.listProjectBookings(db, projectId, clock.now(), 50)).map(toOut);
    },

    /**
     * My bookings overlapping [from, to). Both need an offset: my bookings may be in spaces in different zones, so
     * a local time names no one instant here. The range is at most MAX_LIST_DAYS long.
     */
    async listMine(viewer: Viewer, range: { from?: string; to?: string; limit?: number } = {}): Promise<BookingOut[]> {
      const instant = (path: "from" | "to", value: string | undefined) => {
        if (value === undefined) return undefined;
        if (isLocalDateTime(value)) {
          throw new DomainError(
            "validation_failed",
            `${path} needs an offset (e.g. 2026-12-01T00:00+07:00 or …Z): your bookings may be in spaces in different time zones.`,
            { errors: [{ path, message: "Give an offset" }] },
          );
        }
        return parseInstant(value, "UTC");
      };
      const from = instant("from", range.from);
      const to = instant("to", range.to);
      if (from && to && to.getTime() <= from.getTime()) {
        throw new DomainError("validation_failed", "to must be after from.", { errors: [{ path: "to", message: "Must be after from" }] });
      }
      if (from && to && to.getTime() - from.getTime() > MAX_LIST_DAYS * 86_400_000) {
        throw new DomainError("validation_failed", `from and to may be at most ${MAX_LIST_DAYS} days apart.`, {
          errors: [{ path: "to", message: `At most ${MAX_LIST_DAYS} days after from` }],
        });
      }
      return (await repo.listMemberBookings(db, viewer.id, from, to, range.limit ?? 100)).map(toOut);
    },

    /** "My bookings": upcoming (not yet ended, soonest first) and the last 30 days of past ones (newest first). */
    async myBookings(viewer: Viewer): Promise<{ upcoming: Array<BookingOut & { canCheckIn: boolean }>; past: BookingOut[] }> {
      const now = clock.now();
      const rows = await repo.listMemberBookings(db, viewer.id, new Date(now.getTime() - 30 * 86_400_000), undefined, 500);
      const upcoming = rows
        .filter((r) => new Date(r.end) > now && (r.status === "confirmed" || r.status === "checked_in"))
        .map((r) => ({
          ...toOut(r),
          canCheckIn:
            r.status === "confirmed" &&
            now.getTime() >= new Date(r.start).getTime() - CHECK_IN_OPENS_MINUTES * 60_000 &&
            now.getTime() < new Date(r.start).getTime() + r.check_in_grace_minutes * 60_000,
        }));
      const past = rows.filter((r) => !upcoming.some((u) => u.id === r.id)).reverse().map(toOut);
      return { upcoming, past };
    },

    /** Cancels one booking, or every not-yet-ended occurrence of its series. Owner or staff; others 404. */
    async cancel(viewer: Viewer, id: string, scope: "one" | "series" = "one"): Promise<number> {
      return writeTx(undefined, async (trx, effects) => {
        const peek = await repo.findBooking(trx, id);
        if (!peek) throw notFound("Booking");
        // Space row, then the space's write lock (the freed slots may go to waiting members on other desks), then
        // the booking rows, then their resources: the lock order.
        const write = await scopeFor(trx, await lockSpaceShared(trx, peek.space_id), { manyResources: true });
        const row = await loadBooking(trx, id, viewer, { staffMay: true, lock: true });
        let targets = [row];
        if (scope === "series" && row.series_id) {
          const now = clock.now().getTime();
          targets = (await repo.listSeries(trx, row.series_id, { lock: true })).filter((b) => new Date(b.end).getTime() > now);
        }
        const active = targets.filter((b) => b.status === "confirmed" || b.status === "checked_in");
        await lockResources(
          write,
          active.map((b) => b.resource_id),
        );
        const done = await repo.setStatus(
          trx,
          active.map((b) => b.id),
          "cancelled",
          { cancelledAt: clock.now(), reason: row.member_id === viewer.id ? "member" : "operator" },
        );
        for (const b of active) {
          const start = new Date(b.start);
          const end = new Date(b.end);
          effects.push(changed(b.space_id, b.resource_id, start, end, "cancelled"));
          if (b.status === "checked_in") effects.push(() => bus.publish("presence.changed", { spaceId: b.space_id }));
          await promoteWaitlist(write, b.resource_id, start, end, effects);
        }
        if (row.member_id !== viewer.id && active.length) {
          effects.push(
            await notifications.notify(trx, row.member_id, {
              kind: "booking_cancelled",
              title: `Your booking of ${row.resource_name} was cancelled by an operator`,
              body: `${localDate(new Date(row.start), row.timezone)} ${localTime(new Date(row.start), row.timezone)} at ${row.space_name}`,
              link: "/bookings",
              data: { bookingIds: active.map((b) => b.id), reason: "operator" },
            }),
          );
        }
        return done.length;
      });
    },

    /** Moves a booking to another time and/or resource atomically; the old slot goes to the waitlist. */
    async reschedule(viewer: Viewer, id: string, input: RescheduleInput): Promise<BookingOut> {
      return writeTx(undefined, async (trx, effects) => {
        const peek = await repo.findBooking(trx, id);
        if (!peek) throw notFound("Booking");
        const write = await scopeFor(trx, await lockSpaceShared(trx, peek.space_id), { manyResources: true });
        const { space } = write;
        const row = await loadBooking(trx, id, viewer, { staffMay: true, lock: true });
        if (row.status !== "confirmed") throw new DomainError("rule_violation", "Only a confirmed booking that has not started can be moved.");
        const resource = await spaces.resource(input.resourceId ?? row.resource_id, trx);
        if (!resource.active || resource.spaceId !== row.space_id) throw notFound("Resource");
        const slot = resolveTimes(space, input.start, input.end);
        // Both desks before the move: the old one's slot is freed (others may be inserting there), the new one taken.
        await lockResources(write, [row.resource_id, resource.id]);
        await checkRules(write, slot.start, slot.end, { movingBookingId: id });
        if (!(await attempt(trx, () => repo.moveBooking(trx, id, resource.id, slot.start, slot.end)))) {
          throw conflict(space, resource.kind, slot.start, slot.end, `${resource.name} is already booked then.`);
        }
        const oldStart = new Date(row.start);
        const oldEnd = new Date(row.end);
        effects.push(changed(space.id, row.resource_id, oldStart, oldEnd, "moved"));
        effects.push(changed(space.id, resource.id, slot.start, slot.end, "moved"));
        await promoteWaitlist(write, row.resource_id, oldStart, oldEnd, effects);
        return toOut((await repo.findBooking(trx, id))!);
      });
    },

    /** Owner check-in in the half-open window [start − 15 min, start + grace); the no-show job takes over at its end. */
    async checkIn(viewer: Viewer, id: string): Promise<BookingOut> {
      return writeTx(undefined, async (trx, effects) => {
        const row = await loadBooking(trx, id, viewer, { staffMay: false, lock: true });
        if (row.status === "checked_in") return toOut(row);
        if (row.status !== "confirmed") throw new DomainError("rule_violation", "This booking is no longer active.");
        const now = clock.now().getTime();
        const start = new Date(row.start).getTime();
        if (now < start - CHECK_IN_OPENS_MINUTES * 60_000) {
          throw new DomainError("rule_violation", `Check-in opens ${CHECK_IN_OPENS_MINUTES} minutes before the start.`);
        }
        if (now >= start + row.check_in_grace_minutes * 60_000) {
          throw new DomainError("rule_violation", "The check-in window has closed.");
        }
        // The status change rewrites the row into the exclusion constraint: under the resource's lock, like every
        // write there (lock order: booking row, then resource).
        await repo.lockResource(trx, row.resource_id);
        await repo.setStatus(trx, [id], "checked_in", { checkedInAt: clock.now() });
        effects.push(changed(row.space_id, row.resource_id, new Date(row.start), new Date(row.end), "checked_in"));
        effects.push(() => bus.publish("presence.changed", { spaceId: row.space_id }));
        return toOut((await repo.findBooking(trx, id))!);
      });
    },

    /**
     * The QR code on a desk, read-only: the member's booking there that can be checked in now (or already is),
     * or whether the desk is free now (then `walkIn` books it from now). Checking in is a POST (`checkInAt`).
     */
    async scan(viewer: Viewer, token: string): Promise<
      | { outcome: "check_in"; booking: BookingOut }
      | { outcome: "checked_in"; booking: BookingOut }
      | { outcome: "free"; resource: ResourceOut; spaceName: string; until: string; timezone: string }
      | { outcome: "busy"; resource: ResourceOut; spaceName: string; timezone: string }
    > {
      const resource = await spaces.resourceByToken(token);
      const space = await spaces.detail(resource.spaceId);
      const now = clock.now();
      const soon = new Date(now.getTime() + CHECK_IN_OPENS_MINUTES * 60_000);
      const mine = (await repo.listMemberBookings(db, viewer.id, now, soon, 20)).find(
        (b) =>
          b.resource_id === resource.id &&
          (b.status === "checked_in" ||
            (b.status === "confirmed" && now.getTime() < new Date(b.start).getTime() + b.check_in_grace_minutes * 60_000)),
      );
      if (mine) return mine.status === "checked_in" ? { outcome: "checked_in", booking: toOut(mine) } : { outcome: "check_in", booking: toOut(mine) };
      const until = await this.walkInEnd(resource, space);
      if (!until || !resource.active) return { outcome: "busy", resource, spaceName: space.name, timezone: space.timezone };
      return { outcome: "free", resource, spaceName: space.name, until: formatInstant(until, space.timezone), timezone: space.timezone };
    },

    /** Checks in the member's booking on the desk behind a QR code. */
    async checkInAt(viewer: Viewer, token: string): Promise<BookingOut> {
      const found = await this.scan(viewer, token);
      if (found.outcome === "checked_in") return found.booking;
      if (found.outcome !== "check_in") throw new DomainError("rule_violation", "You have no booking to check in here now.");
      return this.checkIn(viewer, found.booking.id);
    },

    /** How long a walk-in on this desk may last from now: until closing, the next booking, or the max length. */
    async walkInEnd(resource: ResourceOut, space: SpaceDetail, tx: DB = db): Promise<Date | null> {
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
    },

    async walkIn(viewer: Viewer, token: string): Promise<BookingOut> {
      const { id: resourceId } = await spaces.resourceByToken(token);
      return writeTx(undefined, async (trx, effects) => {
        // Lock, then read: the desk and its space as they are now (deactivated, hours changed, capacity set).
        const { resource, space } = await lockResourceSpaceShared(trx, resourceId);
        const write = await scopeFor(trx, space, { manyResources: false });
        const end = resource.active ? await this.walkInEnd(resource, space, trx) : null;
        if (!end) throw new DomainError("booking_conflict", `${resource.name} is not free now.`);
        const start = clock.now();
        await checkRules(write, start, end, { walkIn: true });
        const placed = await place(write, { resource }, { start, end }, { memberId: viewer.id, checkedIn: true });
        effects.push(changed(space.id, resource.id, start, end, "checked_in"));
        effects.push(() => bus.publish("presence.changed", { spaceId: space.id }));
        return toOut(placed.row);
      });
    },

    /** The day view: every resource with its busy intervals, in two queries whatever the resource count. */
    async availability(viewer: Viewer, spaceId: string, query: AvailabilityQuery = {}): Promise<AvailabilityOut> {
      const space = await spaces.detail(spaceId);
      const now = clock.now();
      const todayLocal = localDate(now, space.timezone);
      const date = query.date ?? todayLocal;
      if (!isValidDate(date)) throw new DomainError("validation_failed", "Not a real date.", { errors: [{ path: "date", message: "Not a real date" }] });
      const day = dayBounds(date, space.timezone);
      const [resources, bookings, closures] = await Promise.all([
        spaces.resources(spaceId, { activeOnly: true }),
        repo.activeInSpace(db, spaceId, day.start, day.end),
        repo.closuresOverlapping(db, spaceId, day.start, day.end),
      ]);
      const open = openInterval(space, date);
      const window = open ? resolveWindow(space, date, open, now, query) : null;
      const slots: Array<{ start: Date; end: Date }> = [];
      if (open) {
        for (let t = open.start.getTime(); t < open.end.getTime(); t += 3_600_000) {
          slots.push({ start: new Date(t), end: new Date(Math.min(t + 3_600_000, open.end.getTime())) });
        }
      }
      type Busy = { start: Date; end: Date; status: "confirmed" | "checked_in"; mine: boolean; id: string };
      const byResource = new Map<string, Busy[]>();
      for (const b of bookings) {
        const list = byResource.get(b.resource_id) ?? [];
        list.push({ start: new Date(b.start), end: new Date(b.end), status: b.status as Busy["status"], mine: b.member_id === viewer.id, id: b.id });
        byResource.set(b.resource_id, list);
      }
      // One pass, no intermediate arrays: this runs for every resource and every hourly slot of the day.
      const stateOf = (busy: Busy[], start: Date, end: Date) => {
        let state: "free" | "booked" | "checked_in" | "mine" = "free";
        for (const b of busy) {
          if (!(b.start < end && b.end > start)) continue;
          if (b.mine) return "mine" as const;
          state = b.status === "checked_in" ? "checked_in" : state === "checked_in" ? state : "booked";
        }
        return state;
      };
      // Bookings share their boundaries (whole hours, mostly): format each distinct instant once.
      const formatted = new Map<number, string>();
      const fmt = (d: Date) => {
        const t = d.getTime();
        let text = formatted.get(t);
        if (text === undefined) formatted.set(t, (text = formatInstant(d, space.timezone)));
        return text;
      };
      return {
        spaceId,
        spaceName: space.name,
        date,
        today: todayLocal,
        prevDate: addDays(date, -1),
        nextDate: addDays(date, 1),
        timezone: space.timezone,
        open: open ? { start: fmt(open.start), end: fmt(open.end) } : null,
        window: window ? { from: localTime(window.start, space.timezone), to: localTime(window.end, space.timezone), start: fmt(window.start), end: fmt(window.end) } : null,
        slots: slots.map((s) => ({ start: fmt(s.start), end: fmt(s.end), label: localTime(s.start, space.timezone) })),
        closures: closures.map((c) => ({ start: fmt(new Date(c.start)), end: fmt(new Date(c.end)), reason: c.reason })),
        resources: resources.map((r) => {
          const busy = byResource.get(r.id) ?? [];
          return {
            id: r.id,
            name: r.name,
            kind: r.kind,
            zone: r.zone,
            capacity: r.capacity,
            x: r.x,
            y: r.y,
            busy: busy.map((b) => ({
              start: fmt(b.start),
              end: fmt(b.end),
              status: b.status,
              mine: b.mine,
              ...(b.mine
                ? {
                    bookingId: b.id,
                    canCheckIn:
                      b.status === "confirmed" &&
                      now.getTime() >= b.start.getTime() - CHECK_IN_OPENS_MINUTES * 60_000 &&
                      now.getTime() < b.start.getTime() + space.rules.checkInGraceMinutes * 60_000,
                  }
                : {}),
            })),
            state: window ? stateOf(busy, window.start, window.end) : "booked",
            slotStates: slots.map((s) => stateOf(busy, s.start, s.end)),
          };
        }),
      };
    },

    async presence(spaceId: string): Promise<PresenceOut> {
      if (!(await spaces.exists(spaceId))) throw notFound("Space");
      const rows = await repo.presentMembers(db, spaceId, clock.now());
      return {
        items: rows.map((r) => ({ member: { id: r.id, name: r.name, headline: r.headline }, since: new Date(r.since).toISOString() })),
      };
    },

    /** Operator: close a space for a while; cancels the bookings inside in one transaction and tells their owners. */
    async closeSpace(viewer: Viewer, spaceId: string, input: ClosureInput): Promise<{ id: string; cancelledBookings: number }> {
      if (!isStaff(viewer)) throw new DomainError("forbidden", "Only operators can close a space.");
      return writeTx(undefined, async (trx, effects) => {
        // Exclusive on the space's row: no booking can be checking its rules beside a new closure.
        if (!(await repo.lockSpace(trx, spaceId, "update"))) throw notFound("Space");
        const space = await spaces.detail(spaceId, trx);
        const slot = resolveTimes(space, input.start, input.end);
        checkClosure(slot);
        const closure = await repo.insertClosure(trx, { spaceId, start: slot.start, end: slot.end, reason: input.reason, createdBy: viewer.id });
        const cancelled = await cancelForClosure(trx, space, closure.id, slot, input.reason, effects);
        return { id: closure.id, cancelledBookings: cancelled };
      });
    },

    /** Operator: a space's closures that have not ended (soonest first), or past ones (latest first). */
    async closures(viewer: Viewer, spaceId: string, when: "upcoming" | "past" = "upcoming"): Promise<ClosureOut[]> {
      if (!isStaff(viewer)) throw new DomainError("forbidden", "Only operators can see a space's closures.");
      const space = await spaces.detail(spaceId);
      return (await repo.listClosures(db, spaceId, clock.now(), when)).map((c) => closureOut(c, space.timezone));
    },

    /**
     * Operator: change a closure's times or reason. Bookings the new times cover are cancelled and their members
     * told, as when it was created; what it no longer covers is not given back (cancelled bookings stay cancelled).
     */
    async updateClosure(viewer: Viewer, closureId: string, input: ClosureUpdateInput): Promise<{ closure: ClosureOut; cancelledBookings: number }> {
      if (!isStaff(viewer)) throw new DomainError("forbidden", "Only operators can change closures.");
      return writeTx(undefined, async (trx, effects) => {
        const peek = await repo.findClosure(trx, closureId);
        if (!peek) throw notFound("Closure");
        await repo.lockSpace(trx, peek.space_id, "update");
        const space = await spaces.detail(peek.space_id, trx);
        const current = await repo.findClosure(trx, closureId);
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
        await repo.updateClosure(trx, closureId, { start: slot.start, end: slot.end, reason });
        const cancelled = moved ? await cancelForClosure(trx, space, closureId, slot, reason, effects) : 0;
        return { closure: closureOut((await repo.findClosure(trx, closureId))!, space.timezone), cancelledBookings: cancelled };
      });
    },

    /** Operator: remove a closure. The space takes bookings then again; nothing it cancelled comes back. */
    async removeClosure(viewer: Viewer, closureId: string): Promise<void> {
      if (!isStaff(viewer)) throw new DomainError("forbidden", "Only operators can remove closures.");
      await writeTx(undefined, async (trx) => {
        const peek = await repo.findClosure(trx, closureId);
        if (!peek) throw notFound("Closure");
        await repo.lockSpace(trx, peek.space_id, "update");
        await repo.deleteClosure(trx, closureId);
      });
    },

    /** Operator: what a closure of [start, end) would cancel, before confirming it. */
    async previewClosure(viewer: Viewer, spaceId: string, query: ClosurePreviewQuery) {
      if (!isStaff(viewer)) throw new DomainError("forbidden", "Only operators can close a space.");
      const space = await spaces.detail(spaceId);
      const slot = resolveTimes(space, query.start, query.end);
      checkClosure(slot);
      const rows = await repo.peopleInRange(db, spaceId, slot.start, slot.end);
      return {
        start: formatInstant(slot.start, space.timezone),
        end: formatInstant(slot.end, space.timezone),
        bookings: rows.map((r) => personAt(r, space.timezone)),
        waitlisted: await repo.countWaitingInRange(db, spaceId, slot.start, slot.end),
      };
    },

    /**
     * Operator: change a space's settings. A capacity below what is already booked from now on is refused with
     * `capacity_reached` (with the peak and when), unless `acceptOverCapacity`; then it is saved and reported.
     */
    async updateSpace(viewer: Viewer, spaceId: string, input: SpaceUpdateInput): Promise<{ space: SpaceOut; overCapacity: { peak: number; at: string } | null }> {
      if (!isStaff(viewer)) throw new DomainError("forbidden", "Only operators can change a space.");
      const overCapacity = await inTx(db, undefined, async (trx) => {
        await repo.lockSpace(trx, spaceId, "update");
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
      if (!isStaff(viewer)) throw new DomainError("forbidden", "Only operators can change resources.");
      return writeTx(undefined, async (trx, effects) => {
        // Exclusive on the space's row: a booking that locked it first is seen below (and moved or cancelled);
        // one that comes later waits and then finds the resource inactive.
        if (!(await repo.lockSpaceOfResource(trx, resourceId, "update"))) throw notFound("Resource");
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
          const when = `${localDate(start, space.timezone)} ${localTime(start, space.timezone)}–${localTime(end, space.timezone)}`;
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
            effects.push(changed(space.id, resourceId, start, end, "moved"), changed(space.id, to.id, start, end, "moved"));
            effects.push(
              await notifications.notify(trx, b.member_id, {
                kind: "booking_moved",
                title: `${resource.name} is out of service: your booking moved to ${to.name}`,
                body: `${space.name}, ${when}`,
                link: "/bookings",
                data: { bookingId: b.id, from: resourceId, to: to.id },
              }),
            );
          } else {
            cancelled.push(b.id);
            effects.push(changed(space.id, resourceId, start, end, "cancelled"));
            effects.push(
              await notifications.notify(trx, b.member_id, {
                kind: "booking_cancelled",
                title: `${resource.name} is out of service: your booking was cancelled`,
                body: `${space.name}, ${when}`,
                link: "/bookings",
                data: { bookingId: b.id, reason: "resource_deactivated" },
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
      if (!isStaff(viewer)) throw new DomainError("forbidden", "Only operators can see the live view.");
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

    async joinWaitlist(viewer: Viewer, input: WaitlistInput): Promise<{ id: string; position: number; status: "waiting" | "promoted" }> {
      return writeTx(undefined, async (trx, effects) => {
        // Lock, then read (as for a booking): the space's row, then the resource and the space as they are now.
        let space: SpaceDetail;
        let resource: ResourceOut | null = null;
        if ("resourceId" in input) {
          const found = await lockResourceSpaceShared(trx, input.resourceId);
          if (!found.resource.active) throw notFound("Resource");
          resource = found.resource;
          space = found.space;
        } else {
          space = await lockSpaceShared(trx, input.spaceId);
        }
        const slot = resolveTimes(space, input.start, input.end);
        const write = await scopeFor(trx, space, { manyResources: true });
        await checkRules(write, slot.start, slot.end);
        let entry: { id: string };
        try {
          await sql`SAVEPOINT join_waitlist`.execute(trx);
          entry = await repo.insertWaitlist(trx, {
            memberId: viewer.id,
            spaceId: space.id,
            resourceId: resource?.id ?? null,
            kind: resource ? null : (input as { kind: ResourceKind }).kind,
            zone: resource ? null : ((input as { zone?: string }).zone ?? null),
            start: slot.start,
            end: slot.end,
          });
          await sql`RELEASE SAVEPOINT join_waitlist`.execute(trx);
        } catch (error) {
          await sql`ROLLBACK TO SAVEPOINT join_waitlist`.execute(trx);
          if (isUniqueViolation(error)) throw new DomainError("already_exists", "You are already waiting for this.");
          throw error;
        }
        // Free already? Then the member gets it at once.
        if (resource) await promoteWaitlist(write, resource.id, slot.start, slot.end, effects);
        else {
          const free = await repo.freeResources(trx, space.id, (input as { kind: ResourceKind }).kind, slot.start, slot.end, (input as { zone?: string }).zone);
          if (free[0]) await promoteWaitlist(write, free[0].id, slot.start, slot.end, effects);
        }
        const status = (await trx.selectFrom("waitlist_entries").select("status").where("id", "=", entry.id).executeTakeFirstOrThrow()).status;
        return { id: entry.id, position: status === "waiting" ? await repo.waitlistPosition(trx, entry.id) : 0, status: status === "waiting" ? "waiting" : "promoted" };
      });
    },

    /** Job: bookings not checked in by the end of the grace period become no-shows and free their slot. */
    async releaseNoShows(trx: DB): Promise<{ released: number; effects: Effect[] }> {
      const effects: Effect[] = [];
      const now = clock.now();
      // The lock order across spaces: their rows (id order; one being closed or changed right now waits for the
      // next tick), their write locks (id order), the due bookings, then their resources.
      const held = await repo.lockSpacesSkippingBusy(trx, await repo.spacesWithDueNoShows(trx, now));
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
        const write = scopes.get(d.space_id)!;
        const { space } = write;
        effects.push(changed(d.space_id, d.resource_id, start, end, "released"));
        effects.push(
          await notifications.notify(trx, d.member_id, {
            kind: "booking_released",
            title: "Your booking was released: you did not check in",
            body: `${localDate(start, space.timezone)} ${localTime(start, space.timezone)} at ${space.name}`,
            link: "/bookings",
            data: { bookingId: d.id },
          }),
        );
        await promoteWaitlist(write, d.resource_id, clock.now() > start ? clock.now() : start, end, effects);
      }
      await repo.expireWaitlistBefore(trx, clock.now());
      return { released: due.length, effects };
    },

    // --- calendar --------------------------------------------------------------------------------------------

    async calendarPath(memberId: string): Promise<string> {
      const version = await repo.feedVersion(db, memberId);
      return `/api/v1/calendar/${memberId}.${version}.${feedToken(memberId, version)}.ics`;
    },

    async rotateCalendar(memberId: string): Promise<string> {
      await repo.feedVersion(db, memberId);
      await repo.bumpFeedVersion(db, memberId, clock.now());
      return this.calendarPath(memberId);
    },

    /** The ICS text for a feed token, or not_found for a wrong or rotated one. */
    async calendarFeed(token: string): Promise<string> {
      const m = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(\d{1,9})\.([A-Za-z0-9_-]{32})$/.exec(token);
      if (!m) throw notFound("Calendar");
      const [, memberId, versionText, mac] = m as unknown as [string, string, string, string];
      const version = await repo.currentFeedVersion(db, memberId);
      const expected = version === null ? null : Buffer.from(feedToken(memberId, version));
      if (!expected || Number(versionText) !== version || !timingSafeEqual(expected, Buffer.from(mac))) throw notFound("Calendar");
      const rows = await repo.upcomingForFeed(db, memberId, new Date(clock.now().getTime() - 7 * 86_400_000));
      return buildCalendar("Jejaring bookings", rows.map((r) => this.icsEvent(r)));
    },

    icsEvent(r: repo.BookingRow) {
      const start = new Date(r.start);
      const end = new Date(r.end);
      return {
        uid: `${r.id}@jejaring`,
        start,
        end,
        stamp: clock.now(),
        summary: `${r.resource_name} · ${r.space_name}`,
        location: [r.space_name, r.address].filter(Boolean).join(", "),
        description: `${localDate(start, r.timezone)} ${localTime(start, r.timezone)}–${localTime(end, r.timezone)} (${r.timezone})${r.note ? `\n${r.note}` : ""}`,
        status: "CONFIRMED" as const,
      };
    },

    /** One booking as an .ics download (owner or staff). */
    async bookingIcs(viewer: Viewer, id: string): Promise<string> {
      const row = await loadBooking(db, id, viewer, { staffMay: true });
      return buildCalendar(`${row.resource_name} · ${row.space_name}`, [
        { ...this.icsEvent(row), status: row.status === "cancelled" || row.status === "no_show" ? "CANCELLED" : "CONFIRMED" },
      ]);
    },
  };
}

export type BookingsService = ReturnType<typeof createBookingsService>;
