import { webhooksSchemas as s } from "../../domain/messaging/index.js";
import { route, type AnyRoute } from "./define.js";
import { IdParams } from "./params.js";

// Webhooks (issue 15, shared/API.md "Reaching people"): admins only; to anyone else an endpoint does not exist (404).

export const webhooksRoutes: AnyRoute[] = [
  route({
    method: "post",
    path: "/webhooks",
    summary: "Register a webhook endpoint (admin): the signing secret is in this answer only",
    tag: "webhooks",
    access: "member",
    body: s.WebhookCreateInput,
    responses: { 201: { description: "Registered", schema: s.WebhookCreatedOut } },
    async handler({ services, viewer, body }) {
      return { status: 201, body: await services.messaging.webhooks.register(viewer!, body) };
    },
  }),
  route({
    method: "get",
    path: "/webhooks",
    summary: "Webhook endpoints (admin), newest first; never their secrets",
    tag: "webhooks",
    access: "member",
    responses: { 200: { description: "OK", schema: s.WebhookList } },
    async handler({ services, viewer }) {
      return { status: 200, body: { items: await services.messaging.webhooks.list(viewer!) } };
    },
  }),
  route({
    method: "get",
    path: "/webhooks/:id",
    summary: "One webhook endpoint (admin)",
    tag: "webhooks",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "OK", schema: s.WebhookOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.messaging.webhooks.get(viewer!, params.id) };
    },
  }),
  route({
    method: "patch",
    path: "/webhooks/:id",
    summary: "Change an endpoint's url, events, description, or switch it on or off (on clears why it was off)",
    tag: "webhooks",
    access: "member",
    params: IdParams,
    body: s.WebhookUpdateInput,
    responses: { 200: { description: "OK", schema: s.WebhookOut } },
    async handler({ services, viewer, params, body }) {
      return { status: 200, body: await services.messaging.webhooks.update(viewer!, params.id, body) };
    },
  }),
  route({
    method: "delete",
    path: "/webhooks/:id",
    summary: "Delete an endpoint and its deliveries (admin)",
    tag: "webhooks",
    access: "member",
    params: IdParams,
    responses: { 204: { description: "Deleted" } },
    async handler({ services, viewer, params }) {
      await services.messaging.webhooks.remove(viewer!, params.id);
      return { status: 204 };
    },
  }),
  route({
    method: "get",
    path: "/webhooks/:id/deliveries",
    summary: "An endpoint's deliveries, newest first: type, attempts, status, the last response status, the next attempt",
    tag: "webhooks",
    access: "member",
    params: IdParams,
    query: s.DeliveriesQuery,
    responses: { 200: { description: "OK", schema: s.DeliveryList } },
    async handler({ services, viewer, params, query }) {
      return { status: 200, body: await services.messaging.webhooks.deliveries(viewer!, params.id, query) };
    },
  }),
  route({
    method: "post",
    path: "/webhooks/:id/ping",
    summary: "Send a `ping` delivery to an endpoint through the outbox (admin)",
    tag: "webhooks",
    access: "member",
    params: IdParams,
    responses: { 202: { description: "Queued", schema: s.PingOut } },
    async handler({ services, viewer, params }) {
      return { status: 202, body: await services.messaging.webhooks.ping(viewer!, params.id) };
    },
  }),
];
