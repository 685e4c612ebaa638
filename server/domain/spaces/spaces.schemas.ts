import { z } from "zod";

export const OpeningHoursOut = z.object({
  weekday: z.number().int().min(1).max(7),
  opens: z.string(),
  closes: z.string(),
});

export const SpaceOut = z.object({
  id: z.string(),
  name: z.string(),
  timezone: z.string(),
  address: z.string(),
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
