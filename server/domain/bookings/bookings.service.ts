// Bookings themselves: book (one, or a weekly series), read, list, cancel and move.
import type { ReachHooks } from "../messaging/reach.service.js";
import { randomUUID } from "node:crypto";
import type { DB } from "../../../db/connect.js";
import type { Clock } from "../clock.js";
import { DomainError, notFound } from "../errors.js";
import { noWebhooks, type WebhookEmitter } from "../messaging/index.js";
import type { NotificationsService } from "../notifications/index.js";
import type { ProjectsService } from "../projects/index.js";
import type { OuterTx } from "../shared/idempotency.js";
import { withSavepoint } from "../shared/tx.js";
import { runsSpace, type SpacesService } from "../spaces/index.js";
import { isLocalDateTime, localDate, localTime, localToInstant, parseInstant, plusWeeksLocal } from "../time.js";
import * as repo from "./bookings.repository.js";
import type { AvailabilityQuery, BookingCreateInput, BookingOut, MoveOptionsOut, RescheduleInput } from "./bookings.schemas.js";
import { durationChoices, openInterval, SLOT_GRID_MINUTES } from "./day-view.js";
import { chargeRow, noCharges, refundUnstarted, type BookingCharges } from "./charges.js";
import type { BookingEvents } from "./effects.js";
import { bookingFacts, canCheckIn, canCheckOut, toOut, type Viewer } from "./model.js";
import { attempt, conflict, lockResources, resolveTimes, scopeFor, type Placement, type Scope, type Target } from "./placement.js";
import type { Waitlist } from "./waitlist.service.js";

/** The longest range `GET /bookings?from=&to=` lists. */
export const MAX_LIST_DAYS = 366;

/** A week a series could not book: when (local), the error's code, its reason and facts (the words are app/i18n's). */
type Skipped = { start: string; end: string; code: string; reason?: string; facts: Record<string, string | number>; message: string };

/** A DomainError's reason and its plain facts (text and numbers), as a skipped week carries them. */
function skippedWhy(error: DomainError): Pick<Skipped, "code" | "reason" | "facts" | "message"> {
  const { reason, ...rest } = error.details;
  const facts = Object.fromEntries(
    Object.entries(rest).filter((e): e is [string, string | number] => typeof e[1] === "string" || (typeof e[1] === "number" && Number.isFinite(e[1]))),
  );
  return { code: error.code, ...(reason ? { reason } : {}), facts, message: error.message };
}

export type BookingsDeps = {
  db: DB;
  clock: Clock;
  spaces: SpacesService;
  projects: ProjectsService;
  notifications: NotificationsService;
  placement: Placement;
  waitlist: Waitlist;
  events: BookingEvents;
  /** The wallet: charges a booking in its own transaction, refunds cancelled ones. */
  charges?: BookingCharges;
  webhooks?: WebhookEmitter;
  reach?: ReachHooks;
};

/**
 * A booking its owner (or, when `staffMay`, whoever runs its space: an admin, or an operator assigned to it) may
 * see; anyone else gets not_found.
 */
export async function loadBooking(trx: DB, id: string, viewer: Viewer, opts: { staffMay: boolean; lock?: boolean }): Promise<repo.BookingRow> {
  const row = opts.lock ? await repo.findBookingForUpdate(trx, id) : await repo.findBooking(trx, id);
  if (!row) throw notFound("Booking");
  if (row.member_id !== viewer.id && !(opts.staffMay && (await runsSpace(trx, viewer, row.space_id)))) throw notFound("Booking");
  return row;
}

/** Whether a booking may be moved at `now`: confirmed and not begun (reschedule refuses anything else). */
function movable(r: repo.BookingRow, now: Date): boolean {
  return r.status === "confirmed" && !r.checked_out_at && new Date(r.start).getTime() > now.getTime();
}

