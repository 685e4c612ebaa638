import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { Ack, MessagePayload } from "../../server/contract/realtime.js";
import { json, useTestApp } from "../support/app.js";
import { createMember } from "../support/factories.js";
import { join, ROOM_EVENTS, roomApi } from "../support/rooms.js";
import { connectMember, disconnectAll, EVENT_TIMEOUT_MS } from "../support/sockets.js";

// The live room over Socket.IO: delivery with seqs, exactly the missed messages after an absence (capped with
// hasMore), outsiders and removed members kept out, presence across tabs, rate and size limits.
const app = useTestApp();
const { projectWith, send, storedSeqs } = roomApi(app);
afterEach(() => disconnectAll());

describe("live room over Socket.IO", () => {
  it("delivers a message to the other member with its seq, and a repeated client id stores one message", async () => {
    const [owner, ana] = await Promise.all([1, 2].map(() => createMember(app.db.db, app.services)));
    const project = await projectWith(owner!, [ana!]);
    const a = await connectMember(app.url, owner!.token, ROOM_EVENTS);
    const b = await connectMember(app.url, ana!.token, ROOM_EVENTS);
    await join(a.socket, project.id);
    const joined = await join(b.socket, project.id);
    expect(joined.online).toEqual([owner!.id, ana!.id].sort());

    const clientId = randomUUID();
    const ack: Ack<{ message: MessagePayload }> = await a.socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("message:send", { projectId: project.id, body: "Halo Ana", clientId });
    expect(ack).toMatchObject({ ok: true, message: { seq: 1, body: "Halo Ana", clientId } });
    const received = await b.inbox.next<{ projectId: string; message: MessagePayload }>("message:new");
    expect(received).toMatchObject({ projectId: project.id, message: { seq: 1, body: "Halo Ana", author: { id: owner!.id } } });

    const again: Ack<{ message: MessagePayload }> = await a.socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("message:send", { projectId: project.id, body: "Halo Ana", clientId });
    expect(again.ok && again.message.id).toBe(ack.ok && ack.message.id);
    expect(await storedSeqs(project.id)).toEqual([1]);

    // Edits and deletes reach the others live, with the seq of the change.
    const messageId = ack.ok ? ack.message.id : "";
    const edited: Ack<{ message: MessagePayload }> = await a.socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("message:edit", { messageId, body: "Halo Ana!" });
    expect(edited).toMatchObject({ ok: true, message: { seq: 1, updatedSeq: 2, body: "Halo Ana!" } });
    expect((await b.inbox.next<{ message: MessagePayload }>("message:updated")).message).toMatchObject({ id: messageId, updatedSeq: 2, body: "Halo Ana!" });
    const removed: Ack<{ message: MessagePayload }> = await a.socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("message:delete", { messageId });
    expect(removed.ok).toBe(true);
    const gone = (await b.inbox.next<{ message: MessagePayload }>("message:updated")).message;
    expect(gone).toMatchObject({ id: messageId, updatedSeq: 3, body: "" });
    expect(gone.deletedAt).not.toBeNull();
    const notMine: Ack = await b.socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("message:edit", { messageId, body: "x" });
    expect(notMine).toMatchObject({ ok: false, error: { code: "forbidden" } });

    // Typing is relayed to the others in the room, never stored.
    a.socket.emit("typing", { projectId: project.id, typing: true });
    expect(await b.inbox.next("typing")).toEqual({ projectId: project.id, memberId: owner!.id, typing: true });
  });

  it("gives a client that was away exactly the messages it missed, in order, and the edits since", async () => {
    const [owner, ana] = await Promise.all([1, 2].map(() => createMember(app.db.db, app.services)));
    const project = await projectWith(owner!, [ana!]);
    const a = await connectMember(app.url, owner!.token, ROOM_EVENTS);
    await join(a.socket, project.id);
    const early = await json<MessagePayload>(await send(owner!.token, project.id, "before"), 201);
    const b = await connectMember(app.url, ana!.token, ROOM_EVENTS);
    const first = await join(b.socket, project.id);
    expect(first.missed.map((m) => m.body)).toEqual(["before"]);
    const cursor = first.lastSeq;
    b.socket.disconnect();

    const sent: string[] = [];
    for (let i = 1; i <= 20; i++) {
      const ack: Ack<{ message: MessagePayload }> = await a.socket
        .timeout(EVENT_TIMEOUT_MS)
        .emitWithAck("message:send", { projectId: project.id, body: `while away ${i}`, clientId: randomUUID() });
      expect(ack.ok).toBe(true);
      sent.push(`while away ${i}`);
    }
    await json(await app.api(`/api/v1/messages/${early.id}`, { method: "PATCH", token: owner!.token, body: { body: "before (edited)" } }), 200);

    const back = await connectMember(app.url, ana!.token, ROOM_EVENTS);
    const caughtUp = await join(back.socket, project.id, cursor);
    expect(caughtUp.missed.map((m) => m.body)).toEqual(sent);
    const seqs = caughtUp.missed.map((m) => m.seq);
    expect(new Set(seqs).size).toBe(20);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(caughtUp.hasMore).toBe(false);
    expect(caughtUp.updated.map((m) => m.body)).toEqual(["before (edited)"]);
    expect(caughtUp.lastSeq).toBe(22);
  });

  it("caps a long gap with hasMore; paging from the last seq brings the rest", async () => {
    const owner = await createMember(app.db.db, app.services);
    const project = await projectWith(owner);
    for (let i = 1; i <= 130; i++) await app.services.projects.send(owner.id, project.id, { body: `m${i}`, clientId: `c${i}` });
    const s = await connectMember(app.url, owner.token, ROOM_EVENTS);
    const ack = await join(s.socket, project.id, 0);
    expect(ack.missed).toHaveLength(100);
    expect(ack.hasMore).toBe(true);
    const rest = await json<{ items: MessagePayload[]; hasMore: boolean }>(
      await app.api(`/api/v1/projects/${project.id}/messages?afterSeq=${ack.missed.at(-1)!.seq}&limit=100`, { token: owner.token }),
      200,
    );
    expect([...ack.missed, ...rest.items].map((m) => m.seq)).toEqual(Array.from({ length: 130 }, (_, i) => i + 1));
    expect(rest.hasMore).toBe(false);
  });

  it("refuses outsiders: join is an error ack, and nothing reaches them through presence or typing", async () => {
    const [owner, outsider] = await Promise.all([1, 2].map(() => createMember(app.db.db, app.services)));
    const project = await projectWith(owner!);
    const a = await connectMember(app.url, owner!.token, ROOM_EVENTS);
    const o = await connectMember(app.url, outsider!.token, ROOM_EVENTS);
    await join(a.socket, project.id);
    const refused: Ack = await o.socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("project:join", { projectId: project.id });
    expect(refused).toMatchObject({ ok: false, error: { code: "not_found" } });
    const bad: Ack = await o.socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("project:join", { projectId: "nope" } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: "validation_failed" } });
    const sendAck: Ack = await o.socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("message:send", { projectId: project.id, body: "hi", clientId: "x" });
    expect(sendAck).toMatchObject({ ok: false, error: { code: "not_found" } });
    o.socket.emit("typing", { projectId: project.id, typing: true });

    // A round trip after the outsider's attempts: once the member's own message is back, nothing came from the outsider.
    await json(await send(owner!.token, project.id, "members only"), 201);
    await a.inbox.next("message:new");
    expect(a.inbox.all("typing")).toEqual([]);
    expect(a.inbox.all<{ online: string[] }>("presence").flatMap((p) => p.online)).not.toContain(outsider!.id);
    expect(o.inbox.all("message:new")).toEqual([]);
    expect(o.inbox.all("presence")).toEqual([]);
    expect(o.inbox.all("typing")).toEqual([]);
    expect(await storedSeqs(project.id)).toEqual([1]);
  });

  it("drops a removed member's sockets from the room at once", async () => {
    const [owner, ana] = await Promise.all([1, 2].map(() => createMember(app.db.db, app.services)));
    const project = await projectWith(owner!, [ana!]);
    const a = await connectMember(app.url, owner!.token, ROOM_EVENTS);
    const b = await connectMember(app.url, ana!.token, ROOM_EVENTS);
    await join(a.socket, project.id);
    await join(b.socket, project.id);
    expect(await a.inbox.next("presence")).toEqual({ projectId: project.id, online: [owner!.id, ana!.id].sort() });
    expect((await app.api(`/api/v1/projects/${project.id}/members/${ana!.id}`, { method: "DELETE", token: owner!.token })).status).toBe(204);
    expect(await b.inbox.next("project:membership")).toEqual({ projectId: project.id, change: "removed", kind: "team" });
    expect(await a.inbox.next("presence")).toEqual({ projectId: project.id, online: [owner!.id] });

    await json(await send(owner!.token, project.id, "after removal"), 201);
    await a.inbox.next("message:new");
    expect(b.inbox.all("message:new")).toEqual([]);
    b.socket.emit("typing", { projectId: project.id, typing: true });
    const rejoin: Ack = await b.socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("project:join", { projectId: project.id });
    expect(rejoin).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(a.inbox.all("typing")).toEqual([]);
  });

  it("counts presence per member across tabs and clears it when the last tab leaves", async () => {
    const [owner, ana] = await Promise.all([1, 2].map(() => createMember(app.db.db, app.services)));
    const project = await projectWith(owner!, [ana!]);
    const a = await connectMember(app.url, owner!.token, ROOM_EVENTS);
    await join(a.socket, project.id);
    const tab1 = await connectMember(app.url, ana!.token, ROOM_EVENTS);
    const tab2 = await connectMember(app.url, ana!.token, ROOM_EVENTS);
    await join(tab1.socket, project.id);
    expect(await a.inbox.next("presence")).toEqual({ projectId: project.id, online: [owner!.id, ana!.id].sort() });
    await join(tab2.socket, project.id);
    expect(await a.inbox.next("presence")).toEqual({ projectId: project.id, online: [owner!.id, ana!.id].sort() });
    tab1.socket.disconnect();
    expect(await a.inbox.next("presence")).toEqual({ projectId: project.id, online: [owner!.id, ana!.id].sort() });
    const left: Ack = await tab2.socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("project:leave", { projectId: project.id });
    expect(left).toEqual({ ok: true });
    expect(await a.inbox.next("presence")).toEqual({ projectId: project.id, online: [owner!.id] });
    // Whoever leaves stops "typing" at once for the others.
    expect(a.inbox.all("typing")).toContainEqual({ projectId: project.id, memberId: ana!.id, typing: false });
  });

  it("answers rate_limited past the socket's event budget and stores nothing for those", async () => {
    const owner = await createMember(app.db.db, app.services);
    const project = await projectWith(owner);
    const s = await connectMember(app.url, owner.token, ROOM_EVENTS);
    const acks: Array<Ack<{ message: MessagePayload }>> = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        s.socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("message:send", { projectId: project.id, body: `burst ${i}`, clientId: `b${i}` }),
      ),
    );
    const limited = acks.filter((a) => !a.ok);
    expect(limited.length).toBeGreaterThan(0);
    for (const a of limited) expect(a).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    expect((await storedSeqs(project.id)).length).toBe(acks.filter((a) => a.ok).length);
  });

  it("refuses oversized messages with an error ack and drops oversized frames", async () => {
    const owner = await createMember(app.db.db, app.services);
    const project = await projectWith(owner);
    const s = await connectMember(app.url, owner.token, ROOM_EVENTS);
    const tooLong: Ack = await s.socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("message:send", { projectId: project.id, body: "x".repeat(4001), clientId: "big" });
    expect(tooLong).toMatchObject({ ok: false, error: { code: "validation_failed" } });
    const closed = new Promise<string>((resolve) => s.socket.once("disconnect", (reason) => resolve(reason)));
    s.socket.emit("message:send", { projectId: project.id, body: "x".repeat(70 * 1024), clientId: "huge" }, () => {});
    expect(await closed).toBe("transport close");
    expect(await storedSeqs(project.id)).toEqual([]);
  });
});
