import type { DB } from "../../../db/connect.js";
import type { EventBus } from "../../events.js";
import type { Clock } from "../clock.js";
import { DomainError, notFound } from "../errors.js";
import type { NotificationsService } from "../notifications/index.js";
import type { OuterTx } from "../shared/idempotency.js";
import { inTx, type Effect } from "../shared/tx.js";
import { findMentions } from "./mentions.js";
import * as repo from "./projects.repository.js";
import {
  CATCH_UP_LIMIT,
  type AddMemberInput,
  type CatchUp,
  type MessageOut,
  type MessageSendInput,
  type MessagesQuery,
  type ProjectCreateInput,
  type ProjectDetailOut,
  type ProjectMemberOut,
  type ProjectOut,
  type ProjectUpdateInput,
  type TaskChangesInput,
  type TaskCreateInput,
  type TaskOut,
} from "./projects.schemas.js";

type Role = "owner" | "member";

/** A booking made for a project, as the room's system message describes it. */
export type MeetingInfo = { bookingId: string; resourceName: string; spaceName: string; start: string; end: string; timezone: string };

const iso = (d: Date | string) => new Date(d).toISOString();

function toMessage(r: repo.MessageRow): MessageOut {
  const deleted = r.deleted_at !== null;
  return {
    id: r.id,
    projectId: r.project_id,
    seq: Number(r.seq),
    updatedSeq: Number(r.updated_seq),
    kind: r.kind,
    author: r.author_id ? { id: r.author_id, name: r.author_name ?? "" } : null,
    body: deleted ? "" : r.body,
    data: deleted ? {} : r.data,
    mentions: deleted ? [] : r.mentions,
    clientId: r.client_id,
    createdAt: iso(r.created_at),
    editedAt: r.edited_at ? iso(r.edited_at) : null,
    deletedAt: r.deleted_at ? iso(r.deleted_at) : null,
  };
}

function toTask(r: repo.TaskRow): TaskOut {
  return {
    id: r.id,
    projectId: r.project_id,
    title: r.title,
    status: r.status,
    assigneeId: r.assignee_id,
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? "" } : null,
    position: r.position,
    version: r.version,
    seq: Number(r.seq),
    updatedAt: iso(r.updated_at),
  };
}

function toProject(r: Awaited<ReturnType<typeof repo.listProjectsOf>>[number]): ProjectOut {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    role: r.role,
    memberCount: r.member_count,
    unread: r.unread,
    lastSeq: Number(r.last_seq),
    createdAt: iso(r.created_at),
  };
}

const snippet = (body: string) => (body.length > 140 ? `${body.slice(0, 139)}…` : body);

