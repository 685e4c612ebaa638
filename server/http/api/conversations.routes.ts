import { z } from "zod";
import { projectsSchemas as P } from "../../domain/projects/index.js";
import { Id } from "../../domain/validation.js";
import { route, type AnyRoute } from "./define.js";
import { list } from "./params.js";

/** `:memberId`: the other member's id (or, once their account is gone, the conversation's own id). */
const WithParams = z.object({ memberId: Id });

/**
 * Direct messages between connected members. A conversation is a room of two: its id is the `projectId` of the
 * room's socket events (`project:join`, `message:send`, `message:new`, `typing`, `presence`, `project:read`).
 */
export const conversationsRoutes: AnyRoute[] = [
  route({
    method: "get",
    path: "/conversations",
    summary: "My conversations, newest message first, each with the other member, its last message and unread count",
    tag: "conversations",
    access: "member",
    responses: { 200: { description: "OK", schema: list(P.ConversationOut) } },
    async handler({ services, viewer }) {
      return { status: 200, body: { items: await services.projects.conversations(viewer!.id), nextCursor: null } };
    },
  }),
  route({
    method: "get",
    path: "/conversations/:memberId",
    summary: "My conversation with a member (404 until one of us has opened it or written), with whether I may write now",
    tag: "conversations",
    access: "member",
    params: WithParams,
    responses: { 200: { description: "OK", schema: P.ConversationDetailOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.projects.conversation(viewer!.id, params.memberId) };
    },
  }),
  route({
    method: "get",
    path: "/conversations/:memberId/messages",
    summary: "The conversation's messages in seq order (as a project room's); empty while connected and nobody has written; anyone else 404",
    tag: "conversations",
    access: "member",
    params: WithParams,
    query: P.MessagesQuery,
    responses: { 200: { description: "OK", schema: P.MessagePage } },
    async handler({ services, viewer, params, query }) {
      return { status: 200, body: await services.projects.messagesWith(viewer!.id, params.memberId, query) };
    },
  }),
  route({
    method: "post",
    path: "/conversations/:memberId/messages",
    summary:
      "Write to a connected member (the conversation starts with the first message); the same clientId again returns the stored message. No longer connected: 403 not_connected; never connected: 404",
    tag: "conversations",
    access: "member",
    params: WithParams,
    body: P.MessageSendInput,
    responses: { 201: { description: "Posted (or the earlier message with this clientId)", schema: P.MessageOut } },
    async handler({ services, viewer, params, body }) {
      return { status: 201, body: (await services.projects.sendTo(viewer!.id, params.memberId, body)).message };
    },
  }),
];
