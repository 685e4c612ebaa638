import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { Ack, JoinAck, MessagePayload, TaskPayload } from "../../server/contract/realtime.js";
import { expectProblem, json, startTestApp, useTestApp } from "../support/app.js";
import { createTestDb } from "../support/db.js";
import { createMember, createSpace, type TestMember } from "../support/factories.js";
import { RoomClient, until } from "../support/rooms.js";
import { connectMember, disconnectAll, EVENT_TIMEOUT_MS, type Client } from "../support/sockets.js";

const ROOM_EVENTS = ["message:new", "message:updated", "presence", "typing", "task:changed", "project:membership", "notification"];

const app = useTestApp();
afterEach(() => disconnectAll());

type Project = { id: string; name: string; unread: number; lastSeq: number };

async function projectWith(owner: TestMember, members: TestMember[] = []): Promise<Project> {
  const project = await json<Project>(await app.api("/api/v1/projects", { token: owner.token, body: { name: "Batik collab" } }), 201);
  for (const m of members) {
    await json(await app.api(`/api/v1/projects/${project.id}/members`, { token: owner.token, body: { memberId: m.id } }), 201);
  }
  return project;
}

const send = (token: string, projectId: string, body: string, clientId = randomUUID()) =>
  app.api(`/api/v1/projects/${projectId}/messages`, { token, body: { body, clientId } });

async function join(socket: Client, projectId: string, afterSeq?: number): Promise<JoinAck> {
  const ack: Ack<JoinAck> = await socket
    .timeout(EVENT_TIMEOUT_MS)
    .emitWithAck("project:join", afterSeq === undefined ? { projectId } : { projectId, afterSeq });
  if (!ack.ok) throw new Error(`join failed: ${JSON.stringify(ack.error)}`);
  return ack;
}

async function storedSeqs(projectId: string, db = app.db.db): Promise<number[]> {
  const rows = await db.selectFrom("messages").select("seq").where("project_id", "=", projectId).orderBy("seq").execute();
  return rows.map((r) => Number(r.seq));
}

describe("projects and membership over HTTP", () => {
  it("lets owners add members; other members get 403, outsiders 404, a second add 409", async () => {
    const [owner, ana, budi, outsider] = await Promise.all([1, 2, 3, 4].map(() => createMember(app.db.db, app.services)));
    const project = await projectWith(owner!, [ana!]);
    await expectProblem(await app.api(`/api/v1/projects/${project.id}/members`, { token: ana!.token, body: { memberId: budi!.id } }), 403, "forbidden");
    await expectProblem(await app.api(`/api/v1/projects/${project.id}/members`, { token: outsider!.token, body: { memberId: budi!.id } }), 404, "not_found");
    await expectProblem(await app.api(`/api/v1/projects/${project.id}/members`, { token: owner!.token, body: { memberId: ana!.id } }), 409, "already_exists");
    await expectProblem(await app.api(`/api/v1/projects/${project.id}`, { token: outsider!.token }), 404, "not_found");

    const detail = await json<{ members: Array<{ id: string; role: string }> }>(await app.api(`/api/v1/projects/${project.id}`, { token: ana!.token }), 200);
    expect(detail.members.map((m) => [m.id, m.role]).sort()).toEqual([[owner!.id, "owner"], [ana!.id, "member"]].sort());
    const notes = await json<{ items: Array<{ kind: string; data: Record<string, unknown> }> }>(await app.api("/api/v1/me/notifications", { token: ana!.token }), 200);
    expect(notes.items).toContainEqual(
      expect.objectContaining({ kind: "project_added", data: { projectId: project.id, projectName: project.name, actorId: owner!.id, actorName: owner!.name } }),
    );
  });

  it("keeps an owner: the only owner cannot leave or step down, but can after handing over", async () => {
    const [owner, ana] = await Promise.all([1, 2].map(() => createMember(app.db.db, app.services)));
    const project = await projectWith(owner!, [ana!]);
    await expectProblem(await app.api(`/api/v1/projects/${project.id}/members/${owner!.id}`, { method: "DELETE", token: owner!.token }), 422, "rule_violation");
    await expectProblem(
      await app.api(`/api/v1/projects/${project.id}/members/${owner!.id}`, { method: "PATCH", token: owner!.token, body: { role: "member" } }),
      422,
      "rule_violation",
    );
    await json(await app.api(`/api/v1/projects/${project.id}/members/${ana!.id}`, { method: "PATCH", token: owner!.token, body: { role: "owner" } }), 200);
    expect((await app.api(`/api/v1/projects/${project.id}/members/${owner!.id}`, { method: "DELETE", token: owner!.token })).status).toBe(204);
    await expectProblem(await app.api(`/api/v1/projects/${project.id}/messages`, { token: owner!.token }), 404, "not_found");
    // The last member leaving takes the project with them.
    expect((await app.api(`/api/v1/projects/${project.id}/members/${ana!.id}`, { method: "DELETE", token: ana!.token })).status).toBe(204);
    expect(await app.db.db.selectFrom("projects").select("id").where("id", "=", project.id).execute()).toEqual([]);
  });
});

