import { sql } from "kysely";
import type { DB } from "../../../db/connect.js";
import type { MessageUpdate, NewMessage, NewProject, NewTask, TaskStatus, TaskUpdate } from "../../../db/schema.js";

export function insertProject(db: DB, project: NewProject) {
  return db.insertInto("projects").values(project).returningAll().executeTakeFirstOrThrow();
}

export function updateProject(db: DB, id: string, changes: { name?: string; description?: string }) {
  return db.updateTable("projects").set(changes).where("id", "=", id).execute();
}

export function deleteProject(db: DB, id: string) {
  return db.deleteFrom("projects").where("id", "=", id).execute();
}

export function insertProjectMember(db: DB, projectId: string, memberId: string, role: "owner" | "member", lastReadSeq = 0) {
  return db
    .insertInto("project_members")
    .values({ project_id: projectId, member_id: memberId, role, last_read_seq: lastReadSeq })
    .onConflict((oc) => oc.columns(["project_id", "member_id"]).doNothing())
    .returning("member_id")
    .executeTakeFirst();
}

export function deleteProjectMember(db: DB, projectId: string, memberId: string) {
  return db.deleteFrom("project_members").where("project_id", "=", projectId).where("member_id", "=", memberId).execute();
}

export function setMemberRole(db: DB, projectId: string, memberId: string, role: "owner" | "member") {
  return db
    .updateTable("project_members")
    .set({ role })
    .where("project_id", "=", projectId)
    .where("member_id", "=", memberId)
    .execute();
}

/** Messages a member has not read: others' messages after their read mark, not deleted. */
const unreadOf = sql<number>`(select count(*)::int from messages m
  where m.project_id = mine.project_id and m.seq > mine.last_read_seq
    and m.deleted_at is null and m.author_id is distinct from mine.member_id)`;

/** The member's projects with role, member count and unread count, most recently active first, in one query. */
export function listProjectsOf(db: DB, memberId: string, projectId?: string) {
  let q = db
    .selectFrom("project_members as mine")
    .innerJoin("projects", "projects.id", "mine.project_id")
    .select([
      "projects.id",
      "projects.name",
      "projects.description",
      "projects.created_at",
      "projects.last_seq",
      "mine.role",
      "mine.last_read_seq",
      sql<number>`(select count(*)::int from project_members pm where pm.project_id = projects.id)`.as("member_count"),
      unreadOf.as("unread"),
    ])
    .where("mine.member_id", "=", memberId)
    .where("projects.kind", "=", "team");
  if (projectId) q = q.where("projects.id", "=", projectId);
  return q.orderBy("projects.last_seq", "desc").orderBy("projects.created_at", "desc").orderBy("projects.id").execute();
}

export function listMembers(db: DB, projectId: string) {
  return db
    .selectFrom("project_members as pm")
    .innerJoin("members", "members.id", "pm.member_id")
    .leftJoin("profiles", "profiles.member_id", "pm.member_id")
    .select([
      "members.id",
      "members.name",
      "pm.role",
      sql<string>`coalesce(profiles.headline, '')`.as("headline"),
      // Their photo's version unless they are hidden (a hidden member's photo is only for their connections).
      sql<string | null>`(SELECT ph.version FROM member_photos ph WHERE ph.member_id = members.id AND profiles.hidden IS FALSE)`.as("photo_version"),
    ])
    .where("pm.project_id", "=", projectId)
    .orderBy(sql`pm.role = 'owner'`, "desc")
    .orderBy("members.name")
    .execute();
}

/** Just the ids of a member's projects (every socket connection asks). */
export async function projectIdsOf(db: DB, memberId: string): Promise<string[]> {
  const rows = await db.selectFrom("project_members").select("project_id").where("member_id", "=", memberId).execute();
  return rows.map((r) => r.project_id);
}

export function memberIdsOf(db: DB, projectId: string) {
  return db.selectFrom("project_members").select("member_id").where("project_id", "=", projectId).execute();
}

/** The member's role in a team project (a direct room is not a project: null). */
export async function isMember(db: DB, projectId: string, memberId: string) {
  const row = await db
    .selectFrom("project_members")
    .innerJoin("projects", "projects.id", "project_members.project_id")
    .select("project_members.role")
    .where("project_members.project_id", "=", projectId)
    .where("project_members.member_id", "=", memberId)
    .where("projects.kind", "=", "team")
    .executeTakeFirst();
  return row?.role ?? null;
}

