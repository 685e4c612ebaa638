import { z } from "zod";
import { isValidZone } from "../time.js";
import { text } from "../validation.js";

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "hh_mm");

export const OpeningHoursInput = z
  .strictObject({ weekday: z.number().int().min(1).max(7), opens: HHMM, closes: HHMM })
  .refine((h) => h.opens < h.closes, { message: "closes_before_opens", path: ["closes"] });

export const RulesInput = z.strictObject({
  maxBookingMinutes: z.number().int().min(15).max(24 * 60),
  maxAdvanceDays: z.number().int().min(0).max(366),
  minNoticeMinutes: z.number().int().min(0).max(7 * 24 * 60),
  checkInGraceMinutes: z.number().int().min(0).max(240),
  /** A member holds at most one desk of the space at any moment (rooms and booths are exempt). On by default. */
  oneDeskPerMember: z.boolean(),
});

/** The longest free texts of a space and its resources: longer ones broke layouts (issue 13, defect 12). */
export const SPACE_TEXT_MAX = { name: 80, address: 200, resourceName: 40, zone: 40, amenity: 30, amenities: 12 } as const;

/**
 * A resource's amenities as people mean them: trimmed, inner spaces collapsed, case-folded ("WiFi" and "wifi "
 * are one), empty ones and repeats dropped (first one wins), at most SPACE_TEXT_MAX.amenities of them.
 */
export const Amenities = z
  .array(text().max(SPACE_TEXT_MAX.amenity * 2))
  .max(SPACE_TEXT_MAX.amenities * 4)
  .transform((list) => [...new Set(list.map((a) => a.trim().replace(/\s+/g, " ").toLocaleLowerCase("id")).filter(Boolean))])
  .pipe(z.array(z.string().max(SPACE_TEXT_MAX.amenity)).max(SPACE_TEXT_MAX.amenities));

/** The longest a booking's reminder may go out before its start: a week (the database's check says the same). */
export const REMINDER_MINUTES_MAX = 7 * 24 * 60;
/** How long before a booking's start its reminder goes out (mail or WhatsApp, as the member chose); 0: none. */
export const ReminderMinutes = z.number().int().min(0).max(REMINDER_MINUTES_MAX);

export const Timezone = text().max(64).refine(isValidZone, { message: "time_zone" });

export const SpaceCreateInput = z.strictObject({
  name: text().trim().min(1).max(SPACE_TEXT_MAX.name),
  timezone: Timezone,
  address: text().trim().max(SPACE_TEXT_MAX.address).optional(),
  openingHours: z
    .array(OpeningHoursInput)
    .max(7)
    .refine((hs) => new Set(hs.map((h) => h.weekday)).size === hs.length, { message: "one_per_weekday" }),
  rules: RulesInput.partial().optional(),
  capacity: z.number().int().min(1).max(100_000).optional(),
  /** Minutes before a booking's start its reminder goes out (0: none); 60 when left out. */
  reminderMinutes: ReminderMinutes.optional(),
  /** `openingHours: []` closes the space every day: refused (422 rule_violation) unless this is true. */
  confirmClosedAllWeek: z.boolean().optional(),
});
export type SpaceCreateInput = z.infer<typeof SpaceCreateInput>;

export const SpaceUpdateInput = z.strictObject({
  name: SpaceCreateInput.shape.name.optional(),
  timezone: Timezone.optional(),
  address: SpaceCreateInput.shape.address,
  openingHours: SpaceCreateInput.shape.openingHours.optional(),
  rules: RulesInput.partial().optional(),
  /** At most this many people in the space at any moment; null removes the limit. */
  capacity: z.number().int().min(1).max(100_000).nullable().optional(),
  /** Minutes before a booking's start its reminder goes out (0: none); applies to bookings made or moved afterwards. */
  reminderMinutes: ReminderMinutes.optional(),
  /** Save a capacity below what is already booked (the overbooked times are reported back). */
  acceptOverCapacity: z.boolean().optional(),
  /** `openingHours: []` closes the space every day: refused (422 rule_violation) unless this is true. */
  confirmClosedAllWeek: z.boolean().optional(),
});
export type SpaceUpdateInput = z.infer<typeof SpaceUpdateInput>;

export const ResourceKind = z.enum(["desk", "room", "booth"]);

/** The most a rate may be, in rupiah (a hundred million an hour or a day) and in credits an hour. */
export const RATE_MAX = { rupiah: 100_000_000, credits: 1_000 } as const;
const Rupiah = z.number().int().min(0).max(RATE_MAX.rupiah);

