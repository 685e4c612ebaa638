import { CallbackOut, CallbackParams, CheckoutOut } from "../../domain/billing/gateway.schemas.js";
import { route, type AnyRoute } from "./define.js";
import { IdParams } from "./params.js";

/** The online payment gateway (issue 14, item 5): a hosted checkout for an invoice, and the provider's callbacks. */
export const billingGatewayRoutes: AnyRoute[] = [
  route({
    method: "post",
    path: "/invoices/:id/checkout",
    summary:
      "Opens the payment gateway's hosted page for the viewer's own invoice (its balance due); a checkout still open for the " +
      "same amount is reused. No gateway configured → 422 `rule_violation` (`no_gateway`: pay by transfer); paid or void → 422 " +
      "`invalid_transition`; another member's invoice → 404",
    tag: "billing",
    access: "member",
    params: IdParams,
    responses: { 201: { description: "Created", schema: CheckoutOut } },
    async handler({ services, viewer, params, req }) {
      const out = await services.billing.gateway.checkout(viewer!, params.id, { origin: req.publicOrigin });
      return { status: 201, body: out, headers: { "Cache-Control": "no-store" } };
    },
  }),
  route({
    method: "post",
    path: "/payments/callbacks/:provider",
    summary:
      "The payment gateway's callback (server to server, no session): verified by the provider's token (Xendit: " +
      "`x-callback-token`; bad or missing → 401, nothing changes). Each event is handled once (a replay → 200, nothing changes " +
      "twice); a paid amount that is not exactly the checkout's and the invoice's balance is recorded as `amount_mismatch` and " +
      "changes nothing; a callback for a checkout we did not open → 200 `unknown_checkout` (so the provider stops retrying)",
    tag: "billing",
    access: "public",
    params: CallbackParams,
    responses: { 200: { description: "Handled (see outcome)", schema: CallbackOut } },
    async handler({ services, params, req }) {
      const out = await services.billing.gateway.callback(params.provider, req.headers, req.body);
      return { status: 200, body: out };
    },
  }),
];
