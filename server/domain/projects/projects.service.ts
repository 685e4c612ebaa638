import type { DB } from "../../../db/connect.js";
import type { EventBus } from "../../events.js";
import type { Clock } from "../clock.js";
import type { OuterTx } from "../shared/idempotency.js";
import * as repo from "./projects.repository.js";
import type { ProjectCreateInput, ProjectOut } from "./projects.schemas.js";

export function createProjectsService({ db, bus, clock }: { db: DB; bus: EventBus; clock: Clock }) {
  return {
    /** Creates a project with its creator as owner, in the caller's transaction (`outer`) or its own. */
    async create(memberId: string, input: ProjectCreateInput, outer?: OuterTx): Promise<ProjectOut> {
      const run = async (trx: DB) => {
        const p = await repo.insertProject(trx, {
          name: input.name,
          description: input.description ?? "",
          created_by: memberId,
          created_at: clock.now(),
        });
        await repo.insertProjectMember(trx, p.id, memberId, "owner");
        return p;
      };
      const p = outer ? await run(outer.tx) : await db.transaction().execute(run);
      const announce = () => bus.publish("project.created", { projectId: p.id, memberId });
      if (outer) outer.defer(announce);
      else announce();
      return {
        id: p.id,
        name: p.name,
        description: p.description,
        role: "owner",
        memberCount: 1,
        createdAt: new Date(p.created_at).toISOString(),
      };
    },

    /** The member's role in the project, or null when not a member. */
    roleIn(projectId: string, memberId: string, tx: DB = db): Promise<"owner" | "member" | null> {
      return repo.isMember(tx, projectId, memberId);
    },

    async listMine(memberId: string): Promise<ProjectOut[]> {
      const rows = await repo.listProjectsOf(db, memberId);
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        description: r.description,
        role: r.role,
        memberCount: r.member_count,
        createdAt: new Date(r.created_at).toISOString(),
      }));
    },
  };
}

export type ProjectsService = ReturnType<typeof createProjectsService>;
