import type { DB } from "../../../db/connect.js";
import { DomainError, notFound } from "../errors.js";
import type { OuterTx } from "../shared/idempotency.js";
import { inTx, type Effect } from "../shared/tx.js";
import { factsNames, nextSeq, requireRole } from "./access.js";
import { toTask, type ProjectsDeps } from "./projects.model.js";
import * as repo from "./projects.repository.js";
import type { TaskChangesInput, TaskCreateInput, TaskOut } from "./projects.schemas.js";

function assertAssignable(members: Array<{ id: string }>, assigneeId: string | null | undefined) {
  if (assigneeId && !members.some((m) => m.id === assigneeId)) {
    throw new DomainError("validation_failed", "The assignee is not a member of this project.", {
      errors: [{ path: "assigneeId", message: "Not a member of this project" }],
    });
  }
}

/** The project's task board: list, create, change with optimistic concurrency; the assignee is notified. */
export function createTasksService({ db, bus, clock, notifications }: ProjectsDeps) {
  async function notifyAssigned(trx: DB, actorId: string, task: TaskOut): Promise<Effect> {
    const names = await factsNames(trx, task.projectId, actorId);
    return notifications.notify(trx, task.assigneeId!, {
      kind: "task_assigned",
      data: { ...names, taskId: task.id, taskTitle: task.title },
    });
  }

  return {
    async tasks(memberId: string, projectId: string): Promise<TaskOut[]> {
      await requireRole(db, projectId, memberId);
      return (await repo.listTasks(db, projectId)).map(toTask);
    },

    async createTask(memberId: string, projectId: string, input: TaskCreateInput, outer?: OuterTx): Promise<TaskOut> {
      return inTx(db, outer, async (trx, effects) => {
        await requireRole(trx, projectId, memberId);
        const seq = await nextSeq(trx, projectId);
        if (input.assigneeId) assertAssignable(await repo.listMembers(trx, projectId), input.assigneeId);
        const status = input.status ?? "todo";
        const now = clock.now();
        const task = toTask(
          await repo.insertTask(trx, {
            project_id: projectId,
            title: input.title,
            status,
            assignee_id: input.assigneeId ?? null,
            position: await repo.endOfColumn(trx, projectId, status),
            seq,
            created_by: memberId,
            created_at: now,
            updated_at: now,
          }),
        );
        effects.push(() => bus.publish("project.task", { projectId, task }));
        if (task.assigneeId && task.assigneeId !== memberId) effects.push(await notifyAssigned(trx, memberId, task));
        return task;
      });
    },

    /**
     * Changes a task if it is still at `version` (optimistic concurrency). A stale version gets
     * `version_conflict` with the task as it is now (`current`), so the client can show it and retry.
     */
    async updateTask(memberId: string, taskId: string, version: number, changes: TaskChangesInput): Promise<TaskOut> {
      if (Object.values(changes).every((v) => v === undefined)) {
        throw new DomainError("validation_failed", "Nothing to change.", { errors: [{ path: "", message: "Nothing to change" }] });
      }
      return inTx(db, undefined, async (trx, effects) => {
        const before = await repo.taskById(trx, taskId);
        if (!before) throw notFound("Task");
        await requireRole(trx, before.project_id, memberId);
        const seq = await nextSeq(trx, before.project_id);
        if (changes.assigneeId) assertAssignable(await repo.listMembers(trx, before.project_id), changes.assigneeId);
        const status = changes.status ?? before.status;
        const position =
          changes.position ?? (status !== before.status ? await repo.endOfColumn(trx, before.project_id, status) : undefined);
        const updated = await repo.updateTaskAt(trx, taskId, version, {
          ...(changes.title !== undefined ? { title: changes.title } : {}),
          ...(changes.status !== undefined ? { status: changes.status } : {}),
          ...(changes.assigneeId !== undefined ? { assignee_id: changes.assigneeId } : {}),
          ...(position !== undefined ? { position } : {}),
          seq,
          updated_at: clock.now(),
        });
        if (!updated) {
          const current = await repo.taskById(trx, taskId);
          if (!current) throw notFound("Task");
          throw new DomainError("version_conflict", "Someone changed this task first; here it is as it is now.", {
            current: toTask(current),
          });
        }
        const task = toTask(updated);
        effects.push(() => bus.publish("project.task", { projectId: task.projectId, task }));
        if (task.assigneeId && task.assigneeId !== before.assignee_id && task.assigneeId !== memberId) {
          effects.push(await notifyAssigned(trx, memberId, task));
        }
        return task;
      });
    },
  };
}