/**
 * A resource's price (issue 14): rupiah an hour (charged per started half hour), optionally capped at a day rate,
 * and what it costs in credits an hour (absent or null: credits do not pay for it). The rate itself null: free.
 */
export const RateInput = z.strictObject({
  perHour: Rupiah,
  perDay: Rupiah.nullable().optional(),
  creditsPerHour: z.number().int().min(0).max(RATE_MAX.credits).nullable().optional(),
});
export type RateInput = z.infer<typeof RateInput>;

export const RateOut = z.object({ perHour: z.number().int(), perDay: z.number().int().nullable(), creditsPerHour: z.number().int().nullable() });
export type RateOut = z.infer<typeof RateOut>;

export const ResourceCreateInput = z.strictObject({
  name: text().trim().min(1).max(SPACE_TEXT_MAX.resourceName),
  kind: ResourceKind,
  capacity: z.number().int().min(1).max(500).optional(),
  zone: text().trim().max(SPACE_TEXT_MAX.zone).optional(),
  x: z.number().int().min(0).max(10_000).optional(),
  y: z.number().int().min(0).max(10_000).optional(),
  amenities: Amenities.optional(),
  /** Its price; absent or null: free. */
  rate: RateInput.nullable().optional(),
});
export type ResourceCreateInput = z.infer<typeof ResourceCreateInput>;

export const OpeningHoursOut = z.object({ weekday: z.number().int().min(1).max(7), opens: z.string(), closes: z.string() });

export const SpaceOut = z.object({
  id: z.string(),
  name: z.string(),
  timezone: z.string(),
  address: z.string(),
  capacity: z.number().int().nullable(),
  openingHours: z.array(OpeningHoursOut),
  rules: z.object({
    maxBookingMinutes: z.number().int(),
    maxAdvanceDays: z.number().int(),
    minNoticeMinutes: z.number().int(),
    checkInGraceMinutes: z.number().int(),
    oneDeskPerMember: z.boolean(),
  }),
  /** Minutes before a booking's start its reminder goes out; 0: none. */
  reminderMinutes: z.number().int(),
  resourceCounts: z.object({ desk: z.number().int(), room: z.number().int(), booth: z.number().int() }),
  /** The floor plan's background image (versioned URL), or null. */
  floorPlanImageUrl: z.string().nullable(),
});
export type SpaceOut = z.infer<typeof SpaceOut>;

export const ResourceOut = z.object({
  id: z.string(),
  spaceId: z.string(),
  name: z.string(),
  kind: ResourceKind,
  capacity: z.number().int(),
  zone: z.string(),
  x: z.number().int().nullable(),
  y: z.number().int().nullable(),
  amenities: z.array(z.string()),
  active: z.boolean(),
  /** Its price (rupiah an hour, a day cap, credits an hour); null: free. */
  rate: RateOut.nullable(),
});
export type ResourceOut = z.infer<typeof ResourceOut>;

export const ResourceUpdateInput = z.strictObject({
  name: ResourceCreateInput.shape.name.optional(),
  capacity: ResourceCreateInput.shape.capacity,
  zone: ResourceCreateInput.shape.zone,
  x: z.number().int().min(0).max(10_000).nullable().optional(),
  y: z.number().int().min(0).max(10_000).nullable().optional(),
  amenities: ResourceCreateInput.shape.amenities,
  /** A new price; null: free from now on. Bookings already made keep what they were charged. */
  rate: ResourceCreateInput.shape.rate,
});
export type ResourceUpdateInput = z.infer<typeof ResourceUpdateInput>;

/** Where the floor-plan editor put each resource (one save for the whole canvas). */
export const FloorPlanInput = z.strictObject({
  positions: z
    .array(z.strictObject({ resourceId: z.uuid(), x: z.number().int().min(0).max(10_000), y: z.number().int().min(0).max(10_000) }))
    .min(1)
    .max(2000),
});
export type FloorPlanInput = z.infer<typeof FloorPlanInput>;

/** What happens to a deactivated resource's future bookings: moved to a free one of its kind, or cancelled. */
export const DeactivateInput = z.strictObject({ futureBookings: z.enum(["move", "cancel"]) });
export type DeactivateInput = z.infer<typeof DeactivateInput>;

/** Who runs a space (`PUT /spaces/:id/operators`): exactly these operators, at most 100; an empty list leaves it to the admins. */
export const SpaceOperatorsInput = z.strictObject({ memberIds: z.array(z.uuid()).max(100) });

export const SpaceOperatorOut = z.object({
  member: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  assignedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  assignedAt: z.string(),
});
