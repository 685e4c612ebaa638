import { z } from "zod";
import { bookingsSchemas as B } from "../../domain/bookings/index.js";
import { DomainError } from "../../domain/errors.js";
import { introductionSchemas, networkSchemas, PHOTO_MAX_BYTES, photoTooLarge } from "../../domain/network/index.js";
import { readUpload } from "../upload.js";
import { communitySchemas } from "../../domain/community/index.js";
import { UTF8_BOM } from "../../domain/insights/index.js";
import { route, type AnyRoute, type Reply } from "./define.js";
import { IdParams, list } from "./params.js";

/** What PUT /me/photo takes as Content-Type (the bytes decide the type; anything else is refused unread). */
const PHOTO_CONTENT_TYPES = ["image/png", "image/jpeg", "image/webp", "application/octet-stream"];

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
    method: "put",
    path: "/me/photo",
    summary: "Set my profile photo: the image itself as the body (PNG, JPEG or WebP by its bytes, at most 5 MB); it is centre-cropped to 256 and 64 px squares and re-encoded as WebP without metadata",
    tag: "network",
    access: "member",
    upload: { contentTypes: PHOTO_CONTENT_TYPES, description: "The image's bytes (its type is read from them, not from Content-Type)" },
    responses: { 200: { description: "Saved", schema: networkSchemas.PhotoOut }, 413: { description: "Larger than 5 MB (reason photo_too_large)" } },
    async handler({ req, services, viewer }) {
      const type = (req.get("content-type") ?? "application/octet-stream").split(";")[0]!.trim().toLowerCase();
      if (!PHOTO_CONTENT_TYPES.includes(type)) {
        throw new DomainError("validation_failed", "Send the image's bytes as image/png, image/jpeg, image/webp or application/octet-stream.", { reason: "photo_type" });
      }
      const upload = await readUpload(req, PHOTO_MAX_BYTES, photoTooLarge);
      return { status: 200, body: await services.photos.set(viewer!.id, upload) };
    },
  }),
  route({
    method: "delete",
    path: "/me/photo",
    summary: "Remove my profile photo (my initials show again)",
    tag: "network",
    access: "member",
    responses: { 204: { description: "Removed (also when there was none)" } },
    async handler({ services, viewer }) {
      await services.photos.remove(viewer!.id);
      return { status: 204 };
    },
  }),
  route({
    method: "get",
    path: "/members/:id/photo",
    summary: "A member's profile photo (WebP, 256 px or with size=64 the thumb), for whoever may see their profile; 404 otherwise or without one",
    tag: "network",
    access: "member",
    params: IdParams,
    query: networkSchemas.PhotoSizeQuery,
    responses: { 200: { description: "The photo", schema: z.string(), contentType: "image/webp" } },
    async handler({ services, viewer, params, query }) {
      const photo = await services.photos.image(viewer!, params.id, query.size === "64" ? "thumb" : "full");
      return {
        status: 200,
        body: Buffer.from(photo.data),
        contentType: photo.contentType,
        headers: {
          // A URL with the photo's version never changes: cache it for good, privately (members only). Without
          // it (or with an old one), ask every time (the ETag makes that a 304).
          "Cache-Control": query.v === photo.version ? "private, max-age=31536000, immutable" : "private, no-cache",
          "X-Content-Type-Options": "nosniff",
        },
      };
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
    method: "delete",
    path: "/connections/:id",
    summary: "Remove a connection, or withdraw a request (either of the two members); nobody is notified",
    tag: "network",
    access: "member",
    params: IdParams,
    responses: { 204: { description: "Removed" } },
    async handler({ services, viewer, params }) {
      await services.network.removeConnection(viewer!, params.id);
      return { status: 204 };
    },
  }),
  route({
    method: "get",
    path: "/search",
    summary: "Search people, spaces and my projects at once (typo-tolerant), grouped",
    tag: "network",
    access: "member",
    query: networkSchemas.SearchQuery,
    responses: { 200: { description: "OK", schema: networkSchemas.SearchOut } },
    async handler({ services, viewer, query }) {
      return { status: 200, body: await services.search.search(viewer!, query) };
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
    path: "/introductions/candidates",
    summary: "This week's members who asked to be introduced, with suggested pairs among them (the network manager)",
    tag: "network",
    access: "admin",
    responses: { 200: { description: "OK", schema: introductionSchemas.CandidatesOut } },
    async handler({ services, viewer }) {
      return { status: 200, body: await services.introductions.candidates(viewer!) };
    },
  }),
  route({
    method: "post",
    path: "/introductions/:id/feedback",
    summary: "One of the two says whether they met and whether it was useful (again: replaces it); others 404",
    tag: "network",
    access: "member",
    params: IdParams,
    body: introductionSchemas.FeedbackInput,
    responses: { 200: { description: "OK", schema: introductionSchemas.MyIntroductionOut } },
    async handler({ services, viewer, params, body }) {
      return { status: 200, body: await services.introductions.feedback(viewer!, params.id, body) };
    },
  }),
  route({
    method: "get",
    path: "/me/introductions",
    summary: "My introductions (the other's card, connected or not, the suggested meeting, my feedback) and this week's opt-in",
    tag: "network",
    access: "member",
    responses: { 200: { description: "OK", schema: introductionSchemas.MyIntroductionsOut } },
    async handler({ services, viewer }) {
      return { status: 200, body: await services.introductions.mine(viewer!) };
    },
  }),
  route({
    method: "put",
    path: "/me/introductions/opt-in",
    summary: "\"Introduce me this week\" on or off (weeks start on Monday, Asia/Jakarta)",
    tag: "network",
    access: "member",
    body: introductionSchemas.OptInInput,
    responses: { 200: { description: "OK", schema: introductionSchemas.OptInOut } },
    async handler({ services, viewer, body }) {
      return { status: 200, body: await services.introductions.setOptIn(viewer!, body) };
    },
  }),
  route({
    method: "get",
    path: "/network/health",
    summary: "Network health: activity, connections, introductions, the cluster's gaps, and over a period what the network produced (referrals, won, closed value, hours, month by month), reciprocity, density, newcomers' time to a first connection and where introductions led. `format=csv` returns one table (`section`) as text/csv",
    tag: "network",
    access: "admin",
    query: communitySchemas.LedgerHealthQuery,
    responses: { 200: { description: "OK (text/csv with format=csv)", schema: networkSchemas.HealthOut.extend(communitySchemas.LedgerHealthOut.shape) } },
    async handler({ services, viewer, query }): Promise<Reply> {
      if (query.format === "csv") {
        const { filename, csv } = await services.community.health.healthCsv(viewer!, query);
        return {
          status: 200,
          body: UTF8_BOM + csv,
          contentType: "text/csv; charset=utf-8; header=present",
          headers: { "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "private, no-store" },
        };
      }
      const [health, ledger] = await Promise.all([services.network.health(viewer!), services.community.health.health(viewer!, query)]);
      return { status: 200, body: { ...health, ...ledger } };
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
