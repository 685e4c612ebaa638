// Community events (issue 16 item 3): operators (of that space) and the network manager create them, with a room
// booked through the bookings context in the same transaction; members RSVP under the event's row lock, so never
// more go than there are seats, and the rest wait in order (positions 1…n) and are promoted, and told, when a seat
// frees; check-in from 30 minutes before the start to the end (or by the space's operator); attendance counts.
// Members see every event; anyone (no session) sees public ones; other events do not exist for them (404).
import { randomUUID } from "node:crypto";
import type { DB } from "../../../db/connect.js";
import type { EventRoomRequest, IcsEvent } from "../bookings/index.js";
import type { Clock } from "../clock.js";
import { DomainError, notFound } from "../errors.js";
import type { WebhookEmitter } from "../messaging/index.js";
import type { NotificationsService } from "../notifications/index.js";
import { inTx, type Effect } from "../shared/tx.js";
import { requireSpaceOperator, runsSpace, type SpacesService } from "../spaces/index.js";
import { formatInstant, localToInstant, parseInstant, plusWeeksLocal, resolveTimes } from "../time.js";
import * as repo from "./events.repository.js";
import type { AttendeeOut, CheckInInput, EventCreate, EventList, EventListQuery, EventOut, EventSeriesCreated, RsvpOut } from "./events.schemas.js";
import type { Actor } from "./referrals.service.js";

/** Check-in opens this long before an event starts (and closes at its end). */
export const EVENT_CHECK_IN_OPENS_MINUTES = 30;

export type EventsDeps = {
  db: DB;
  clock: Clock;
  notifications: NotificationsService;
  webhooks: WebhookEmitter;
  spaces: SpacesService;
  /** The bookings context's room booking for an event, inside the event's transaction. */
  rooms: { bookRoomForEvent(trx: DB, effects: Effect[], req: EventRoomRequest): Promise<string[]> };
};

const iso = (d: Date | string) => new Date(d).toISOString();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const encodeCursor = (r: { start_at: Date | string; id: string }) => Buffer.from(JSON.stringify({ s: iso(r.start_at), i: r.id })).toString("base64url");
function decodeCursor(cursor: string | undefined): { start: Date; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString()) as { s?: unknown; i?: unknown };
    const start = new Date(String(v.s));
    if (typeof v.i === "string" && UUID.test(v.i) && !Number.isNaN(start.getTime())) return { start, id: v.i };
  } catch {
    // fall through
  }
  throw new DomainError("validation_failed", "The cursor is not valid.", { reason: "invalid_cursor", errors: [{ path: "cursor", code: "invalid_cursor", message: "Not a valid cursor" }] });
}

function rsvpOut(r: repo.RsvpRow | undefined): RsvpOut | null {
  if (!r || r.status === "cancelled") return null;
  return r.status === "going" ? { status: "going", checkedIn: r.checked_in_at !== null } : { status: "waitlisted", position: r.position! };
}

function eventOut(e: repo.EventRow, mine: repo.RsvpRow | undefined): EventOut {
  return {
    id: e.id,
    spaceId: e.space_id,
    spaceName: e.space_name,
    timezone: e.timezone,
    title: e.title,
    description: e.description,
    start: iso(e.start_at),
    end: iso(e.end_at),
    capacity: e.capacity,
    visibility: e.visibility,
    resourceId: e.resource_id,
    resourceName: e.resource_name,
    bookingId: e.booking_id,
    seriesId: e.series_id,
    going: Number(e.going ?? 0),
    waitlisted: Number(e.waitlisted ?? 0),
    attended: Number(e.attended ?? 0),
    mine: rsvpOut(mine),
    cancelled: e.cancelled_at !== null,
  };
}

/** Whether `viewer` may see the event at all (members: every event; nobody signed in: public ones). */
const maySee = (viewer: Actor | null, e: { visibility: string }) => viewer !== null || e.visibility === "public";

