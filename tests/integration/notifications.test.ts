import { afterEach, describe, expect, it } from "vitest";
import { json, useTestApp } from "../support/app.js";
import { createMember, type TestMember } from "../support/factories.js";
import { connectMember, disconnectAll } from "../support/sockets.js";

// Notifications and match reasons leave the server as facts: a stable `kind` and its `data`, never a sentence.
// The words are the UI's (tests/unit/i18n-notifications.test.ts renders every kind in both languages).

const app = useTestApp();
afterEach(() => disconnectAll());

type Item = { id: string; kind: string; data: Record<string, unknown>; createdAt: string; readAt: string | null };
const member = (name: string, role?: "admin") => createMember(app.db.db, app.services, { name, ...(role ? { role } : {}) });
const inbox = async (who: TestMember) => json<{ items: Item[]; unread: number }>(await app.api("/api/v1/me/notifications", { token: who.token }), 200);

describe("notifications as facts", () => {
  it("sends {id, kind, data, createdAt, readAt} and nothing else, the same live and from the API, and marks read", async () => {
    const ani = await member("Ani Susanti");
    const budi = await member("Budi Santoso");
    const budiLive = await connectMember(app.url, budi.token);

    const asked = await json<{ id: string }>(await app.api("/api/v1/connections", { token: ani.token, body: { memberId: budi.id, note: "Mari kolaborasi" } }), 201);
    const pushed = await budiLive.inbox.notification();
    const { items, unread } = await inbox(budi);
    expect(unread).toBe(1);
    expect(items).toEqual([pushed]);
    expect(Object.keys(pushed).sort()).toEqual(["createdAt", "data", "id", "kind", "readAt"]);
    expect(pushed).toMatchObject({
      kind: "connection_requested",
      readAt: null,
      data: { connectionId: asked.id, memberId: ani.id, memberName: "Ani Susanti", note: "Mari kolaborasi" },
    });

    await json(await app.api(`/api/v1/connections/${asked.id}/accept`, { method: "POST", token: budi.token }), 200);
    const toAni = await inbox(ani);
    expect(toAni.items.map((n) => [n.kind, n.data])).toEqual([["connection_accepted", { connectionId: asked.id, memberId: budi.id, memberName: "Budi Santoso" }]]);

    expect(await json(await app.api("/api/v1/me/notifications/read", { token: budi.token, body: {} }), 200)).toEqual({ marked: 1 });
    const after = await inbox(budi);
    expect(after.unread).toBe(0);
    expect(after.items[0]!.readAt).not.toBeNull();
  });

  it("stores no sentence: the row is kind and data only", async () => {
    const ani = await member("Ani Susanti");
    const budi = await member("Budi Santoso");
    const nadia = await member("Nadia Manajer", "admin");
    await json(await app.api("/api/v1/me/profile", { method: "PATCH", token: budi.token, body: { headline: "Fotografer produk" } }), 200);
    const intro = await json<{ id: string }>(
      await app.api("/api/v1/introductions", { token: nadia.token, body: { memberIds: [ani.id, budi.id], note: "Kalian cocok." } }),
      201,
    );
    const rows = await app.db.db.selectFrom("notifications").selectAll().orderBy("member_id").execute();
    expect(rows.map((r) => Object.keys(r).sort())).toEqual(rows.map(() => ["created_at", "data", "id", "kind", "member_id", "read_at"]));
    expect(rows.map((r) => ({ to: r.member_id, kind: r.kind, data: r.data })).sort((a, b) => a.to.localeCompare(b.to))).toEqual(
      [
        { to: ani.id, kind: "introduction", data: { introductionId: intro.id, memberId: budi.id, memberName: "Budi Santoso", headline: "Fotografer produk", note: "Kalian cocok." } },
        { to: budi.id, kind: "introduction", data: { introductionId: intro.id, memberId: ani.id, memberName: "Ani Susanti", headline: "", note: "Kalian cocok." } },
      ].sort((a, b) => a.to.localeCompare(b.to)),
    );
  });
});

describe("match reasons as facts", () => {
  it("gives the tags in common and how many projects together, not a sentence", async () => {
    const ani = await member("Ani Susanti");
    const budi = await member("Budi Santoso");
    const profile = (who: TestMember, body: object) => app.api("/api/v1/me/profile", { method: "PATCH", token: who.token, body });
    await json(await profile(ani, { specialties: ["batik", "tenun"], offers: ["foto produk"], needs: ["desain kemasan", "copywriting"] }), 200);
    await json(await profile(budi, { specialties: ["tenun", "batik"], offers: ["copywriting", "desain kemasan"], needs: ["foto produk"] }), 200);
    for (const name of ["Kopi Kemasan", "Batik Daring"]) {
      const p = await json<{ id: string }>(await app.api("/api/v1/projects", { token: ani.token, body: { name } }), 201);
      await json(await app.api(`/api/v1/projects/${p.id}/members`, { token: ani.token, body: { memberId: budi.id } }), 201);
    }
    const { items } = await json<{ items: Array<{ member: { id: string }; reasons: unknown[] }> }>(await app.api("/api/v1/me/matches", { token: ani.token }), 200);
    expect(items.map((m) => m.member.id)).toEqual([budi.id]);
    expect(items[0]!.reasons).toEqual([
      // `detail` is shared/API.md's field, kept without words: the same facts as plain text.
      { kind: "offers_what_you_need", data: { tags: ["copywriting", "desain kemasan"] }, detail: "copywriting, desain kemasan" },
      { kind: "needs_what_you_offer", data: { tags: ["foto produk"] }, detail: "foto produk" },
      { kind: "shared_specialty", data: { tags: ["batik", "tenun"] }, detail: "batik, tenun" },
      { kind: "shared_project", data: { count: 2 }, detail: "2" },
    ]);
  });
});
