import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { Ack, TaskCommentPayload, TaskPayload } from "../../server/contract/realtime.js";
import { expectProblem, json, useTestApp } from "../support/app.js";
import { createMember } from "../support/factories.js";
import { join, ROOM_EVENTS, roomApi } from "../support/rooms.js";
import { connectMember, disconnectAll, EVENT_TIMEOUT_MS } from "../support/sockets.js";

// Tasks as a Trello card: description, due date, archive, delete (a tombstone the catch-up carries), comments
// (stored once per client id, live through task:changed with the room's seq), over HTTP and the socket.
const app = useTestApp();
const { projectWith } = roomApi(app);
afterEach(() => disconnectAll());

const createTask = (token: string, projectId: string, body: Record<string, unknown>) =>
  app.api(`/api/v1/projects/${projectId}/tasks`, { token, body });
const patch = (token: string, taskId: string, body: Record<string, unknown>) => app.api(`/api/v1/tasks/${taskId}`, { method: "PATCH", token, body });

describe("task details", () => {
  it("keeps a description and a plain due date, changes and clears them, and refuses a date that does not exist", async () => {
    const owner = await createMember(app.db.db, app.services);
    const project = await projectWith(owner);
    const task = await json<TaskPayload>(
      await createTask(owner.token, project.id, { title: "Katalog", description: "Foto 20 produk\nlatar putih", dueDate: "2026-12-24" }),
      201,
    );
    expect(task).toMatchObject({ description: "Foto 20 produk\nlatar putih", dueDate: "2026-12-24", archivedAt: null, deletedAt: null, commentCount: 0, comments: [] });

    const changed = await json<TaskPayload>(await patch(owner.token, task.id, { description: "", dueDate: null, version: 1 }), 200);
    expect(changed).toMatchObject({ description: "", dueDate: null, version: 2 });
    await expectProblem(await patch(owner.token, task.id, { dueDate: "2026-02-30", version: 2 }), 400, "validation_failed");
    await expectProblem(await patch(owner.token, task.id, { dueDate: "24/12/2026", version: 2 }), 400, "validation_failed");
    await expectProblem(await patch(owner.token, task.id, { description: "x".repeat(4001), version: 2 }), 400, "validation_failed");
    // The date is a date: the server's zone (TZ of the test run) never shifts it.
    const dated = await json<TaskPayload>(await patch(owner.token, task.id, { dueDate: "2026-03-29", version: 2 }), 200);
    expect(dated.dueDate).toBe("2026-03-29");
  });

  it("archives a task (it stays on the list, marked) and brings it back, version-checked", async () => {
    const owner = await createMember(app.db.db, app.services);
    const project = await projectWith(owner);
    const task = await json<TaskPayload>(await createTask(owner.token, project.id, { title: "Arsip" }), 201);
    const archived = await json<TaskPayload>(await patch(owner.token, task.id, { archived: true, version: 1 }), 200);
    expect(archived.archivedAt).not.toBeNull();
    const board = await json<{ items: TaskPayload[] }>(await app.api(`/api/v1/projects/${project.id}/tasks`, { token: owner.token }), 200);
    expect(board.items.find((t) => t.id === task.id)?.archivedAt).toBe(archived.archivedAt);
    await expectProblem(await patch(owner.token, task.id, { archived: false, version: 1 }), 409, "version_conflict");
    const back = await json<TaskPayload>(await patch(owner.token, task.id, { archived: false, version: 2 }), 200);
    expect(back.archivedAt).toBeNull();
  });

  it("deletes a task: gone from the board, a tombstone in a catch-up, 404 afterwards; a stale version is a conflict", async () => {
    const [owner, outsider] = await Promise.all([1, 2].map(() => createMember(app.db.db, app.services)));
    const project = await projectWith(owner!);
    const task = await json<TaskPayload>(await createTask(owner!.token, project.id, { title: "Hapus aku" }), 201);
    await expectProblem(await app.api(`/api/v1/tasks/${task.id}`, { method: "DELETE", token: outsider!.token }), 404, "not_found");
    await json(await patch(owner!.token, task.id, { title: "Hapus aku (v2)", version: 1 }), 200);
    await expectProblem(await app.api(`/api/v1/tasks/${task.id}?version=1`, { method: "DELETE", token: owner!.token }), 409, "version_conflict");

    const a = await connectMember(app.url, owner!.token, ROOM_EVENTS);
    const before = await join(a.socket, project.id);
    const res = await app.api(`/api/v1/tasks/${task.id}?version=2`, { method: "DELETE", token: owner!.token });
    expect(res.status).toBe(204);
    const live = await a.inbox.next<{ task: TaskPayload }>("task:changed");
    expect(live.task).toMatchObject({ id: task.id, version: 3 });
    expect(live.task.deletedAt).not.toBeNull();

    const board = await json<{ items: TaskPayload[] }>(await app.api(`/api/v1/projects/${project.id}/tasks`, { token: owner!.token }), 200);
    expect(board.items.map((t) => t.id)).not.toContain(task.id);
    const b = await connectMember(app.url, owner!.token, ROOM_EVENTS);
    const caughtUp = await join(b.socket, project.id, before.lastSeq);
    expect(caughtUp.tasks.map((t) => [t.id, t.deletedAt !== null])).toEqual([[task.id, true]]);
    const fresh = await join(b.socket, project.id);
    expect(fresh.tasks.map((t) => t.id)).not.toContain(task.id);

    await expectProblem(await patch(owner!.token, task.id, { title: "again", version: 3 }), 404, "not_found");
    await expectProblem(await app.api(`/api/v1/tasks/${task.id}`, { method: "DELETE", token: owner!.token }), 404, "not_found");
    // Over the socket, the same rules.
    const other = await json<TaskPayload>(await createTask(owner!.token, project.id, { title: "Lewat soket" }), 201);
    const stale: Ack<{ task: TaskPayload }> = await a.socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("task:delete", { taskId: other.id, version: 9 });
    expect(stale).toMatchObject({ ok: false, error: { code: "version_conflict", current: { id: other.id, version: 1 } } });
    const done: Ack<{ task: TaskPayload }> = await a.socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("task:delete", { taskId: other.id, version: 1 });
    expect(done.ok && done.task.deletedAt).toBeTruthy();
  });
});

