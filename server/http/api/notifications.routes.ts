import { z } from "zod";
import { notificationsSchemas as N } from "../../domain/notifications/index.js";
import { Id } from "../../domain/validation.js";
import { route, type AnyRoute } from "./define.js";

/** One notification item per kind, so that the document shows each kind's `data` (`kind` tells them apart). */
const notificationOf = <K extends N.NotificationKind>(kind: K) =>
  z.object({ id: z.string(), kind: z.literal(kind), data: N.NotificationData[kind], createdAt: z.string(), readAt: z.string().nullable() });
const kinds = Object.keys(N.NotificationData) as N.NotificationKind[];
const NotificationOut = z.discriminatedUnion(
  "kind",
  kinds.map(notificationOf) as [ReturnType<typeof notificationOf>, ...ReturnType<typeof notificationOf>[]],
);

/** The member's notifications: facts by kind (the UI words them in the reader's language), and read marks. */
export const notificationsRoutes: AnyRoute[] = [
  route({
    method: "get",
    path: "/me/notifications",
    summary: "My notifications, newest first, with the unread count",
    tag: "notifications",
    access: "member",
    responses: { 200: { description: "OK", schema: z.object({ items: z.array(NotificationOut), unread: z.number().int() }) } },
    async handler({ services, viewer }) {
      return { status: 200, body: await services.notifications.list(viewer!.id) };
    },
  }),
  route({
    method: "post",
    path: "/me/notifications/read",
    summary: "Mark notifications read (all when no ids are given)",
    tag: "notifications",
    access: "member",
    body: z.strictObject({ ids: z.array(Id).max(100).optional() }),
    responses: { 200: { description: "OK", schema: z.object({ marked: z.number().int() }) } },
    async handler({ services, viewer, body }) {
      return { status: 200, body: { marked: await services.notifications.markRead(viewer!.id, body.ids ?? "all") } };
    },
  }),
];
