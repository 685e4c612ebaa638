import { z } from "zod";
import { isValidDate } from "../time.js";
import { RateOut } from "../spaces/spaces.schemas.js";
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
    "instant_format",
  )
  .refine(yearInRange, { message: "year_range", params: { min: String(MIN_YEAR), max: String(MAX_YEAR) } });

export const Recurrence = z.strictObject({
  freq: z.literal("weekly"),
  count: z.number().int().min(1).max(26),
});

/** A booking's length instead of its end: minutes from the start (a day at most). */
export const DurationMinutes = z.number().int().min(1).max(24 * 60);

/** How a booking pays: auto (credits, then a day pass, then the member's next invoice at the rate) or one of them. */
export const PayChoice = z.enum(["auto", "credits", "day_pass", "invoice"]);
export type PayChoice = z.infer<typeof PayChoice>;

const common = {
  start: TimeInput,
  /** The end, or instead `durationMinutes` (exactly one of the two). */
  end: TimeInput.optional(),
  durationMinutes: DurationMinutes.optional(),
  projectId: z.uuid().optional(),
  note: multiline().trim().max(500).optional(),
  recurrence: Recurrence.optional(),
  pay: PayChoice.optional(),
};

/** Exactly one of `end` and `durationMinutes`. */
const endOrDuration = (v: { end?: string; durationMinutes?: number }) => (v.end === undefined) !== (v.durationMinutes === undefined);
const endOrDurationIssue = { message: "end_or_duration", path: ["end"] };

export const BookResourceInput = z.strictObject({ resourceId: z.uuid(), ...common }).refine(endOrDuration, endOrDurationIssue);
export const BookAnyDeskInput = z
  .strictObject({
    spaceId: z.uuid(),
    kind: z.literal("desk"),
    zone: text().trim().min(1).max(60).optional(),
    ...common,
  })
  .refine(endOrDuration, endOrDurationIssue);
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
export const DeskToken = z.string().regex(/^[0-9a-f]{32}$/, "desk_code");

export const DateParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "date_format")
  .refine(isValidDate, { message: "real_date" })
  // The same years as instants: a day view of year 0000 reached PostgreSQL and answered 500.
  .refine(yearInRange, { message: "year_range", params: { min: String(MIN_YEAR), max: String(MAX_YEAR) } });

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "hh_mm");

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
  reason: multiline().trim().min(1).max(300),
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

/** What a booking was charged (method null: made before prices, or by the house: a waitlist promotion, a walk-in). */
export const BookingCharge = z.object({
  method: z.enum(["credits", "day_pass", "invoice", "free"]).nullable(),
  credits: z.number().int(),
  dayPasses: z.number().int(),
  /** Rupiah, for the member's next invoice (method `invoice`). */
  amount: z.number().int(),
  /** When it was given back (cancelled before the start). */
  refundedAt: z.string().nullable(),
});
export type BookingCharge = z.infer<typeof BookingCharge>;

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
  /** When the member ended it early (check-out); its `end` is then the grid time it was cut at. */
  checkedOutAt: z.string().nullable(),
  charge: BookingCharge,
});
export type BookingOut = z.infer<typeof BookingOut>;

/** The "change" form's choices for one booking (GET /bookings/:id/move-options). */
export const MoveOptionsOut = z.object({
  booking: BookingOut,
  /** Confirmed and not begun: it can be moved. */
  movable: z.boolean(),
  /** Begun and not ended: it can be checked out (ended now). */
  canCheckOut: z.boolean(),
  date: z.string(),
  from: z.string(),
  to: z.string(),
  grid: z.object({ minutes: z.number().int(), from: z.string(), to: z.string() }).nullable(),
  durations: z.array(z.number().int()),
  /** Every active resource of the booking's kind; `free` then (null: the asked times are not a valid range). */
  resources: z.array(z.object({ id: z.string(), name: z.string(), zone: z.string(), current: z.boolean(), free: z.boolean().nullable() })),
});
export type MoveOptionsOut = z.infer<typeof MoveOptionsOut>;

/** PUT /resources/:id/favourite's answer. */
export const FavouriteOut = z.object({ resourceId: z.string(), favourite: z.literal(true) });

/** The member home's "Book my favourite desk": a starred desk free in its space's next bookable window. */
export const FavouriteOfferOut = z.object({
  resourceId: z.string(),
  resourceName: z.string(),
  spaceId: z.string(),
  spaceName: z.string(),
  timezone: z.string(),
  start: z.string(),
  end: z.string(),
});

/** A week a series skipped: its local start and end, the error's `code`, `reason` (REASONS) and the facts its words name. */
export const SkippedOut = z.object({
  start: z.string(),
  end: z.string(),
  code: z.string(),
  reason: z.string().optional(),
  facts: z.record(z.string(), z.union([z.string(), z.number()])),
  message: z.string(),
});

