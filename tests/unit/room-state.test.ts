import { describe, expect, it } from "vitest";
import { initRoom, pageFrom, roomReducer, type RoomAction, type RoomState } from "../../app/realtime/room-state.js";
import type { JoinAck, MessagePayload, TaskPayload } from "../../server/contract/realtime.js";

const ME = "me";
const OTHER = "ana";

function message(seq: number, over: Partial<MessagePayload> = {}): MessagePayload {
  return {
    id: `m${seq}`,
    projectId: "p",
    seq,
    updatedSeq: seq,
    kind: "text",
    author: { id: OTHER, name: "Ana" },
    body: `message ${seq}`,
    data: {},
    mentions: [],
    mentionSpans: [],
    clientId: null,
    createdAt: "2026-12-01T09:00:00.000Z",
    editedAt: null,
    deletedAt: null,
    ...over,
  };
}

function task(id: string, version: number, seq: number, over: Partial<TaskPayload> = {}): TaskPayload {
  return {
    id,
    projectId: "p",
    title: `${id} v${version}`,
    status: "todo",
    assigneeId: null,
    assignee: null,
    position: 1,
    version,
    seq,
    updatedAt: "2026-12-01T09:00:00.000Z",
    description: "",
    dueDate: null,
    archivedAt: null,
    deletedAt: null,
    commentCount: 0,
    comments: [],
    ...over,
  };
}

function ack(over: Partial<JoinAck>): JoinAck {
  return { missed: [], hasMore: false, updated: [], tasks: [], lastSeq: 0, online: [], ...over };
}

const room = (cursor = 0, messages: MessagePayload[] = [], tasks: TaskPayload[] = []) =>
  initRoom({ me: ME, messages, hasOlder: false, tasks, cursor });
const run = (state: RoomState, ...actions: RoomAction[]) => actions.reduce(roomReducer, state);
const seqs = (state: RoomState) => state.messages.map((m) => m.seq);
const live = (m: MessagePayload): RoomAction => ({ type: "message", message: m });

describe("room state: messages", () => {
  it("keeps one copy of each message, in seq order, whatever order and however often events arrive", () => {
    const state = run(room(0), live(message(3)), live(message(1)), live(message(3)), live(message(2)), live(message(1)));
    expect(seqs(state)).toEqual([1, 2, 3]);
    expect(state.cursor).toBe(3);
    expect(state.highest).toBe(3);
  });

  it("never replaces a message with an older copy of it", () => {
    const edited = message(2, { updatedSeq: 5, body: "fixed", editedAt: "2026-12-01T09:05:00.000Z" });
    const state = run(room(1), live(edited), { type: "page", items: [message(2)] }, { type: "loaded", messages: [message(2)], tasks: [] });
    expect(state.messages).toEqual([edited]);
  });

  it("keeps an edit that arrives before the message it edits", () => {
    const edit = message(6, { updatedSeq: 8, body: "edited first" });
    const state = run(room(5), live(edit), live(message(6)));
    expect(state.messages).toEqual([edit]);
    // Seq 6 (the post) and 8 (the edit) are seen; 7 (another event) is not: the cursor waits below it.
    expect(state.cursor).toBe(6);
    expect(state.ahead).toEqual([8]);
    expect(run(state, { type: "task", task: task("t", 2, 7) }).cursor).toBe(8);
  });
});

describe("room state: seqs and catch-up", () => {
  it("holds the cursor below a hole and moves it over everything once the hole is filled live", () => {
    let state = run(room(4), live(message(5)), live(message(7)), live(message(9)));
    expect(state.cursor).toBe(5);
    expect(state.ahead).toEqual([7, 9]);
    expect(state.highest).toBe(9);
    state = run(state, live(message(6)));
    expect(state.cursor).toBe(7);
    expect(state.ahead).toEqual([9]);
  });

  it("fills a hole from a (re)join's catch-up and is then complete up to the ack's lastSeq", () => {
    let state = run(room(4), live(message(5)), live(message(7)));
    expect(state.cursor).toBe(5);
    // The rejoin asks after 5; the ack brings 6 and an edit of an older message (seq 3 edited at 8).
    state = run(state, { type: "joined", ack: ack({ missed: [message(6)], updated: [message(3, { updatedSeq: 8, body: "x" })], lastSeq: 8 }) });
    expect(seqs(state)).toEqual([3, 5, 6, 7]);
    expect(state.messages[0]!.body).toBe("x");
    expect(state.cursor).toBe(8);
    expect(state.ahead).toEqual([]);
    // Events after the ack keep counting from there.
    expect(run(state, live(message(10))).cursor).toBe(8);
    expect(run(state, live(message(9))).cursor).toBe(9);
  });

  it("does not count a join with hasMore as complete until the gap has been paged to its end", () => {
    const first = Array.from({ length: 3 }, (_, i) => message(i + 1));
    let state = run(room(0), { type: "joined", ack: ack({ missed: first, hasMore: true, lastSeq: 9, tasks: [task("t", 1, 8)] }) });
    expect(pageFrom(ack({ missed: first, hasMore: true, lastSeq: 9 }))).toBe(3);
    expect(pageFrom(ack({ missed: first, hasMore: false, lastSeq: 9 }))).toBeNull();
    // What it has is seen (1–3, and the task at 8); 4–7 and 9 are not yet.
    expect(state.cursor).toBe(3);
    expect(state.highest).toBe(9);
    // A live event during the paging is kept, and does not move the cursor over the gap.
    state = run(state, live(message(10)));
    expect(state.cursor).toBe(3);
    state = run(state, { type: "page", items: [4, 5, 6, 7, 9].map((s) => message(s)) }, { type: "caughtUp", lastSeq: 9 });
    expect(seqs(state)).toEqual([1, 2, 3, 4, 5, 6, 7, 9, 10]);
    expect(state.cursor).toBe(10);
    expect(state.tasks.map((t) => t.id)).toEqual(["t"]);
  });

  it("a join that brings nothing new leaves a cursor already past it alone", () => {
    const state = run(room(12), { type: "joined", ack: ack({ lastSeq: 10 }) });
    expect(state.cursor).toBe(12);
  });

  it("pages older history in without touching the cursor", () => {
    const state = run(room(20, [message(19), message(20)]), { type: "page", items: [message(17), message(18)], hasOlder: false });
    expect(seqs(state)).toEqual([17, 18, 19, 20]);
    expect(state.hasOlder).toBe(false);
    expect(state.cursor).toBe(20);
  });
});

