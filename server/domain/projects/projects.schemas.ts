import { z } from "zod";
import { multiline, text } from "../validation.js";

const Id = z.uuid();
const Seq = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const MESSAGE_MAX = 4000;
/** How many missed messages a (re)join returns at once; the rest are paged over HTTP (`hasMore`). */
export const CATCH_UP_LIMIT = 100;

export const ProjectCreateInput = z.strictObject({
  name: text().trim().min(1).max(120),
  description: multiline().trim().max(2000).optional(),
});
export type ProjectCreateInput = z.infer<typeof ProjectCreateInput>;

export const ProjectUpdateInput = z.strictObject({
  name: text().trim().min(1).max(120).optional(),
  description: multiline().trim().max(2000).optional(),
});
export type ProjectUpdateInput = z.infer<typeof ProjectUpdateInput>;

export const ProjectRole = z.enum(["owner", "member"]);
export const AddMemberInput = z.strictObject({ memberId: Id, role: ProjectRole.optional() });
export type AddMemberInput = z.infer<typeof AddMemberInput>;
export const MemberRoleInput = z.strictObject({ role: ProjectRole });

export const MessageBody = multiline()
  .trim()
  .min(1)
  .max(MESSAGE_MAX, `At most ${MESSAGE_MAX} characters`);
export const ClientId = text().min(1).max(64);
export const MessageSendInput = z.strictObject({ body: MessageBody, clientId: ClientId });
export type MessageSendInput = z.infer<typeof MessageSendInput>;
export const MessageEditInput = z.strictObject({ body: MessageBody });

export const MessagesQuery = z.strictObject({
  afterSeq: Seq.optional(),
  beforeSeq: Seq.optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export type MessagesQuery = z.infer<typeof MessagesQuery>;

export const TaskStatus = z.enum(["todo", "doing", "done"]);
export const TaskTitle = text().trim().min(1).max(200);
export const TASK_DESCRIPTION_MAX = 4000;
export const TaskDescription = multiline().trim().max(TASK_DESCRIPTION_MAX);
/** A due date: a plain calendar date (`YYYY-MM-DD`), no time and no zone; null clears it. */
export const DueDate = z.iso.date();
export const TaskCreateInput = z.strictObject({
  title: TaskTitle,
  status: TaskStatus.optional(),
  assigneeId: Id.nullable().optional(),
  description: TaskDescription.optional(),
  dueDate: DueDate.nullable().optional(),
});
export type TaskCreateInput = z.infer<typeof TaskCreateInput>;
const TaskChanges = {
  title: TaskTitle.optional(),
  status: TaskStatus.optional(),
  assigneeId: Id.nullable().optional(),
  /** Order within the column; any finite number (the client picks one between its new neighbours). */
  position: z.number().finite().min(-1e12).max(1e12).optional(),
  description: TaskDescription.optional(),
  dueDate: DueDate.nullable().optional(),
  /** Off the board (true) or back on it (false). */
  archived: z.boolean().optional(),
};
export const TaskChangesInput = z.strictObject(TaskChanges);
export type TaskChangesInput = z.infer<typeof TaskChangesInput>;
export const TaskUpdateInput = z.strictObject({ ...TaskChanges, version: z.number().int().min(1) });
export type TaskUpdateInput = z.infer<typeof TaskUpdateInput>;

// Socket payloads (the same rules as the HTTP bodies).
export const JoinEvent = z.strictObject({ projectId: Id, afterSeq: Seq.optional() });
export const ProjectEvent = z.strictObject({ projectId: Id });
export const SendEvent = z.strictObject({ projectId: Id, body: MessageBody, clientId: ClientId });
export const EditEvent = z.strictObject({ messageId: Id, body: MessageBody });
export const DeleteEvent = z.strictObject({ messageId: Id });
export const TypingEvent = z.strictObject({ projectId: Id, typing: z.boolean() });
export const ReadEvent = z.strictObject({ projectId: Id, seq: Seq });
export const TaskCreateEvent = z.strictObject({ projectId: Id, ...TaskCreateInput.shape });
export const TaskUpdateEvent = z.strictObject({ taskId: Id, changes: TaskChangesInput, version: z.number().int().min(1) });
/** Deleting a task: with the version it was seen at (a stale one gets version_conflict), or without (as it is). */
export const TaskDeleteEvent = z.strictObject({ taskId: Id, version: z.number().int().min(1).optional() });
export const TaskDeleteQuery = z.strictObject({ version: z.coerce.number().int().min(1).optional() });

export const COMMENT_MAX = 2000;
/** How many of a task's latest comments travel with it (the board, its events); the API lists them all. */
export const TASK_COMMENTS_SHOWN = 20;
export const CommentBody = multiline().trim().min(1, "Write a comment").max(COMMENT_MAX, `At most ${COMMENT_MAX} characters`);
export const TaskCommentInput = z.strictObject({ body: CommentBody, clientId: ClientId.optional() });
export type TaskCommentInput = z.infer<typeof TaskCommentInput>;
export const TaskCommentEvent = z.strictObject({ taskId: Id, body: CommentBody, clientId: ClientId });

export const ProjectOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  role: ProjectRole,
  memberCount: z.number().int(),
  unread: z.number().int(),
  lastSeq: z.number().int(),
  createdAt: z.string(),
});
export type ProjectOut = z.infer<typeof ProjectOut>;

