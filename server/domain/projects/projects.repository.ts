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
    .where("mine.member_id", "=", memberId);
  if (projectId) q = q.where("projects.id", "=", projectId);
  return q.orderBy("projects.last_seq", "desc").orderBy("projects.created_at", "desc").orderBy("projects.id").execute();
}

export function listMembers(db: DB, projectId: string) {
  return db
    .selectFrom("project_members as pm")
    .innerJoin("members", "members.id", "pm.member_id")
    .leftJoin("profiles", "profiles.member_id", "pm.member_id")
    .select(["members.id", "members.name", "pm.role", sql<string>`coalesce(profiles.headline, '')`.as("headline")])
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

export async function isMember(db: DB, projectId: string, memberId: string) {
  const row = await db
    .selectFrom("project_members")
    .select("role")
    .where("project_id", "=", projectId)
    .where("member_id", "=", memberId)
    .executeTakeFirst();
  return row?.role ?? null;
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

export function messageByClientId(db: DB, projectId: string, clientId: string) {
  return messages(db).where("messages.project_id", "=", projectId).where("messages.client_id", "=", clientId).executeTakeFirst();
}

export async function insertMessage(db: DB, message: NewMessage) {
  const { id } = await db.insertInto("messages").values(message).returning("id").executeTakeFirstOrThrow();
  return (await messageById(db, id))!;
}

/** The member's role in the project and their name (one read, taken before any lock). */
export function membership(db: DB, projectId: string, memberId: string) {
  return db
    .selectFrom("project_members as pm")
    .innerJoin("members as m", "m.id", "pm.member_id")
    .select(["pm.role", "m.name"])
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
    ]);
}
export type TaskRow = Awaited<ReturnType<ReturnType<typeof tasks>["executeTakeFirstOrThrow"]>>;

export function taskById(db: DB, id: string) {
  return tasks(db).where("tasks.id", "=", id).executeTakeFirst();
}

/** The board (or what changed in (afterSeq, uptoSeq]) in column order. */
export function listTasks(db: DB, projectId: string, range: { afterSeq?: number; uptoSeq?: number } = {}) {
  let q = tasks(db).where("tasks.project_id", "=", projectId);
  if (range.afterSeq !== undefined) q = q.where("tasks.seq", ">", String(range.afterSeq));
  if (range.uptoSeq !== undefined) q = q.where("tasks.seq", "<=", String(range.uptoSeq));
  return q.orderBy("tasks.status").orderBy("tasks.position").orderBy("tasks.id").limit(1000).execute();
}

export async function endOfColumn(db: DB, projectId: string, status: TaskStatus): Promise<number> {
  const row = await db
    .selectFrom("tasks")
    .select(sql<number | null>`max(position)`.as("max"))
    .where("project_id", "=", projectId)
    .where("status", "=", status)
    .executeTakeFirstOrThrow();
  return (row.max ?? 0) + 1;
}

export async function insertTask(db: DB, task: NewTask) {
  const { id } = await db.insertInto("tasks").values(task).returning("id").executeTakeFirstOrThrow();
  return (await taskById(db, id))!;
}

/** Applies the change only when the task is still at `version`; null when it moved on (or is gone). */
export async function updateTaskAt(db: DB, id: string, version: number, changes: TaskUpdate) {
  const row = await db
    .updateTable("tasks")
    .set({ ...changes, version: sql`version + 1` })
    .where("id", "=", id)
    .where("version", "=", version)
    .returning("id")
    .executeTakeFirst();
  return row ? (await taskById(db, id))! : null;
}