describe("room state: the outbox", () => {
  const mine = (seq: number, clientId: string) => message(seq, { author: { id: ME, name: "Me" }, clientId, body: "halo" });

  it("keeps a message pending until the server confirms it; a failure can be retried", () => {
    let state = run(room(0), { type: "queued", clientId: "c1", body: "halo" }, { type: "queued", clientId: "c2", body: "dua" });
    expect(state.pending.map((p) => [p.clientId, p.status])).toEqual([
      ["c1", "pending"],
      ["c2", "pending"],
    ]);
    state = run(state, { type: "failed", clientId: "c2", error: "timeout" });
    expect(state.pending[1]).toEqual({ clientId: "c2", body: "dua", status: "failed", error: "timeout" });
    state = run(state, { type: "retrying", clientId: "c2" });
    expect(state.pending[1]).toMatchObject({ status: "pending", error: undefined });
  });

  it("is confirmed once, by its ack then its broadcast, or by the broadcast then the ack", () => {
    const queued = run(room(0), { type: "queued", clientId: "c1", body: "halo" });
    const stored = mine(1, "c1");
    for (const order of [
      [live(stored), live({ ...stored })],
      [live({ ...stored }), live(stored)],
    ]) {
      const once = run(queued, order[0]!);
      expect(once.pending).toEqual([]);
      expect(once.messages).toHaveLength(1);
      const twice = run(once, order[1]!);
      expect(twice.pending).toEqual([]);
      expect(twice.messages).toHaveLength(1);
      expect(twice.cursor).toBe(1);
    }
  });

  it("is confirmed by a catch-up that carries it (sent just before a disconnect)", () => {
    const state = run(room(0), { type: "queued", clientId: "c1", body: "halo" }, { type: "joined", ack: ack({ missed: [mine(1, "c1")], lastSeq: 1 }) });
    expect(state.pending).toEqual([]);
  });

  it("is not confirmed by someone else's message with the same client id", () => {
    const state = run(room(0), { type: "queued", clientId: "c1", body: "halo" }, live(message(1, { clientId: "c1" })));
    expect(state.pending.map((p) => p.clientId)).toEqual(["c1"]);
  });
});

describe("room state: tasks", () => {
  it("keeps the highest version of a task, and at equal versions the later seq", () => {
    let state = run(room(0), { type: "task", task: task("t", 2, 5) }, { type: "task", task: task("t", 1, 3) });
    expect(state.tasks).toEqual([task("t", 2, 5)]);
    state = run(state, { type: "task", task: task("t", 2, 6, { title: "later" }) });
    expect(state.tasks[0]!.title).toBe("later");
    state = run(state, { type: "task", task: task("t", 2, 4, { title: "stale" }) });
    expect(state.tasks[0]!.title).toBe("later");
    expect(run(state, { type: "loaded", messages: [], tasks: [task("t", 1, 3)] }).tasks[0]!.title).toBe("later");
  });

  it("shows a change at once and settles it with the ack, or goes back when refused", () => {
    const before = task("t", 1, 2, { assignee: { id: OTHER, name: "Ana" }, assigneeId: OTHER });
    const optimistic = run(room(2, [], [before]), { type: "taskChanged", taskId: "t", changes: { status: "done", assigneeId: null } });
    expect(optimistic.tasks[0]).toMatchObject({ status: "done", assigneeId: null, assignee: null, version: 1 });

    const accepted = run(optimistic, { type: "task", task: task("t", 2, 3, { status: "done" }) });
    expect(accepted.tasks[0]).toMatchObject({ status: "done", version: 2 });

    expect(run(optimistic, { type: "taskReverted", task: before }).tasks[0]).toEqual(before);
    // A conflict hands back the task as it is now (someone else's version 2).
    const theirs = task("t", 2, 3, { title: "theirs" });
    expect(run(optimistic, { type: "taskReverted", task: theirs }).tasks[0]).toEqual(theirs);
    // A revert never undoes a newer version that arrived meanwhile.
    const newer = task("t", 3, 4, { title: "newest" });
    expect(run(optimistic, { type: "task", task: newer }, { type: "taskReverted", task: before }).tasks[0]).toEqual(newer);
  });
});