describe("task comments", () => {
  it("stores a comment once per client id, moves the task's seq but not its version, and reaches the room live", async () => {
    const [owner, ana, outsider] = await Promise.all([1, 2, 3].map(() => createMember(app.db.db, app.services)));
    const project = await projectWith(owner!, [ana!]);
    const task = await json<TaskPayload>(await createTask(owner!.token, project.id, { title: "Desain logo" }), 201);
    const b = await connectMember(app.url, ana!.token, ROOM_EVENTS);
    await join(b.socket, project.id);

    const clientId = randomUUID();
    const [x, y]: Array<Ack<{ task: TaskPayload; comment: TaskCommentPayload }>> = await Promise.all([
      b.socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("task:comment", { taskId: task.id, body: "Warna biru?", clientId }),
      b.socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("task:comment", { taskId: task.id, body: "Warna biru?", clientId }),
    ]);
    expect(x!.ok && y!.ok).toBe(true);
    if (!x!.ok || !y!.ok) return;
    expect(x!.comment.id).toBe(y!.comment.id);
    const stored = await app.db.db.selectFrom("task_comments").select(["id"]).where("task_id", "=", task.id).execute();
    expect(stored).toHaveLength(1);

    const live = await b.inbox.next<{ task: TaskPayload }>("task:changed");
    expect(live.task).toMatchObject({ id: task.id, version: 1, commentCount: 1 });
    expect(live.task.seq).toBeGreaterThan(task.seq);
    expect(live.task.comments.map((c) => [c.body, c.author?.id])).toEqual([["Warna biru?", ana!.id]]);

    // A comment never conflicts with an edit made from the version before it.
    const edited = await json<TaskPayload>(await patch(owner!.token, task.id, { title: "Desain logo baru", version: 1 }), 200);
    expect(edited).toMatchObject({ version: 2, commentCount: 1 });

    const viaHttp = await json<TaskCommentPayload>(await app.api(`/api/v1/tasks/${task.id}/comments`, { token: owner!.token, body: { body: "Setuju" } }), 201);
    const all = await json<{ items: TaskCommentPayload[] }>(await app.api(`/api/v1/tasks/${task.id}/comments`, { token: ana!.token }), 200);
    expect(all.items.map((c) => c.body)).toEqual(["Warna biru?", "Setuju"]);
    expect(all.items[1]!.id).toBe(viaHttp.id);

    await expectProblem(await app.api(`/api/v1/tasks/${task.id}/comments`, { token: outsider!.token }), 404, "not_found");
    await expectProblem(await app.api(`/api/v1/tasks/${task.id}/comments`, { token: outsider!.token, body: { body: "hai" } }), 404, "not_found");
    await expectProblem(await app.api(`/api/v1/tasks/${task.id}/comments`, { token: owner!.token, body: { body: "  " } }), 400, "validation_failed");
    await expectProblem(
      await app.api(`/api/v1/tasks/${task.id}/comments`, { token: owner!.token, body: { body: "ok", extra: 1 } }),
      400,
      "validation_failed",
    );
  });

  it("a task carries only its latest comments, oldest first; the API lists them all", async () => {
    const owner = await createMember(app.db.db, app.services);
    const project = await projectWith(owner);
    const task = await json<TaskPayload>(await createTask(owner.token, project.id, { title: "Banyak komentar" }), 201);
    for (let i = 1; i <= 23; i++) await json(await app.api(`/api/v1/tasks/${task.id}/comments`, { token: owner.token, body: { body: `c${i}` } }), 201);
    const board = await json<{ items: TaskPayload[] }>(await app.api(`/api/v1/projects/${project.id}/tasks`, { token: owner.token }), 200);
    const shown = board.items.find((t) => t.id === task.id)!;
    expect(shown.commentCount).toBe(23);
    expect(shown.comments.map((c) => c.body)).toEqual(Array.from({ length: 20 }, (_, i) => `c${i + 4}`));
    const all = await json<{ items: TaskCommentPayload[] }>(await app.api(`/api/v1/tasks/${task.id}/comments`, { token: owner.token }), 200);
    expect(all.items).toHaveLength(23);
  });
});
