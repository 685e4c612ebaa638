import type { DB } from "../../../db/connect.js";
import { DomainError, notFound } from "../errors.js";
import type { OuterTx } from "../shared/idempotency.js";
import { inTx, type Effect } from "../shared/tx.js";
import { factsNames, nextSeq, requireRole } from "./access.js";
import { toTask, type ProjectsDeps } from "./projects.model.js";
import * as repo from "./projects.repository.js";
import { toComment } from "./projects.model.js";
import { isUniqueViolation } from "../errors.js";
import type { TaskChangesInput, TaskCommentInput, TaskCommentOut, TaskCreateInput, TaskOut } from "./projects.schemas.js";

function assertAssignable(members: Array<{ id: string }>, assigneeId: string | null | undefined) {
  if (assigneeId && !members.some((m) => m.id === assigneeId)) {
    throw new DomainError("validation_failed", "The assignee is not a member of this project.", {
      reason: "assignee_not_member", errors: [{ path: "assigneeId", code: "assignee_not_member", message: "Not a member of this project" }],
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
            description: input.description ?? "",
            due_date: input.dueDate ?? null,
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
      return change(memberId, taskId, version, changes);
    },

    /**
     * Deletes a task (a tombstone with the room's next seq: the board drops it live, a rejoining client from its
     * catch-up). With `version`, only if nobody changed it since (else `version_conflict` with the task as it is).
     */
    async deleteTask(memberId: string, taskId: string, version?: number): Promise<TaskOut> {
      return change(memberId, taskId, version, {}, true);
    },

    /** A task's comments, oldest first (the task carries only its latest). */
    async taskComments(memberId: string, taskId: string): Promise<TaskCommentOut[]> {
      const task = await repo.taskById(db, taskId, 0);
      if (!task || task.deleted_at) throw notFound("Task");
      await requireRole(db, task.project_id, memberId);
      return (await repo.listComments(db, taskId)).map(toComment);
    },

    /**
     * Comments on a task: the room's next seq, and the task (with its latest comments) goes to the room live. The
     * same client id again is the same comment, stored once.
     */
    async commentTask(memberId: string, taskId: string, input: TaskCommentInput): Promise<{ task: TaskOut; comment: TaskCommentOut }> {
      const first = await repo.taskById(db, taskId, 0);
      if (!first || first.deleted_at) throw notFound("Task");
      await requireRole(db, first.project_id, memberId);
      const retry = input.clientId ? await repo.commentByClientId(db, taskId, input.clientId) : undefined;
      if (retry) return { task: toTask((await repo.taskById(db, taskId))!), comment: toComment(retry) };
      try {
        return await inTx(db, undefined, async (trx, effects) => {
          await requireRole(trx, first.project_id, memberId);
          const seq = await nextSeq(trx, first.project_id);
          const row = await repo.insertComment(trx, {
            taskId,
            projectId: first.project_id,
            authorId: memberId,
            clientId: input.clientId ?? null,
            body: input.body,
            seq,
            createdAt: clock.now(),
          });
          const current = await repo.taskById(trx, taskId);
          if (!current || current.deleted_at) throw notFound("Task");
          const task = toTask(current);
          effects.push(() => bus.publish("project.task", { projectId: task.projectId, task }));
          return { task, comment: toComment(row) };
        });
      } catch (error) {
        // The same client id committed first by a concurrent retry: that one is this comment.
        const stored = input.clientId && isUniqueViolation(error) ? await repo.commentByClientId(db, taskId, input.clientId) : undefined;
        if (!stored) throw error;
        return { task: toTask((await repo.taskById(db, taskId))!), comment: toComment(stored) };
      }
    },
  };

  async function change(memberId: string, taskId: string, version: number | undefined, changes: TaskChangesInput, remove = false): Promise<TaskOut> {
      if (!remove && Object.values(changes).every((v) => v === undefined)) {
        throw new DomainError("validation_failed", "Nothing to change.", { reason: "nothing_to_change", errors: [{ path: "", code: "nothing_to_change", message: "Nothing to change" }] });
      }
      return inTx(db, undefined, async (trx, effects) => {
        const before = await repo.taskById(trx, taskId, 0);
        if (!before || before.deleted_at) throw notFound("Task");
        await requireRole(trx, before.project_id, memberId);
        const seq = await nextSeq(trx, before.project_id);
        if (changes.assigneeId) assertAssignable(await repo.listMembers(trx, before.project_id), changes.assigneeId);
        const status = changes.status ?? before.status;
        const position =
          changes.position ?? (status !== before.status ? await repo.endOfColumn(trx, before.project_id, status) : undefined);
        const now = clock.now();
        const updated = await repo.updateTaskAt(trx, taskId, version, {
          ...(changes.title !== undefined ? { title: changes.title } : {}),
          ...(changes.status !== undefined ? { status: changes.status } : {}),
          ...(changes.assigneeId !== undefined ? { assignee_id: changes.assigneeId } : {}),
          ...(changes.description !== undefined ? { description: changes.description } : {}),
          ...(changes.dueDate !== undefined ? { due_date: changes.dueDate } : {}),
          ...(changes.archived !== undefined ? { archived_at: changes.archived ? (before.archived_at ?? now) : null } : {}),
          ...(remove ? { deleted_at: now } : {}),
          ...(position !== undefined ? { position } : {}),
          seq,
          updated_at: now,
        });
        if (!updated) {
          const current = await repo.taskById(trx, taskId);
          if (!current || current.deleted_at) throw notFound("Task");
          throw new DomainError("version_conflict", "Someone changed this task first; here it is as it is now.", {
            reason: "task_changed", current: toTask(current),
          });
        }
        const task = toTask(updated);
        effects.push(() => bus.publish("project.task", { projectId: task.projectId, task }));
        if (!remove && task.assigneeId && task.assigneeId !== before.assignee_id && task.assigneeId !== memberId) {
          effects.push(await notifyAssigned(trx, memberId, task));
        }
        return task;
      });
  }
}
