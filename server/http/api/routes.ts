import { z } from "zod";
import { identitySchemas } from "../../domain/identity/index.js";
import { networkSchemas } from "../../domain/network/index.js";
import { projectsSchemas } from "../../domain/projects/index.js";
import { spacesSchemas } from "../../domain/spaces/index.js";
import { route, type AnyRoute } from "./define.js";

const Id = z.uuid({ message: "Not a valid id" });
const MemberOut = identitySchemas.MemberOut;
const MeOut = MemberOut.extend({ profile: networkSchemas.ProfileOut });
const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

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
    path: "/projects",
    summary: "Create a project (the creator is its owner)",
    tag: "projects",
    access: "member",
    idempotent: true,
    body: projectsSchemas.ProjectCreateInput,
    responses: { 201: { description: "Created", schema: projectsSchemas.ProjectOut } },
    async handler({ services, viewer, body, tx }) {
      return { status: 201, body: await services.projects.create(viewer!.id, body, tx) };
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
];
