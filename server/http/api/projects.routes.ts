import { z } from "zod";
import { bookingsSchemas as B } from "../../domain/bookings/index.js";
import { projectsSchemas as P } from "../../domain/projects/index.js";
import { route, type AnyRoute } from "./define.js";
import { IdParams, list, MemberParams } from "./params.js";

/** Projects: the project and its members, the room's messages and read marks, the task board, its meetings. */
export const projectsRoutes: AnyRoute[] = [
  route({
    method: "post",
    path: "/projects",
    summary: "Create a project (the creator is its owner)",
    tag: "projects",
    access: "member",
    idempotent: true,
    body: P.ProjectCreateInput,
    responses: { 201: { description: "Created", schema: P.ProjectOut } },
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
    responses: { 200: { description: "OK", schema: list(P.ProjectOut) } },
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
    summary: "Rename, describe, assign, date, move or archive a task; a stale version gets 409 version_conflict with the current task",
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
    method: "delete",
    path: "/tasks/:id",
    summary: "Delete a task; with ?version= only if nobody changed it since (else 409 version_conflict)",
    tag: "projects",
    access: "member",
    params: IdParams,
    query: P.TaskDeleteQuery,
    responses: { 204: { description: "Deleted" } },
    async handler({ services, viewer, params, query }) {
      await services.projects.deleteTask(viewer!.id, params.id, query.version);
      return { status: 204 };
    },
  }),
  route({
    method: "get",
    path: "/tasks/:id/comments",
    summary: "A task's comments, oldest first",
    tag: "projects",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "OK", schema: z.object({ items: z.array(P.TaskCommentOut) }) } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: { items: await services.projects.taskComments(viewer!.id, params.id) } };
    },
  }),
  route({
    method: "post",
    path: "/tasks/:id/comments",
    summary: "Comment on a task; the same clientId again is the same comment",
    tag: "projects",
    access: "member",
    params: IdParams,
    body: P.TaskCommentInput,
    responses: { 201: { description: "Created", schema: P.TaskCommentOut } },
    async handler({ services, viewer, params, body }) {
      return { status: 201, body: (await services.projects.commentTask(viewer!.id, params.id, body)).comment };
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
];
