import { z } from "zod";
import { isValidDate } from "../time.js";
import { multiline, text } from "../validation.js";

/** Instants from outside are years 2000–2100: PostgreSQL has no year 0, and a far future closes nothing real. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
const yearInRange = (value: string) => {
  const m = /^(\d{4})-/.exec(value);
  return !m || (Number(m[1]) >= MIN_YEAR && Number(m[1]) <= MAX_YEAR);
};

/** An instant with an offset, or a local date-time read in the space's zone (resolved by the service). */
export const TimeInput = z
  .string()
  .trim()
  .max(40)
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/i,
    "Use ISO 8601: 2026-12-01T09:00+07:00, or a local time 2026-12-01T09:00",
  )
  .refine(yearInRange, { message: `Use a year from ${MIN_YEAR} to ${MAX_YEAR}` });

export const Recurrence = z.strictObject({
  freq: z.literal("weekly"),
  count: z.number().int().min(1).max(26),
});

const common = {
  start: TimeInput,
  end: TimeInput,
  projectId: z.uuid().optional(),
  note: multiline().trim().max(500).optional(),
  recurrence: Recurrence.optional(),
};

export const BookResourceInput = z.strictObject({ resourceId: z.uuid(), ...common });
export const BookAnyDeskInput = z.strictObject({
  spaceId: z.uuid(),
  kind: z.literal("desk"),
  zone: text().trim().min(1).max(60).optional(),
  ...common,
});
export const BookingCreateInput = z.union([BookResourceInput, BookAnyDeskInput]);
export type BookingCreateInput = z.infer<typeof BookingCreateInput>;

export const RescheduleInput = z.strictObject({
  start: TimeInput,
  end: TimeInput,
  resourceId: z.uuid().optional(),
});
export type RescheduleInput = z.infer<typeof RescheduleInput>;

export const CancelQuery = z.strictObject({ scope: z.enum(["one", "series"]).default("one") });

/** The token printed in a desk's check-in QR code. */
export const DeskToken = z.string().regex(/^[0-9a-f]{32}$/, "Not a desk code");

export const DateParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD")
  .refine(isValidDate, { message: "Not a real date" })
  // The same years as instants: a day view of year 0000 reached PostgreSQL and answered 500.
  .refine(yearInRange, { message: `Use a year from ${MIN_YEAR} to ${MAX_YEAR}` });

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:mm");

/** `date` defaults to today in the space's zone; `from`/`to` (local HH:mm) pick the window the floor plan shows. */
export const AvailabilityQuery = z.strictObject({ date: DateParam.optional(), from: HHMM.optional(), to: HHMM.optional() });
export type AvailabilityQuery = z.infer<typeof AvailabilityQuery>;

export const RangeQuery = z.strictObject({
  from: TimeInput.optional(),
  to: TimeInput.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(100),
});

export const ClosureInput = z.strictObject({
  start: TimeInput,
  end: TimeInput,
  reason: multiline().trim().min(1, "Give a reason").max(300),
});
export type ClosureInput = z.infer<typeof ClosureInput>;
/** Change a closure: any of its times and its reason (what is left out stays). */
export const ClosureUpdateInput = z.strictObject({
  start: TimeInput.optional(),
  end: TimeInput.optional(),
  reason: ClosureInput.shape.reason.optional(),
});
export type ClosureUpdateInput = z.infer<typeof ClosureUpdateInput>;
export const ClosuresQuery = z.strictObject({ when: z.enum(["upcoming", "past"]).default("upcoming") });
export const ClosureOut = z.object({ id: z.string(), spaceId: z.string(), start: z.string(), end: z.string(), reason: z.string(), createdAt: z.string() });
export type ClosureOut = z.infer<typeof ClosureOut>;
export const ClosurePreviewQuery = z.strictObject({ start: TimeInput, end: TimeInput });
export type ClosurePreviewQuery = z.infer<typeof ClosurePreviewQuery>;