export const SeriesOut = z.object({ seriesId: z.string(), created: z.array(BookingOut), skipped: z.array(SkippedOut) });

/** `closed`: a closure of the space overlaps the window or slot (its reason is on the window or the slot). */
const ResourceState = z.enum(["free", "booked", "checked_in", "mine", "closed"]);

export const AvailabilityOut = z.object({
  spaceId: z.string(),
  spaceName: z.string(),
  date: z.string(),
  today: z.string(),
  prevDate: z.string(),
  nextDate: z.string(),
  timezone: z.string(),
  /**
   * The window the per-resource `state` describes (local HH:mm and instants); by default the next two hours that
   * can be booked (or the longest booking, when shorter), on the slot grid. `closedReason`: a closure overlaps it.
   */
  window: z.object({ from: z.string(), to: z.string(), start: z.string(), end: z.string(), closedReason: z.string().nullable() }).nullable(),
  /** The slot grid times are picked on: `minutes` steps from `from` (the opening time) to `to` (closing). */
  grid: z.object({ minutes: z.number().int(), from: z.string(), to: z.string() }).nullable(),
  /** The booking lengths (minutes) a member may pick that day: 30-minute steps up to the longest booking. */
  durations: z.array(z.number().int()),
  /** Hourly slots from opening to closing, for the rooms' time grid; `closedReason` when a closure overlaps it. */
  slots: z.array(z.object({ start: z.string(), end: z.string(), label: z.string(), closedReason: z.string().nullable() })),
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
      /** Starred by the viewer. */
      favourite: z.boolean(),
      /** Its price (what a chosen time costs: server/contract/pricing.ts); null: free. */
      rate: RateOut.nullable(),
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
  items: z.array(
    z.object({
      /** `photoUrl`: their 64 px photo, or null (initials). */
      member: z.object({ id: z.string(), name: z.string(), headline: z.string(), photoUrl: z.string().nullable() }),
      since: z.string(),
    }),
  ),
});
export type PresenceOut = z.infer<typeof PresenceOut>;

/** A week is asked by any date in it (by default today): it runs Monday–Sunday around that date. */
export const WeekQuery = z.strictObject({ date: DateParam.optional() });
export type WeekQuery = z.infer<typeof WeekQuery>;

const WeekFrame = {
  /** The week's Monday and Sunday, and the Mondays before and after (local dates). */
  weekStart: z.string(),
  weekEnd: z.string(),
  prevWeek: z.string(),
  nextWeek: z.string(),
  /** Today's local date (in the space's zone; for my week, in the zone of the space I book nearest to now). */
  today: z.string(),
};

/** A co-member of one of my projects booked somewhere this week: who, where and when (no desk, no booking id). */
export const TeammateBookingOut = z.object({
  /** `photoUrl`: their 64 px photo, or null (initials). */
  member: z.object({ id: z.string(), name: z.string(), photoUrl: z.string().nullable() }),
  spaceId: z.string(),
  spaceName: z.string(),
  timezone: z.string(),
  start: z.string(),
  end: z.string(),
});
export type TeammateBookingOut = z.infer<typeof TeammateBookingOut>;

export const MyWeekOut = z.object({
  ...WeekFrame,
  days: z.array(
    z.object({
      date: z.string(),
      /** My bookings touching the day in their space's zone (cancelled ones left out). */
      bookings: z.array(BookingOut),
      /** Who from my projects is booked that day (those who show their presence; never me). */
      teammates: z.array(TeammateBookingOut),
    }),
  ),
});
export type MyWeekOut = z.infer<typeof MyWeekOut>;

export const SpaceWeekOut = z.object({
  ...WeekFrame,
  spaceId: z.string(),
  spaceName: z.string(),
  timezone: z.string(),
  days: z.array(
    z.object({
      date: z.string(),
      /** `closed_weekday`: no opening hours that weekday; `closed`: closures cover all of the day's opening hours. */
      status: z.enum(["open", "closed_weekday", "closed"]),
      open: z.object({ start: z.string(), end: z.string() }).nullable(),
      closures: z.array(z.object({ start: z.string(), end: z.string(), reason: z.string() })),
      /** Minutes the space can be booked: the opening hours less the closures. */
      openMinutes: z.number().int(),
      /** Active desks; how many have no booking at all in the open minutes; the share of desk time booked (0–1). */
      desks: z.object({ total: z.number().int(), free: z.number().int(), bookedShare: z.number().nullable() }),
      /** Each active room and booth with its booked minutes that day. */
      rooms: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(["room", "booth"]), bookedMinutes: z.number().int() })),
    }),
  ),
});
export type SpaceWeekOut = z.infer<typeof SpaceWeekOut>;
