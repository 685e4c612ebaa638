import { z } from "zod";
import { isValidDate } from "../time.js";

/** The longest range one request may cover (inclusive local days). */
export const MAX_RANGE_DAYS = 366;

const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "date_format")
  .refine(isValidDate, { message: "real_date" })
  .refine((d) => d >= "1970-01-01" && d <= "9998-12-31", { message: "year_range", params: { min: "1970", max: "9998" } });

const dayNumber = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;

/** Number of local days in the inclusive range `[from, to]`. */
export function daysInRange(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from) + 1;
}

function checkRange(q: { from: string; to: string }, ctx: z.RefinementCtx) {
  if (q.to < q.from) ctx.addIssue({ code: "custom", path: ["to"], message: "to_before_from" });
  else if (daysInRange(q.from, q.to) > MAX_RANGE_DAYS) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "range_too_long", params: { maxDays: MAX_RANGE_DAYS } });
  }
}

/** A range of local dates as every caller of the service must give it (the API and the operator pages). */
export const DateRange = z.strictObject({ from: LocalDate, to: LocalDate }).superRefine(checkRange);

export const OccupancySection = z.enum(["days", "byHour", "byKind", "byZone", "topMembers"]);
export type OccupancySection = z.infer<typeof OccupancySection>;

/** `GET /spaces/:id/occupancy`: an inclusive range of local dates in the space's zone. */
export const OccupancyQuery = z
  .strictObject({
    from: LocalDate.describe("First local date (YYYY-MM-DD, space's zone), inclusive"),
    to: LocalDate.describe("Last local date, inclusive; at most 366 days after `from`"),
    format: z.enum(["json", "csv"]).default("json"),
    /** Which table the CSV carries (JSON always has all of them). */
    section: OccupancySection.default("days"),
  })
  .superRefine(checkRange);
export type OccupancyQuery = z.infer<typeof OccupancyQuery>;

export const BookingStatusFilter = z.enum(["confirmed", "checked_in", "cancelled", "no_show"]);

/** `GET /spaces/:id/bookings.csv`: every booking whose time overlaps the local days `[from, to]`. */
export const BookingsExportQuery = z
  .strictObject({
    from: LocalDate,
    to: LocalDate,
    status: BookingStatusFilter.optional(),
  })
  .superRefine(checkRange);
export type BookingsExportQuery = z.infer<typeof BookingsExportQuery>;

const Ratio = z.number().nullable().describe("booked ÷ open resource-minutes; null when nothing was open");

/** Booked against open resource-minutes: what every table of the report measures. */
const Usage = { bookedMinutes: z.number(), openMinutes: z.number(), utilization: Ratio };
/** What became of the bookings counted. */
const Outcomes = { bookings: z.number().int(), checkedIn: z.number().int(), noShows: z.number().int(), cancelled: z.number().int() };

export const DayOut = z.object({ date: z.string(), weekday: z.number().int(), ...Usage, ...Outcomes });
export type DayOut = z.infer<typeof DayOut>;

export const HourOut = z.object({
  weekday: z.number().int().describe("1 = Monday … 7 = Sunday"),
  hour: z.number().int().describe("Local hour 0–23"),
  ...Usage,
});
export type HourOut = z.infer<typeof HourOut>;

export const KindOut = z.object({ kind: z.string(), resources: z.number().int(), ...Usage });
export const ZoneOut = z.object({ zone: z.string(), resources: z.number().int(), ...Usage });
export const TopMemberOut = z.object({ id: z.string(), name: z.string(), bookings: z.number().int(), minutes: z.number() });

export const TotalsOut = z.object({
  resources: z.number().int(),
  ...Usage,
  ...Outcomes,
  noShowRate: z.number().nullable().describe("noShows ÷ (checkedIn + noShows); null when neither happened"),
});

export const OccupancyOut = z.object({
  spaceId: z.string(),
  timezone: z.string(),
  from: z.string(),
  to: z.string(),
  days: z.array(DayOut),
  byHour: z.array(HourOut).describe("168 cells: every local weekday × hour"),
  byKind: z.array(KindOut),
  byZone: z.array(ZoneOut),
  peakHours: z.array(HourOut).describe("The busiest hours of the week by utilization (up to 5)"),
  topMembers: z.array(TopMemberOut).describe("Most active members by booked minutes (up to 10)"),
  noShowRate: z.number().nullable(),
  totals: TotalsOut,
});
export type OccupancyOut = z.infer<typeof OccupancyOut>;
