// Who may run a space: the one authorization check of every operator read and write (settings, resources, the
// floor plan, closures, the now view, analytics, exports, QR codes, other members' bookings; later plans,
// invoices and revenue). Admins run every space; an operator runs the spaces assigned to them; for anyone else
// the space does not exist (404, never revealing that it does).
import type { DB } from "../../../db/connect.js";
import type { Role } from "../../../db/schema.js";
import { notFound } from "../errors.js";
import * as repo from "./operators.repository.js";

export type Actor = { id: string; role: Role };

/** Whether the actor runs this space (admin, or an operator assigned to it); nobody runs a space that is not there. */
export async function runsSpace(db: DB, actor: Actor, spaceId: string): Promise<boolean> {
  if (actor.role === "admin") return repo.spaceExists(db, spaceId);
  return actor.role === "operator" && (await repo.isAssigned(db, spaceId, actor.id));
}

/** Admin → ok; an operator assigned to the space → ok; anyone else → not_found ("Space"). */
export async function requireSpaceOperator(db: DB, actor: Actor, spaceId: string): Promise<void> {
  if (!(await runsSpace(db, actor, spaceId))) throw notFound("Space");
}

/** The one space an operator runs, when they run exactly one (a request that does not name its space means it). */
export async function soleSpaceOf(db: DB, actor: Actor): Promise<string | null> {
  if (actor.role !== "operator") return null;
  const ids = await repo.assignedSpaceIds(db, actor.id);
  return ids.length === 1 ? ids[0]! : null;
}
