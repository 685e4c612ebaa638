import type { DB } from "../../../db/connect.js";
import type { ProjectKind } from "../../../db/schema.js";
import { DomainError, isUniqueViolation, notFound } from "../errors.js";
import { inTx, type Effect } from "../shared/tx.js";
import { factsNames, nextSeq, requireConnected, requireRoom } from "./access.js";
import { findMentionSpans, mentionedIds, type MentionSpan } from "./mentions.js";
import { toMessage, toTask, type ProjectsDeps } from "./projects.model.js";
import * as repo from "./projects.repository.js";
import {
  CATCH_UP_LIMIT,
  type CatchUp,
  type MeetingFacts,
  type MessageOut,
  type MessageSendInput,
  type MessagesQuery,
  type SystemMessageData,
} from "./projects.schemas.js";

const snippet = (body: string) => (body.length > 140 ? `${body.slice(0, 139)}…` : body);

/** A deleted message cannot change again (checked on read, and by the update itself under the room's lock). */
function deleted(): never {
  throw new DomainError("forbidden", "This message was deleted.", { reason: "message_deleted" });
}

/** The room's history: messages (send, edit, delete), pages, the catch-up of a (re)join, read marks, system messages. */
export function createMessagesService({ db, bus, clock, notifications, connections }: ProjectsDeps) {
  /**
   * Who the body mentions and where, among the project's other members (the rules: mentions.ts). A direct room has
   * no mentions: its one reader is told by the unread count.
   */
  async function mentionsIn(tx: DB, projectId: string, authorId: string, body: string, kind: ProjectKind): Promise<{ ids: string[]; spans: MentionSpan[] }> {
    if (kind === "direct" || !body.includes("@")) return { ids: [], spans: [] };
    const members = await repo.listMembers(tx, projectId);
    const spans = findMentionSpans(body, members.filter((m) => m.id !== authorId));
    return { ids: mentionedIds(spans), spans };
  }

  async function notifyMentions(tx: DB, message: MessageOut, memberIds: string[], effects: Effect[]) {
    if (memberIds.length === 0 || !message.author) return;
    const { projectId, projectName, actorId, actorName } = await factsNames(tx, message.projectId, message.author.id);
    const data = { projectId, projectName, messageId: message.id, seq: message.seq, authorId: actorId, authorName: actorName, snippet: snippet(message.body) };
    for (const memberId of memberIds) effects.push(await notifications.notify(tx, memberId, { kind: "mention", data }));
  }

  const published = (message: MessageOut, change: "new" | "updated"): Effect => () =>
    bus.publish("project.message", { projectId: message.projectId, message, change });

  async function loadOwnMessage(tx: DB, memberId: string, messageId: string) {
    const row = await repo.messageById(tx, messageId);
    if (!row) throw notFound("Message");
    await requireRoom(tx, row.project_id, memberId);
    if (row.kind !== "text" || row.author_id !== memberId) {
      throw new DomainError("forbidden", "You can only change your own messages.", { reason: "own_messages_only" });
    }
    if (row.deleted_at) deleted();
    return row;
  }

  return {
    /**
     * Posts a message. The seq is taken in the same transaction as the insert; a send with a client id that was
     * already stored returns that message and stores nothing (`created: false`).
     */
    async send(memberId: string, projectId: string, input: MessageSendInput): Promise<{ message: MessageOut; created: boolean }> {
      const stored = async (): Promise<{ message: MessageOut; created: boolean }> => {
        const existing = await repo.messageByClientId(db, projectId, input.clientId);
        if (!existing) throw notFound("Message");
        if (existing.author_id !== memberId) throw new DomainError("already_exists", "That client id is already used.", { reason: "client_id_used" });
        return { message: toMessage(existing), created: false };
      };
      try {
        const sent = await inTx(db, undefined, async (trx, effects) => {
          // Reads first; the room's lock is taken by the append itself and held only until the commit.
          const me = await repo.membership(trx, projectId, memberId);
          if (!me) throw notFound("Project");
          if (me.kind === "direct") await requireConnected(trx, connections, me, memberId);
          const mentions = await mentionsIn(trx, projectId, memberId, input.body, me.kind);
          const row = await repo.appendMessage(trx, {
            projectId,
            authorId: memberId,
            clientId: input.clientId,
            body: input.body,
            mentions: mentions.ids,
            mentionSpans: mentions.spans,
            createdAt: clock.now(),
          });
          if (!row) return null;
          const message = toMessage({ ...row, author_name: me.name });
          effects.push(published(message, "new"));
          await notifyMentions(trx, message, mentions.ids, effects);
          return { message, created: true };
        });
        return sent ?? (await stored());
      } catch (error) {
        // A retry of the same client id that committed while this one waited for the room.
        if (isUniqueViolation(error)) return stored();
        throw error;
      }
    },

    async edit(memberId: string, messageId: string, body: string): Promise<MessageOut> {
      return inTx(db, undefined, async (trx, effects) => {
        const row = await loadOwnMessage(trx, memberId, messageId);
        const room = (await repo.membership(trx, row.project_id, memberId))!;
        if (room.kind === "direct") await requireConnected(trx, connections, room, memberId);
        const seq = await nextSeq(trx, row.project_id);
        const mentions = await mentionsIn(trx, row.project_id, memberId, body, room.kind);
        const changes = { body, mentions: mentions.ids, mention_spans: JSON.stringify(mentions.spans), edited_at: clock.now(), updated_seq: seq };
        const message = toMessage((await repo.updateMessage(trx, messageId, changes)) ?? deleted());
        effects.push(published(message, "updated"));
        await notifyMentions(trx, message, mentions.ids.filter((id) => !row.mentions.includes(id)), effects);
        return message;
      });
    },

    /** Deletes one's own message: it stays in the history, marked deleted, with its text gone. */
    async remove(memberId: string, messageId: string): Promise<MessageOut> {
      return inTx(db, undefined, async (trx, effects) => {
        const row = await loadOwnMessage(trx, memberId, messageId);
        const seq = await nextSeq(trx, row.project_id);
        const changes = { body: "", mentions: [], mention_spans: "[]", deleted_at: clock.now(), updated_seq: seq };
        const message = toMessage((await repo.updateMessage(trx, messageId, changes)) ?? deleted());
        effects.push(published(message, "updated"));
        return message;
      });
    },

    /** A page of history in seq order: after `afterSeq`, before `beforeSeq`, or the latest. */
    async messages(memberId: string, projectId: string, query: MessagesQuery = {}): Promise<{ items: MessageOut[]; hasMore: boolean }> {
      await requireRoom(db, projectId, memberId);
      const { rows, hasMore } = await repo.messagePage(db, projectId, { ...query, limit: query.limit ?? 50 });
      return { items: rows.map(toMessage), hasMore };
    },

    /**
     * What a (re)joining client missed since `afterSeq`, bounded by the project's seq read first: everything at
     * or below it is committed, everything above it reaches the (already subscribed) socket live.
     */
    async catchUp(memberId: string, projectId: string, afterSeq?: number): Promise<CatchUp> {
      await requireRoom(db, projectId, memberId);
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
      await requireRoom(db, projectId, memberId);
      await repo.markRead(db, projectId, memberId, seq);
    },

    /**
     * Records a meeting booked for the project, inside the booking's transaction: a system message in the room
     * (facts: `meeting_booked` and the meetings; the room words it) and a notification for every other member.
     * Returns the effects to run after commit.
     */
    async recordMeeting(trx: DB, input: { projectId: string; actorId: string; meetings: MeetingFacts[] }): Promise<Effect[]> {
      const first = input.meetings[0];
      if (!first) return [];
      const effects: Effect[] = [];
      const seq = await nextSeq(trx, input.projectId);
      const data: SystemMessageData = { kind: "meeting_booked", meetings: input.meetings };
      const message = toMessage(
        await repo.insertMessage(trx, {
          project_id: input.projectId,
          seq,
          updated_seq: seq,
          kind: "system",
          author_id: input.actorId,
          body: "",
          data: JSON.stringify(data),
          created_at: clock.now(),
        }),
      );
      effects.push(published(message, "new"));
      const names = await factsNames(trx, input.projectId, input.actorId);
      const { bookingId, spaceName, resourceName, timezone, start, end } = first;
      const facts = { ...names, bookingId, spaceName, resourceName, timezone, start, end, count: input.meetings.length };
      for (const m of await repo.memberIdsOf(trx, input.projectId)) {
        if (m.member_id === input.actorId) continue;
        effects.push(await notifications.notify(trx, m.member_id, { kind: "project_meeting", data: facts }));
      }
      return effects;
    },
  };
}
