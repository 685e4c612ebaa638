import { z } from "zod";
import { identitySchemas } from "../../domain/identity/index.js";
import { networkSchemas } from "../../domain/network/index.js";
import { projectsSchemas } from "../../domain/projects/index.js";
import { spacesSchemas } from "../../domain/spaces/index.js";
import { bookingsSchemas } from "../../domain/bookings/index.js";
import { notFound } from "../../domain/errors.js";
import { Id, text } from "../../domain/validation.js";
import { route, type AnyRoute } from "./define.js";
import { insightsRoutes } from "./insights.routes.js";

const MemberOut = identitySchemas.MemberOut;
const MeOut = MemberOut.extend({ profile: networkSchemas.ProfileOut });
const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
const IdParams = z.object({ id: Id });
const B = bookingsSchemas;
const P = projectsSchemas;
const MemberParams = z.object({ id: Id, memberId: Id });
const NotificationOut = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
/** An absolute URL on the configured public origin (PUBLIC_ORIGIN), never on the request's Host header. */
const absolute = (req: { publicOrigin: string }, path: string) => new URL(path, req.publicOrigin).toString();

/** The /api/v1 route table: every endpoint of shared/API.md that exists so far, and the OpenAPI source. */
export const apiRoutes: AnyRoute[] = [
  route({
    method: "post",
    path: "/auth/signup",
    summary: "Create an account and get an API token",
    tag: "accounts",
    access: "public",
    body: identitySchemas.SignupInput,
    responses: { 201: { description: "Created", schema: z.object({ member: MemberOut, token: z.string() }) } },
    async handler({ services, body, req }) {
      const member = await services.identity.signup(body, { ip: req.ip });
      const token = await services.identity.startSession(member.id, "api");
      return { status: 201, body: { member, token } };
    },
  }),
  route({
    method: "post",
    path: "/auth/tokens",
    summary: "Exchange email and password for an API token",
    tag: "accounts",
    access: "public",
    body: identitySchemas.TokenInput,
    responses: { 201: { description: "Created", schema: z.object({ token: z.string() }) } },
    async handler({ services, body, req }) {
      const { token } = await services.identity.createApiToken(body, req.ip ?? "unknown");
      return { status: 201, body: { token } };
    },
  }),
  route({
    method: "delete",
    path: "/auth/tokens/current",
    summary: "Revoke the token (or session) used for this request",
    tag: "accounts",
    access: "member",
    responses: { 204: { description: "Revoked" } },
    async handler({ services, viewer }) {
      await services.identity.revokeSession(viewer!.sessionId);
      return { status: 204 };
    },
  }),
  route({
    method: "get",
    path: "/me",
    summary: "The signed-in member with their profile",
    tag: "accounts",
    access: "member",
    responses: { 200: { description: "OK", schema: MeOut } },
    async handler({ services, viewer }) {
      const member = await services.identity.getMember(viewer!.id);
      return { status: 200, body: { ...member, profile: await services.network.getProfile(viewer!.id) } };
    },
  }),
  route({
    method: "patch",
    path: "/members/:id/role",
    summary: "Change a member's role",
    tag: "accounts",
    access: "admin",
    params: z.object({ id: Id }),
    body: identitySchemas.RoleUpdateInput,
    responses: { 200: { description: "OK", schema: MemberOut } },
    async handler({ services, viewer, params, body }) {
      return { status: 200, body: await services.identity.setRole(viewer!, params.id, body.role) };
    },
  }),
  route({
    method: "get",
    path: "/admin/members",
    summary: "Members admin: search by name or email, filter by role or suspension",
    tag: "accounts",
    access: "admin",
    query: identitySchemas.AdminMembersQuery,
    responses: { 200: { description: "OK", schema: list(identitySchemas.AdminMemberOut) } },
    async handler({ services, viewer, query }) {
      return { status: 200, body: await services.identity.listForAdmin(viewer!, query) };
    },
  }),
  route({
    method: "post",
    path: "/members/:id/suspend",
    summary: "Suspend a member (no log-in; sessions, tokens and sockets end at once) or lift it",
    tag: "accounts",
    access: "admin",
    params: z.object({ id: Id }),
    body: identitySchemas.SuspendInput,
    responses: { 200: { description: "OK", schema: MemberOut.extend({ suspended: z.boolean() }) } },
    async handler({ services, viewer, params, body }) {
      return { status: 200, body: await services.identity.setSuspended(viewer!, params.id, body.suspended) };
    },
  }),
  route({
    method: "patch",
    path: "/me/profile",
    summary: "Update my profile",
    tag: "network",
    access: "member",
    body: networkSchemas.ProfilePatch,
    responses: { 200: { description: "OK", schema: networkSchemas.ProfileOut } },
    async handler({ services, viewer, body }) {
      return { status: 200, body: await services.network.updateProfile(viewer!.id, body) };
    },
  }),
  route({
    method: "get",
    path: "/members",
    summary: "The directory: search (typo-tolerant) and filters, cursor-paginated",
    tag: "network",
    access: "member",
    query: networkSchemas.DirectoryQuery,
    responses: { 200: { description: "OK", schema: list(networkSchemas.MemberCard) } },
    async handler({ services, viewer, query }) {
      return { status: 200, body: await services.network.directory(viewer!, query) };
    },
  }),
  route({
    method: "get",
    path: "/members/:id",
    summary: "A member's profile (contact links only for accepted connections)",
    tag: "network",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "OK", schema: networkSchemas.MemberProfileOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.network.member(viewer!, params.id) };
    },
  }),
  route({
    method: "get",
    path: "/me/matches",
    summary: "Complementary specialists for me, ranked, with the reasons",
    tag: "network",
    access: "member",
    query: networkSchemas.MatchesQuery,
    responses: { 200: { description: "OK", schema: z.object({ items: z.array(networkSchemas.MatchOut) }) } },
    async handler({ services, viewer, query }) {
      return { status: 200, body: { items: await services.network.matches(viewer!, query) } };
    },
  }),
  route({
    method: "get",
    path: "/tags",
    summary: "Tag suggestions from existing profiles",
    tag: "network",
    access: "member",
    query: networkSchemas.TagQuery,
    responses: { 200: { description: "OK", schema: z.object({ items: z.array(z.object({ tag: z.string(), count: z.number().int() })) }) } },
    async handler({ services, query }) {
      return { status: 200, body: { items: await services.network.tags(query.field, query.q) } };
    },
  }),
  route({
    method: "post",
    path: "/connections",
    summary: "Ask a member to connect (asking someone who already asked you accepts)",
    tag: "network",
    access: "member",
    body: networkSchemas.ConnectionCreate,
    responses: { 201: { description: "Created", schema: networkSchemas.ConnectionOut } },
    async handler({ services, viewer, body }) {
      return { status: 201, body: await services.network.connect(viewer!, body) };
    },
  }),
  route({
    method: "get",
    path: "/connections",
    summary: "My connections and requests, with status",
    tag: "network",
    access: "member",
    responses: { 200: { description: "OK", schema: list(networkSchemas.ConnectionOut) } },
    async handler({ services, viewer }) {
      return { status: 200, body: { items: await services.network.connections(viewer!), nextCursor: null } };
    },
  }),
  route({
    method: "post",
    path: "/connections/:id/accept",
    summary: "Accept a connection request (the invitee)",
    tag: "network",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "OK", schema: networkSchemas.ConnectionOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.network.respond(viewer!, params.id, "accepted") };
    },
  }),
  route({
    method: "post",
    path: "/connections/:id/decline",
    summary: "Decline a connection request (the invitee)",
    tag: "network",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "OK", schema: networkSchemas.ConnectionOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.network.respond(viewer!, params.id, "declined") };
    },
  }),
  route({
    method: "post",
    path: "/introductions",
    summary: "Introduce two members (the network manager); both are notified",
    tag: "network",
    access: "admin",
    body: networkSchemas.IntroductionCreate,
    responses: { 201: { description: "Created", schema: networkSchemas.IntroductionOut } },
    async handler({ services, viewer, body }) {
      return { status: 201, body: await services.network.introduce(viewer!, body) };
    },
  }),
  route({
    method: "get",
    path: "/introductions",
    summary: "Introductions with their outcome (connected, shared a project)",
    tag: "network",
    access: "admin",
    responses: { 200: { description: "OK", schema: list(networkSchemas.IntroductionOut) } },
    async handler({ services, viewer }) {
      return { status: 200, body: { items: await services.network.introductions(viewer!), nextCursor: null } };
    },
  }),
  route({
    method: "get",
    path: "/network/health",
    summary: "Network health: activity, connections, introductions and the cluster's gaps",
    tag: "network",
    access: "admin",
    responses: { 200: { description: "OK", schema: networkSchemas.HealthOut } },
    async handler({ services, viewer }) {
      return { status: 200, body: await services.network.health(viewer!) };
    },
  }),
  route({
    method: "get",
    path: "/spaces",
    summary: "All spaces with opening hours and booking rules",
    tag: "spaces",
    access: "member",
    responses: { 200: { description: "OK", schema: z.object({ items: z.array(spacesSchemas.SpaceOut) }) } },
    async handler({ services }) {
      return { status: 200, body: { items: await services.spaces.list() } };
    },
  }),
  route({
    method: "post",
    path: "/spaces",
    summary: "Create a space with opening hours and booking rules",
    tag: "spaces",
    access: "operator",
    body: spacesSchemas.SpaceCreateInput,
    responses: { 201: { description: "Created", schema: spacesSchemas.SpaceOut } },
    async handler({ services, body }) {
      return { status: 201, body: await services.spaces.create(body) };
    },
  }),
  route({
    method: "get",
    path: "/spaces/:id",
    summary: "One space",
    tag: "spaces",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "OK", schema: spacesSchemas.SpaceOut } },
    async handler({ services, params }) {
      return { status: 200, body: await services.spaces.get(params.id) };
    },
  }),
  route({
    method: "post",
    path: "/spaces/:id/resources",
    summary: "Add a desk, meeting room or phone booth",
    tag: "spaces",
    access: "operator",
    params: IdParams,
    body: spacesSchemas.ResourceCreateInput,
    responses: { 201: { description: "Created", schema: spacesSchemas.ResourceOut } },
    async handler({ services, params, body }) {
      return { status: 201, body: await services.spaces.addResource(params.id, body) };
    },
  }),
  route({
    method: "patch",
    path: "/spaces/:id",
    summary: "Change a space: name, address, time zone, opening hours, rules, capacity (a capacity below what is booked is refused unless acceptOverCapacity)",
    tag: "spaces",
    access: "operator",
    params: IdParams,
    body: spacesSchemas.SpaceUpdateInput,
    responses: {
      200: {
        description: "OK (overCapacity reports the peak already booked when it exceeds the new capacity)",
        schema: z.object({ space: spacesSchemas.SpaceOut, overCapacity: z.object({ peak: z.number().int(), at: z.string() }).nullable() }),
      },
    },
    async handler({ services, viewer, params, body }) {
      return { status: 200, body: await services.bookings.updateSpace(viewer!, params.id, body) };
    },
  }),
  route({
    method: "put",
    path: "/spaces/:id/floor-plan",
    summary: "Save the floor plan: positions of the space's resources",
    tag: "spaces",
    access: "operator",
    params: IdParams,
    body: spacesSchemas.FloorPlanInput,
    responses: { 200: { description: "OK", schema: z.object({ items: z.array(spacesSchemas.ResourceOut) }) } },
    async handler({ services, params, body }) {
      return { status: 200, body: { items: await services.spaces.setPositions(params.id, body) } };
    },
  }),
  route({
    method: "get",
    path: "/spaces/:id/floor-plan/image",
    summary: "The floor plan's background image (PNG, JPEG or WebP)",
    tag: "spaces",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "The image", schema: z.string(), contentType: "image/png" } },
    async handler({ services, params }) {
      const image = await services.spaces.floorImage(params.id);
      if (!image) throw notFound("Floor plan image");
      return {
        status: 200,
        body: Buffer.from(image.data),
        contentType: image.contentType,
        // The URL carries a version: cache it for good, privately (members only).
        headers: { "Cache-Control": "private, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff" },
      };
    },
  }),
  route({
    method: "patch",
    path: "/resources/:id",
    summary: "Change a desk, room or booth (name, zone, capacity, amenities, position)",
    tag: "spaces",
    access: "operator",
    params: IdParams,
    body: spacesSchemas.ResourceUpdateInput,
    responses: { 200: { description: "OK", schema: spacesSchemas.ResourceOut } },
    async handler({ services, params, body }) {
      return { status: 200, body: await services.spaces.updateResource(params.id, body) };
    },
  }),
  route({
    method: "post",
    path: "/resources/:id/deactivate",
    summary: "Stop a resource taking bookings; its future bookings are moved to a free one of its kind or cancelled, and their members told",
    tag: "spaces",
    access: "operator",
    params: IdParams,
    body: spacesSchemas.DeactivateInput,
    responses: { 200: { description: "OK", schema: B.DeactivateOut } },
    async handler({ services, viewer, params, body }) {
      return { status: 200, body: await services.bookings.deactivateResource(viewer!, params.id, body) };
    },
  }),
  route({
    method: "post",
    path: "/resources/:id/activate",
    summary: "Let a deactivated resource take bookings again",
    tag: "spaces",
    access: "operator",
    params: IdParams,
    responses: { 200: { description: "OK", schema: spacesSchemas.ResourceOut } },
    async handler({ services, params }) {
      return { status: 200, body: await services.spaces.setActive(params.id, true) };
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
    method: "get",
    path: "/spaces/:id/now",
    summary: "The space now: occupancy against capacity, who is checked in, who is expected, arrivals in the next hour",
    tag: "spaces",
    access: "operator",
    params: IdParams,
    responses: { 200: { description: "OK", schema: B.SpaceNowOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.bookings.now(viewer!, params.id) };
    },
  }),
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
  route({
    method: "get",
    path: "/spaces/:id/presence",
    summary: "Members checked in at the space now (who allow it)",
    tag: "network",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "OK", schema: B.PresenceOut } },
    async handler({ services, params }) {
      return { status: 200, body: await services.bookings.presence(params.id) };
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
  route({
    method: "post",
    path: "/projects",
    summary: "Create a project (the creator is its owner)",
    tag: "projects",
    access: "member",
    idempotent: true,
    body: projectsSchemas.ProjectCreateInput,
    responses: { 201: { description: "Created", schema: projectsSchemas.ProjectOut } },
    async handler({ services, viewer, body, outer }) {
      return { status: 201, body: await services.projects.create(viewer!.id, body, outer) };
    },
  }),
  route({
    method: "get",
    path: "/projects",
    summary: "My projects",
    tag: "projects",
    access: "member",
    responses: { 200: { description: "OK", schema: list(projectsSchemas.ProjectOut) } },
    async handler({ services, viewer }) {
      return { status: 200, body: { items: await services.projects.listMine(viewer!.id), nextCursor: null } };
    },
  }),
  route({
    method: "get",
    path: "/projects/:id",
    summary: "One of my projects, with its members",
    tag: "projects",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "OK", schema: P.ProjectDetailOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.projects.get(viewer!.id, params.id) };
    },
  }),
  route({
    method: "patch",
    path: "/projects/:id",
    summary: "Rename or describe a project (owners)",
    tag: "projects",
    access: "member",
    params: IdParams,
    body: P.ProjectUpdateInput,
    responses: { 200: { description: "OK", schema: P.ProjectDetailOut } },
    async handler({ services, viewer, params, body }) {
      return { status: 200, body: await services.projects.update(viewer!.id, params.id, body) };
    },
  }),
  route({
    method: "post",
    path: "/projects/:id/members",
    summary: "Add a member (owners); they are notified",
    tag: "projects",
    access: "member",
    idempotent: true,
    params: IdParams,
    body: P.AddMemberInput,
    responses: { 201: { description: "Added", schema: P.ProjectMemberOut } },
    async handler({ services, viewer, params, body, outer }) {
      return { status: 201, body: await services.projects.addMember(viewer!.id, params.id, body, outer) };
    },
  }),
  route({
    method: "patch",
    path: "/projects/:id/members/:memberId",
    summary: "Change a member's role (owners); a project always keeps one owner",
    tag: "projects",
    access: "member",
    params: MemberParams,
    body: P.MemberRoleInput,
    responses: { 200: { description: "OK", schema: P.ProjectMemberOut } },
    async handler({ services, viewer, params, body }) {
      return { status: 200, body: await services.projects.setRole(viewer!.id, params.id, params.memberId, body.role) };
    },
  }),
  route({
    method: "delete",
    path: "/projects/:id/members/:memberId",
    summary: "Remove a member (owners), or leave (your own id); their sockets leave the room at once",
    tag: "projects",
    access: "member",
    params: MemberParams,
    responses: { 204: { description: "Removed" } },
    async handler({ services, viewer, params }) {
      await services.projects.removeMember(viewer!.id, params.id, params.memberId);
      return { status: 204 };
    },
  }),
  route({
    method: "get",
    path: "/projects/:id/messages",
    summary: "Chat history in seq order: after afterSeq, before beforeSeq (paging upward), or the latest",
    tag: "projects",
    access: "member",
    params: IdParams,
    query: P.MessagesQuery,
    responses: { 200: { description: "OK", schema: P.MessagePage } },
    async handler({ services, viewer, params, query }) {
      return { status: 200, body: await services.projects.messages(viewer!.id, params.id, query) };
    },
  }),
  route({
    method: "post",
    path: "/projects/:id/messages",
    summary: "Post a message; the same clientId again returns the stored message and stores nothing",
    tag: "projects",
    access: "member",
    params: IdParams,
    body: P.MessageSendInput,
    responses: { 201: { description: "Posted (or the earlier message with this clientId)", schema: P.MessageOut } },
    async handler({ services, viewer, params, body }) {
      return { status: 201, body: (await services.projects.send(viewer!.id, params.id, body)).message };
    },
  }),
  route({
    method: "patch",
    path: "/messages/:id",
    summary: "Edit your own message (marked edited)",
    tag: "projects",
    access: "member",
    params: IdParams,
    body: P.MessageEditInput,
    responses: { 200: { description: "OK", schema: P.MessageOut } },
    async handler({ services, viewer, params, body }) {
      return { status: 200, body: await services.projects.edit(viewer!.id, params.id, body.body) };
    },
  }),
  route({
    method: "delete",
    path: "/messages/:id",
    summary: "Delete your own message (it stays in the history, marked deleted)",
    tag: "projects",
    access: "member",
    params: IdParams,
    responses: { 204: { description: "Deleted" } },
    async handler({ services, viewer, params }) {
      await services.projects.remove(viewer!.id, params.id);
      return { status: 204 };
    },
  }),
  route({
    method: "post",
    path: "/projects/:id/read",
    summary: "Mark the room read up to seq (the unread count in My projects)",
    tag: "projects",
    access: "member",
    params: IdParams,
    body: z.strictObject({ seq: z.number().int().min(0) }),
    responses: { 204: { description: "Marked" } },
    async handler({ services, viewer, params, body }) {
      await services.projects.markRead(viewer!.id, params.id, body.seq);
      return { status: 204 };
    },
  }),
  route({
    method: "get",
    path: "/projects/:id/tasks",
    summary: "The task board",
    tag: "projects",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "OK", schema: z.object({ items: z.array(P.TaskOut) }) } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: { items: await services.projects.tasks(viewer!.id, params.id) } };
    },
  }),
  route({
    method: "post",
    path: "/projects/:id/tasks",
    summary: "Add a task (to the end of its column)",
    tag: "projects",
    access: "member",
    idempotent: true,
    params: IdParams,
    body: P.TaskCreateInput,
    responses: { 201: { description: "Created", schema: P.TaskOut } },
    async handler({ services, viewer, params, body, outer }) {
      return { status: 201, body: await services.projects.createTask(viewer!.id, params.id, body, outer) };
    },
  }),
  route({
    method: "patch",
    path: "/tasks/:id",
    summary: "Rename, assign or move a task; a stale version gets 409 version_conflict with the current task",
    tag: "projects",
    access: "member",
    params: IdParams,
    body: P.TaskUpdateInput,
    responses: { 200: { description: "OK", schema: P.TaskOut } },
    async handler({ services, viewer, params, body }) {
      const { version, ...changes } = body;
      return { status: 200, body: await services.projects.updateTask(viewer!.id, params.id, version, changes) };
    },
  }),
  route({
    method: "get",
    path: "/projects/:id/bookings",
    summary: "The project's upcoming meetings (bookings made for it)",
    tag: "projects",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "OK", schema: list(B.BookingOut) } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: { items: await services.bookings.forProject(viewer!, params.id), nextCursor: null } };
    },
  }),
  route({
    method: "post",
    path: "/projects/:id/bookings",
    summary: "Book a room for the project: posted to the room as a system message, every member notified",
    tag: "projects",
    access: "member",
    idempotent: true,
    params: IdParams,
    body: B.BookingCreateInput,
    responses: { 201: { description: "Created", schema: z.union([B.BookingOut, B.SeriesOut]) } },
    async handler({ services, viewer, params, body, outer }) {
      return { status: 201, body: await services.bookings.create(viewer!, { ...body, projectId: params.id }, outer) };
    },
  }),
  ...insightsRoutes,
];
