import { sql } from "kysely";
import type { DB } from "../../../db/connect.js";
import type { NewProject } from "../../../db/schema.js";

export function insertProject(db: DB, project: NewProject) {
  return db.insertInto("projects").values(project).returningAll().executeTakeFirstOrThrow();
}

export function insertProjectMember(db: DB, projectId: string, memberId: string, role: "owner" | "member") {
  return db.insertInto("project_members").values({ project_id: projectId, member_id: memberId, role }).execute();
}

/** The member's projects with their role and member count, newest first, in one query. */
export function listProjectsOf(db: DB, memberId: string) {
  return db
    .selectFrom("project_members as mine")
    .innerJoin("projects", "projects.id", "mine.project_id")
    .select([
      "projects.id",
      "projects.name",
      "projects.description",
      "projects.created_at",
      "mine.role",
      sql<number>`(select count(*)::int from project_members pm where pm.project_id = projects.id)`.as("member_count"),
    ])
    .where("mine.member_id", "=", memberId)
    .orderBy("projects.created_at", "desc")
    .orderBy("projects.id")
    .execute();
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
