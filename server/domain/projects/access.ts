import type { DB } from "../../../db/connect.js";
import { DomainError, notFound } from "../errors.js";
import type { Role } from "./projects.model.js";
import * as repo from "./projects.repository.js";

/** The viewer's role; a project they are not in does not exist for them. */
export async function requireRole(tx: DB, projectId: string, memberId: string): Promise<Role> {
  const role = await repo.isMember(tx, projectId, memberId);
  if (!role) throw notFound("Project");
  return role;
}

export async function requireOwner(tx: DB, projectId: string, memberId: string): Promise<void> {
  if ((await requireRole(tx, projectId, memberId)) !== "owner") {
    throw new DomainError("forbidden", "Only the project's owners may do this.");
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
