import { outboxSchemas } from "../../domain/messaging/index.js";
import { route, type AnyRoute } from "./define.js";
import { IdParams } from "./params.js";

const noStore = { "Cache-Control": "private, no-store" };

/** The admin's outbox (issue 15): every message that leaves, its attempts, and "retry" on a parked one. Admins only (404 for others). */
export const adminOutboxRoutes: AnyRoute[] = [
  route({
    method: "get",
    path: "/admin/outbox",
    summary: "The outbox, newest first, by channel and status, with the counts per status (of the channel chosen). Admins only",
    tag: "messaging",
    access: "member",
    query: outboxSchemas.OutboxListQuery,
    responses: { 200: { description: "OK", schema: outboxSchemas.OutboxListOut } },
    async handler({ services, viewer, query }) {
      return { status: 200, body: await services.messaging.admin.list(viewer!, query), headers: noStore };
    },
  }),
  route({
    method: "get",
    path: "/admin/outbox/:id",
    summary: "One message with its attempt log and, for mail, what it said (subject, text, HTML, headers). Admins only",
    tag: "messaging",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "OK", schema: outboxSchemas.OutboxDetailOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.messaging.admin.get(viewer!, params.id), headers: noStore };
    },
  }),
  route({
    method: "post",
    path: "/admin/outbox/:id/retry",
    summary: "Puts a parked ('dead') message back in the queue with a fresh set of attempts; any other status → 422 invalid_transition (not_dead). Admins only",
    tag: "messaging",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "Queued again", schema: outboxSchemas.OutboxItemOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.messaging.admin.retry(viewer!, params.id) };
    },
  }),
];
