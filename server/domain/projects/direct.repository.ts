import { sql } from "kysely";
import type { DB } from "../../../db/connect.js";

// Direct rooms: a project row of kind 'direct' naming its pair (direct_a < direct_b, one room per pair, see the
// migration 2026-12-04T0200_direct_rooms). Messages, seqs and read marks are the rooms' own (projects.repository).

/** The pair's room, if it exists (either order). */
export async function roomOfPair(db: DB, a: string, b: string): Promise<string | null> {
  const row = await db
    .selectFrom("projects")
    .select("id")
    .where("kind", "=", "direct")
    .where("direct_a", "=", sql<string>`least(${a}::uuid, ${b}::uuid)`)
    .where("direct_b", "=", sql<string>`greatest(${a}::uuid, ${b}::uuid)`)
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Creates the pair's room and puts both in it (nothing unread). A second creation of the same pair fails on the
 * unique pair index (23505), also when two run at once: the loser waits for the winner's commit, then fails.
 */
export async function insertRoom(db: DB, a: string, b: string, createdBy: string, at: Date): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO projects (name, description, created_by, created_at, kind, direct_a, direct_b)
    VALUES ('', '', ${createdBy}, ${at.toISOString()}::timestamptz, 'direct', least(${a}::uuid, ${b}::uuid), greatest(${a}::uuid, ${b}::uuid))
    RETURNING id`.execute(db);
  const id = rows[0]!.id;
  await db
    .insertInto("project_members")
    .values([
      { project_id: id, member_id: a, role: "member", last_read_seq: 0 },
      { project_id: id, member_id: b, role: "member", last_read_seq: 0 },
    ])
    .execute();
  return id;
}

/** Messages a member has not read: others' messages after their read mark, not deleted. */
const unread = sql<number>`(select count(*)::int from messages m
  where m.project_id = p.id and m.seq > mine.last_read_seq
    and m.deleted_at is null and m.author_id is distinct from mine.member_id)`;

/**
 * The member's direct rooms with the other member (null once their account is deleted), the read mark, the unread
 * count and the last message's id; `roomId` narrows to one room. Rooms nobody has written in yet are left out of
 * the list (`withEmpty` keeps them), newest message first.
 */
export function roomsOf(db: DB, memberId: string, opts: { roomId?: string; withEmpty?: boolean; limit?: number } = {}) {
  let q = db
    .selectFrom("project_members as mine")
    .innerJoin("projects as p", "p.id", "mine.project_id")
    .leftJoin("members as other", (j) =>
      j.on(sql<boolean>`other.id = CASE WHEN p.direct_a = ${memberId}::uuid THEN p.direct_b ELSE p.direct_a END`),
    )
    .select([
      "p.id",
      "p.last_seq",
      "p.created_at",
      "mine.last_read_seq",
      "other.id as other_id",
      "other.name as other_name",
      // Their photo's version, unless they hide their profile (then the photo is only theirs and their connections').
      sql<string | null>`(select ph.version from member_photos ph join profiles pr on pr.member_id = ph.member_id
        where ph.member_id = other.id and not pr.hidden)`.as("other_photo_version"),
      unread.as("unread"),
      sql<string | null>`(select m.id from messages m where m.project_id = p.id order by m.seq desc limit 1)`.as("last_message_id"),
      sql<Date | null>`(select max(m.created_at) from messages m where m.project_id = p.id)`.as("last_at"),
    ])
    .where("mine.member_id", "=", memberId)
    .where("p.kind", "=", "direct");
  if (opts.roomId) q = q.where("p.id", "=", opts.roomId);
  if (!opts.withEmpty) q = q.where("p.last_seq", ">", "0");
  return q
    .orderBy(sql`last_at desc nulls last`)
    .orderBy("p.id")
    .limit(opts.limit ?? 200)
    .execute();
}
export type DirectRoomRow = Awaited<ReturnType<typeof roomsOf>>[number];
