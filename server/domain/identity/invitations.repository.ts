import type { DB } from "../../../db/connect.js";
import type { NewInvitation } from "../../../db/schema.js";

export function insertInvitation(db: DB, inv: NewInvitation) {
  return db.insertInto("invitations").values(inv).returning(["id", "expires_at"]).executeTakeFirstOrThrow();
}

export function findSpace(db: DB, spaceId: string) {
  return db.selectFrom("spaces").select(["id", "name"]).where("id", "=", spaceId).executeTakeFirst();
}

export async function runsSpace(db: DB, spaceId: string, memberId: string): Promise<boolean> {
  const row = await db.selectFrom("space_operators").select("space_id").where("space_id", "=", spaceId).where("member_id", "=", memberId).executeTakeFirst();
  return row !== undefined;
}

/** A team project with the viewer's place in it (undefined: not one they can see). */
export function projectFor(db: DB, projectId: string, memberId: string) {
  return db
    .selectFrom("projects as p")
    .leftJoin("project_members as pm", (j) => j.onRef("pm.project_id", "=", "p.id").on("pm.member_id", "=", memberId))
    .select(["p.id", "p.name", "pm.role"])
    .where("p.id", "=", projectId)
    .where("p.kind", "=", "team")
    .executeTakeFirst();
}

export function inviter(db: DB, memberId: string) {
  return db.selectFrom("members").select(["id", "name", "locale"]).where("id", "=", memberId).executeTakeFirstOrThrow();
}

/** What a sign-up link shows: who invited, for what (a used, withdrawn or expired one is not shown). */
export function findOpenByHash(db: DB, tokenHash: string, now: Date) {
  return db
    .selectFrom("invitations as i")
    .leftJoin("members as by", "by.id", "i.invited_by")
    .leftJoin("spaces as s", "s.id", "i.space_id")
    .leftJoin("projects as p", "p.id", "i.project_id")
    .select(["i.id", "i.email", "i.phone", "i.role", "i.expires_at", "i.space_id", "i.project_id", "by.name as inviter_name", "s.name as space_name", "p.name as project_name"])
    .where("i.token_hash", "=", tokenHash)
    .where("i.accepted_at", "is", null)
    .where("i.revoked_at", "is", null)
    .where("i.expires_at", ">", now)
    .executeTakeFirst();
}

/** Uses an invitation once, atomically: of any number of racing sign-ups, one gets the row back. */
export function accept(db: DB, tokenHash: string, memberId: string, now: Date) {
  return db
    .updateTable("invitations")
    .set({ accepted_at: now, accepted_by: memberId })
    .where("token_hash", "=", tokenHash)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .returningAll()
    .executeTakeFirst();
}

export function setRole(db: DB, memberId: string, role: "member" | "operator" | "admin") {
  return db.updateTable("members").set({ role }).where("id", "=", memberId).returningAll().executeTakeFirstOrThrow();
}

export function markVerified(db: DB, memberId: string, at: Date) {
  return db.updateTable("members").set({ email_verified_at: at }).where("id", "=", memberId).returningAll().executeTakeFirstOrThrow();
}

export function assignOperator(db: DB, spaceId: string, memberId: string, assignedBy: string | null) {
  return db
    .insertInto("space_operators")
    .values({ space_id: spaceId, member_id: memberId, assigned_by: assignedBy })
    .onConflict((oc) => oc.columns(["space_id", "member_id"]).doNothing())
    .execute();
}

export function addToProject(db: DB, projectId: string, memberId: string) {
  return db
    .insertInto("project_members")
    .values({ project_id: projectId, member_id: memberId, role: "member", last_read_seq: 0 })
    .onConflict((oc) => oc.columns(["project_id", "member_id"]).doNothing())
    .execute();
}

/**
 * Invitations sent by `memberId` (all of them for an admin: `all`), optionally for one space or project, newest
 * first, with the names of their space, project and inviter.
 */
export function list(db: DB, memberId: string, opts: { all: boolean; spaceId?: string; projectId?: string; limit: number }) {
  let q = db
    .selectFrom("invitations as i")
    .leftJoin("members as by", "by.id", "i.invited_by")
    .leftJoin("spaces as s", "s.id", "i.space_id")
    .leftJoin("projects as p", "p.id", "i.project_id")
    .selectAll("i")
    .select(["by.name as inviter_name", "s.name as space_name", "p.name as project_name"]);
  if (!opts.all) q = q.where("i.invited_by", "=", memberId);
  if (opts.spaceId) q = q.where("i.space_id", "=", opts.spaceId);
  if (opts.projectId) q = q.where("i.project_id", "=", opts.projectId);
  return q.orderBy("i.created_at", "desc").orderBy("i.id", "desc").limit(opts.limit).execute();
}

export function lockById(db: DB, id: string) {
  return db.selectFrom("invitations").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

export function revoke(db: DB, id: string, now: Date) {
  return db.updateTable("invitations").set({ revoked_at: now }).where("id", "=", id).execute();
}