const PersonAt = z.object({
  bookingId: z.string(),
  member: z.object({ id: z.string(), name: z.string() }),
  resourceName: z.string(),
  resourceKind: z.enum(["desk", "room", "booth"]),
  start: z.string(),
  end: z.string(),
  status: z.enum(["confirmed", "checked_in", "cancelled", "no_show"]),
});
export const ClosurePreviewOut = z.object({ start: z.string(), end: z.string(), bookings: z.array(PersonAt), waitlisted: z.number().int() });
export const SpaceNowOut = z.object({
  spaceId: z.string(),
  timezone: z.string(),
  at: z.string(),
  capacity: z.number().int().nullable(),
  /** Active bookings covering this moment (checked in or expected). */
  occupancy: z.number().int(),
  checkedIn: z.array(PersonAt),
  expected: z.array(PersonAt),
  /** Bookings starting within the next hour. */
  arrivals: z.array(PersonAt),
});
export type SpaceNowOut = z.infer<typeof SpaceNowOut>;
export const DeactivateOut = z.object({ moved: z.number().int(), cancelled: z.number().int() });

export const WaitlistInput = z.union([
  z.strictObject({ resourceId: z.uuid(), start: TimeInput, end: TimeInput }),
  z.strictObject({
    spaceId: z.uuid(),
    kind: z.enum(["desk", "room", "booth"]),
    zone: text().trim().min(1).max(60).optional(),
    start: TimeInput,
    end: TimeInput,
  }),
]);
export type WaitlistInput = z.infer<typeof WaitlistInput>;

export const BookingStatus = z.enum(["confirmed", "checked_in", "cancelled", "no_show"]);

export const BookingOut = z.object({
  id: z.string(),
  resourceId: z.string(),
  resourceName: z.string(),
  resourceKind: z.enum(["desk", "room", "booth"]),
  spaceId: z.string(),
  spaceName: z.string(),
  timezone: z.string(),
  start: z.string(),
  end: z.string(),
  status: BookingStatus,
  seriesId: z.string().nullable(),
  projectId: z.string().nullable(),
  note: z.string(),
  checkedInAt: z.string().nullable(),
});
export type BookingOut = z.infer<typeof BookingOut>;

export const SkippedOut = z.object({ start: z.string(), end: z.string(), code: z.string(), message: z.string() });

export const SeriesOut = z.object({ seriesId: z.string(), created: z.array(BookingOut), skipped: z.array(SkippedOut) });

const ResourceState = z.enum(["free", "booked", "checked_in", "mine"]);

export const AvailabilityOut = z.object({
  spaceId: z.string(),
  spaceName: z.string(),
  date: z.string(),
  today: z.string(),
  prevDate: z.string(),
  nextDate: z.string(),
  timezone: z.string(),
  /** The window the per-resource `state` describes (local HH:mm and instants). */
  window: z.object({ from: z.string(), to: z.string(), start: z.string(), end: z.string() }).nullable(),
  /** Hourly slots from opening to closing, for the rooms' time grid. */
  slots: z.array(z.object({ start: z.string(), end: z.string(), label: z.string() })),
  open: z.object({ start: z.string(), end: z.string() }).nullable(),
  closures: z.array(z.object({ start: z.string(), end: z.string(), reason: z.string() })),
  resources: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.enum(["desk", "room", "booth"]),
      zone: z.string(),
      capacity: z.number().int(),
      x: z.number().int().nullable(),
      y: z.number().int().nullable(),
      busy: z.array(
        z.object({
          start: z.string(),
          end: z.string(),
          status: z.enum(["confirmed", "checked_in"]),
          mine: z.boolean(),
          bookingId: z.string().optional(),
          canCheckIn: z.boolean().optional(),
        }),
      ),
      state: ResourceState,
      slotStates: z.array(ResourceState),
    }),
  ),
});
export type AvailabilityOut = z.infer<typeof AvailabilityOut>;

export const PresenceOut = z.object({
  items: z.array(z.object({ member: z.object({ id: z.string(), name: z.string(), headline: z.string() }), since: z.string() })),
});
export type PresenceOut = z.infer<typeof PresenceOut>;
