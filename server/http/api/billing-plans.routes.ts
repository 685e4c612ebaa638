import { z } from "zod";
import { plansSchemas } from "../../domain/billing/index.js";
import { route, type AnyRoute } from "./define.js";
import { IdParams } from "./params.js";

// Billing: plans (operators define them, members choose), subscriptions and purchases (issue 14, shared/API.md "Money").
const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const billingPlansRoutes: AnyRoute[] = [
  route({
    method: "post",
    path: "/plans",
    summary: "Create a plan (operator of spaceId; admins may leave it out for a network-wide plan)",
    tag: "billing",
    access: "operator",
    body: plansSchemas.PlanCreateInput,
    responses: { 201: { description: "Created", schema: plansSchemas.PlanOut } },
    async handler({ services, viewer, body }) {
      return { status: 201, body: await services.billing.plans.createPlan(viewer!, body) };
    },
  }),
  route({
    method: "get",
    path: "/plans",
    summary: "Plans: public active ones (of a space and the network's); operators also every plan of the spaces they run",
    tag: "billing",
    access: "member",
    query: plansSchemas.PlansQuery,
    responses: { 200: { description: "OK", schema: items(plansSchemas.PlanOut) } },
    async handler({ services, viewer, query }) {
      return { status: 200, body: { items: await services.billing.plans.listPlans(viewer!, query) } };
    },
  }),
  route({
    method: "get",
    path: "/plans/:id",
    summary: "One plan (public and active, or of a space one runs)",
    tag: "billing",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "OK", schema: plansSchemas.PlanOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.billing.plans.getPlan(viewer!, params.id) };
    },
  }),
  route({
    method: "patch",
    path: "/plans/:id",
    summary: "Change a plan (operator of its space); active: false archives it",
    tag: "billing",
    access: "operator",
    params: IdParams,
    body: plansSchemas.PlanUpdateInput,
    responses: { 200: { description: "OK", schema: plansSchemas.PlanOut } },
    async handler({ services, viewer, params, body }) {
      return { status: 200, body: await services.billing.plans.updatePlan(viewer!, params.id, body) };
    },
  }),
  route({
    method: "delete",
    path: "/plans/:id",
    summary: "Archive a plan (never deleted: no new subscriptions, running ones go on)",
    tag: "billing",
    access: "operator",
    params: IdParams,
    responses: { 200: { description: "Archived", schema: plansSchemas.PlanOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.billing.plans.archivePlan(viewer!, params.id) };
    },
  }),
  route({
    method: "get",
    path: "/plans/:id/quote",
    summary: "What subscribing (or buying) would invoice first: the pro-rated first period, setup fee, deposit and PPN",
    tag: "billing",
    access: "member",
    params: IdParams,
    query: plansSchemas.QuoteQuery,
    responses: { 200: { description: "OK", schema: plansSchemas.QuoteOut } },
    async handler({ services, viewer, params, query }) {
      return { status: 200, body: await services.billing.plans.quote(viewer!, params.id, query) };
    },
  }),
  route({
    method: "post",
    path: "/subscriptions",
    summary: "Subscribe to a plan or buy a package (a member for themselves; an operator with memberId); a mid-cycle start is pro-rated",
    tag: "billing",
    access: "member",
    body: plansSchemas.SubscriptionCreateInput,
    responses: { 201: { description: "Created", schema: plansSchemas.SubscriptionCreatedOut } },
    async handler({ services, viewer, body }) {
      return { status: 201, body: await services.billing.plans.subscribe(viewer!, body) };
    },
  }),
  route({
    method: "get",
    path: "/subscriptions/:id",
    summary: "One subscription (its member, or an operator of its space)",
    tag: "billing",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "OK", schema: plansSchemas.SubscriptionOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.billing.plans.getSubscription(viewer!, params.id) };
    },
  }),
  route({
    method: "delete",
    path: "/subscriptions/:id",
    summary: "Cancel a subscription at its period's end (its member, or an operator of its space)",
    tag: "billing",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "Cancelling", schema: plansSchemas.SubscriptionCancelledOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.billing.plans.cancel(viewer!, params.id) };
    },
  }),
  route({
    method: "get",
    path: "/me/subscriptions",
    summary: "My subscriptions and purchases (live ones first)",
    tag: "billing",
    access: "member",
    responses: { 200: { description: "OK", schema: items(plansSchemas.SubscriptionOut) } },
    async handler({ services, viewer }) {
      return { status: 200, body: { items: await services.billing.plans.mySubscriptions(viewer!) } };
    },
  }),
  route({
    method: "get",
    path: "/spaces/:id/subscriptions",
    summary: "A space's subscriptions (operator)",
    tag: "billing",
    access: "operator",
    params: IdParams,
    query: plansSchemas.SubscriptionsQuery,
    responses: { 200: { description: "OK", schema: items(plansSchemas.SubscriptionOut) } },
    async handler({ services, viewer, params, query }) {
      return { status: 200, body: { items: await services.billing.plans.spaceSubscriptions(viewer!, params.id, query) } };
    },
  }),
];
