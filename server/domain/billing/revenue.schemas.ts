// zod input and output schemas of billing's revenue (one validation for form actions, API and OpenAPI).
import { z } from "zod";

/** The longest range one request covers. */
export const MAX_REVENUE_MONTHS = 24;

const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "month_format")
  .refine((m) => m >= "1970-01" && m <= "9998-12", { message: "year_range", params: { min: "1970", max: "9998" } });

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));

/** `GET /spaces/:id/revenue?from=&to=`: months (YYYY-MM) in the space's zone, inclusive; default the last 6 through this one. */
export const RevenueQuery = z
  .strictObject({
    from: Month.describe("First month (YYYY-MM, the space's zone), inclusive").optional(),
    to: Month.describe(`Last month, inclusive; at most ${MAX_REVENUE_MONTHS} months from \`from\``).optional(),
  })
  .superRefine((q, ctx) => {
    if (!q.from || !q.to) return;
    if (q.to < q.from) ctx.addIssue({ code: "custom", path: ["to"], message: "to_before_from" });
    else if (monthIndex(q.to) - monthIndex(q.from) + 1 > MAX_REVENUE_MONTHS) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "range_too_long_months", params: { maxMonths: MAX_REVENUE_MONTHS } });
    }
  });
export type RevenueQuery = z.infer<typeof RevenueQuery>;

const Rupiah = z.number().int();

export const PlanRevenue = z.object({
  planId: z.uuid(),
  name: z.string(),
  subscribers: z.number().int(),
  recurring: Rupiah.describe("the plan's subscriptions' prices as monthly recurring revenue (IDR)"),
});

export const RevenueMonth = z.object({
  month: z.string().describe("YYYY-MM"),
  recurring: Rupiah.describe(
    "MRR at the month's end (today for this month): live subscriptions' plan prices per month (week ×52/12, quarter /3, year /12; plans bought once excluded)",
  ),
  subscribers: z.number().int(),
  invoiced: Rupiah.describe("totals of the invoices issued that month (void ones excluded)"),
  collected: Rupiah.describe("money received that month (payments by their paid date), without withheld tax"),
  withheld: Rupiah.describe("tax the payers withheld (PPh 23 / 4(2)) on the payments of that month: settles invoices without money"),
  outstanding: Rupiah.describe("balance due of the invoices issued by the month's end and not void then (now, for this month)"),
  byPlan: z.array(PlanRevenue),
});

export const RevenueOut = z.object({
  spaceId: z.uuid(),
  currency: z.literal("IDR"),
  from: z.string(),
  to: z.string(),
  months: z.array(RevenueMonth),
  totals: z.object({ invoiced: Rupiah, collected: Rupiah, withheld: Rupiah }),
});
export type RevenueOut = z.infer<typeof RevenueOut>;

export const revenueSchemas = { RevenueQuery, RevenueOut, MAX_REVENUE_MONTHS };
