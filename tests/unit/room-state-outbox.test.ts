import { describe, expect, it } from "vitest";
import { initRoom, roomReducer, storedOutbox, type RoomAction, type RoomState } from "../../app/realtime/room-state.js";
import type { MessagePayload } from "../../server/contract/realtime.js";

// The outbox across a dropped connection and a reload: what waits, what is restored, and what is not sent twice.

const ME = "me";
const run = (state: RoomState, ...actions: RoomAction[]) => actions.reduce(roomReducer, state);
const room = (messages: MessagePayload[] = []) => initRoom({ me: ME, messages, hasOlder: false, tasks: [], cursor: messages.length });

function mine(seq: number, clientId: string, body = "halo"): MessagePayload {
  return {
    id: `m${seq}`,
    projectId: "p",
    seq,
    updatedSeq: seq,
    kind: "text",
    author: { id: ME, name: "Me" },
    body,
    data: {},
    mentions: [],
    mentionSpans: [],
    clientId,
    createdAt: "2026-12-01T09:00:00.000Z",
    editedAt: null,
    deletedAt: null,
  };
}

describe("room state: the outbox while the room is not live", () => {
  it("queues a message as waiting when the room is not live, and as pending when it is", () => {
    const state = run(room(), { type: "queued", clientId: "c1", body: "offline", waiting: true }, { type: "queued", clientId: "c2", body: "online" });
    expect(state.pending.map((p) => [p.clientId, p.status])).toEqual([
      ["c1", "waiting"],
      ["c2", "pending"],
    ]);
  });

  it("puts a message whose ack was lost with the connection back to waiting, then sending again on retry", () => {
    let state = run(room(), { type: "queued", clientId: "c1", body: "halo" }, { type: "failed", clientId: "c1", error: "timeout" });
    state = run(state, { type: "waiting", clientId: "c1" });
    expect(state.pending).toEqual([{ clientId: "c1", body: "halo", status: "waiting", error: undefined }]);
    state = run(state, { type: "retrying", clientId: "c1" });
    expect(state.pending[0]!.status).toBe("pending");
  });

  it("restores a reload's outbox as waiting, before what was written since, in the order written", () => {
    const state = run(
      room(),
      { type: "queued", clientId: "new", body: "after the reload", waiting: true },
      { type: "restored", items: [{ clientId: "a", body: "first" }, { clientId: "b", body: "second" }] },
    );
    expect(state.pending.map((p) => [p.clientId, p.status])).toEqual([
      ["a", "waiting"],
      ["b", "waiting"],
      ["new", "waiting"],
    ]);
  });

  it("does not restore what the room already shows as stored (sent just before the reload) or already holds", () => {
    const state = run(room([mine(1, "sent")]), { type: "queued", clientId: "held", body: "x", waiting: true }, {
      type: "restored",
      items: [{ clientId: "sent", body: "halo" }, { clientId: "held", body: "x" }, { clientId: "left", body: "y" }],
    });
    expect(state.pending.map((p) => p.clientId)).toEqual(["left", "held"]);
  });

  it("restoring twice (a remount) adds nothing", () => {
    const items = [{ clientId: "a", body: "first" }];
    const once = run(room(), { type: "restored", items });
    expect(run(once, { type: "restored", items })).toBe(once);
  });

  it("a restored message confirmed by the server (its resend's ack with the same client id) leaves the outbox and the stored copy", () => {
    let state = run(room(), { type: "restored", items: [{ clientId: "a", body: "halo" }] }, { type: "retrying", clientId: "a" });
    expect(storedOutbox(state.pending)).toEqual([{ clientId: "a", body: "halo" }]);
    state = run(state, { type: "message", message: mine(1, "a") });
    expect(state.pending).toEqual([]);
    expect(storedOutbox(state.pending)).toEqual([]);
    expect(state.messages.map((m) => m.clientId)).toEqual(["a"]);
  });
});