export const ProjectMemberOut = z.object({
  id: z.string(),
  name: z.string(),
  headline: z.string(),
  role: ProjectRole,
  /** Their 64 px photo, or null (initials). */
  photoUrl: z.string().nullable(),
});
export type ProjectMemberOut = z.infer<typeof ProjectMemberOut>;

export const ProjectDetailOut = ProjectOut.extend({
  members: z.array(ProjectMemberOut),
  lastReadSeq: z.number().int(),
});
export type ProjectDetailOut = z.infer<typeof ProjectDetailOut>;

export const MentionSpanOut = z.object({ memberId: z.string(), start: z.number().int(), end: z.number().int() });

/** A meeting booked for the project, as its system message states it (instants with the space's offset). */
export const MeetingFacts = z.object({
  bookingId: z.string(),
  resourceName: z.string(),
  spaceName: z.string(),
  start: z.string(),
  end: z.string(),
  timezone: z.string(),
});
export type MeetingFacts = z.infer<typeof MeetingFacts>;

/**
 * What a system message says, as facts (its `body` is empty): the room renders it from the reader's dictionary.
 * A text message's `data` is `{}`.
 */
export const SystemMessageData = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("meeting_booked"), meetings: z.array(MeetingFacts).min(1) }),
]);
export type SystemMessageData = z.infer<typeof SystemMessageData>;

export const MessageOut = z.object({
  id: z.string(),
  projectId: z.string(),
  seq: z.number().int(),
  /** The seq of the message's last change (edit, delete); equals `seq` until then. */
  updatedSeq: z.number().int(),
  kind: z.enum(["text", "system"]),
  author: z.object({ id: z.string(), name: z.string() }).nullable(),
  body: z.string(),
  data: z.record(z.string(), z.unknown()),
  /** Who the message mentions (each once), and where: `mentionSpans` are UTF-16 offsets into `body`, `@` included. */
  mentions: z.array(z.string()),
  mentionSpans: z.array(MentionSpanOut),
  clientId: z.string().nullable(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
});
export type MessageOut = z.infer<typeof MessageOut>;
export const MessagePage = z.object({ items: z.array(MessageOut), hasMore: z.boolean() });

export const TaskCommentOut = z.object({
  id: z.string(),
  taskId: z.string(),
  author: z.object({ id: z.string(), name: z.string() }).nullable(),
  body: z.string(),
  clientId: z.string().nullable(),
  seq: z.number().int(),
  createdAt: z.string(),
});
export type TaskCommentOut = z.infer<typeof TaskCommentOut>;

export const TaskOut = z.object({
  id: z.string(),
  projectId: z.string(),
  title: z.string(),
  status: TaskStatus,
  assigneeId: z.string().nullable(),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  position: z.number(),
  version: z.number().int(),
  seq: z.number().int(),
  updatedAt: z.string(),
  description: z.string(),
  /** `YYYY-MM-DD` or null. */
  dueDate: z.string().nullable(),
  /** Set while the task is archived (off the board). */
  archivedAt: z.string().nullable(),
  /** Set once deleted: a catch-up carries the tombstone so a client drops the card. */
  deletedAt: z.string().nullable(),
  commentCount: z.number().int(),
  /** The latest comments (at most TASK_COMMENTS_SHOWN), oldest first. */
  comments: z.array(TaskCommentOut),
});
export type TaskOut = z.infer<typeof TaskOut>;

/** What a (re)join returns: the gap since `afterSeq`, so a client never depends on connection-state recovery. */
export type CatchUp = {
  missed: MessageOut[];
  hasMore: boolean;
  /** Older messages changed (edited, deleted) after `afterSeq`. */
  updated: MessageOut[];
  /** Tasks created or changed after `afterSeq` (the whole board on a first join). */
  tasks: TaskOut[];
  /** The project's seq when this was read: a client that has paged past `missed` is current up to here. */
  lastSeq: number;
};

/** A direct conversation: the room of two connected members (`id` is its room: the project events' `projectId`). */
export const ConversationOut = z.object({
  id: z.string(),
  /** The other member; null once their account is deleted (their messages stay, shown as a former member's). */
  member: z.object({ id: z.string(), name: z.string(), photoUrl: z.string().nullable() }).nullable(),
  lastMessage: MessageOut.nullable(),
  unread: z.number().int(),
  lastSeq: z.number().int(),
  lastReadSeq: z.number().int(),
  createdAt: z.string(),
});
export type ConversationOut = z.infer<typeof ConversationOut>;
/** One conversation, as its thread opens it: also whether I may write in it now (only while we are connected). */
export const ConversationDetailOut = ConversationOut.extend({ canPost: z.boolean() });
export type ConversationDetailOut = z.infer<typeof ConversationDetailOut>;
