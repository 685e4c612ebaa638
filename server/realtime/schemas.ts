import { z } from "zod";
import type { ClientToServerEvents } from "../contract/realtime.js";
import { projectsSchemas as S } from "../domain/projects/index.js";

const SpaceEvent = z.strictObject({ spaceId: z.uuid() });
/**
 * A seq over the socket is a JSON number. The shared schemas coerce it (query strings carry text), which would take
 * null, "", true or [] for a number here.
 */
const SocketSeq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * The payload schema of every client event, by name: what the handlers parse with, and the list of events the
 * server answers (any other name gets a `not_found` error ack).
 */
export const clientEventSchemas = {
  "project:join": S.JoinEvent.extend({ afterSeq: SocketSeq.optional() }),
  "project:leave": S.ProjectEvent,
  "project:read": S.ReadEvent.extend({ seq: SocketSeq }),
  "message:send": S.SendEvent,
  "message:edit": S.EditEvent,
  "message:delete": S.DeleteEvent,
  typing: S.TypingEvent,
  "task:create": S.TaskCreateEvent,
  "task:update": S.TaskUpdateEvent,
  "task:delete": S.TaskDeleteEvent,
  "task:comment": S.TaskCommentEvent,
  "space:watch": SpaceEvent,
  "space:unwatch": SpaceEvent,
} as const satisfies Record<keyof ClientToServerEvents, z.ZodType>;

export type ClientEvent = keyof typeof clientEventSchemas;

export const isClientEvent = (name: unknown): name is ClientEvent => typeof name === "string" && Object.hasOwn(clientEventSchemas, name);
