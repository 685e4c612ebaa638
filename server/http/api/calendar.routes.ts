import { z } from "zod";
import { text } from "../../domain/validation.js";
import { route, type AnyRoute } from "./define.js";
import { absolute } from "./params.js";

/** The member's secret calendar feed: its URL, rotating it, and the feed itself. */
export const calendarRoutes: AnyRoute[] = [
  route({
    method: "get",
    path: "/me/calendar",
    summary: "My secret calendar feed URL (ICS)",
    tag: "bookings",
    access: "member",
    responses: { 200: { description: "OK", schema: z.object({ url: z.string() }) } },
    async handler({ services, viewer, req }) {
      return { status: 200, body: { url: absolute(req, await services.bookings.calendarPath(viewer!.id)) } };
    },
  }),
  route({
    method: "post",
    path: "/me/calendar/rotate",
    summary: "Rotate the calendar feed secret (the old URL stops working)",
    tag: "bookings",
    access: "member",
    responses: { 200: { description: "OK", schema: z.object({ url: z.string() }) } },
    async handler({ services, viewer, req }) {
      return { status: 200, body: { url: absolute(req, await services.bookings.rotateCalendar(viewer!.id)) } };
    },
  }),
  route({
    method: "get",
    path: "/calendar/:feed",
    summary: "A member's calendar feed (the URL is the secret)",
    tag: "bookings",
    access: "public",
    params: z.object({ feed: text().max(200) }),
    responses: { 200: { description: "OK", schema: z.string(), contentType: "text/calendar" } },
    async handler({ services, params }) {
      return {
        status: 200,
        body: await services.bookings.calendarFeed(params.feed.replace(/\.ics$/, "")),
        contentType: "text/calendar; charset=utf-8",
        headers: { "Cache-Control": "private, max-age=300" },
      };
    },
  }),
];
