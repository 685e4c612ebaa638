import { DomainError, notFound } from "../errors.js";
import type { OuterTx } from "../shared/idempotency.js";
import { inTx } from "../shared/tx.js";
import { factsNames, requireOwner, requireRole } from "./access.js";
import { iso, toMember, toProject, type ProjectsDeps, type Role } from "./projects.model.js";
import * as repo from "./projects.repository.js";
import type { AddMemberInput, ProjectCreateInput, ProjectDetailOut, ProjectMemberOut, ProjectOut, ProjectUpdateInput } from "./projects.schemas.js";

/** Projects and who is in them: create, read, rename, add and remove members, hand over ownership. */
export function createMembershipService({ db, bus, clock, notifications }: ProjectsDeps) {
  async function get(memberId: string, projectId: string): Promise<ProjectDetailOut> {
    const [row] = await repo.listProjectsOf(db, memberId, projectId);
    if (!row) throw notFound("Project");
    const members: ProjectMemberOut[] = (await repo.listMembers(db, projectId)).map(toMember);
    return { ...toProject(row), members, lastReadSeq: Number(row.last_read_seq) };
  }

  return {
    /** Creates a project with its creator as owner, in the caller's transaction (`outer`) or its own. */
    async create(memberId: string, input: ProjectCreateInput, outer?: OuterTx): Promise<ProjectOut> {
      return inTx(db, outer, async (trx, effects) => {
        const p = await repo.insertProject(trx, {
          name: input.name,
          description: input.description ?? "",
          created_by: memberId,
          created_at: clock.now(),
        });
        await repo.insertProjectMember(trx, p.id, memberId, "owner");
        effects.push(() => bus.publish("project.membership", { projectId: p.id, memberId, change: "added" }));
        return {
          id: p.id,
          name: p.name,
          description: p.description,
          role: "owner" as const,
          memberCount: 1,
          unread: 0,
          lastSeq: 0,
          createdAt: iso(p.created_at),
        };
      });
    },

    /** The member's role in the project, or null when not a member. */
    roleIn(projectId: string, memberId: string, tx = db): Promise<Role | null> {
      return repo.isMember(tx, projectId, memberId);
    },

    /** Whether the member is in the room: a team project's or a direct conversation's (sockets join either). */
    inRoom(projectId: string, memberId: string): Promise<boolean> {
      return repo.inRoom(db, projectId, memberId);
    },

    /** My projects, most recently active first, each with its unread count. */
    async listMine(memberId: string): Promise<ProjectOut[]> {
      return (await repo.listProjectsOf(db, memberId)).map(toProject);
    },

    get,

    /** The room ids of a member (team projects and direct conversations), for subscribing their sockets to every one. */
    idsOf(memberId: string): Promise<string[]> {
      return repo.projectIdsOf(db, memberId);
    },

    async update(memberId: string, projectId: string, input: ProjectUpdateInput): Promise<ProjectDetailOut> {
      await db.transaction().execute(async (trx) => {
        await requireOwner(trx, projectId, memberId);
        if (input.name !== undefined || input.description !== undefined) await repo.updateProject(trx, projectId, input);
      });
      return get(memberId, projectId);
    },

    /** An owner adds a member (from their connections or the directory); the new member is notified. */
    async addMember(actorId: string, projectId: string, input: AddMemberInput, outer?: OuterTx): Promise<ProjectMemberOut> {
      return inTx(db, outer, async (trx, effects) => {
        await requireOwner(trx, projectId, actorId);
        const target = await repo.memberExists(trx, input.memberId);
        if (!target) throw notFound("Member");
        const role = input.role ?? "member";
        // A new member starts with nothing unread: the history is there to read, not to catch up on.
        const added = await repo.insertProjectMember(trx, projectId, target.id, role, await repo.lastSeq(trx, projectId));
        if (!added) throw new DomainError("already_exists", `${target.name} is already in this project.`, { reason: "already_member", name: target.name });
        effects.push(
          await notifications.notify(trx, target.id, { kind: "project_added", data: await factsNames(trx, projectId, actorId) }),
          () => bus.publish("project.membership", { projectId, memberId: target.id, change: "added" }),
        );
        return toMember((await repo.listMembers(trx, projectId)).find((m) => m.id === target.id)!);
      });
    },

    /** An owner removes a member, or a member leaves. The last member leaving deletes the project. */
    async removeMember(actorId: string, projectId: string, memberId: string): Promise<void> {
      await inTx(db, undefined, async (trx, effects) => {
        const actorRole = await requireRole(trx, projectId, actorId);
        if (actorId !== memberId && actorRole !== "owner") {
          throw new DomainError("forbidden", "Only the project's owners may remove members.", { reason: "owner_only" });
        }
        await repo.lockProject(trx, projectId);
        const members = await repo.listMembers(trx, projectId);
        const target = members.find((m) => m.id === memberId);
        if (!target) throw notFound("Member");
        if (members.length === 1) {
          await repo.deleteProject(trx, projectId);
        } else {
          if (target.role === "owner" && members.filter((m) => m.role === "owner").length === 1) {
            throw new DomainError("rule_violation", "Make someone else an owner first: a project needs an owner.", { reason: "last_owner" });
          }
          await repo.deleteProjectMember(trx, projectId, memberId);
        }
        effects.push(() => bus.publish("project.membership", { projectId, memberId, change: "removed" }));
      });
    },

    async setRole(actorId: string, projectId: string, memberId: string, role: Role): Promise<ProjectMemberOut> {
      return db.transaction().execute(async (trx) => {
        await requireOwner(trx, projectId, actorId);
        await repo.lockProject(trx, projectId);
        const current = await repo.isMember(trx, projectId, memberId);
        if (!current) throw notFound("Member");
        if (current === "owner" && role === "member" && (await repo.ownerCount(trx, projectId)) === 1) {
          throw new DomainError("rule_violation", "A project needs an owner: make someone else an owner first.", { reason: "last_owner" });
        }
        await repo.setMemberRole(trx, projectId, memberId, role);
        return toMember((await repo.listMembers(trx, projectId)).find((m) => m.id === memberId)!);
      });
    },
  };
}
