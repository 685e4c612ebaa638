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

export function updatePasswordHash(db: DB, id: string, passwordHash: string) {
  return db.updateTable("members").set({ password_hash: passwordHash }).where("id", "=", id).execute();
}

/** Ends every browser session of the member but one (API tokens stay). */
export function deleteOtherWebSessions(db: DB, memberId: string, keepSessionId: string) {
  return db
    .deleteFrom("sessions")
    .where("member_id", "=", memberId)
    .where("kind", "=", "web")
    .where("id", "<>", keepSessionId)
    .returning("id")
    .execute();
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

// --- throttling (one row per bucket: the attempts inside its sliding window) --------------------------------

/**
 * Reserves one attempt in `bucket` if fewer than `max` fall after `since`, in one atomic statement: ON CONFLICT
 * DO UPDATE locks the bucket's row, so racing reservations queue on it and each sees the others' hits. Hits that
 * left the window are dropped on the way. True when the attempt was granted.
 */
export async function reserveHit(
  db: DB,
  r: { bucket: string; at: Date; since: Date; max: number; expiresAt: Date },
): Promise<boolean> {
  const at = r.at.toISOString();
  const since = r.since.toISOString();
  const { rows } = await sql<{ granted: boolean }>`
    INSERT INTO rate_limit_buckets AS b (bucket, hits, expires_at)
    VALUES (${r.bucket}, ARRAY[${at}::timestamptz], ${r.expiresAt.toISOString()}::timestamptz)
    ON CONFLICT (bucket) DO UPDATE
      SET hits = ARRAY(SELECT h FROM unnest(b.hits) AS h WHERE h > ${since}::timestamptz) || ${at}::timestamptz,
          expires_at = greatest(b.expires_at, EXCLUDED.expires_at)
      WHERE (SELECT count(*) FROM unnest(b.hits) AS h WHERE h > ${since}::timestamptz) < ${r.max}
    RETURNING true AS granted`.execute(db);
  return rows.length > 0;
}

/** The oldest attempt still inside the window (for Retry-After), or null. */
export async function oldestHit(db: DB, bucket: string, since: Date): Promise<Date | null> {
  const { rows } = await sql<{ oldest: Date | string | null }>`
    SELECT min(h) AS oldest FROM rate_limit_buckets AS b, unnest(b.hits) AS h
    WHERE b.bucket = ${bucket} AND h > ${since.toISOString()}::timestamptz`.execute(db);
  const oldest = rows[0]?.oldest;
  return oldest ? new Date(oldest) : null;
}

/** Removes one occurrence of the attempt made at `at` (an attempt given back). */
export async function releaseHit(db: DB, bucket: string, at: Date): Promise<void> {
  const ts = at.toISOString();
  await sql`
    UPDATE rate_limit_buckets
    SET hits = hits[:array_position(hits, ${ts}::timestamptz) - 1] || hits[array_position(hits, ${ts}::timestamptz) + 1:]
    WHERE bucket = ${bucket} AND array_position(hits, ${ts}::timestamptz) IS NOT NULL`.execute(db);
}

export function deleteBucket(db: DB, bucket: string) {
  return db.deleteFrom("rate_limit_buckets").where("bucket", "=", bucket).execute();
}

export function pruneBuckets(db: DB, now: Date) {
  return db.deleteFrom("rate_limit_buckets").where("expires_at", "<", now).execute();
}

/**
 * Locks the rows of every active admin (in id order, so two lockers cannot deadlock) and returns their ids. Under
 * READ COMMITTED a row that a concurrent, now committed, change took out of the set (demoted, suspended) is
 * re-checked and left out, so two admins demoting each other at once see each other's change.
 */
export async function lockActiveAdmins(db: DB): Promise<string[]> {
  const rows = await db
    .selectFrom("members")
    .select("id")
    .where("role", "=", "admin")
    .where("suspended_at", "is", null)
    .orderBy("id")
    .forUpdate()
    .execute();
  return rows.map((r) => r.id);
}

export function setSuspended(db: DB, id: string, at: Date | null) {
  return db.updateTable("members").set({ suspended_at: at }).where("id", "=", id).returningAll().executeTakeFirst();
}

/**
 * Members for the admin list: newest first, optionally filtered by a name/email fragment and role. "Last seen" is
 * derived from what the member left behind: the latest use of any of their sessions or tokens (refreshed at most
 * every 10 minutes while in use), their latest check-in, and `members.last_seen_at` where something recorded it.
 */
export function listMembersForAdmin(
  db: DB,
  opts: { q?: string; role?: Role; suspended?: boolean; limit: number; before?: { createdAt: Date; id: string } },
) {
  let q = db
    .selectFrom("members")
    .select(["id", "email", "name", "role", "suspended_at", "created_at"])
    .select(
      sql<Date | null>`greatest(
        members.last_seen_at,
        (SELECT max(s.last_used_at) FROM sessions s WHERE s.member_id = members.id),
        (SELECT max(b.checked_in_at) FROM bookings b WHERE b.member_id = members.id)
      )`.as("last_seen_at"),
    )
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