export function createBookings({ db, clock, spaces, projects, notifications, placement, waitlist, events, charges = noCharges, reach, webhooks = noWebhooks }: BookingsDeps) {
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

  return {
    async create(viewer: Viewer, input: BookingCreateInput, outer?: OuterTx): Promise<BookingOut | { seriesId: string; created: BookingOut[]; skipped: Skipped[] }> {
      return placement.writeTx(outer, async (trx, effects) => {
        // Lock, then read: the space's row first, then the resource and the space (hours, rules, capacity) as they
        // are now, so a desk deactivated or hours changed a moment ago are seen (those writes lock the row too).
        let scope: Scope;
        let target: Target;
        if ("resourceId" in input) {
          const found = await placement.lockResourceSpaceShared(trx, input.resourceId);
          if (!found.resource.active) throw notFound("Resource");
          target = { resource: found.resource };
          scope = await scopeFor(trx, found.space, { manyResources: false, desk: found.resource.kind === "desk" });
        } else {
          const space = await placement.lockSpaceShared(trx, input.spaceId);
          target = { kind: input.kind, zone: input.zone };
          scope = await scopeFor(trx, space, { manyResources: true });
        }
        const { space } = scope;
        if (input.projectId && !(await projects.roleIn(input.projectId, viewer.id, trx))) throw notFound("Project");
        const first = resolveTimes(space, input.start, input);
        const extra = { memberId: viewer.id, projectId: input.projectId, note: input.note };
        const pay = input.pay ?? "auto";

        if (!input.recurrence) {
          await placement.checkRules(scope, first.start, first.end);
          const placed = await chargeRow(charges, trx, await placement.place(scope, target, first, extra), pay);
          effects.push(events.changed(space.id, placed.resource_id, first.start, first.end, "created"));
          const booking = toOut(placed);
          await reach?.booked(trx, [placed.id]);
          if (input.projectId) effects.push(...(await meetingFor(trx, viewer, input.projectId, [booking])));
          return booking;
        }

        const seriesId = randomUUID();
        const createdIds: string[] = [];
        const skipped: Skipped[] = [];
        // Every occurrence keeps the first one's local wall-clock times, across DST changes.
        const occurrences = Array.from({ length: input.recurrence.count }, (_, i) => ({
          startLocal: plusWeeksLocal(first.start, i, space.timezone),
          endLocal: plusWeeksLocal(first.end, i, space.timezone),
        }));
        // "Any desk" every week: the same desk every week where possible, the one free in the most weeks.
        const prefer = "resource" in target ? undefined : await placement.steadiestDesk(scope, target, occurrences);
        for (const { startLocal, endLocal } of occurrences) {
          try {
            const slot = { start: localToInstant(startLocal, space.timezone), end: localToInstant(endLocal, space.timezone) };
            await placement.checkRules(scope, slot.start, slot.end);
            // Each week is charged on its own; a week an explicit way to pay cannot cover is skipped (its booking
            // undone under a savepoint). auto never refuses, so it needs none.
            const book = async () => chargeRow(charges, trx, await placement.place(scope, target, slot, { ...extra, seriesId }, prefer), pay);
            const placed = pay === "auto" ? await book() : await withSavepoint(trx, book);
            createdIds.push(placed.id);
            effects.push(events.changed(space.id, placed.resource_id, slot.start, slot.end, "created"));
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            skipped.push({ start: startLocal.slice(0, 16), end: endLocal.slice(0, 16), ...skippedWhy(error) });
          }
        }
        if (createdIds.length === 0) {
          const firstSkip = skipped[0]!;
          throw new DomainError(firstSkip.code as DomainError["code"], `No occurrence could be booked: ${firstSkip.message}`, {
            ...firstSkip.facts,
            ...(firstSkip.reason ? { reason: firstSkip.reason as never } : {}),
            skipped,
          });
        }
        const created = (await repo.listSeries(trx, seriesId)).map(toOut);
        await reach?.booked(trx, createdIds);
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
            { reason: "offset_required", field: path, errors: [{ path, code: "offset_required", message: "Give an offset" }] },
          );
        }
        return parseInstant(value, "UTC");
      };
      const from = instant("from", range.from);
      const to = instant("to", range.to);
      if (from && to && to.getTime() <= from.getTime()) {
        throw new DomainError("validation_failed", "to must be after from.", { reason: "to_before_from", errors: [{ path: "to", code: "to_not_after_from", message: "Must be after from" }] });
      }
      if (from && to && to.getTime() - from.getTime() > MAX_LIST_DAYS * 86_400_000) {
        throw new DomainError("validation_failed", `from and to may be at most ${MAX_LIST_DAYS} days apart.`, {
          reason: "range_too_long", maxDays: MAX_LIST_DAYS, errors: [{ path: "to", code: "range_too_long", facts: { maxDays: MAX_LIST_DAYS }, message: `At most ${MAX_LIST_DAYS} days after from` }],
        });
      }
      return (await repo.listMemberBookings(db, viewer.id, from, to, range.limit ?? 100)).map(toOut);
    },

    /** "My bookings": upcoming (not yet ended, soonest first) and the last 30 days of past ones (newest first). */
    async myBookings(viewer: Viewer): Promise<{ upcoming: Array<BookingOut & { canCheckIn: boolean; canCheckOut: boolean; canMove: boolean }>; past: BookingOut[] }> {
      const now = clock.now();
      const rows = await repo.listMemberBookings(db, viewer.id, new Date(now.getTime() - 30 * 86_400_000), undefined, 500);
      // A booking ended early (checked out) is past, though it runs to the next grid time.
      const upcoming = rows
        .filter((r) => new Date(r.end) > now && (r.status === "confirmed" || r.status === "checked_in") && !r.checked_out_at)
        .map((r) => {
          const start = new Date(r.start);
          return {
            ...toOut(r),
            canCheckIn: canCheckIn({ status: r.status, start }, r.check_in_grace_minutes, now),
            canCheckOut: canCheckOut({ status: r.status, start, end: new Date(r.end), checkedOutAt: r.checked_out_at }, now),
            canMove: movable(r, now),
          };
        });
      const past = rows.filter((r) => !upcoming.some((u) => u.id === r.id)).reverse().map(toOut);
      return { upcoming, past };
    },

    /** Cancels one booking, or every not-yet-ended occurrence of its series. Owner or staff; others 404. */
    async cancel(viewer: Viewer, id: string, scope: "one" | "series" = "one"): Promise<number> {
      return placement.writeTx(undefined, async (trx, effects) => {
        const peek = await repo.findBooking(trx, id);
        if (!peek) throw notFound("Booking");
        // Space row, then the space's write lock (the freed slots may go to waiting members on other desks), then
        // the booking rows, then their resources: the lock order.
        const write = await scopeFor(trx, await placement.lockSpaceShared(trx, peek.space_id), { manyResources: true });
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
        await refundUnstarted(charges, trx, active, clock.now());
        for (const b of active) {
          const start = new Date(b.start);
          const end = new Date(b.end);
          effects.push(events.changed(b.space_id, b.resource_id, start, end, "cancelled"));
          if (b.status === "checked_in") effects.push(events.presence(b.space_id));
          await webhooks.emit(trx, "booking.cancelled", { bookingId: b.id, spaceId: b.space_id, resourceId: b.resource_id, memberId: b.member_id });
          await waitlist.promoteWaitlist(write, b.resource_id, start, end, effects);
        }
        if (row.member_id !== viewer.id && active.length) {
          // One notice for the lot, naming the booking the operator cancelled (or the series' first still active).
          const named = active.find((b) => b.id === row.id) ?? active[0]!;
          effects.push(
            await notifications.notify(trx, row.member_id, {
              kind: "booking_cancelled",
              data: { ...bookingFacts(named), reason: "operator", count: active.length },
            }),
          );
        }
        return done.length;
      });
    },

    /**
     * What the "change" form offers for a booking (owner or staff; others not_found): the times asked (by default its
     * own, as local date and HH:mm in its space's zone), the space's grid and durations that day, and every active
     * resource of its kind with whether it is free then (the booking itself does not count). `free` is null when the
     * asked times name no valid range (the form says why when it is posted).
     */
    async moveOptions(viewer: Viewer, id: string, query: AvailabilityQuery = {}): Promise<MoveOptionsOut> {
      const row = await loadBooking(db, id, viewer, { staffMay: true });
      const space = await spaces.detail(row.space_id);
      const start = new Date(row.start);
      const end = new Date(row.end);
      const date = query.date ?? localDate(start, space.timezone);
      const from = query.from ?? localTime(start, space.timezone);
      const to = query.to ?? localTime(end, space.timezone);
      let slot: { start: Date; end: Date } | null = null;
      try {
        slot = resolveTimes(space, `${date}T${from}`, `${date}T${to}`);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
      const [all, free] = await Promise.all([
        spaces.resources(space.id, { activeOnly: true }),
        slot ? repo.freeResources(db, space.id, row.resource_kind, slot.start, slot.end, undefined, row.id) : Promise.resolve(null),
      ]);
      const freeIds = free ? new Set(free.map((r) => r.id)) : null;
      const open = openInterval(space, date);
      return {
        booking: toOut(row),
        movable: movable(row, clock.now()),
        canCheckOut: canCheckOut({ status: row.status, start, end, checkedOutAt: row.checked_out_at }, clock.now()),
        date,
        from,
        to,
        grid: open ? { minutes: SLOT_GRID_MINUTES, from: localTime(open.start, space.timezone), to: localTime(open.end, space.timezone) } : null,
        durations: durationChoices(space.rules.maxBookingMinutes, open),
        resources: all
          .filter((r) => r.kind === row.resource_kind)
          .map((r) => ({ id: r.id, name: r.name, zone: r.zone, current: r.id === row.resource_id, free: freeIds ? freeIds.has(r.id) : null })),
      };
    },

    /** Moves a booking to another time and/or resource atomically; the old slot goes to the waitlist. */
    async reschedule(viewer: Viewer, id: string, input: RescheduleInput): Promise<BookingOut> {
      return placement.writeTx(undefined, async (trx, effects) => {
        const peek = await repo.findBooking(trx, id);
        if (!peek) throw notFound("Booking");
        const write = await scopeFor(trx, await placement.lockSpaceShared(trx, peek.space_id), { manyResources: true });
        const { space } = write;
        const row = await loadBooking(trx, id, viewer, { staffMay: true, lock: true });
        if (row.status !== "confirmed") throw new DomainError("rule_violation", "Only a confirmed booking that has not started can be moved.", { reason: "not_movable" });
        const resource = await spaces.resource(input.resourceId ?? row.resource_id, trx);
        if (!resource.active || resource.spaceId !== row.space_id) throw notFound("Resource");
        const slot = resolveTimes(space, input.start, input.end);
        // Both desks before the move: the old one's slot is freed (others may be inserting there), the new one taken.
        await lockResources(write, [row.resource_id, resource.id]);
        await placement.checkRules(write, slot.start, slot.end, { movingBookingId: id });
        await placement.checkOneDesk(write, row.member_id, { kind: resource.kind }, slot, id);
        if (!(await attempt(trx, () => repo.moveBooking(trx, id, resource.id, slot.start, slot.end)))) {
          throw conflict(space, resource.kind, slot.start, slot.end, `${resource.name} is already booked then.`);
        }
        // A move re-prices: what it was charged is given back and the new times charged the same way (a free one
        // is charged as auto: it may have moved to something with a rate), in this transaction.
        if (row.charge_method !== null) {
          await charges.refund(trx, [id]);
          const pay = row.charge_method === "free" ? "auto" : row.charge_method;
          await chargeRow(charges, trx, (await repo.findBooking(trx, id))!, pay);
        }
        const oldStart = new Date(row.start);
        const oldEnd = new Date(row.end);
        effects.push(events.changed(space.id, row.resource_id, oldStart, oldEnd, "moved"));
        effects.push(events.changed(space.id, resource.id, slot.start, slot.end, "moved"));
        await waitlist.promoteWaitlist(write, row.resource_id, oldStart, oldEnd, effects);
        await reach?.moved(trx, [id]);
        return toOut((await repo.findBooking(trx, id))!);
      });
    },
  };
}
