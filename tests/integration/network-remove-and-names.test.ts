import { describe, expect, it } from "vitest";
import { expectProblem, json } from "../support/app.js";
import { networkApi, useNetworkApp, type Connection } from "../support/network.js";

// Removing a connection or withdrawing a request (either member; nobody else), and the name on a profile (the
// sign-up rule's limit; the directory finds the new name at once).
const app = useNetworkApp();
const { api, member, connect, answer, connectionsOf, befriend, profileOf, searchIds } = networkApi(app);
const remove = (token: string, id: string) => api(`/api/v1/connections/${id}`, { method: "DELETE", token });

describe("removing connections", () => {
  it("lets either member remove an accepted connection (links hide again) and ask again later; strangers get 404", async () => {
    const ani = await member("Ani");
    const budi = await member("Budi");
    const stranger = await member("Siapa");
    await json(await api("/api/v1/me/profile", { method: "PATCH", token: budi.token, body: { links: ["https://budi.example"] } }), 200);
    const c = await befriend(ani, budi);
    expect((await profileOf(ani, budi.id)).links).toEqual(["https://budi.example"]);

    await expectProblem(await remove(stranger.token, c.id), 404, "not_found");
    await expectProblem(await remove(ani.token, "6f1c1a52-1111-4a4a-9b9b-000000000000"), 404, "not_found");
    await expectProblem(await remove(ani.token, "not-an-id"), 400, "validation_failed");
    expect(await connectionsOf(ani)).toHaveLength(1);

    const res = await remove(budi.token, c.id);
    expect(res.status).toBe(204);
    expect(await connectionsOf(ani)).toEqual([]);
    expect(await connectionsOf(budi)).toEqual([]);
    expect(await profileOf(ani, budi.id)).toMatchObject({ links: null, connection: null });
    await expectProblem(await remove(ani.token, c.id), 404, "not_found");

    // Either may ask again.
    expect((await json<Connection>(await connect(ani, budi.id), 201)).status).toBe("pending");
  });

  it("lets the requester withdraw a pending request, so the invitee can no longer accept it", async () => {
    const ani = await member("Ani");
    const budi = await member("Budi");
    const asked = await json<Connection>(await connect(ani, budi.id), 201);
    expect((await remove(ani.token, asked.id)).status).toBe(204);
    await expectProblem(await answer(budi, asked.id, "accept"), 404, "not_found");
    expect(await connectionsOf(budi)).toEqual([]);
  });
});

describe("the name on a profile", () => {
  it("changes the member's name (found by the directory at once) within the sign-up limit, and refuses an empty or over-long one", async () => {
    const ani = await member("Ani Lama");
    const viewer = await member("Penonton");
    const patch = (body: unknown) => api("/api/v1/me/profile", { method: "PATCH", token: ani.token, body });
    expect(await json<{ name: string }>(await patch({ name: "  Anindita Kusuma  " }), 200)).toMatchObject({ name: "Anindita Kusuma" });
    expect((await profileOf(viewer, ani.id)).name).toBe("Anindita Kusuma");
    expect(await searchIds(viewer, { q: "anindita" })).toEqual([ani.id]);
    expect(await searchIds(viewer, { q: "lama" })).toEqual([]);

    const before = await app.db.rowCounts();
    await expectProblem(await patch({ name: "" }), 400, "validation_failed");
    await expectProblem(await patch({ name: "x".repeat(101) }), 400, "validation_failed");
    await expectProblem(await patch({ name: "Ani\nBaris" }), 400, "validation_failed");
    expect(await app.db.rowCounts()).toEqual(before);
    expect((await profileOf(viewer, ani.id)).name).toBe("Anindita Kusuma");
    // The profile without a name leaves the name alone.
    expect(await json<{ name: string; headline: string }>(await patch({ headline: "Desainer" }), 200)).toMatchObject({ name: "Anindita Kusuma", headline: "Desainer" });
  });
});
