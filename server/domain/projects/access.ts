import type { DB } from "../../../db/connect.js";
import { DomainError, notFound } from "../errors.js";
import type { ProjectsDeps, Role } from "./projects.model.js";
import * as repo from "./projects.repository.js";

/** The viewer's role; a project they are not in does not exist for them. */
export async function requireRole(tx: DB, projectId: string, memberId: string): Promise<Role> {
  const role = await repo.isMember(tx, projectId, memberId);
  if (!role) throw notFound("Project");
  return role;
}

/** The viewer is in the room (a team project's or a direct conversation's); otherwise it does not exist for them. */
export async function requireRoom(tx: DB, projectId: string, memberId: string): Promise<void> {
  if (!(await repo.inRoom(tx, projectId, memberId))) throw notFound("Project");
}

/**
 * Whether the member may write in a direct room now: only while the two have an accepted connection (read under a
 * share lock, so a removal waits for this transaction and a write never lands after it). Otherwise the room stays
 * readable and writing is refused with `not_connected`.
 */
export async function requireConnected(
  tx: DB,
  connections: ProjectsDeps["connections"],
  room: { direct_a: string | null; direct_b: string | null },
  memberId: string,
): Promise<void> {
  const other = room.direct_a === memberId ? room.direct_b : room.direct_a;
  if (!other || !(await connections.lockAccepted(tx, memberId, other))) {
    throw new DomainError("forbidden", "You are not connected with this member any more.", { reason: "not_connected" });
  }
}

export async function requireOwner(tx: DB, projectId: string, memberId: string): Promise<void> {
  if ((await requireRole(tx, projectId, memberId)) !== "owner") {
    throw new DomainError("forbidden", "Only the project's owners may do this.", { reason: "owner_only" });
  }
}

/** Locks the room and takes its next seq: room writes of one project commit in seq order. */
export async function nextSeq(tx: DB, projectId: string): Promise<number> {
  if ((await repo.lockProject(tx, projectId)) === null) throw notFound("Project");
  return repo.nextSeq(tx, projectId);
}

/** Names for a notification's facts: the project's and the acting member's, as they are now. */
export async function factsNames(tx: DB, projectId: string, actorId: string) {
  const projectName = (await repo.projectName(tx, projectId)) ?? "";
  const actor = await repo.memberExists(tx, actorId);
  return { projectId, projectName, actorId, actorName: actor?.name ?? "" };
}
