import { z } from "zod";
import { isValidZone } from "../time.js";
import { text } from "../validation.js";

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:mm (24-hour)");

export const OpeningHoursInput = z
  .strictObject({ weekday: z.number().int().min(1).max(7), opens: HHMM, closes: HHMM })
  .refine((h) => h.opens < h.closes, { message: "Opening must be before closing", path: ["closes"] });

export const RulesInput = z.strictObject({
  maxBookingMinutes: z.number().int().min(15).max(24 * 60),
  maxAdvanceDays: z.number().int().min(0).max(366),
  minNoticeMinutes: z.number().int().min(0).max(7 * 24 * 60),
  checkInGraceMinutes: z.number().int().min(0).max(240),
});

export const Timezone = text().max(64).refine(isValidZone, { message: "Not an IANA time zone (e.g. Asia/Jakarta)" });

export const SpaceCreateInput = z.strictObject({
  name: text().trim().min(1).max(120),
  timezone: Timezone,
  address: text().trim().max(300).optional(),
  openingHours: z
    .array(OpeningHoursInput)
    .max(7)
    .refine((hs) => new Set(hs.map((h) => h.weekday)).size === hs.length, { message: "One entry per weekday" }),
  rules: RulesInput.partial().optional(),
  capacity: z.number().int().min(1).max(100_000).optional(),
  /** `openingHours: []` closes the space every day: refused (422 rule_violation) unless this is true. */
  confirmClosedAllWeek: z.boolean().optional(),
});
export type SpaceCreateInput = z.infer<typeof SpaceCreateInput>;

export const SpaceUpdateInput = z.strictObject({
  name: SpaceCreateInput.shape.name.optional(),
  timezone: Timezone.optional(),
  address: text().trim().max(300).optional(),
  openingHours: SpaceCreateInput.shape.openingHours.optional(),
  rules: RulesInput.partial().optional(),
  /** At most this many people in the space at any moment; null removes the limit. */
  capacity: z.number().int().min(1).max(100_000).nullable().optional(),
  /** Save a capacity below what is already booked (the overbooked times are reported back). */
  acceptOverCapacity: z.boolean().optional(),
  /** `openingHours: []` closes the space every day: refused (422 rule_violation) unless this is true. */
  confirmClosedAllWeek: z.boolean().optional(),
});
export type SpaceUpdateInput = z.infer<typeof SpaceUpdateInput>;

export const ResourceKind = z.enum(["desk", "room", "booth"]);

export const ResourceCreateInput = z.strictObject({
  name: text().trim().min(1).max(60),
  kind: ResourceKind,
  capacity: z.number().int().min(1).max(500).optional(),
  zone: text().trim().max(60).optional(),
  x: z.number().int().min(0).max(10_000).optional(),
  y: z.number().int().min(0).max(10_000).optional(),
  amenities: z.array(text().trim().min(1).max(40)).max(20).optional(),
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
  }),
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
});
export type ResourceOut = z.infer<typeof ResourceOut>;

export const ResourceUpdateInput = z.strictObject({
  name: ResourceCreateInput.shape.name.optional(),
  capacity: ResourceCreateInput.shape.capacity,
  zone: ResourceCreateInput.shape.zone,
  x: z.number().int().min(0).max(10_000).nullable().optional(),
  y: z.number().int().min(0).max(10_000).nullable().optional(),
  amenities: ResourceCreateInput.shape.amenities,
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