export function createEvents({ db, clock, notifications, webhooks, spaces, rooms }: EventsDeps) {
  async function read(tx: DB, viewer: Actor | null, id: string): Promise<EventOut> {
    const e = await repo.findEvent(tx, id);
    if (!e || !maySee(viewer, e)) throw notFound("Event");
    return eventOut(e, viewer ? await repo.findRsvp(tx, id, viewer.id) : undefined);
  }

  /** The event locked for an RSVP write, as the viewer may see it, still open (not cancelled, not over). */
  async function lockOpen(trx: DB, viewer: Actor, id: string) {
    const e = await repo.lockEvent(trx, id);
    if (!e || !maySee(viewer, e)) throw notFound("Event");
    if (e.cancelled_at) throw new DomainError("rule_violation", "This event was cancelled.", { reason: "event_cancelled" });
    if (new Date(e.end_at).getTime() <= clock.now().getTime()) throw new DomainError("rule_violation", "This event is over.", { reason: "event_over" });
    return e;
  }

  return {
    EVENT_CHECK_IN_OPENS_MINUTES,

    async create(actor: Actor, input: EventCreate): Promise<EventOut | EventSeriesCreated> {
      await requireSpaceOperator(db, actor, input.spaceId);
      const space = await spaces.detail(input.spaceId);
      const first = resolveTimes(space, input.start, input.end);
      if (first.start.getTime() <= clock.now().getTime()) {
        throw new DomainError("in_the_past", "That time has already started or passed.", { reason: "started" });
      }
      // Every occurrence keeps the first one's local wall-clock times; a week whose time does not exist refuses all.
      const count = input.recurrence?.count ?? 1;
      const slots = Array.from({ length: count }, (_, i) => ({
        start: localToInstant(plusWeeksLocal(first.start, i, space.timezone), space.timezone),
        end: localToInstant(plusWeeksLocal(first.end, i, space.timezone), space.timezone),
      }));
      const seriesId = input.recurrence ? randomUUID() : null;
      const ids = await inTx(db, undefined, async (trx, effects) => {
        const bookingIds = input.resourceId
          ? await rooms.bookRoomForEvent(trx, effects, { spaceId: space.id, resourceId: input.resourceId, memberId: actor.id, note: input.title, seriesId, slots })
          : [];
        const at = clock.now();
        return repo.insertEvents(
          trx,
          slots.map((s, i) => ({
            spaceId: space.id,
            title: input.title,
            description: input.description,
            start: s.start,
            end: s.end,
            capacity: input.capacity,
            resourceId: input.resourceId ?? null,
            bookingId: bookingIds[i] ?? null,
            visibility: input.visibility,
            seriesId,
            createdBy: actor.id,
            at,
          })),
        );
      });
      const items = (await repo.findEvents(db, ids)).map((e) => eventOut(e, undefined));
      return seriesId ? { seriesId, items } : items[0]!;
    },

    get(viewer: Actor | null, id: string): Promise<EventOut> {
      return read(db, viewer, id);
    },

    /** Events overlapping [from, to) (from defaults to now), soonest first, keyset-paged on (start, id). */
    async list(viewer: Actor | null, query: EventListQuery): Promise<EventList> {
      const from = query.from ? parseInstant(query.from, "UTC") : clock.now();
      const to = query.to ? parseInstant(query.to, "UTC") : undefined;
      if (to && to.getTime() <= from.getTime()) {
        throw new DomainError("validation_failed", "to must be after from.", { reason: "to_before_from", errors: [{ path: "to", code: "to_not_after_from", message: "Must be after from" }] });
      }
      const rows = await repo.listEvents(db, { spaceId: query.spaceId, from, to, publicOnly: viewer === null, after: decodeCursor(query.cursor), limit: query.limit + 1 });
      const page = rows.slice(0, query.limit);
      const mine = viewer ? new Map((await repo.myRsvps(db, page.map((e) => e.id), viewer.id)).map((r) => [r.event_id, r])) : new Map<string, repo.RsvpRow>();
      return { items: page.map((e) => eventOut(e, mine.get(e.id))), nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]!) : null };
    },

    /**
     * Going while a seat is free, else waitlisted at the next position: counted and written under the event's row
     * lock, so however many race, `going` never passes the capacity and positions run 1…n. Asking again changes
     * nothing and answers the same.
     */
    async rsvp(viewer: Actor, id: string): Promise<RsvpOut> {
      return db.transaction().execute(async (trx) => {
        const e = await lockOpen(trx, viewer, id);
        const already = rsvpOut(await repo.findRsvp(trx, id, viewer.id));
        if (already) return already;
        const { going, lastPosition } = await repo.seatCounts(trx, id);
        const out: RsvpOut = going < e.capacity ? { status: "going" } : { status: "waitlisted", position: lastPosition + 1 };
        await repo.upsertRsvp(trx, { eventId: id, memberId: viewer.id, status: out.status, position: out.position ?? null, at: clock.now() });
        await webhooks.emit(trx, "event.rsvp", { eventId: id, memberId: viewer.id, status: out.status });
        return out.status === "going" ? { ...out, checkedIn: false } : out;
      });
    },

    /** Cancels my RSVP (nothing to cancel: nothing happens). A freed seat goes to position 1, who is told. */
    async cancel(viewer: Actor, id: string): Promise<void> {
      const effects: Array<() => void> = [];
      await db.transaction().execute(async (trx) => {
        await lockOpen(trx, viewer, id);
        const mine = await repo.findRsvp(trx, id, viewer.id);
        if (!mine || mine.status === "cancelled") return;
        const at = clock.now();
        await repo.cancelRsvp(trx, id, viewer.id, at);
        await webhooks.emit(trx, "event.rsvp", { eventId: id, memberId: viewer.id, status: "cancelled" });
        if (mine.status === "waitlisted") return repo.closeWaitlistGap(trx, id, mine.position!, at);
        const promoted = await repo.promoteFirst(trx, id, at);
        if (!promoted) return;
        await repo.closeWaitlistGap(trx, id, 1, at);
        await webhooks.emit(trx, "event.rsvp", { eventId: id, memberId: promoted, status: "going" });
        const e = (await repo.findEvent(trx, id))!;
        effects.push(
          await notifications.notify(trx, promoted, {
            kind: "event_promoted",
            data: { eventId: id, title: e.title, spaceName: e.space_name, timezone: e.timezone, start: iso(e.start_at), end: iso(e.end_at) },
          }),
        );
      });
      for (const effect of effects) effect();
    },

    /**
     * Check-in: a member who is going, from 30 minutes before the start to the end; or whoever runs the space, for
     * a member who is going (`memberId`), at any time. Checking in twice keeps the first time.
     */
    async checkIn(viewer: Actor, id: string, input: CheckInInput): Promise<RsvpOut> {
      return db.transaction().execute(async (trx) => {
        const e = await repo.lockEvent(trx, id);
        if (!e || !maySee(viewer, e)) throw notFound("Event");
        const memberId = input.memberId ?? viewer.id;
        const staff = await runsSpace(trx, viewer, e.space_id);
        if (memberId !== viewer.id && !staff) throw new DomainError("forbidden", "Only the space's operators check others in.", { reason: "operators_only" });
        if (e.cancelled_at) throw new DomainError("rule_violation", "This event was cancelled.", { reason: "event_cancelled" });
        const now = clock.now().getTime();
        if (!staff || memberId === viewer.id) {
          if (now < new Date(e.start_at).getTime() - EVENT_CHECK_IN_OPENS_MINUTES * 60_000) {
            throw new DomainError("rule_violation", "Check-in has not opened yet.", { reason: "check_in_not_open", minutes: EVENT_CHECK_IN_OPENS_MINUTES });
          }
          if (now >= new Date(e.end_at).getTime()) throw new DomainError("rule_violation", "This event is over.", { reason: "check_in_closed" });
        }
        const rsvp = await repo.findRsvp(trx, id, memberId);
        if (rsvp?.status !== "going") throw new DomainError("rule_violation", "Only a member who is going checks in.", { reason: "not_going" });
        await repo.checkIn(trx, id, memberId, clock.now());
        return { status: "going", checkedIn: true };
      });
    },

    /** Who is going and waiting (the space's operators and admins; anyone else: 404). */
    async attendees(viewer: Actor, id: string): Promise<{ items: AttendeeOut[] }> {
      const e = await repo.findEvent(db, id);
      if (!e || !(await runsSpace(db, viewer, e.space_id))) throw notFound("Event");
      const rows = await repo.attendees(db, id);
      return {
        items: rows.map((r) => ({ memberId: r.member_id, name: r.name, status: r.status as "going" | "waitlisted", position: r.position, checkedInAt: r.checked_in_at ? iso(r.checked_in_at) : null })),
      };
    },

    /** The events a member is going to that end after `from`, as entries of their calendar feed. */
    async calendarEntries(memberId: string, from: Date): Promise<IcsEvent[]> {
      return (await repo.goingEvents(db, memberId, from, 500)).map((e) => ({
        uid: `event-${e.id}@jejaring`,
        start: new Date(e.start_at),
        end: new Date(e.end_at),
        stamp: clock.now(),
        summary: e.title,
        location: [e.resource_name, e.space_name].filter(Boolean).join(", "),
        description: `${formatInstant(new Date(e.start_at), e.timezone).slice(0, 16).replace("T", " ")} (${e.timezone})${e.description ? `\n${e.description}` : ""}`,
        status: "CONFIRMED" as const,
      }));
    },
  };
}

export type EventsService = ReturnType<typeof createEvents>;
