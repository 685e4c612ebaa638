// The state of one open project room, as a pure reducer: no React, no socket, no clock. The hooks (useProjectRoom
// and its parts) feed it what the loader, the socket and the HTTP pages deliver, in whatever order that comes.
//
// Every persisted room event has its own seq (a message posted, edited or deleted; a task created or changed).
// `cursor` only moves over seqs seen without a hole below them, or to a join ack's `lastSeq` once its gap has been
// read to the end, so the next (re)join asks for everything after `cursor` and never skips an event.

import type { JoinAck, MessagePayload, TaskChangesPayload, TaskPayload } from "../../server/contract/realtime";

/**
 * An outgoing message not yet confirmed by the server: being sent (`pending`), waiting for the connection to come
 * back (`waiting`: it goes out by itself once the room is joined again), or refused (`failed`: a retry re-sends it).
 * Every send of one message carries the same client id, so the server stores it once however often it goes out.
 */
export type PendingMessage = { clientId: string; body: string; status: "pending" | "waiting" | "failed"; error?: string };

/** What the outbox keeps across a reload: the messages not yet confirmed, in the order written. */
export type StoredOutboxItem = { clientId: string; body: string };

/** Refusals that only mean "the connection is not there": the message waits and goes out on reconnect. */
export const TRANSIENT_SEND_ERRORS: ReadonlySet<string> = new Set(["offline", "timeout", "unavailable"]);

export type TaskChanges = TaskChangesPayload;

export type RoomState = {
  /** The signed-in member: their own messages confirm their pending ones. */
  me: string;
  /** Unique by id, in seq order. */
  messages: MessagePayload[];
  hasOlder: boolean;
  /** Unique by id; a newer version replaces an older one, never the other way round. */
  tasks: TaskPayload[];
  /** The outbox, in the order written. */
  pending: PendingMessage[];
  /** Every room event up to this seq has been seen. */
  cursor: number;
  /** Seqs seen above `cursor`, waiting for the hole below them to fill (ascending). */
  ahead: number[];
  /** The highest seq seen: the room is read up to here. */
  highest: number;
};

export type RoomInit = { me: string; messages: MessagePayload[]; hasOlder: boolean; tasks: TaskPayload[]; cursor: number };

export type RoomAction =
  /** The loader's data (first render, and after every form post or revalidation). */
  | { type: "loaded"; messages: MessagePayload[]; tasks: TaskPayload[] }
  /** A message live (`message:new`, `message:updated`) or in an ack (send, edit, delete). */
  | { type: "message"; message: MessagePayload }
  /** A task live (`task:changed`) or in an ack (create, update). */
  | { type: "task"; task: TaskPayload }
  /** The `project:join` ack: the gap since `cursor`, complete unless `hasMore` (then pages follow, then `caughtUp`). */
  | { type: "joined"; ack: JoinAck }
  /** A page of history over HTTP (forward through a gap, or older messages). */
  | { type: "page"; items: MessagePayload[]; hasOlder?: boolean }
  /** The gap of a join with `hasMore` has been paged to its end: the room is complete up to `lastSeq`. */
  | { type: "caughtUp"; lastSeq: number }
  /** A new message: `waiting` when the room is not live (it goes out on the next join). */
  | { type: "queued"; clientId: string; body: string; waiting?: boolean }
  /** The outbox as it was before a reload (from the browser's storage); what the room already holds is skipped. */
  | { type: "restored"; items: StoredOutboxItem[] }
  /** The connection went away while these were out: they wait for the next join. */
  | { type: "waiting"; clientId: string }
  | { type: "retrying"; clientId: string }
  | { type: "failed"; clientId: string; error: string }
  /** Shows a change at once, before its ack; the ack (or `taskReverted`) settles it. */
  | { type: "taskChanged"; taskId: string; changes: TaskChanges }
  /** Back to the server's truth after a refused change: the conflict's current task, or the task as it was. */
  | { type: "taskReverted"; task: TaskPayload };

const bySeq = (a: MessagePayload, b: MessagePayload) => a.seq - b.seq;

export function initRoom({ me, messages, hasOlder, tasks, cursor }: RoomInit): RoomState {
  const highest = Math.max(cursor, ...messages.map((m) => m.updatedSeq));
  return { me, messages: mergeMessages([], messages), hasOlder, tasks: mergeTasks([], tasks), pending: [], cursor, ahead: [], highest };
}

/** Adds or replaces items by id where the incoming one is `newer`; the same list back when nothing changed. */
function mergeById<T extends { id: string }>(list: T[], incoming: T[], newer: (a: T, b: T) => boolean): T[] | null {
  const byId = new Map(list.map((x) => [x.id, x]));
  let changed = false;
  for (const x of incoming) {
    const old = byId.get(x.id);
    if (!old || newer(x, old)) {
      byId.set(x.id, x);
      changed = true;
    }
  }
  return changed ? [...byId.values()] : null;
}

/** Adds or replaces messages by id; a copy never replaces a newer change of the same message. */
export function mergeMessages(list: MessagePayload[], incoming: MessagePayload[]): MessagePayload[] {
  return mergeById(list, incoming, (a, b) => a.updatedSeq > b.updatedSeq)?.sort(bySeq) ?? list;
}

/** Whether `a` is a later state of the task than `b`: a higher version, or the same version at a later seq. */
const newerTask = (a: TaskPayload, b: TaskPayload) => a.version > b.version || (a.version === b.version && a.seq > b.seq);

/** Adds or replaces tasks by id when the incoming one is newer. */
export function mergeTasks(list: TaskPayload[], incoming: TaskPayload[]): TaskPayload[] {
  return mergeById(list, incoming, newerTask) ?? list;
}

