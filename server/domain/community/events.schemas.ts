// Community events (issue 16 item 3, shared/API.md "The network manager's ledger and community events"): inputs
// and outputs. Times from outside are instants with an offset or local date-times read in the space's zone.
import { z } from "zod";
import { bookingsSchemas } from "../bookings/index.js";
import { Id, multiline, text } from "../validation.js";

const Instant = z.iso.datetime({ offset: true });
const { TimeInput } = bookingsSchemas;

export const EVENT_VISIBILITIES = ["members", "public"] as const;
export const EventVisibility = z.enum(EVENT_VISIBILITIES);

/** Weekly: the same local wall-clock time every week, 1 to 52 occurrences, all created or none. */
export const EventRecurrence = z.strictObject({ freq: z.literal("weekly"), count: z.number().int().min(1).max(52) });

export const EventCreate = z.strictObject({
  spaceId: Id,
  title: text().trim().min(1).max(200),
  description: multiline().trim().max(5000).default(""),
  start: TimeInput,
  end: TimeInput,
  capacity: z.number().int().min(1).max(10_000),
  /** A room of the space booked for the event in the same transaction (a taken room: 409 booking_conflict). */
  resourceId: Id.optional(),
  visibility: EventVisibility,
  recurrence: EventRecurrence.optional(),
});
export type EventCreate = z.infer<typeof EventCreate>;

export const EventListQuery = z.strictObject({
  spaceId: Id.optional(),
  /** Events ending after this instant (default: now). */
  from: TimeInput.optional(),
  /** Events starting before this instant. */
  to: TimeInput.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: text().max(200).optional(),
});
export type EventListQuery = z.infer<typeof EventListQuery>;

export const RSVP_STATUSES = ["going", "waitlisted"] as const;
export const RsvpOut = z.object({
  status: z.enum(RSVP_STATUSES),
  /** On the waitlist: 1 is next. */
  position: z.number().int().positive().optional(),
  checkedIn: z.boolean().optional(),
});
export type RsvpOut = z.infer<typeof RsvpOut>;

export const EventOut = z.object({
  id: z.uuid(),
  spaceId: z.uuid(),
  spaceName: z.string(),
  timezone: z.string(),
  title: z.string(),
  description: z.string(),
  start: Instant,
  end: Instant,
  capacity: z.number().int(),
  visibility: EventVisibility,
  resourceId: z.uuid().nullable(),
  resourceName: z.string().nullable(),
  bookingId: z.uuid().nullable(),
  seriesId: z.uuid().nullable(),
  going: z.number().int(),
  waitlisted: z.number().int(),
  attended: z.number().int(),
  /** My RSVP (null: none, or not signed in). */
  mine: RsvpOut.nullable(),
  cancelled: z.boolean(),
});
export type EventOut = z.infer<typeof EventOut>;

export const EventSeriesCreated = z.object({ seriesId: z.uuid(), items: z.array(EventOut) });
export type EventSeriesCreated = z.infer<typeof EventSeriesCreated>;
export const EventList = z.object({ items: z.array(EventOut), nextCursor: z.string().nullable() });
export type EventList = z.infer<typeof EventList>;

export const CheckInInput = z.strictObject({ memberId: Id.optional() });
export type CheckInInput = z.infer<typeof CheckInInput>;

export const AttendeeOut = z.object({
  memberId: z.uuid(),
  name: z.string(),
  status: z.enum(RSVP_STATUSES),
  position: z.number().int().nullable(),
  checkedInAt: Instant.nullable(),
});
export const AttendeeList = z.object({ items: z.array(AttendeeOut) });
export type AttendeeOut = z.infer<typeof AttendeeOut>;
