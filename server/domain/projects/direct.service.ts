import type { DB } from "../../../db/connect.js";
import { isUniqueViolation, notFound } from "../errors.js";
import { photoUrl } from "../network/index.js";
import { inTx } from "../shared/tx.js";
import * as direct from "./direct.repository.js";
import { iso, toMessage, type ProjectsDeps } from "./projects.model.js";
import * as repo from "./projects.repository.js";
import type { ConversationDetailOut, ConversationOut, MessageOut, MessageSendInput, MessagesQuery } from "./projects.schemas.js";
import type { createMessagesService } from "./messages.service.js";

type Messages = Pick<ReturnType<typeof createMessagesService>, "send" | "messages">;

function toConversation(r: direct.DirectRoomRow, last: MessageOut | null): ConversationOut {
  return {
    id: r.id,
    member: r.other_id ? { id: r.other_id, name: r.other_name ?? "", photoUrl: photoUrl(r.other_id, r.other_photo_version, "thumb") } : null,
    lastMessage: last,
    unread: r.unread,
    lastSeq: Number(r.last_seq),
    lastReadSeq: Number(r.last_read_seq),
    createdAt: iso(r.created_at),
  };
}

/**
 * Direct messages: the room of two connected members, a project room of kind 'direct' (one per pair, created on
 * the first open or message), so its messages, seqs, catch-up, read marks and sockets are the rooms' own. Only
 * connected members may open one or write in it; once they are no longer connected it stays readable.
 */
export function createDirectService({ db, bus, clock, connections }: ProjectsDeps, messages: Messages) {
  async function withLastMessages(rows: direct.DirectRoomRow[]): Promise<ConversationOut[]> {
    const ids = rows.flatMap((r) => (r.last_message_id ? [r.last_message_id] : []));
    const last = new Map((await repo.messagesByIds(db, ids)).map((m) => [m.id, toMessage(m)]));
    return rows.map((r) => toConversation(r, r.last_message_id ? (last.get(r.last_message_id) ?? null) : null));
  }

  /** My room with `id`: a member's id (the pair's room) or the room's own id (e.g. once the other is gone). */
  async function roomRow(memberId: string, id: string, tx: DB = db): Promise<direct.DirectRoomRow | null> {
    const roomId = (await direct.roomOfPair(tx, memberId, id)) ?? id;
    const [row] = await direct.roomsOf(tx, memberId, { roomId, withEmpty: true, limit: 1 });
    return row ?? null;
  }

  /** Creates the pair's room (both in it, their sockets follow it); a concurrent creation's room is returned instead. */
  async function create(memberId: string, otherId: string): Promise<void> {
    try {
      await inTx(db, undefined, async (trx, effects) => {
        if (!(await connections.lockAccepted(trx, memberId, otherId))) throw notFound("Conversation");
        const projectId = await direct.insertRoom(trx, memberId, otherId, memberId, clock.now());
        for (const id of [memberId, otherId]) {
          effects.push(() => bus.publish("project.membership", { projectId, memberId: id, change: "added", kind: "direct" }));
        }
      });
    } catch (error) {
      // The pair's room was created a moment earlier (the other member, another tab): that one is the room.
      if (!isUniqueViolation(error)) throw error;
    }
  }

  async function detail(memberId: string, row: direct.DirectRoomRow): Promise<ConversationDetailOut> {
    const [conversation] = await withLastMessages([row]);
    const canPost = row.other_id !== null && (await connections.lockAccepted(db, memberId, row.other_id));
    return { ...conversation!, canPost };
  }

  /**
   * Opens my conversation with a member (`id`: their member id, or the room's id): the existing room even when we
   * are no longer connected, else a new room when we are connected. Anyone else: 404.
   */
  async function open(memberId: string, id: string): Promise<ConversationDetailOut> {
    const existing = await roomRow(memberId, id);
    if (existing) return detail(memberId, existing);
    if (id === memberId) throw notFound("Conversation");
    await create(memberId, id);
    const row = await roomRow(memberId, id);
    if (!row) throw notFound("Conversation");
    return detail(memberId, row);
  }

  return {
    open,

    /** My conversations that have messages, the newest first, each with the other member, its last message and unread count. */
    async conversations(memberId: string): Promise<ConversationOut[]> {
      return withLastMessages(await direct.roomsOf(db, memberId));
    },


    /** Every direct room of mine (also those nobody has written in yet) with its unread count: the nav's badge. */
    async directUnread(memberId: string): Promise<Array<{ id: string; unread: number }>> {
      return (await direct.roomsOf(db, memberId, { withEmpty: true, limit: 1000 })).map((r) => ({ id: r.id, unread: r.unread }));
    },

    /** My conversation with a member (or by its own id), as it is: never created here. Anyone else: 404. */
    async conversation(memberId: string, id: string): Promise<ConversationDetailOut> {
      const row = await roomRow(memberId, id);
      if (!row) throw notFound("Conversation");
      return detail(memberId, row);
    },

    /** A page of my conversation with a member; an empty page while we are connected and nobody has written yet. */
    async messagesWith(memberId: string, id: string, query: MessagesQuery = {}): Promise<{ items: MessageOut[]; hasMore: boolean }> {
      const row = await roomRow(memberId, id);
      if (row) return messages.messages(memberId, row.id, query);
      if (id !== memberId && (await connections.lockAccepted(db, memberId, id))) return { items: [], hasMore: false };
      throw notFound("Conversation");
    },

    /** Writes to a member (the room is created on the first message); `created: false` for a client id already stored. */
    async sendTo(memberId: string, id: string, input: MessageSendInput): Promise<{ message: MessageOut; created: boolean }> {
      const room = await open(memberId, id);
      return messages.send(memberId, room.id, input);
    },
  };
}