/** Whether the member is in the room, of either kind (a team project's or a direct conversation's). */
export async function inRoom(db: DB, projectId: string, memberId: string): Promise<boolean> {
  const row = await db
    .selectFrom("project_members")
    .select("member_id")
    .where("project_id", "=", projectId)
    .where("member_id", "=", memberId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function ownerCount(db: DB, projectId: string) {
  const row = await db
    .selectFrom("project_members")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("project_id", "=", projectId)
    .where("role", "=", "owner")
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function projectName(db: DB, projectId: string) {
  return (await db.selectFrom("projects").select("name").where("id", "=", projectId).executeTakeFirst())?.name ?? null;
}

export async function memberExists(db: DB, memberId: string) {
  const row = await db
    .selectFrom("members")
    .select(["id", "name"])
    .where("id", "=", memberId)
    .where("suspended_at", "is", null)
    .executeTakeFirst();
  return row ?? null;
}

/** Takes the project's row lock: room writes of one project run one at a time, so seqs commit in order. */
export async function lockProject(db: DB, projectId: string): Promise<number | null> {
  const row = await db.selectFrom("projects").select("last_seq").where("id", "=", projectId).forUpdate().executeTakeFirst();
  return row ? Number(row.last_seq) : null;
}

/** The next seq of the project's room (call with the row lock held, inside the writing transaction). */
export async function nextSeq(db: DB, projectId: string): Promise<number> {
  const row = await db
    .updateTable("projects")
    .set({ last_seq: sql`last_seq + 1` })
    .where("id", "=", projectId)
    .returning("last_seq")
    .executeTakeFirstOrThrow();
  return Number(row.last_seq);
}

export async function lastSeq(db: DB, projectId: string): Promise<number> {
  const row = await db.selectFrom("projects").select("last_seq").where("id", "=", projectId).executeTakeFirstOrThrow();
  return Number(row.last_seq);
}

export function markRead(db: DB, projectId: string, memberId: string, seq: number) {
  return db
    .updateTable("project_members")
    .set({ last_read_seq: sql`greatest(last_read_seq, least(${seq}::bigint, (select last_seq from projects where id = ${projectId})))` })
    .where("project_id", "=", projectId)
    .where("member_id", "=", memberId)
    .execute();
}

// Messages

function messages(db: DB) {
  return db
    .selectFrom("messages")
    .leftJoin("members as author", "author.id", "messages.author_id")
    .select([
      "messages.id",
      "messages.project_id",
      "messages.seq",
      "messages.updated_seq",
      "messages.kind",
      "messages.author_id",
      "author.name as author_name",
      "messages.client_id",
      "messages.body",
      "messages.data",
      "messages.mentions",
      "messages.mention_spans",
      "messages.created_at",
      "messages.edited_at",
      "messages.deleted_at",
    ]);
}
export type MessageRow = Awaited<ReturnType<ReturnType<typeof messages>["executeTakeFirstOrThrow"]>>;

export function messageById(db: DB, id: string) {
  return messages(db).where("messages.id", "=", id).executeTakeFirst();
}

export function messagesByIds(db: DB, ids: string[]) {
  return ids.length ? messages(db).where("messages.id", "in", ids).execute() : Promise.resolve([]);
}

export function messageByClientId(db: DB, projectId: string, clientId: string) {
  return messages(db).where("messages.project_id", "=", projectId).where("messages.client_id", "=", clientId).executeTakeFirst();
}

export async function insertMessage(db: DB, message: NewMessage) {
  const { id } = await db.insertInto("messages").values(message).returning("id").executeTakeFirstOrThrow();
  return (await messageById(db, id))!;
}

/** The member's role in the room, their name and the room's kind and pair (one read, taken before any lock). */
export function membership(db: DB, projectId: string, memberId: string) {
  return db
    .selectFrom("project_members as pm")
    .innerJoin("members as m", "m.id", "pm.member_id")
    .innerJoin("projects as p", "p.id", "pm.project_id")
    .select(["pm.role", "m.name", "p.kind", "p.direct_a", "p.direct_b"])
    .where("pm.project_id", "=", projectId)
    .where("pm.member_id", "=", memberId)
    .executeTakeFirst();
}

/**
 * Appends a message in one statement: takes the room's row lock and next seq, inserts, and moves the author's read
 * mark, so the lock is held for this statement and the commit only. Returns nothing when the client id is already
 * stored (a retry); a concurrent retry that commits first surfaces as a unique violation on the client id.
 */
export async function appendMessage(
  db: DB,
  m: {
    projectId: string;
    authorId: string;
    clientId: string;
    body: string;
    mentions: string[];
    mentionSpans: MessageRow["mention_spans"];
    createdAt: Date;
  },
): Promise<Omit<MessageRow, "author_name"> | undefined> {
  const { rows } = await sql<Omit<MessageRow, "author_name">>`
    WITH bumped AS (
      UPDATE projects SET last_seq = last_seq + 1
      WHERE id = ${m.projectId}
        AND NOT EXISTS (SELECT 1 FROM messages WHERE project_id = ${m.projectId} AND client_id = ${m.clientId})
      RETURNING last_seq
    ), inserted AS (
      INSERT INTO messages (project_id, seq, updated_seq, author_id, client_id, body, mentions, mention_spans, created_at)
      SELECT ${m.projectId}, last_seq, last_seq, ${m.authorId}, ${m.clientId}, ${m.body}, ${m.mentions}::uuid[],
        ${JSON.stringify(m.mentionSpans)}::jsonb, ${m.createdAt.toISOString()}::timestamptz
      FROM bumped
      RETURNING id, project_id, seq, updated_seq, kind, author_id, client_id, body, data, mentions, mention_spans, created_at,
        edited_at, deleted_at
    ), marked AS (
      UPDATE project_members SET last_read_seq = bumped.last_seq
      FROM bumped
      WHERE project_id = ${m.projectId} AND member_id = ${m.authorId}
    )
    SELECT * FROM inserted`.execute(db);
  return rows[0];
}

/** Changes a message that is not deleted; nothing (undefined) when it is, e.g. deleted while this one waited. */
export async function updateMessage(db: DB, id: string, changes: MessageUpdate) {
  const done = await db.updateTable("messages").set(changes).where("id", "=", id).where("deleted_at", "is", null).returning("id").executeTakeFirst();
  return done ? messageById(db, id) : undefined;
}

/**
 * One page of a room's history in seq order: after `afterSeq` (oldest first), before `beforeSeq` (the newest
 * `limit` below it), or the newest `limit`. One extra row tells whether there is more in that direction.
 */
export async function messagePage(
  db: DB,
  projectId: string,
  opts: { afterSeq?: number; beforeSeq?: number; uptoSeq?: number; limit: number },
) {
  let q = messages(db).where("messages.project_id", "=", projectId);
  if (opts.afterSeq !== undefined) q = q.where("messages.seq", ">", String(opts.afterSeq));
  if (opts.beforeSeq !== undefined) q = q.where("messages.seq", "<", String(opts.beforeSeq));
  if (opts.uptoSeq !== undefined) q = q.where("messages.seq", "<=", String(opts.uptoSeq));
  const forward = opts.afterSeq !== undefined;
  const rows = await q
    .orderBy("messages.seq", forward ? "asc" : "desc")
    .limit(opts.limit + 1)
    .execute();
  const hasMore = rows.length > opts.limit;
  const page = rows.slice(0, opts.limit);
  return { rows: forward ? page : page.reverse(), hasMore };
}

/** Messages at or before `afterSeq` that changed (edited, deleted) in (afterSeq, uptoSeq]. */
export function changedMessages(db: DB, projectId: string, afterSeq: number, uptoSeq: number, limit: number) {
  return messages(db)
    .where("messages.project_id", "=", projectId)
    .where("messages.seq", "<=", String(afterSeq))
    .where("messages.updated_seq", ">", String(afterSeq))
    .where("messages.updated_seq", "<=", String(uptoSeq))
    .orderBy("messages.updated_seq")
    .limit(limit)
    .execute();
}

// Tasks

function tasks(db: DB) {
  return db
    .selectFrom("tasks")
    .leftJoin("members as assignee", "assignee.id", "tasks.assignee_id")
    .select([
      "tasks.id",
      "tasks.project_id",
      "tasks.title",
      "tasks.status",
      "tasks.assignee_id",
      "assignee.name as assignee_name",
      "tasks.position",
      "tasks.version",
      "tasks.seq",
      "tasks.updated_at",
      "tasks.description",
      "tasks.due_date",
      "tasks.archived_at",
      "tasks.deleted_at",
      "tasks.comment_count",
    ]);
}
type TaskBaseRow = Awaited<ReturnType<ReturnType<typeof tasks>["executeTakeFirstOrThrow"]>>;

function comments(db: DB) {
  return db
    .selectFrom("task_comments")
    .leftJoin("members as author", "author.id", "task_comments.author_id")
    .select([
      "task_comments.id",
      "task_comments.task_id",
      "task_comments.author_id",
      "author.name as author_name",
      "task_comments.client_id",
      "task_comments.body",
      "task_comments.seq",
      "task_comments.created_at",
    ]);
}
export type CommentRow = Awaited<ReturnType<ReturnType<typeof comments>["executeTakeFirstOrThrow"]>>;
export type TaskRow = TaskBaseRow & { comments: CommentRow[] };

/** The latest `perTask` comments of each task, oldest first (one query for the whole board). */
async function latestComments(db: DB, taskIds: string[], perTask: number): Promise<Map<string, CommentRow[]>> {
  const byTask = new Map<string, CommentRow[]>();
  if (taskIds.length === 0) return byTask;
  const ranked = db
    .selectFrom("task_comments")
    .select(["id", sql<number>`row_number() over (partition by task_id order by seq desc)`.as("rn")])
    .where("task_id", "in", taskIds)
    .as("ranked");
  const rows = await comments(db)
    .innerJoin(ranked, "ranked.id", "task_comments.id")
    .where("ranked.rn", "<=", perTask)
    .orderBy("task_comments.seq")
    .execute();
  for (const row of rows) {
    const list = byTask.get(row.task_id) ?? [];
    list.push(row);
    byTask.set(row.task_id, list);
  }
  return byTask;
}

async function withComments(db: DB, rows: TaskBaseRow[], perTask: number): Promise<TaskRow[]> {
  const byTask = await latestComments(
    db,
    rows.filter((r) => r.comment_count > 0).map((r) => r.id),
    perTask,
  );
  return rows.map((r) => ({ ...r, comments: byTask.get(r.id) ?? [] }));
}

export async function taskById(db: DB, id: string, perTask = 20): Promise<TaskRow | undefined> {
  const row = await tasks(db).where("tasks.id", "=", id).executeTakeFirst();
  return row ? (await withComments(db, [row], perTask))[0] : undefined;
}

/**
 * The board (or what changed in (afterSeq, uptoSeq]) in column order, each task with its latest comments. The
 * whole board leaves deleted tasks out; a range keeps their tombstones (a client that saw them drops them).
 */
export async function listTasks(db: DB, projectId: string, range: { afterSeq?: number; uptoSeq?: number } = {}, perTask = 20) {
  let q = tasks(db).where("tasks.project_id", "=", projectId);
  if (range.afterSeq !== undefined) q = q.where("tasks.seq", ">", String(range.afterSeq));
  else q = q.where("tasks.deleted_at", "is", null);
  if (range.uptoSeq !== undefined) q = q.where("tasks.seq", "<=", String(range.uptoSeq));
  const rows = await q.orderBy("tasks.status").orderBy("tasks.position").orderBy("tasks.id").limit(1000).execute();
  return withComments(db, rows, perTask);
}

export async function endOfColumn(db: DB, projectId: string, status: TaskStatus): Promise<number> {
  const row = await db
    .selectFrom("tasks")
    .select(sql<number | null>`max(position)`.as("max"))
    .where("project_id", "=", projectId)
    .where("status", "=", status)
    .where("deleted_at", "is", null)
    .executeTakeFirstOrThrow();
  return (row.max ?? 0) + 1;
}

export async function insertTask(db: DB, task: NewTask) {
  const { id } = await db.insertInto("tasks").values(task).returning("id").executeTakeFirstOrThrow();
  return (await taskById(db, id))!;
}

/** Applies the change only when the task is still at `version` and not deleted; null when it moved on (or is gone). */
export async function updateTaskAt(db: DB, id: string, version: number | undefined, changes: TaskUpdate) {
  let q = db
    .updateTable("tasks")
    .set({ ...changes, version: sql`version + 1` })
    .where("id", "=", id)
    .where("deleted_at", "is", null);
  if (version !== undefined) q = q.where("version", "=", version);
  const row = await q.returning("id").executeTakeFirst();
  return row ? (await taskById(db, id))! : null;
}

/** A comment by its client id (a retry of one already stored). */
export function commentByClientId(db: DB, taskId: string, clientId: string) {
  return comments(db).where("task_comments.task_id", "=", taskId).where("task_comments.client_id", "=", clientId).executeTakeFirst();
}

/** Stores a comment at `seq` and moves its task to that seq (its version stays: a comment never conflicts). */
export async function insertComment(
  db: DB,
  c: { taskId: string; projectId: string; authorId: string; clientId: string | null; body: string; seq: number; createdAt: Date },
) {
  const { id } = await db
    .insertInto("task_comments")
    .values({
      task_id: c.taskId,
      project_id: c.projectId,
      author_id: c.authorId,
      client_id: c.clientId,
      body: c.body,
      seq: c.seq,
      created_at: c.createdAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .updateTable("tasks")
    .set({ seq: c.seq, comment_count: sql`comment_count + 1`, updated_at: c.createdAt })
    .where("id", "=", c.taskId)
    .execute();
  return (await comments(db).where("task_comments.id", "=", id).executeTakeFirst())!;
}

/** Every comment of a task, oldest first. */
export function listComments(db: DB, taskId: string, limit = 500) {
  return comments(db).where("task_comments.task_id", "=", taskId).orderBy("task_comments.seq").limit(limit).execute();
}
