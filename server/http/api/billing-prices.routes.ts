import { settingsSchemas as S } from "../../domain/billing/index.js";
import { route, type AnyRoute } from "./define.js";
import { IdParams } from "./params.js";

/** Prices (issue 14): a space's billing settings, and what a booking costs before it is made. */
export const billingPricesRoutes: AnyRoute[] = [
  route({
    method: "get",
    path: "/spaces/:id/billing",
    summary: "A space's billing settings: invoice code, PPN rate, whether prices include it, what invoices print (its operators; the defaults until saved)",
    tag: "billing",
    access: "operator",
    params: IdParams,
    responses: { 200: { description: "OK", schema: S.BillingSettingsOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.billing.settings.getRun(viewer!, params.id) };
    },
  }),
  route({
    method: "get",
    path: "/bookings/quote",
    summary: "What a booking of a resource at a time would cost (times read as a booking's): amount, PPN, total in rupiah, or credits / a day pass",
    tag: "billing",
    access: "member",
    query: S.QuoteQuery,
    responses: { 200: { description: "OK", schema: S.QuoteOut } },
    async handler({ services, query }) {
      return { status: 200, body: await services.billing.settings.quote(query) };
    },
  }),
];
