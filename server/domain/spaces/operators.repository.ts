import type { DB } from "../../../db/connect.js";

/** Whether this member is assigned to run this space (the role is the caller's to check). */
export async function isAssigned(db: DB, spaceId: string, memberId: string): Promise<boolean> {
  const row = await db
    .selectFrom("space_operators")
    .select("space_id")
    .where("space_id", "=", spaceId)
    .where("member_id", "=", memberId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether a space exists (an admin runs every space there is, and no other). */
export async function spaceExists(db: DB, spaceId: string): Promise<boolean> {
  const row = await db.selectFrom("spaces").select("id").where("id", "=", spaceId).executeTakeFirst();
  return row !== undefined;
}

/** The ids of the spaces a member is assigned to. */
export async function assignedSpaceIds(db: DB, memberId: string): Promise<string[]> {
  const rows = await db.selectFrom("space_operators").select("space_id").where("member_id", "=", memberId).execute();
  return rows.map((r) => r.space_id);
}

/** A space's operators with who assigned each and when, by name. */
export function listOperators(db: DB, spaceId: string) {
  return db
    .selectFrom("space_operators as so")
    .innerJoin("members as m", "m.id", "so.member_id")
    .leftJoin("members as by", "by.id", "so.assigned_by")
    .select(["m.id", "m.name", "m.email", "m.role", "so.assigned_at", "by.id as by_id", "by.name as by_name"])
    .where("so.space_id", "=", spaceId)
    // An assignment counts only while its member is an operator (a demoted one's row is inert, and not listed).
    .where("m.role", "=", "operator")
    .orderBy("m.name")
    .orderBy("m.id")
    .execute();
}

/** Members that may be assigned (role operator, not suspended), by name; `ids` narrows to those (`lock`: FOR SHARE). */
export function operatorMembers(db: DB, ids?: string[], opts: { lock?: boolean } = {}) {
  let q = db.selectFrom("members").select(["id", "name", "email"]).where("role", "=", "operator").where("suspended_at", "is", null);
  if (ids) {
    if (ids.length === 0) return Promise.resolve([]);
    q = q.where("id", "in", ids);
  }
  if (opts.lock) q = q.forShare();
  return q.orderBy("name").orderBy("id").limit(500).execute();
}

/** Assigns; an assignment that exists already stays as it was (who and when). Returns whether it was new. */
export async function insertAssignments(db: DB, spaceId: string, memberIds: string[], assignedBy: string | null): Promise<number> {
  if (memberIds.length === 0) return 0;
  const rows = await db
    .insertInto("space_operators")
    .values(memberIds.map((member_id) => ({ space_id: spaceId, member_id, assigned_by: assignedBy })))
    .onConflict((oc) => oc.columns(["space_id", "member_id"]).doNothing())
    .returning("member_id")
    .execute();
  return rows.length;
}

export async function deleteAssignment(db: DB, spaceId: string, memberId: string): Promise<boolean> {
  const rows = await db.deleteFrom("space_operators").where("space_id", "=", spaceId).where("member_id", "=", memberId).returning("member_id").execute();
  return rows.length > 0;
}

/** Removes every assignment of the space except `keep`. */
export async function deleteAssignmentsExcept(db: DB, spaceId: string, keep: string[]): Promise<void> {
  let q = db.deleteFrom("space_operators").where("space_id", "=", spaceId);
  if (keep.length) q = q.where("member_id", "not in", keep);
  await q.execute();
}
