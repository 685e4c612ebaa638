import { sql } from "kysely";
import type { DB } from "../../../db/connect.js";

// Deleting an account touches rows of other contexts (bookings, projects) in the one transaction that deletes the
// member, so that the account is either wholly gone or wholly there. These are the only statements of identity
// on other contexts' tables; every other effect follows from the foreign keys' ON DELETE actions:
//   cascade   profile, photo, sessions and API tokens, connections, introductions, notifications, waitlist entries,
//             calendar feed, project memberships, bookings (past and future)
//   set null  messages.author_id (shown as a former member), tasks.assignee_id, projects/closures/introductions
//             created_by

export function lockMember(db: DB, id: string) {
  return db.selectFrom("members").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

/** The member's projects, their rows locked in id order (as membership changes lock them), with the other members. */
export async function lockProjectsOf(db: DB, memberId: string) {
  const mine = await db
    .selectFrom("project_members")
    .innerJoin("projects", "projects.id", "project_members.project_id")
    .select(["projects.id", "project_members.role"])
    .where("project_members.member_id", "=", memberId)
    .orderBy("projects.id")
    .forUpdate()
    .execute();
  if (!mine.length) return [];
  const others = await db
    .selectFrom("project_members")
    .select(["project_id", "member_id", "role"])
    .where(
      "project_id",
      "in",
      mine.map((p) => p.id),
    )
    .where("member_id", "<>", memberId)
    .orderBy("joined_at")
    .orderBy("member_id")
    .execute();
  return mine.map((p) => ({ id: p.id, role: p.role, others: others.filter((o) => o.project_id === p.id) }));
}

export function promoteToOwner(db: DB, projectId: string, memberId: string) {
  return db.updateTable("project_members").set({ role: "owner" }).where("project_id", "=", projectId).where("member_id", "=", memberId).execute();
}

export function deleteProject(db: DB, projectId: string) {
  return db.deleteFrom("projects").where("id", "=", projectId).execute();
}

/** The member's bookings still to come or under way (they go with the account; live views are told). */
export async function lockFutureBookings(db: DB, memberId: string, now: Date) {
  const { rows } = await sql<{ id: string; space_id: string; resource_id: string; start: Date | string; end: Date | string; status: string }>`
    SELECT id, space_id, resource_id, lower(during) AS start, upper(during) AS "end", status
    FROM bookings
    WHERE member_id = ${memberId} AND status IN ('confirmed', 'checked_in') AND upper(during) > ${now.toISOString()}::timestamptz
    ORDER BY id
    FOR UPDATE`.execute(db);
  return rows.map((r) => ({ ...r, start: new Date(r.start), end: new Date(r.end) }));
}

export function sessionIdsOf(db: DB, memberId: string) {
  return db.selectFrom("sessions").select("id").where("member_id", "=", memberId).execute();
}

export function deleteMember(db: DB, id: string) {
  return db.deleteFrom("members").where("id", "=", id).executeTakeFirst();
}

/** What deleting the account would do, counted without locks (the confirmation page). */
export async function previewOf(db: DB, memberId: string, now: Date) {
  const { rows } = await sql<{ bookings: string | number; alone: string | number }>`
    SELECT
      (SELECT count(*) FROM bookings
        WHERE member_id = ${memberId} AND status IN ('confirmed', 'checked_in') AND upper(during) > ${now.toISOString()}::timestamptz) AS bookings,
      (SELECT count(*) FROM project_members pm JOIN projects p ON p.id = pm.project_id AND p.kind = 'team'
        WHERE pm.member_id = ${memberId}
          AND NOT EXISTS (SELECT 1 FROM project_members o WHERE o.project_id = pm.project_id AND o.member_id <> pm.member_id)) AS alone`.execute(db);
  return { upcomingBookings: Number(rows[0]?.bookings ?? 0), projectsDeleted: Number(rows[0]?.alone ?? 0) };
}
