// Every query of the members' side of introductions (issue 16, item 5): the introductions a member is one of the
// two in, the room suggested for meeting, each one's feedback, and the weekly "introduce me" opt-ins.
import { sql } from "kysely";
import type { DB } from "../../../db/connect.js";

export type MineRow = {
  id: string;
  note: string;
  created_at: Date;
  other_id: string;
  connected: boolean;
  resource_id: string | null;
  resource_name: string | null;
  space_id: string | null;
  space_name: string | null;
  timezone: string | null;
  meet_start: Date | null;
  meet_end: Date | null;
  met: boolean | null;
  useful: boolean | null;
};

/** The member's introductions, newest first, with whether the two are connected and the member's own feedback. */
export function mine(db: DB, memberId: string, limit: number) {
  return sql<MineRow>`
    SELECT i.id, i.note, i.created_at,
           CASE WHEN i.member_a = ${memberId} THEN i.member_b ELSE i.member_a END AS other_id,
           EXISTS (SELECT 1 FROM connections c WHERE c.status = 'accepted'
                     AND least(c.requester_id, c.addressee_id) = least(i.member_a, i.member_b)
                     AND greatest(c.requester_id, c.addressee_id) = greatest(i.member_a, i.member_b)) AS connected,
           i.resource_id, r.name AS resource_name, s.id AS space_id, s.name AS space_name, s.timezone, i.meet_start, i.meet_end,
           f.met, f.useful
      FROM introductions i
      LEFT JOIN resources r ON r.id = i.resource_id
      LEFT JOIN spaces s ON s.id = r.space_id
      LEFT JOIN introduction_feedback f ON f.introduction_id = i.id AND f.member_id = ${memberId}
     WHERE i.member_a = ${memberId} OR i.member_b = ${memberId}
     ORDER BY i.created_at DESC, i.id DESC
     LIMIT ${limit}`.execute(db);
}

/** The two members of an introduction (to check who may answer it). */
export function pairOf(db: DB, id: string) {
  return db.selectFrom("introductions").select(["id", "member_a", "member_b"]).where("id", "=", id).executeTakeFirst();
}

export function saveFeedback(db: DB, f: { introductionId: string; memberId: string; met: boolean; useful: boolean | null; at: Date }) {
  return db
    .insertInto("introduction_feedback")
    .values({ introduction_id: f.introductionId, member_id: f.memberId, met: f.met, useful: f.useful, created_at: f.at, updated_at: f.at })
    .onConflict((oc) => oc.columns(["introduction_id", "member_id"]).doUpdateSet({ met: f.met, useful: f.useful, updated_at: f.at }))
    .execute();
}

/** Per introduction: did either say they met, and the answers on usefulness (for the manager's list). */
export function feedbackOf(db: DB, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([] as { introduction_id: string; member_id: string; met: boolean; useful: boolean | null }[]);
  return db.selectFrom("introduction_feedback").select(["introduction_id", "member_id", "met", "useful"]).where("introduction_id", "in", ids).execute();
}

/** A resource that takes bookings, with its space's name and zone (a room suggested for meeting). */
export function meetingRoom(db: DB, resourceId: string) {
  return db
    .selectFrom("resources as r")
    .innerJoin("spaces as s", "s.id", "r.space_id")
    .select(["r.id", "r.name", "s.id as space_id", "s.name as space_name", "s.timezone"])
    .where("r.id", "=", resourceId)
    .where("r.active", "=", true)
    .executeTakeFirst();
}

export async function optedIn(db: DB, memberId: string, week: string): Promise<boolean> {
  const row = await db.selectFrom("introduction_opt_ins").select("member_id").where("member_id", "=", memberId).where("week", "=", week).executeTakeFirst();
  return Boolean(row);
}

export async function setOptIn(db: DB, memberId: string, week: string, on: boolean, at: Date) {
  if (on) {
    await db.insertInto("introduction_opt_ins").values({ member_id: memberId, week, created_at: at }).onConflict((oc) => oc.doNothing()).execute();
  } else {
    await db.deleteFrom("introduction_opt_ins").where("member_id", "=", memberId).where("week", "=", week).execute();
  }
}

/** Members (not suspended) who asked to be introduced in the week, earliest first. */
export function optInsOf(db: DB, week: string) {
  return db
    .selectFrom("introduction_opt_ins as o")
    .innerJoin("members as m", "m.id", "o.member_id")
    .select(["o.member_id", "o.created_at"])
    .where("o.week", "=", week)
    .where("m.suspended_at", "is", null)
    .orderBy("o.created_at")
    .orderBy("o.member_id")
    .execute();
}

/** Pairs already introduced (either order), to not suggest them again. */
export async function introducedPairs(db: DB, memberIds: string[]): Promise<Set<string>> {
  if (memberIds.length < 2) return new Set();
  const rows = await db.selectFrom("introductions").select(["member_a", "member_b"]).where("member_a", "in", memberIds).where("member_b", "in", memberIds).execute();
  return new Set(rows.map((r) => pairKey(r.member_a, r.member_b)));
}

export const pairKey = (a: string, b: string) => (a < b ? `${a}:${b}` : `${b}:${a}`);
