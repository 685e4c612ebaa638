import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { MessagePayload } from "../../server/contract/realtime.js";
import { expectProblem, json, useTestApp } from "../support/app.js";
import { createMember, type TestMember } from "../support/factories.js";
import { roomApi, type Project } from "../support/rooms.js";

// Projects over HTTP: who may add, leave and own; the chat's storage (one message per client id, paging both
// ways, limits, edits and deletes that stay deleted), mentions and unread counts.
const app = useTestApp();
const { projectWith, send, storedSeqs } = roomApi(app);

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
