import { preferencesSchemas as P } from "../../domain/messaging/index.js";
import { route, type AnyRoute } from "./define.js";

/** What may reach the member outside the browser (mail, WhatsApp) and which kinds; the phone's WhatsApp code. */
export const preferencesRoutes: AnyRoute[] = [
  route({
    method: "get",
    path: "/me/notification-preferences",
    summary: "My notification preferences: mail, WhatsApp, my phone, and every kind with its effective value",
    tag: "notifications",
    access: "member",
    responses: { 200: { description: "OK", schema: P.PreferencesOut } },
    async handler({ services, viewer }) {
      return { status: 200, body: await services.messaging.preferences.get(viewer!.id) };
    },
  }),
  route({
    method: "patch",
    path: "/me/notification-preferences",
    summary: "Change my notification preferences (a new phone is sent a code by WhatsApp)",
    tag: "notifications",
    access: "member",
    body: P.PreferencesPatch,
    responses: {
      200: { description: "OK", schema: P.PreferencesOut },
      422: { description: "Unknown kind; WhatsApp without a confirmed phone" },
      429: { description: "A code was sent a moment ago" },
    },
    async handler({ services, viewer, body }) {
      return { status: 200, body: await services.messaging.preferences.update(viewer!.id, body) };
    },
  }),
  route({
    method: "post",
    path: "/me/phone-verification",
    summary: "Confirm my phone with the code sent to it by WhatsApp",
    tag: "notifications",
    access: "member",
    body: P.PhoneCode,
    responses: { 200: { description: "OK", schema: P.PreferencesOut }, 422: { description: "Wrong or expired code" } },
    async handler({ services, viewer, body }) {
      return { status: 200, body: await services.messaging.preferences.verifyPhone(viewer!.id, body.code) };
    },
  }),
];