/** Records seqs as seen and moves the cursor over every seq that is now without a hole below it. */
function noteSeqs(state: RoomState, seqs: number[]): RoomState {
  let { cursor, highest } = state;
  const ahead = new Set(state.ahead);
  for (const seq of seqs) {
    highest = Math.max(highest, seq);
    if (seq > cursor) ahead.add(seq);
  }
  while (ahead.has(cursor + 1)) ahead.delete(++cursor);
  const rest = [...ahead].filter((s) => s > cursor).sort((a, b) => a - b);
  return { ...state, cursor, highest, ahead: rest };
}

/** Moves the cursor to `seq` (everything up to it is known complete). */
function completeTo(state: RoomState, seq: number): RoomState {
  if (seq <= state.cursor) return state;
  return noteSeqs({ ...state, cursor: seq, ahead: state.ahead.filter((s) => s > seq) }, []);
}

/** My own messages, stored: their pending copies are done. */
function confirm(pending: PendingMessage[], me: string, messages: MessagePayload[]): PendingMessage[] {
  const delivered = new Set(messages.filter((m) => m.clientId && m.author?.id === me).map((m) => m.clientId));
  return delivered.size && pending.some((p) => delivered.has(p.clientId)) ? pending.filter((p) => !delivered.has(p.clientId)) : pending;
}

const messageSeqs = (messages: MessagePayload[]) => messages.flatMap((m) => [m.seq, m.updatedSeq]);

function setPending(state: RoomState, clientId: string, change: Partial<PendingMessage>): RoomState {
  return { ...state, pending: state.pending.map((p) => (p.clientId === clientId ? { ...p, ...change } : p)) };
}

export function roomReducer(state: RoomState, action: RoomAction): RoomState {
  switch (action.type) {
    case "loaded":
      return { ...state, messages: mergeMessages(state.messages, action.messages), tasks: mergeTasks(state.tasks, action.tasks) };
    case "message": {
      const { message } = action;
      const next = { ...state, messages: mergeMessages(state.messages, [message]), pending: confirm(state.pending, state.me, [message]) };
      return noteSeqs(next, [message.seq, message.updatedSeq]);
    }
    case "task":
      return noteSeqs({ ...state, tasks: mergeTasks(state.tasks, [action.task]) }, [action.task.seq]);
    case "joined": {
      const { missed, updated, tasks, hasMore, lastSeq } = action.ack;
      const seen = [...missed, ...updated];
      let next: RoomState = {
        ...state,
        messages: mergeMessages(state.messages, seen),
        tasks: mergeTasks(state.tasks, tasks),
        pending: confirm(state.pending, state.me, missed),
      };
      next = noteSeqs(next, [...messageSeqs(seen), ...tasks.map((t) => t.seq)]);
      next = { ...next, highest: Math.max(next.highest, lastSeq) };
      return hasMore ? next : completeTo(next, lastSeq);
    }
    case "page":
      return {
        ...state,
        messages: mergeMessages(state.messages, action.items),
        pending: confirm(state.pending, state.me, action.items),
        hasOlder: action.hasOlder ?? state.hasOlder,
      };
    case "caughtUp":
      return completeTo({ ...state, highest: Math.max(state.highest, action.lastSeq) }, action.lastSeq);
    case "queued":
      return {
        ...state,
        pending: [...state.pending, { clientId: action.clientId, body: action.body, status: action.waiting ? "waiting" : "pending" }],
      };
    case "restored": {
      const known = new Set([
        ...state.pending.map((p) => p.clientId),
        ...state.messages.filter((m) => m.clientId && m.author?.id === state.me).map((m) => m.clientId),
      ]);
      const fresh = action.items.filter((i) => !known.has(i.clientId));
      if (fresh.length === 0) return state;
      return { ...state, pending: [...fresh.map((i) => ({ clientId: i.clientId, body: i.body, status: "waiting" as const })), ...state.pending] };
    }
    case "waiting":
      return setPending(state, action.clientId, { status: "waiting", error: undefined });
    case "retrying":
      return setPending(state, action.clientId, { status: "pending", error: undefined });
    case "failed":
      return setPending(state, action.clientId, { status: "failed", error: action.error });
    case "taskChanged": {
      const { taskId, changes } = action;
      const tasks = state.tasks.map((t) => {
        if (t.id !== taskId) return t;
        const { archived, ...rest } = changes;
        const assignee =
          changes.assigneeId === undefined ? t.assignee : changes.assigneeId ? { id: changes.assigneeId, name: t.assignee?.id === changes.assigneeId ? t.assignee.name : "" } : null;
        // Archived at once (the ack brings the stored instant; this reducer reads no clock, so a stand-in until then).
        const archivedAt = archived === undefined ? t.archivedAt : archived ? (t.archivedAt ?? t.updatedAt) : null;
        return { ...t, ...rest, assignee, archivedAt };
      });
      return { ...state, tasks };
    }
    case "taskReverted": {
      const { task } = action;
      // Unless something newer than the truth it goes back to arrived in the meantime.
      return { ...state, tasks: state.tasks.map((t) => (t.id === task.id && !newerTask(t, task) ? task : t)) };
    }
  }
}

/** The outbox to keep across a reload: every message not yet confirmed (a refused one too: it can be retried). */
export function storedOutbox(pending: PendingMessage[]): StoredOutboxItem[] {
  return pending.map(({ clientId, body }) => ({ clientId, body }));
}

/** Where to page forward from after a join with `hasMore`: the last missed message's seq (null: nothing to page). */
export function pageFrom(ack: JoinAck): number | null {
  const last = ack.missed[ack.missed.length - 1];
  return ack.hasMore && last ? last.seq : null;
}
