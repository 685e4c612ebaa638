import type { DB } from "../../../db/connect.js";
import type { EventBus } from "../../events.js";
import type { Clock } from "../clock.js";
import { photoUrl } from "../network/index.js";
import type { NotificationsService } from "../notifications/index.js";
import type * as repo from "./projects.repository.js";
import type { MessageOut, ProjectMemberOut, ProjectOut, TaskCommentOut, TaskOut } from "./projects.schemas.js";

// What every part of the projects context shares: its dependencies, and rows turned into domain types.

/** What a direct room asks the network context: is there an accepted connection (share-locked in `tx`)? */
export type ConnectionCheck = { lockAccepted(tx: DB, a: string, b: string): Promise<boolean> };

export type ProjectsDeps = { db: DB; bus: EventBus; clock: Clock; notifications: NotificationsService; connections: ConnectionCheck };

export type Role = "owner" | "member";

export const iso = (d: Date | string) => new Date(d).toISOString();

export function toMessage(r: repo.MessageRow): MessageOut {
  const deleted = r.deleted_at !== null;
  return {
    id: r.id,
    projectId: r.project_id,
    seq: Number(r.seq),
    updatedSeq: Number(r.updated_seq),
    kind: r.kind,
    author: r.author_id ? { id: r.author_id, name: r.author_name ?? "" } : null,
    body: deleted ? "" : r.body,
    data: deleted ? {} : r.data,
    mentions: deleted ? [] : r.mentions,
    mentionSpans: deleted ? [] : r.mention_spans,
    clientId: r.client_id,
    createdAt: iso(r.created_at),
    editedAt: r.edited_at ? iso(r.edited_at) : null,
    deletedAt: r.deleted_at ? iso(r.deleted_at) : null,
  };
}

export function toTask(r: repo.TaskRow): TaskOut {
  return {
    id: r.id,
    projectId: r.project_id,
    title: r.title,
    status: r.status,
    assigneeId: r.assignee_id,
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? "" } : null,
    position: r.position,
    version: r.version,
    seq: Number(r.seq),
    updatedAt: iso(r.updated_at),
    description: r.description,
    dueDate: r.due_date,
    archivedAt: r.archived_at ? iso(r.archived_at) : null,
    deletedAt: r.deleted_at ? iso(r.deleted_at) : null,
    commentCount: r.comment_count,
    comments: r.comments.map(toComment),
  };
}

export function toComment(r: repo.CommentRow): TaskCommentOut {
  return {
    id: r.id,
    taskId: r.task_id,
    author: r.author_id ? { id: r.author_id, name: r.author_name ?? "" } : null,
    body: r.body,
    clientId: r.client_id,
    seq: Number(r.seq),
    createdAt: iso(r.created_at),
  };
}

/** A project member as the room shows them: with their 64 px photo, or null (initials). */
export function toMember(r: Awaited<ReturnType<typeof repo.listMembers>>[number]): ProjectMemberOut {
  return { id: r.id, name: r.name, headline: r.headline, role: r.role, photoUrl: photoUrl(r.id, r.photo_version, "thumb") };
}

export function toProject(r: Awaited<ReturnType<typeof repo.listProjectsOf>>[number]): ProjectOut {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    role: r.role,
    memberCount: r.member_count,
    unread: r.unread,
    lastSeq: Number(r.last_seq),
    createdAt: iso(r.created_at),
  };
}
