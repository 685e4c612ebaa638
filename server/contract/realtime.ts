// The typed event maps of the realtime contract (shared/API.md), shared by the server and the browser.
// Neutral ground: neither app/ nor server/ owns it. Types only, nothing here runs; it imports types only, and only
// from server/contract or a context's *.schemas.ts (tests/unit/architecture.test.ts holds it to that). The app
// imports it with `import type`.

import type { NotificationOut } from "../domain/notifications/notifications.schemas.js";
import type { CatchUp, MessageOut, TaskCommentOut, TaskOut } from "../domain/projects/projects.schemas.js";

export type { NotificationOut };

/** An error ack: the domain error's code and message, plus its details (field `errors`, a task's `current`). */
export type AckError = {
  code: string;
  message: string;
  /** Why, as a stable snake_case code (its facts sit beside it); `message` is its words in the reader's language. */
  reason?: string;
  errors?: Array<{ path: string; code?: string; message: string }>;
  current?: TaskPayload;
  retryAfter?: number;
};
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: AckError };

export type MessagePayload = MessageOut;
export type TaskPayload = TaskOut;
export type TaskCommentPayload = TaskCommentOut;
/** What a task's edit may change (the same keys as PATCH /api/v1/tasks/:id, without its version). */
export type TaskChangesPayload = {
  title?: string;
  status?: TaskPayload["status"];
  assigneeId?: string | null;
  position?: number;
  description?: string;
  dueDate?: string | null;
  archived?: boolean;
};
/** The `project:join` ack: who is here, and everything since `afterSeq` (see CatchUp). */
export type JoinAck = CatchUp & { online: string[] };

export interface ServerToClientEvents {
  "message:new": (payload: { projectId: string; message: MessagePayload }) => void;
  "message:updated": (payload: { projectId: string; message: MessagePayload }) => void;
  presence: (payload: { projectId: string; online: string[] }) => void;
  typing: (payload: { projectId: string; memberId: string; typing: boolean }) => void;
  "task:changed": (payload: { projectId: string; task: TaskPayload }) => void;
  /** The member was added to (or removed from) a project: refresh "My projects"; a removed member leaves its room. */
  /** `kind`: a team project's room, or a direct conversation's (the room of two; its `projectId` is the conversation's id). */
  "project:membership": (payload: { projectId: string; change: "added" | "removed"; kind: "team" | "direct" }) => void;
  notification: (payload: { notification: NotificationOut }) => void;
  "availability:changed": (payload: { spaceId: string; resourceId: string; start: string; end: string }) => void;
  "presence:space": (payload: { spaceId: string; here: Array<{ id: string; name: string }> }) => void;
  /** Sent just before the server disconnects a socket whose session ended (log-out, revoked token). */
  "session:ended": (payload: { reason: "logged_out" | "revoked" | "account_deleted" }) => void;
  /**
   * Sent just before the server closes this socket because its member opened more than `limit` sockets (this was
   * the oldest). The session is fine; the client must not reconnect on its own (it would push out another tab).
   */
  "connection:replaced": (payload: { reason: "too_many_connections"; limit: number }) => void;
}

export interface ClientToServerEvents {
  "project:join": (payload: { projectId: string; afterSeq?: number }, ack: (res: Ack<JoinAck>) => void) => void;
  "project:leave": (payload: { projectId: string }, ack: (res: Ack) => void) => void;
  "project:read": (payload: { projectId: string; seq: number }, ack: (res: Ack) => void) => void;
  "message:send": (
    payload: { projectId: string; body: string; clientId: string },
    ack: (res: Ack<{ message: MessagePayload }>) => void,
  ) => void;
  "message:edit": (payload: { messageId: string; body: string }, ack: (res: Ack<{ message: MessagePayload }>) => void) => void;
  "message:delete": (payload: { messageId: string }, ack: (res: Ack<{ message: MessagePayload }>) => void) => void;
  typing: (payload: { projectId: string; typing: boolean }) => void;
  "task:create": (
    payload: {
      projectId: string;
      title: string;
      status?: TaskPayload["status"];
      assigneeId?: string | null;
      description?: string;
      dueDate?: string | null;
    },
    ack: (res: Ack<{ task: TaskPayload }>) => void,
  ) => void;
  "task:update": (payload: { taskId: string; changes: TaskChangesPayload; version: number }, ack: (res: Ack<{ task: TaskPayload }>) => void) => void;
  /** Deletes a task (its tombstone goes to the room as `task:changed` with `deletedAt`). */
  "task:delete": (payload: { taskId: string; version?: number }, ack: (res: Ack<{ task: TaskPayload }>) => void) => void;
  /** Comments on a task (the task, with its latest comments, goes to the room as `task:changed`). */
  "task:comment": (
    payload: { taskId: string; body: string; clientId: string },
    ack: (res: Ack<{ task: TaskPayload; comment: TaskCommentPayload }>) => void,
  ) => void;
  "space:watch": (payload: { spaceId: string }, ack: (res: Ack) => void) => void;
  "space:unwatch": (payload: { spaceId: string }, ack: (res: Ack) => void) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  memberId: string;
  sessionId: string;
  name: string;
  /** When this connection was made (sortable across nodes): the oldest go first when a member has too many. */
  connectedAt: number;
  /** The reader's language (cookie, the member's choice, Accept-Language): error acks are worded in it. */
  locale?: "id" | "en";
}
