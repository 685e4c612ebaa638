import { eventsSchemas as E } from "../../domain/community/index.js";
import { route, type AnyRoute } from "./define.js";
import { IdParams } from "./params.js";

/** Community events (issue 16 item 3): created by a space's operators, RSVPs with a waitlist, check-in. */
export const eventsRoutes: AnyRoute[] = [
  route({
    method: "post",
    path: "/events",
    summary: "Create an event at a space (its operators, admins); with resourceId the room is booked for it; weekly: all or none",
    tag: "community",
    access: "operator",
    body: E.EventCreate,
    responses: {
      201: { description: "The event, or a weekly series `{seriesId, items}`", schema: E.EventOut.or(E.EventSeriesCreated) },
      409: { description: "booking_conflict: the room is taken then (nothing is created)" },
    },
    async handler({ services, viewer, body }) {
      return { status: 201, body: await services.community.events.create(viewer!, body) };
    },
  }),
  route({
    method: "get",
    path: "/events",
    summary: "Events overlapping [from, to) soonest first (members: all; without a session: public ones)",
    tag: "community",
    access: "public",
    query: E.EventListQuery,
    responses: { 200: { description: "OK", schema: E.EventList } },
    async handler({ services, viewer, query }) {
      return { status: 200, body: await services.community.events.list(viewer, query) };
    },
  }),
  route({
    method: "get",
    path: "/events/:id",
    summary: "One event with going, waitlisted, attended and my RSVP (a members' event: 404 without a session)",
    tag: "community",
    access: "public",
    params: IdParams,
    responses: { 200: { description: "OK", schema: E.EventOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.community.events.get(viewer, params.id) };
    },
  }),
  route({
    method: "post",
    path: "/events/:id/rsvp",
    summary: "RSVP: going while seats are free, else waitlisted with a position; asking again answers the same",
    tag: "community",
    access: "member",
    params: IdParams,
    responses: { 201: { description: "My RSVP", schema: E.RsvpOut }, 422: { description: "rule_violation event_over / event_cancelled" } },
    async handler({ services, viewer, params }) {
      return { status: 201, body: await services.community.events.rsvp(viewer!, params.id) };
    },
  }),
  route({
    method: "delete",
    path: "/events/:id/rsvp",
    summary: "Cancel my RSVP; a freed seat goes to the first on the waitlist, who is told",
    tag: "community",
    access: "member",
    params: IdParams,
    responses: { 204: { description: "Cancelled" } },
    async handler({ services, viewer, params }) {
      await services.community.events.cancel(viewer!, params.id);
      return { status: 204 };
    },
  }),
  route({
    method: "post",
    path: "/events/:id/check-in",
    summary: "Check in: a member who is going, from 30 minutes before the start to the end; an operator with memberId",
    tag: "community",
    access: "member",
    params: IdParams,
    body: E.CheckInInput,
    responses: { 200: { description: "Checked in", schema: E.RsvpOut }, 422: { description: "rule_violation check_in_not_open / check_in_closed / not_going" } },
    async handler({ services, viewer, params, body }) {
      return { status: 200, body: await services.community.events.checkIn(viewer!, params.id, body) };
    },
  }),
  route({
    method: "get",
    path: "/events/:id/attendees",
    summary: "Who is going and waiting, with check-ins (the space's operators and admins; others 404)",
    tag: "community",
    access: "operator",
    params: IdParams,
    responses: { 200: { description: "OK", schema: E.AttendeeList } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.community.events.attendees(viewer!, params.id) };
    },
  }),
];
