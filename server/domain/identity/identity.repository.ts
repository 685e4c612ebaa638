import { sql } from "kysely";
import type { DB } from "../../../db/connect.js";
import type { NewMember, NewSession, Role } from "../../../db/schema.js";


export function findMemberByEmail(db: DB, email: string) {
  return db.selectFrom("members").selectAll().where("email", "=", email).executeTakeFirst();
}

export function findMemberById(db: DB, id: string) {
  return db.selectFrom("members").selectAll().where("id", "=", id).executeTakeFirst();
}

export function insertMember(db: DB, member: NewMember) {
  return db.insertInto("members").values(member).returningAll().executeTakeFirstOrThrow();
}

export function insertEmptyProfile(db: DB, memberId: string) {
  return db.insertInto("profiles").values({ member_id: memberId }).execute();
}

export function updateRole(db: DB, id: string, role: Role) {
  return db.updateTable("members").set({ role }).where("id", "=", id).returningAll().executeTakeFirst();
}

export function updateLocale(db: DB, id: string, locale: "id" | "en") {
  return db.updateTable("members").set({ locale }).where("id", "=", id).execute();
}

export function insertSession(db: DB, session: NewSession) {
  return db.insertInto("sessions").values(session).execute();
}

/** The live session with its member, or nothing (unknown, expired, or member suspended). */
export function findLiveSession(db: DB, id: string, now: Date) {
  return db
    .selectFrom("sessions")
    .innerJoin("members", "members.id", "sessions.member_id")
    .select([
      "sessions.id as session_id",
      "sessions.kind",
      "sessions.last_used_at",
      "members.id",
      "members.email",
      "members.name",
      "members.role",
      "members.locale",
    ])
    .where("sessions.id", "=", id)
    .where("sessions.expires_at", ">", now)
    .where("members.suspended_at", "is", null)
    .executeTakeFirst();
}

export function touchSession(db: DB, id: string, now: Date) {
  return db.updateTable("sessions").set({ last_used_at: now }).where("id", "=", id).execute();
}

export function deleteSession(db: DB, id: string) {
  return db.deleteFrom("sessions").where("id", "=", id).returning(["id", "member_id"]).executeTakeFirst();
}

export function deleteMemberSessions(db: DB, memberId: string) {
  return db.deleteFrom("sessions").where("member_id", "=", memberId).returning("id").execute();
}

export function deleteExpiredSessions(db: DB, now: Date) {
  return db.deleteFrom("sessions").where("expires_at", "<=", now).returning(["id", "member_id"]).execute();
}

export async function sessionExists(db: DB, id: string, now: Date) {
  const row = await db.selectFrom("sessions").select("id").where("id", "=", id).where("expires_at", ">", now).executeTakeFirst();
  return Boolean(row);
}

// --- rate limiting (sliding window over event rows) -------------------------------------------------------

export async function countEvents(db: DB, bucket: string, since: Date) {
  const row = await db
    .selectFrom("rate_limit_events")
    .select([sql<number>`count(*)::int`.as("n"), sql<Date | null>`min(at)`.as("oldest")])
    .where("bucket", "=", bucket)
    .where("at", ">", since)
    .executeTakeFirstOrThrow();
  return row;
}

export function insertEvent(db: DB, bucket: string, at: Date) {
  return db.insertInto("rate_limit_events").values({ bucket, at }).execute();
}

export function clearEvents(db: DB, bucket: string) {
  return db.deleteFrom("rate_limit_events").where("bucket", "=", bucket).execute();
}

export function pruneEvents(db: DB, before: Date) {
  return db.deleteFrom("rate_limit_events").where("at", "<", before).execute();
}

export function setSuspended(db: DB, id: string, at: Date | null) {
  return db.updateTable("members").set({ suspended_at: at }).where("id", "=", id).returningAll().executeTakeFirst();
}

/** Members for the admin list: newest first, optionally filtered by a name/email fragment and role. */
export function listMembersForAdmin(
  db: DB,
  opts: { q?: string; role?: Role; suspended?: boolean; limit: number; before?: { createdAt: Date; id: string } },
) {
  let q = db
    .selectFrom("members")
    .select(["id", "email", "name", "role", "suspended_at", "last_seen_at", "created_at"])
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(opts.limit + 1);
  if (opts.q) {
    const like = `%${opts.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb("name", "ilike", like), eb("email", "ilike", like)]));
  }
  if (opts.role) q = q.where("role", "=", opts.role);
  if (opts.suspended !== undefined) q = q.where("suspended_at", opts.suspended ? "is not" : "is", null);
  if (opts.before) {
    const { createdAt, id } = opts.before;
    q = q.where(sql<boolean>`(created_at, id) < (${createdAt.toISOString()}::timestamptz, ${id}::uuid)`);
  }
  return q.execute();
}