export function createProjectsService({
  db,
  bus,
  clock,
  notifications,
}: {
  db: DB;
  bus: EventBus;
  clock: Clock;
  notifications: NotificationsService;
}) {
  /** The viewer's role; a project they are not in does not exist for them. */
  async function requireRole(tx: DB, projectId: string, memberId: string): Promise<Role> {
    const role = await repo.isMember(tx, projectId, memberId);
    if (!role) throw notFound("Project");
    return role;
  }

  async function requireOwner(tx: DB, projectId: string, memberId: string): Promise<void> {
    if ((await requireRole(tx, projectId, memberId)) !== "owner") {
      throw new DomainError("forbidden", "Only the project's owners may do this.");
    }
  }

  /** Locks the room and takes its next seq: room writes of one project commit in seq order. */
  async function nextSeq(tx: DB, projectId: string): Promise<number> {
    if ((await repo.lockProject(tx, projectId)) === null) throw notFound("Project");
    return repo.nextSeq(tx, projectId);
  }

  async function mentionsIn(tx: DB, projectId: string, authorId: string, body: string): Promise<string[]> {
    if (!body.includes("@")) return [];
    const members = await repo.listMembers(tx, projectId);
    return findMentions(body, members.filter((m) => m.id !== authorId));
  }

  async function notifyMentions(tx: DB, message: MessageOut, memberIds: string[], effects: Effect[]) {
    if (memberIds.length === 0) return;
    const name = (await repo.projectName(tx, message.projectId)) ?? "";
    for (const memberId of memberIds) {
      effects.push(
        await notifications.notify(tx, memberId, {
          kind: "mention",
          title: `${message.author?.name ?? "Someone"} mentioned you in ${name}`,
          body: snippet(message.body),
          link: `/projects/${message.projectId}#m${message.seq}`,
          data: { projectId: message.projectId, messageId: message.id, seq: message.seq },
        }),
      );
    }
  }

  const published = (message: MessageOut, change: "new" | "updated"): Effect => () =>
    bus.publish("project.message", { projectId: message.projectId, message, change });

  function assertAssignable(members: Array<{ id: string }>, assigneeId: string | null | undefined) {
    if (assigneeId && !members.some((m) => m.id === assigneeId)) {
      throw new DomainError("validation_failed", "The assignee is not a member of this project.", {
        errors: [{ path: "assigneeId", message: "Not a member of this project" }],
      });
    }
  }

  async function loadOwnMessage(tx: DB, memberId: string, messageId: string) {
    const row = await repo.messageById(tx, messageId);
    if (!row) throw notFound("Message");
    await requireRole(tx, row.project_id, memberId);
    if (row.kind !== "text" || row.author_id !== memberId) {
      throw new DomainError("forbidden", "You can only change your own messages.");
    }
    if (row.deleted_at) deleted();
    return row;
  }

  /** A deleted message cannot change again (checked on read, and by the update itself under the room's lock). */
  function deleted(): never {
    throw new DomainError("forbidden", "This message was deleted.");
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
    roleIn(projectId: string, memberId: string, tx: DB = db): Promise<Role | null> {
      return repo.isMember(tx, projectId, memberId);
    },

    /** My projects, most recently active first, each with its unread count. */
    async listMine(memberId: string): Promise<ProjectOut[]> {
      return (await repo.listProjectsOf(db, memberId)).map(toProject);
    },

    async get(memberId: string, projectId: string): Promise<ProjectDetailOut> {
      const [row] = await repo.listProjectsOf(db, memberId, projectId);
      if (!row) throw notFound("Project");
      const members: ProjectMemberOut[] = await repo.listMembers(db, projectId);
      return { ...toProject(row), members, lastReadSeq: Number(row.last_read_seq) };
    },

    /** The project ids of a member, for subscribing their sockets to every room they belong to. */
    idsOf(memberId: string): Promise<string[]> {
      return repo.projectIdsOf(db, memberId);
    },

    async update(memberId: string, projectId: string, input: ProjectUpdateInput): Promise<ProjectDetailOut> {
      await db.transaction().execute(async (trx) => {
        await requireOwner(trx, projectId, memberId);
        if (input.name !== undefined || input.description !== undefined) await repo.updateProject(trx, projectId, input);
      });
      return this.get(memberId, projectId);
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
        if (!added) throw new DomainError("already_exists", `${target.name} is already in this project.`);
        const actor = await repo.memberExists(trx, actorId);
        const name = (await repo.projectName(trx, projectId)) ?? "";
        effects.push(
          await notifications.notify(trx, target.id, {
            kind: "project_added",
            title: `${actor?.name ?? "Someone"} added you to ${name}`,
            link: `/projects/${projectId}`,
            data: { projectId, memberId: actorId },
          }),
          () => bus.publish("project.membership", { projectId, memberId: target.id, change: "added" }),
        );
        const member = (await repo.listMembers(trx, projectId)).find((m) => m.id === target.id)!;
        return member;
      });
    },

    /** An owner removes a member, or a member leaves. The last member leaving deletes the project. */
    async removeMember(actorId: string, projectId: string, memberId: string): Promise<void> {
      await inTx(db, undefined, async (trx, effects) => {
        const actorRole = await requireRole(trx, projectId, actorId);
        if (actorId !== memberId && actorRole !== "owner") {
          throw new DomainError("forbidden", "Only the project's owners may remove members.");
        }
        await repo.lockProject(trx, projectId);
        const members = await repo.listMembers(trx, projectId);
        const target = members.find((m) => m.id === memberId);
        if (!target) throw notFound("Member");
        if (members.length === 1) {
          await repo.deleteProject(trx, projectId);
        } else {
          if (target.role === "owner" && members.filter((m) => m.role === "owner").length === 1) {
            throw new DomainError("rule_violation", "Make someone else an owner first: a project needs an owner.");
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
          throw new DomainError("rule_violation", "A project needs an owner: make someone else an owner first.");
        }
        await repo.setMemberRole(trx, projectId, memberId, role);
        return (await repo.listMembers(trx, projectId)).find((m) => m.id === memberId)!;
      });
    },

    // Chat

    /**
     * Posts a message. The seq is taken in the same transaction as the insert; a send with a client id that was
     * already stored returns that message and stores nothing (`created: false`).
     */
    async send(memberId: string, projectId: string, input: MessageSendInput): Promise<{ message: MessageOut; created: boolean }> {
      const stored = async (): Promise<{ message: MessageOut; created: boolean }> => {
        const existing = await repo.messageByClientId(db, projectId, input.clientId);
        if (!existing) throw notFound("Message");
        if (existing.author_id !== memberId) throw new DomainError("already_exists", "That client id is already used.");
        return { message: toMessage(existing), created: false };
      };
      try {
        const sent = await inTx(db, undefined, async (trx, effects) => {
          // Reads first; the room's lock is taken by the append itself and held only until the commit.
          const me = await repo.membership(trx, projectId, memberId);
          if (!me) throw notFound("Project");
          const mentions = await mentionsIn(trx, projectId, memberId, input.body);
          const row = await repo.appendMessage(trx, {
            projectId,
            authorId: memberId,
            clientId: input.clientId,
            body: input.body,
            mentions,
            createdAt: clock.now(),
          });
          if (!row) return null;
          const message = toMessage({ ...row, author_name: me.name });
          effects.push(published(message, "new"));
          await notifyMentions(trx, message, mentions, effects);
          return { message, created: true };
        });
        return sent ?? (await stored());
      } catch (error) {
        // A retry of the same client id that committed while this one waited for the room.
        if ((error as { code?: string; constraint?: string }).code === "23505") return stored();
        throw error;
      }
    },

    async edit(memberId: string, messageId: string, body: string): Promise<MessageOut> {
      return inTx(db, undefined, async (trx, effects) => {
        const row = await loadOwnMessage(trx, memberId, messageId);
        const seq = await nextSeq(trx, row.project_id);
        const mentions = await mentionsIn(trx, row.project_id, memberId, body);
        const message = toMessage(
          (await repo.updateMessage(trx, messageId, { body, mentions, edited_at: clock.now(), updated_seq: seq })) ?? deleted(),
        );
        effects.push(published(message, "updated"));
        await notifyMentions(trx, message, mentions.filter((id) => !row.mentions.includes(id)), effects);
        return message;
      });
    },

    /** Deletes one's own message: it stays in the history, marked deleted, with its text gone. */
    async remove(memberId: string, messageId: string): Promise<MessageOut> {
      return inTx(db, undefined, async (trx, effects) => {
        const row = await loadOwnMessage(trx, memberId, messageId);
        const seq = await nextSeq(trx, row.project_id);
        const message = toMessage(
          (await repo.updateMessage(trx, messageId, { body: "", mentions: [], deleted_at: clock.now(), updated_seq: seq })) ?? deleted(),
        );
        effects.push(published(message, "updated"));
        return message;
      });
    },

    /** A page of history in seq order: after `afterSeq`, before `beforeSeq`, or the latest. */
    async messages(memberId: string, projectId: string, query: MessagesQuery = {}): Promise<{ items: MessageOut[]; hasMore: boolean }> {
      await requireRole(db, projectId, memberId);
      const { rows, hasMore } = await repo.messagePage(db, projectId, { ...query, limit: query.limit ?? 50 });
      return { items: rows.map(toMessage), hasMore };
    },

    /**
     * What a (re)joining client missed since `afterSeq`, bounded by the project's seq read first: everything at
     * or below it is committed, everything above it reaches the (already subscribed) socket live.
     */
    async catchUp(memberId: string, projectId: string, afterSeq?: number): Promise<CatchUp> {
      await requireRole(db, projectId, memberId);
      const upto = await repo.lastSeq(db, projectId);
      if (afterSeq === undefined || afterSeq > upto) {
        const [page, tasks] = await Promise.all([
          repo.messagePage(db, projectId, { uptoSeq: upto, limit: CATCH_UP_LIMIT }),
          repo.listTasks(db, projectId, { uptoSeq: upto }),
        ]);
        return { missed: page.rows.map(toMessage), hasMore: page.hasMore, updated: [], tasks: tasks.map(toTask), lastSeq: upto };
      }
      const [page, updated, tasks] = await Promise.all([
        repo.messagePage(db, projectId, { afterSeq, uptoSeq: upto, limit: CATCH_UP_LIMIT }),
        repo.changedMessages(db, projectId, afterSeq, upto, 1000),
        repo.listTasks(db, projectId, { afterSeq, uptoSeq: upto }),
      ]);
      return {
        missed: page.rows.map(toMessage),
        hasMore: page.hasMore,
        updated: updated.map(toMessage),
        tasks: tasks.map(toTask),
        lastSeq: upto,
      };
    },

    /** Marks the room read up to `seq` (never backwards, never past the room's last seq). */
    async markRead(memberId: string, projectId: string, seq: number): Promise<void> {
      await requireRole(db, projectId, memberId);
      await repo.markRead(db, projectId, memberId, seq);
    },

    /**
     * Records a meeting booked for the project, inside the booking's transaction: a system message in the room
     * and a notification for every other member. Returns the effects to run after commit.
     */
    async recordMeeting(trx: DB, input: { projectId: string; actorId: string; meetings: MeetingInfo[] }): Promise<Effect[]> {
      const first = input.meetings[0];
      if (!first) return [];
      const effects: Effect[] = [];
      const seq = await nextSeq(trx, input.projectId);
      const when = `${first.start.slice(0, 10)} ${first.start.slice(11, 16)}–${first.end.slice(11, 16)}`;
      const more = input.meetings.length > 1 ? ` (+${input.meetings.length - 1} weekly)` : "";
      const body = `Booked ${first.resourceName} at ${first.spaceName}, ${when}${more}`;
      const message = toMessage(
        await repo.insertMessage(trx, {
          project_id: input.projectId,
          seq,
          updated_seq: seq,
          kind: "system",
          author_id: input.actorId,
          body,
          data: JSON.stringify({ type: "meeting", meetings: input.meetings }),
          created_at: clock.now(),
        }),
      );
      effects.push(published(message, "new"));
      const name = (await repo.projectName(trx, input.projectId)) ?? "";
      for (const m of await repo.memberIdsOf(trx, input.projectId)) {
        if (m.member_id === input.actorId) continue;
        effects.push(
          await notifications.notify(trx, m.member_id, {
            kind: "project_meeting",
            title: `${name}: ${body}`,
            body: message.author ? `${message.author.name}` : "",
            link: `/projects/${input.projectId}`,
            data: { projectId: input.projectId, bookingId: first.bookingId, start: first.start, end: first.end },
          }),
        );
      }
      return effects;
    },

    // Task board

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

  async function notifyAssigned(trx: DB, actorId: string, task: TaskOut): Promise<Effect> {
    const actor = await repo.memberExists(trx, actorId);
    const name = (await repo.projectName(trx, task.projectId)) ?? "";
    return notifications.notify(trx, task.assigneeId!, {
      kind: "task_assigned",
      title: `${actor?.name ?? "Someone"} assigned you "${task.title}" in ${name}`,
      link: `/projects/${task.projectId}`,
      data: { projectId: task.projectId, taskId: task.id },
    });
  }
}

export type ProjectsService = ReturnType<typeof createProjectsService>;
