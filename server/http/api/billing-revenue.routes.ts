import { RevenueOut, RevenueQuery } from "../../domain/billing/revenue.schemas.js";
import { route, type AnyRoute } from "./define.js";
import { IdParams } from "./params.js";

/** A space's revenue (issue 14, item 6): MRR, invoiced, collected, outstanding and by plan, per month. */
export const billingRevenueRoutes: AnyRoute[] = [
  route({
    method: "get",
    path: "/spaces/:id/revenue",
    summary:
      "The space's revenue per month of [from, to] (YYYY-MM in the space's zone; default the last 6 months through this one; at " +
      "most 24): recurring (MRR), invoiced, collected, withheld, outstanding at the month's end, and MRR by plan. Operators of the space",
    tag: "billing",
    access: "operator",
    params: IdParams,
    query: RevenueQuery,
    responses: { 200: { description: "OK", schema: RevenueOut } },
    async handler({ services, viewer, params, query }) {
      return { status: 200, body: await services.billing.revenue.revenue(viewer!, params.id, query), headers: { "Cache-Control": "private, no-store" } };
    },
  }),
];