describe("chat over HTTP", () => {
  it("stores one message per client id, pages history both ways, and hides it from outsiders", async () => {
    const [owner, ana, outsider] = await Promise.all([1, 2, 3].map(() => createMember(app.db.db, app.services)));
    const project = await projectWith(owner!, [ana!]);
    const clientId = randomUUID();
    const first = await json<MessagePayload>(await send(owner!.token, project.id, "Halo semua", clientId), 201);
    const again = await json<MessagePayload>(await send(owner!.token, project.id, "Halo semua", clientId), 201);
    expect(again.id).toBe(first.id);
    expect(await storedSeqs(project.id)).toEqual([1]);
    // Ten concurrent retries of one send: one row, every answer names it.
    const burstId = randomUUID();
    const burst = await Promise.all(Array.from({ length: 10 }, () => send(owner!.token, project.id, "sekali saja", burstId)));
    const ids = await Promise.all(burst.map(async (r) => (await json<MessagePayload>(r, 201)).id));
    expect(new Set(ids).size).toBe(1);
    expect(await storedSeqs(project.id)).toEqual([1, 2]);
    // Someone else reusing that client id gets nothing of it.
    await expectProblem(await send(ana!.token, project.id, "mine", clientId), 409, "already_exists");

    for (let i = 3; i <= 7; i++) await json(await send(i % 2 ? ana!.token : owner!.token, project.id, `m${i}`), 201);
    const latest = await json<{ items: MessagePayload[]; hasMore: boolean }>(
      await app.api(`/api/v1/projects/${project.id}/messages?limit=3`, { token: ana!.token }),
      200,
    );
    expect(latest.items.map((m) => m.seq)).toEqual([5, 6, 7]);
    expect(latest.hasMore).toBe(true);
    const older = await json<{ items: MessagePayload[]; hasMore: boolean }>(
      await app.api(`/api/v1/projects/${project.id}/messages?beforeSeq=5&limit=10`, { token: ana!.token }),
      200,
    );
    expect(older).toMatchObject({ hasMore: false });
    expect(older.items.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(older.items.map((m) => m.body)).toEqual(["Halo semua", "sekali saja", "m3", "m4"]);
    const after = await json<{ items: MessagePayload[]; hasMore: boolean }>(
      await app.api(`/api/v1/projects/${project.id}/messages?afterSeq=5`, { token: ana!.token }),
      200,
    );
    expect(after.items.map((m) => m.body)).toEqual(["m6", "m7"]);
    expect(after.items[0]).toMatchObject({ author: { id: owner!.id, name: owner!.name }, editedAt: null });

    await expectProblem(await app.api(`/api/v1/projects/${project.id}/messages`, { token: outsider!.token }), 404, "not_found");
    await expectProblem(await send(outsider!.token, project.id, "let me in"), 404, "not_found");
    await expectProblem(await app.api(`/api/v1/projects/${randomUUID()}/messages`, { token: owner!.token }), 404, "not_found");
    await expectProblem(await app.api(`/api/v1/projects/not-an-id/messages`, { token: owner!.token }), 400, "validation_failed");
    await expectProblem(await app.api(`/api/v1/projects/${project.id}/messages?afterSeq=-1`, { token: owner!.token }), 400, "validation_failed");
  });

  it("refuses empty, oversized and unknown-key messages and stores nothing", async () => {
    const owner = await createMember(app.db.db, app.services);
    const project = await projectWith(owner);
    await expectProblem(await send(owner.token, project.id, "   "), 400, "validation_failed");
    await expectProblem(await send(owner.token, project.id, "x".repeat(4001)), 400, "validation_failed");
    await expectProblem(
      await app.api(`/api/v1/projects/${project.id}/messages`, { token: owner.token, body: { body: "hi", clientId: "c1", html: "<b>" } }),
      400,
      "validation_failed",
    );
    await json(await send(owner.token, project.id, "x".repeat(4000)), 201);
    expect(await storedSeqs(project.id)).toEqual([1]);
  });

  it("lets authors edit and delete their own messages only, and keeps text as plain text", async () => {
    const [owner, ana] = await Promise.all([1, 2].map(() => createMember(app.db.db, app.services)));
    const project = await projectWith(owner!, [ana!]);
    const m = await json<MessagePayload>(await send(owner!.token, project.id, "<script>alert(1)</script>\nline two"), 201);
    expect(m.body).toBe("<script>alert(1)</script>\nline two");
    await expectProblem(await app.api(`/api/v1/messages/${m.id}`, { method: "PATCH", token: ana!.token, body: { body: "hacked" } }), 403, "forbidden");
    await expectProblem(await app.api(`/api/v1/messages/${m.id}`, { method: "DELETE", token: ana!.token }), 403, "forbidden");
    const edited = await json<MessagePayload>(await app.api(`/api/v1/messages/${m.id}`, { method: "PATCH", token: owner!.token, body: { body: "fixed" } }), 200);
    expect(edited).toMatchObject({ body: "fixed", seq: 1, updatedSeq: 2 });
    expect(edited.editedAt).not.toBeNull();
    expect((await app.api(`/api/v1/messages/${m.id}`, { method: "DELETE", token: owner!.token })).status).toBe(204);
    const [gone] = (await json<{ items: MessagePayload[] }>(await app.api(`/api/v1/projects/${project.id}/messages`, { token: ana!.token }), 200)).items;
    expect(gone).toMatchObject({ id: m.id, body: "", updatedSeq: 3 });
    expect(gone!.deletedAt).not.toBeNull();
  });

  it("never brings a deleted message's text back when an edit races the delete", async () => {
    const owner = await createMember(app.db.db, app.services);
    const project = await projectWith(owner);
    for (let i = 0; i < 5; i++) {
      const m = await json<MessagePayload>(await send(owner.token, project.id, `secret ${i}`), 201);
      const [edit, del] = await Promise.all([
        app.api(`/api/v1/messages/${m.id}`, { method: "PATCH", token: owner.token, body: { body: `still secret ${i}` } }),
        app.api(`/api/v1/messages/${m.id}`, { method: "DELETE", token: owner.token }),
      ]);
      expect(del.status).toBe(204);
      expect([200, 403]).toContain(edit.status);
      const row = await app.db.db.selectFrom("messages").select(["body", "deleted_at"]).where("id", "=", m.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ body: "" });
      expect(row.deleted_at).not.toBeNull();
    }
  });

  it("notifies mentioned members and counts unread messages per project", async () => {
    const [owner, sari, budi] = await Promise.all([
      createMember(app.db.db, app.services, { name: "Owner Person" }),
      createMember(app.db.db, app.services, { name: "Sari Wulandari" }),
      createMember(app.db.db, app.services, { name: "Budi Santoso" }),
    ]);
    const project = await projectWith(owner, [sari, budi]);
    const m = await json<MessagePayload>(await send(owner.token, project.id, "Tolong cek ya @sari, bukan @Budiman"), 201);
    expect(m.mentions).toEqual([sari.id]);
    // Where: the client highlights exactly this span (the `@sari` at offset 14), never its own guess.
    expect(m.mentionSpans).toEqual([{ memberId: sari.id, start: 14, end: 19 }]);
    const sariNotes = await json<{ items: Array<{ kind: string; data: Record<string, unknown> }> }>(
      await app.api("/api/v1/me/notifications", { token: sari.token }),
      200,
    );
    expect(sariNotes.items).toContainEqual(
      expect.objectContaining({
        kind: "mention",
        data: { projectId: project.id, projectName: project.name, messageId: m.id, seq: m.seq, authorId: owner.id, authorName: "Owner Person", snippet: m.body },
      }),
    );
    const budiNotes = await json<{ items: Array<{ kind: string }> }>(await app.api("/api/v1/me/notifications", { token: budi.token }), 200);
    expect(budiNotes.items.filter((n) => n.kind === "mention")).toEqual([]);

    await json(await send(budi.token, project.id, "ok"), 201);
    const mine = async (member: TestMember) =>
      (await json<{ items: Project[] }>(await app.api("/api/v1/projects", { token: member.token }), 200)).items.find((p) => p.id === project.id)!;
    expect((await mine(sari)).unread).toBe(2);
    expect((await mine(owner)).unread).toBe(1); // Budi's; one's own messages are never unread
    expect((await app.api(`/api/v1/projects/${project.id}/read`, { token: sari.token, body: { seq: 1 } })).status).toBe(204);
    expect((await mine(sari)).unread).toBe(1);
    // A read mark never goes past the room's last seq or backwards.
    expect((await app.api(`/api/v1/projects/${project.id}/read`, { token: sari.token, body: { seq: 999 } })).status).toBe(204);
    expect((await mine(sari)).unread).toBe(0);
    await json(await send(owner.token, project.id, "new"), 201);
    expect((await mine(sari)).unread).toBe(1);
  });
});

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
    expect(await b.inbox.next("project:membership")).toEqual({ projectId: project.id, change: "removed" });
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

