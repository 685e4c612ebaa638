import { z } from "zod";
import { accountsSchemas, identitySchemas } from "../../domain/identity/index.js";
import { networkSchemas } from "../../domain/network/index.js";
import { route, type AnyRoute } from "./define.js";
import { IdParams, list } from "./params.js";

const MemberOut = identitySchemas.MemberOut;
const MeOut = MemberOut.extend({ profile: networkSchemas.ProfileOut });

/** Accounts: sign-up, tokens, the signed-in member, and the members admin. */
export const identityRoutes: AnyRoute[] = [
  route({
    method: "post",
    path: "/auth/signup",
    summary: "Create an account and get an API token",
    tag: "accounts",
    access: "public",
    // `invitation`: a sign-up link's token (issue 15): its role, space and project are the new member's.
    body: accountsSchemas.SignupWithInvitationInput,
    responses: { 201: { description: "Created", schema: z.object({ member: MemberOut, token: z.string() }) } },
    async handler({ services, body, req }) {
      const member = await services.accounts.signup(body, { ip: req.ip });
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
    method: "put",
    path: "/me/password",
    summary: "Change your password (the current one confirms it); your other browser sessions end, API tokens stay",
    tag: "accounts",
    access: "member",
    body: identitySchemas.ChangePasswordInput,
    responses: { 200: { description: "Changed", schema: z.object({ endedSessions: z.number().int() }) } },
    async handler({ services, viewer, body, req }) {
      return { status: 200, body: await services.identity.changePassword(viewer!, body, req.ip ?? "unknown") };
    },
  }),
  route({
    method: "put",
    path: "/me/locale",
    summary: "Your preferred language (used after log-in on any device)",
    tag: "accounts",
    access: "member",
    body: identitySchemas.LocaleInput,
    responses: { 204: { description: "Saved" } },
    async handler({ services, viewer, body }) {
      await services.identity.setLocale(viewer!.id, body.locale);
      return { status: 204 };
    },
  }),
  route({
    method: "delete",
    path: "/me",
    summary:
      "Delete your account (your password confirms it): upcoming bookings cancelled, messages kept as a former member's, profile and connections removed, every session and token ended",
    tag: "accounts",
    access: "member",
    body: identitySchemas.DeleteAccountInput,
    responses: {
      200: { description: "Deleted", schema: z.object({ cancelledBookings: z.number().int(), deletedProjects: z.number().int() }) },
    },
    async handler({ services, viewer, body, req }) {
      return { status: 200, body: await services.identity.deleteAccount(viewer!, body, req.ip ?? "unknown") };
    },
  }),
  route({
    method: "patch",
    path: "/members/:id/role",
    summary: "Change a member's role",
    tag: "accounts",
    access: "admin",
    params: IdParams,
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
    params: IdParams,
    body: identitySchemas.SuspendInput,
    responses: { 200: { description: "OK", schema: MemberOut.extend({ suspended: z.boolean() }) } },
    async handler({ services, viewer, params, body }) {
      return { status: 200, body: await services.identity.setSuspended(viewer!, params.id, body.suspended) };
    },
  }),
];
