import { z } from "zod";
import { bookingsSchemas as B } from "../../domain/bookings/index.js";
import { route, type AnyRoute } from "./define.js";
import { IdParams, list } from "./params.js";

/** Bookings: the day view, booking and its changes, check-in, one booking's ICS, the waitlist, and closures. */
export const bookingsRoutes: AnyRoute[] = [
  route({
    method: "get",
    path: "/spaces/:id/availability",
    summary: "The day view: every resource with its busy intervals, in the space's time zone",
    tag: "bookings",
    access: "member",
    params: IdParams,
    query: B.AvailabilityQuery,
    responses: { 200: { description: "OK", schema: B.AvailabilityOut } },
    async handler({ services, viewer, params, query }) {
      return { status: 200, body: await services.bookings.availability(viewer!, params.id, query) };
    },
  }),
  route({
    method: "get",
    path: "/spaces/:id/week",
    summary: "A space's week (Monday–Sunday around date): per day open or closed and why, desks free, each room's booked minutes",
    tag: "bookings",
    access: "member",
    params: IdParams,
    query: B.WeekQuery,
    responses: { 200: { description: "OK", schema: B.SpaceWeekOut } },
    async handler({ services, viewer, params, query }) {
      return { status: 200, body: await services.bookings.spaceWeek(viewer!, params.id, query) };
    },
  }),
  route({
    method: "get",
    path: "/me/week",
    summary: "My week (Monday–Sunday around date): my bookings and who from my projects is booked, by day",
    tag: "bookings",
    access: "member",
    query: B.WeekQuery,
    responses: { 200: { description: "OK", schema: B.MyWeekOut } },
    async handler({ services, viewer, query }) {
      return { status: 200, body: await services.bookings.myWeek(viewer!, query) };
    },
  }),
  route({
    method: "post",
    path: "/bookings",
    summary: "Book a resource, or any desk (auto-assign); optionally weekly",
    tag: "bookings",
    access: "member",
    idempotent: true,
    body: B.BookingCreateInput,
    responses: { 201: { description: "Created (a booking, or a series with skipped dates)", schema: z.union([B.BookingOut, B.SeriesOut]) } },
    async handler({ services, viewer, body, outer }) {
      return { status: 201, body: await services.bookings.create(viewer!, body, outer) };
    },
  }),
  route({
    method: "get",
    path: "/bookings",
    summary: "My bookings overlapping [from, to)",
    tag: "bookings",
    access: "member",
    query: B.RangeQuery,
    responses: { 200: { description: "OK", schema: list(B.BookingOut) } },
    async handler({ services, viewer, query }) {
      return { status: 200, body: { items: await services.bookings.listMine(viewer!, query), nextCursor: null } };
    },
  }),
  route({
    method: "get",
    path: "/bookings/:id",
    summary: "One booking (owner or operator)",
    tag: "bookings",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "OK", schema: B.BookingOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.bookings.get(viewer!, params.id) };
    },
  }),
  route({
    method: "patch",
    path: "/bookings/:id",
    summary: "Reschedule: move the time and/or resource atomically",
    tag: "bookings",
    access: "member",
    params: IdParams,
    body: B.RescheduleInput,
    responses: { 200: { description: "OK", schema: B.BookingOut } },
    async handler({ services, viewer, params, body }) {
      return { status: 200, body: await services.bookings.reschedule(viewer!, params.id, body) };
    },
  }),
  route({
    method: "delete",
    path: "/bookings/:id",
    summary: "Cancel a booking (scope=series cancels the rest of its series)",
    tag: "bookings",
    access: "member",
    params: IdParams,
    query: B.CancelQuery,
    responses: { 204: { description: "Cancelled" } },
    async handler({ services, viewer, params, query }) {
      await services.bookings.cancel(viewer!, params.id, query.scope);
      return { status: 204 };
    },
  }),
  route({
    method: "post",
    path: "/bookings/:id/check-in",
    summary: "Check in (from 15 minutes before the start until the grace period ends)",
    tag: "bookings",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "OK", schema: B.BookingOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.bookings.checkIn(viewer!, params.id) };
    },
  }),
  route({
    method: "post",
    path: "/bookings/:id/check-out",
    summary: "End a begun booking now (owner or operator): its end becomes the next grid time and the rest is freed; before the start 422 rule_violation (check_out_not_started)",
    tag: "bookings",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "OK (ended; checking out again answers the same)", schema: B.BookingOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.bookings.checkOut(viewer!, params.id) };
    },
  }),
  route({
    method: "get",
    path: "/bookings/:id/move-options",
    summary: "What a booking may move to: the asked local date and times (by default its own), and each resource of its kind with whether it is free then",
    tag: "bookings",
    access: "member",
    params: IdParams,
    query: B.AvailabilityQuery,
    responses: { 200: { description: "OK", schema: B.MoveOptionsOut } },
    async handler({ services, viewer, params, query }) {
      return { status: 200, body: await services.bookings.moveOptions(viewer!, params.id, query) };
    },
  }),
  route({
    method: "put",
    path: "/resources/:id/favourite",
    summary: "Star a desk or room (idempotent); starred ones are marked `favourite` in the day view",
    tag: "bookings",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "Starred", schema: B.FavouriteOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.bookings.star(viewer!, params.id) };
    },
  }),
  route({
    method: "delete",
    path: "/resources/:id/favourite",
    summary: "Unstar a desk or room (idempotent)",
    tag: "bookings",
    access: "member",
    params: IdParams,
    responses: { 204: { description: "Unstarred" } },
    async handler({ services, viewer, params }) {
      await services.bookings.unstar(viewer!, params.id);
      return { status: 204 };
    },
  }),
  route({
    method: "get",
    path: "/bookings/:id/ics",
    summary: "One booking as an iCalendar file",
    tag: "bookings",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "OK", schema: z.string(), contentType: "text/calendar" } },
    async handler({ services, viewer, params }) {
      return {
        status: 200,
        body: await services.bookings.bookingIcs(viewer!, params.id),
        contentType: "text/calendar; charset=utf-8",
        headers: { "Content-Disposition": `attachment; filename="booking-${params.id}.ics"` },
      };
    },
  }),
  route({
    method: "post",
    path: "/waitlist",
    summary: "Wait for a taken resource (or any desk of a kind/zone); booked automatically when it frees",
    tag: "bookings",
    access: "member",
    body: B.WaitlistInput,
    responses: {
      201: {
        description: "Waiting (or promoted at once when free)",
        schema: z.object({ id: z.string(), position: z.number().int(), status: z.enum(["waiting", "promoted"]) }),
      },
    },
    async handler({ services, viewer, body }) {
      return { status: 201, body: await services.bookings.joinWaitlist(viewer!, body) };
    },
  }),
  route({
    method: "get",
    path: "/spaces/:id/closures/preview",
    summary: "The bookings (and waits) a closure of [start, end) would cancel",
    tag: "spaces",
    access: "operator",
    params: IdParams,
    query: B.ClosurePreviewQuery,
    responses: { 200: { description: "OK", schema: B.ClosurePreviewOut } },
    async handler({ services, viewer, params, query }) {
      return { status: 200, body: await services.bookings.previewClosure(viewer!, params.id, query) };
    },
  }),
  route({
    method: "post",
    path: "/spaces/:id/closures",
    summary: "Close a space for a time range; cancels the bookings inside and notifies their owners",
    tag: "spaces",
    access: "operator",
    params: IdParams,
    body: B.ClosureInput,
    responses: { 201: { description: "Created", schema: z.object({ id: z.string(), cancelledBookings: z.number().int() }) } },
    async handler({ services, viewer, params, body }) {
      return { status: 201, body: await services.bookings.closeSpace(viewer!, params.id, body) };
    },
  }),
  route({
    method: "get",
    path: "/spaces/:id/closures",
    summary: "The space's closures: upcoming and current ones (soonest first), or with when=past the ended ones (latest first)",
    tag: "spaces",
    access: "operator",
    params: IdParams,
    query: B.ClosuresQuery,
    responses: { 200: { description: "OK", schema: list(B.ClosureOut) } },
    async handler({ services, viewer, params, query }) {
      return { status: 200, body: { items: await services.bookings.closures(viewer!, params.id, query.when), nextCursor: null } };
    },
  }),
  route({
    method: "patch",
    path: "/closures/:id",
    summary: "Change a closure's times or reason; bookings the new times cover are cancelled and their members told (what it no longer covers stays cancelled)",
    tag: "spaces",
    access: "operator",
    params: IdParams,
    body: B.ClosureUpdateInput,
    responses: { 200: { description: "OK", schema: z.object({ closure: B.ClosureOut, cancelledBookings: z.number().int() }) } },
    async handler({ services, viewer, params, body }) {
      return { status: 200, body: await services.bookings.updateClosure(viewer!, params.id, body) };
    },
  }),
  route({
    method: "delete",
    path: "/closures/:id",
    summary: "Remove a closure (the space takes bookings then again; nothing it cancelled comes back)",
    tag: "spaces",
    access: "operator",
    params: IdParams,
    responses: { 204: { description: "Removed" } },
    async handler({ services, viewer, params }) {
      await services.bookings.removeClosure(viewer!, params.id);
      return { status: 204 };
    },
  }),
];
