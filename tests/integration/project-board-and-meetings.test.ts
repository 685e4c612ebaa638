import { afterEach, describe, expect, it } from "vitest";
import type { Ack, MessagePayload, TaskPayload } from "../../server/contract/realtime.js";
import { expectProblem, json, useTestApp } from "../support/app.js";
import { createMember, createSpace } from "../support/factories.js";
import { join, ROOM_EVENTS, roomApi } from "../support/rooms.js";
import { connectMember, disconnectAll, EVENT_TIMEOUT_MS } from "../support/sockets.js";

// The project's task board (optimistic versions over HTTP and socket, columns, assignees) and booking a room
// for the project (the system message, upcoming bookings, notifications).
const app = useTestApp();
const { projectWith, storedSeqs } = roomApi(app);
afterEach(() => disconnectAll());

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
