import { z } from "zod";
import { isValidZone } from "../time.js";

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

export const Timezone = z.string().refine(isValidZone, { message: "Not an IANA time zone (e.g. Asia/Jakarta)" });

export const SpaceCreateInput = z.strictObject({
  name: z.string().trim().min(1).max(120),
  timezone: Timezone,
  address: z.string().trim().max(300).optional(),
  openingHours: z
    .array(OpeningHoursInput)
    .max(7)
    .refine((hs) => new Set(hs.map((h) => h.weekday)).size === hs.length, { message: "One entry per weekday" }),
  rules: RulesInput.partial().optional(),
  capacity: z.number().int().min(1).max(100_000).optional(),
});
export type SpaceCreateInput = z.infer<typeof SpaceCreateInput>;

export const ResourceKind = z.enum(["desk", "room", "booth"]);

export const ResourceCreateInput = z.strictObject({
  name: z.string().trim().min(1).max(60),
  kind: ResourceKind,
  capacity: z.number().int().min(1).max(500).optional(),
  zone: z.string().trim().max(60).optional(),
  x: z.number().int().min(0).max(10_000).optional(),
  y: z.number().int().min(0).max(10_000).optional(),
  amenities: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
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
