import { z } from "zod";
import { bookingsSchemas as B } from "../../domain/bookings/index.js";
import { networkSchemas } from "../../domain/network/index.js";
import { route, type AnyRoute } from "./define.js";
import { IdParams, list } from "./params.js";

/** The network: profiles, the directory, matches, connections, introductions, its health, who is here now. */
export const networkRoutes: AnyRoute[] = [
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
];