describe("task board", () => {
  it("lets exactly one of two concurrent updates from the same version win, over HTTP and socket alike", async () => {
    const [owner, ana] = await Promise.all([1, 2].map(() => createMember(app.db.db, app.services)));
    const project = await projectWith(owner!, [ana!]);
    const task = await json<TaskPayload>(await app.api(`/api/v1/projects/${project.id}/tasks`, { token: owner!.token, body: { title: "Foto produk" } }), 201);
    expect(task).toMatchObject({ status: "todo", version: 1, assigneeId: null });

    const results = await Promise.all([
      app.api(`/api/v1/tasks/${task.id}`, { method: "PATCH", token: owner!.token, body: { status: "doing", version: 1 } }),
      app.api(`/api/v1/tasks/${task.id}`, { method: "PATCH", token: ana!.token, body: { title: "Foto produk (katalog)", version: 1 } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409)!;
    const problem = await json<{ code: string; current: TaskPayload }>(loser, 409);
    expect(problem.code).toBe("version_conflict");
    expect(problem.current.version).toBe(2);

    const a = await connectMember(app.url, owner!.token, ROOM_EVENTS);
    const b = await connectMember(app.url, ana!.token, ROOM_EVENTS);
    await join(a.socket, project.id);
    await join(b.socket, project.id);
    const [x, y]: Array<Ack<{ task: TaskPayload }>> = await Promise.all([
      a.socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("task:update", { taskId: task.id, changes: { status: "done" }, version: 2 }),
      b.socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("task:update", { taskId: task.id, changes: { assigneeId: ana!.id }, version: 2 }),
    ]);
    const acks = [x!, y!];
    expect(acks.filter((r) => r.ok)).toHaveLength(1);
    const conflict = acks.find((r) => !r.ok)!;
    expect(conflict).toMatchObject({ ok: false, error: { code: "version_conflict", current: { id: task.id, version: 3 } } });
    // The winner's change reaches both sides live.
    const changed = await b.inbox.next<{ task: TaskPayload }>("task:changed");
    expect(changed.task.version).toBe(3);
    const stored = await app.db.db.selectFrom("tasks").select(["version"]).where("id", "=", task.id).executeTakeFirstOrThrow();
    expect(stored.version).toBe(3);
  });

  it("appends a moved task to its new column, validates assignees, and hides the board from outsiders", async () => {
    const [owner, outsider] = await Promise.all([1, 2].map(() => createMember(app.db.db, app.services)));
    const project = await projectWith(owner!);
    const t1 = await json<TaskPayload>(await app.api(`/api/v1/projects/${project.id}/tasks`, { token: owner!.token, body: { title: "A", status: "doing" } }), 201);
    const t2 = await json<TaskPayload>(await app.api(`/api/v1/projects/${project.id}/tasks`, { token: owner!.token, body: { title: "B" } }), 201);
    const moved = await json<TaskPayload>(await app.api(`/api/v1/tasks/${t2.id}`, { method: "PATCH", token: owner!.token, body: { status: "doing", version: 1 } }), 200);
    expect(moved.position).toBeGreaterThan(t1.position);
    const reordered = await json<TaskPayload>(
      await app.api(`/api/v1/tasks/${t2.id}`, { method: "PATCH", token: owner!.token, body: { position: t1.position - 1, version: 2 } }),
      200,
    );
    const board = await json<{ items: TaskPayload[] }>(await app.api(`/api/v1/projects/${project.id}/tasks`, { token: owner!.token }), 200);
    expect(board.items.filter((t) => t.status === "doing").map((t) => t.id)).toEqual([reordered.id, t1.id]);

    await expectProblem(
      await app.api(`/api/v1/tasks/${t1.id}`, { method: "PATCH", token: owner!.token, body: { assigneeId: outsider!.id, version: 1 } }),
      400,
      "validation_failed",
    );
    await expectProblem(await app.api(`/api/v1/tasks/${t1.id}`, { method: "PATCH", token: owner!.token, body: { version: 1 } }), 400, "validation_failed");
    await expectProblem(await app.api(`/api/v1/projects/${project.id}/tasks`, { token: outsider!.token }), 404, "not_found");
    await expectProblem(await app.api(`/api/v1/tasks/${t1.id}`, { method: "PATCH", token: outsider!.token, body: { title: "x", version: 1 } }), 404, "not_found");
  });
});

describe("booking a room for the project", () => {
  it("links the booking, posts a system message into the room, lists it as upcoming, and notifies the others", async () => {
    const [owner, ana, outsider] = await Promise.all([1, 2, 3].map(() => createMember(app.db.db, app.services)));
    const project = await projectWith(owner!, [ana!]);
    const space = await createSpace(app.services);
    const room = space.resources.find((r) => r.kind === "room")!;
    const b = await connectMember(app.url, ana!.token, ROOM_EVENTS);
    await join(b.socket, project.id);

    const date = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const booking = await json<{ id: string; projectId: string }>(
      await app.api(`/api/v1/projects/${project.id}/bookings`, {
        token: owner!.token,
        body: { resourceId: room.id, start: `${date}T10:00`, end: `${date}T11:00` },
      }),
      201,
    );
    expect(booking.projectId).toBe(project.id);
    const posted = await b.inbox.next<{ message: MessagePayload }>("message:new");
    expect(posted.message).toMatchObject({
      kind: "system",
      author: { id: owner!.id },
      body: "",
      data: { kind: "meeting_booked", meetings: [expect.objectContaining({ bookingId: booking.id, resourceName: "Room 1" })] },
    });
    const note = await b.inbox.notification();
    expect(note).toMatchObject({
      kind: "project_meeting",
      data: { projectId: project.id, actorId: owner!.id, bookingId: booking.id, resourceName: "Room 1", count: 1 },
    });

    const upcoming = await json<{ items: Array<{ id: string }> }>(await app.api(`/api/v1/projects/${project.id}/bookings`, { token: ana!.token }), 200);
    expect(upcoming.items.map((i) => i.id)).toEqual([booking.id]);
    await expectProblem(await app.api(`/api/v1/projects/${project.id}/bookings`, { token: outsider!.token }), 404, "not_found");
    await expectProblem(
      await app.api(`/api/v1/projects/${project.id}/bookings`, {
        token: outsider!.token,
        body: { resourceId: room.id, start: `${date}T12:00`, end: `${date}T13:00` },
      }),
      404,
      "not_found",
    );
    // A conflicting booking leaves no trace in the room.
    await expectProblem(
      await app.api(`/api/v1/projects/${project.id}/bookings`, {
        token: ana!.token,
        body: { resourceId: room.id, start: `${date}T10:30`, end: `${date}T11:30` },
      }),
      409,
      "booking_conflict",
    );
    expect(await storedSeqs(project.id)).toEqual([1]);
  });
});

describe("server restart mid-conversation", () => {
  it("converges every client to the same seq list, with each acked message stored exactly once", async () => {
    const db = await createTestDb();
    let server = await startTestApp({ db });
    const port = String(server.port);
    const clients: RoomClient[] = [];
    try {
      const members = await Promise.all([1, 2, 3].map(() => createMember(db.db, server.services)));
      const project = await server.services.projects.create(members[0]!.id, { name: "Restart" });
      for (const m of members.slice(1)) await server.services.projects.addMember(members[0]!.id, project.id, { memberId: m.id });
      clients.push(...members.map((m) => new RoomClient(server.url, m.token, project.id)));
      await Promise.all(clients.map((c) => c.ready()));

      for (let i = 0; i < 5; i++) clients.forEach((c, n) => c.send(`before ${n}.${i}`));
      // Stop while those may still be in flight: some are stored and acked, some stored but never acked, some neither.
      await server.stop();
      server = await startTestApp({ db, env: { PORT: port } });
      await Promise.all(clients.map((c) => c.ready()));
      for (let i = 0; i < 5; i++) clients.forEach((c, n) => c.send(`after ${n}.${i}`));

      await until(async () => {
        const total = (await storedSeqs(project.id, db.db)).length;
        return clients.every((c) => c.unacked === 0 && c.seen.size === total);
      });
      const stored = await db.db
        .selectFrom("messages")
        .select(["seq", "client_id", "body"])
        .where("project_id", "=", project.id)
        .orderBy("seq")
        .execute();
      expect(stored).toHaveLength(30);
      expect(new Set(stored.map((m) => m.client_id)).size).toBe(30);
      const seqList = stored.map((m) => Number(m.seq));
      expect(seqList).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      for (const c of clients) {
        expect(c.unacked).toBe(0);
        expect(c.seqs()).toEqual(seqList);
        for (const id of c.acked) expect(stored.filter((m) => m.client_id === id)).toHaveLength(1);
      }
    } finally {
      clients.forEach((c) => c.close());
      await server.stop();
      await db.close();
    }
  });
});
