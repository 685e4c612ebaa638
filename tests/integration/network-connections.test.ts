import { afterEach, describe, expect, it } from "vitest";
import { expectProblem, json } from "../support/app.js";
import { networkApi, useNetworkApp, type Connection, type Introduction } from "../support/network.js";
import { disconnectAll } from "../support/sockets.js";

// Connections (request, notify live, accept, decline) and an admin's introductions with their outcome.
const app = useNetworkApp();
const { api, member, admin, setProfile, matchesOf, kinds, search, connect, answer, connectionsOf, introductions, live } = networkApi(app);
afterEach(disconnectAll);

describe("connections", () => {
  it("requests, notifies live, refuses duplicates and strangers, accepts, declines and accepts by asking back", async () => {
    const ani = await member("Ani");
    const budi = await member("Budi");
    const cici = await member("Cici");
    const aniLive = await live(ani);
    const budiLive = await live(budi);

    const asked = await json<Connection>(await connect(ani, budi.id, "Mari kolaborasi kemasan"), 201);
    expect(asked).toMatchObject({ status: "pending", direction: "outgoing", note: "Mari kolaborasi kemasan", member: { id: budi.id, name: "Budi" } });
    const requested = await budiLive.inbox.notification();
    expect(requested).toEqual(expect.objectContaining({ kind: "connection_requested", readAt: null, data: { connectionId: asked.id, memberId: ani.id, memberName: "Ani", note: "Mari kolaborasi kemasan" } }));

    await expectProblem(await connect(ani, budi.id), 409, "already_exists");
    await expectProblem(await connect(ani, ani.id), 400, "validation_failed");
    await expectProblem(await answer(cici, asked.id, "accept"), 404, "not_found");
    await expectProblem(await answer(ani, asked.id, "accept"), 403, "forbidden");
    await expectProblem(await answer(budi, "6f1c1a52-1111-4a4a-9b9b-000000000000", "accept"), 404, "not_found");

    const accepted = await json<Connection>(await answer(budi, asked.id, "accept"), 200);
    expect(accepted).toMatchObject({ id: asked.id, status: "accepted", member: { id: ani.id } });
    const acceptedNote = await aniLive.inbox.notification();
    expect(acceptedNote).toEqual(expect.objectContaining({ kind: "connection_accepted", data: { connectionId: asked.id, memberId: budi.id, memberName: "Budi" } }));
    await expectProblem(await answer(budi, asked.id, "decline"), 422, "rule_violation");
    await expectProblem(await connect(budi, ani.id), 409, "already_exists");

    expect(await connectionsOf(ani)).toEqual([expect.objectContaining({ id: asked.id, status: "accepted", direction: "outgoing", member: expect.objectContaining({ id: budi.id }) })]);
    expect(await connectionsOf(budi)).toEqual([expect.objectContaining({ id: asked.id, status: "accepted", direction: "incoming", member: expect.objectContaining({ id: ani.id }) })]);
    expect(await connectionsOf(cici)).toEqual([]);

    // Decline: the request stays declined, and a new request may follow.
    const toCici = await json<Connection>(await connect(ani, cici.id), 201);
    expect(await json<Connection>(await answer(cici, toCici.id, "decline"), 200)).toMatchObject({ status: "declined" });
    expect((await connectionsOf(ani)).find((c) => c.id === toCici.id)).toMatchObject({ status: "declined", direction: "outgoing" });
    expect(aniLive.inbox.all("notification")).toHaveLength(1); // no notification for a decline
    const again = await json<Connection>(await connect(ani, cici.id), 201);
    expect(again.status).toBe("pending");

    // Asking someone who already asked you accepts their request.
    const back = await json<Connection>(await connect(cici, ani.id, "Oke!"), 201);
    expect(back).toMatchObject({ id: again.id, status: "accepted", direction: "incoming", member: { id: ani.id } });
    expect(await aniLive.inbox.notification()).toMatchObject({ kind: "connection_accepted", data: { connectionId: again.id, memberId: cici.id } });
    expect((await connectionsOf(cici)).find((c) => c.id === again.id)).toMatchObject({ status: "accepted", direction: "incoming" });
    expect(budiLive.inbox.all("notification")).toHaveLength(1);
  });
});

describe("edge cases", () => {
  it("lets you answer a hidden member's request by asking back, and refuses a cursor of the other kind", async () => {
    const hiddenOne = await member("Hana Tersembunyi");
    const viewer = await member("Vino Terbuka");
    await setProfile(hiddenOne, { hidden: true, headline: "batik" });
    const asked = await json<{ id: string }>(await connect(hiddenOne, viewer.id), 201);
    const back = await json<{ id: string; status: string }>(await connect(viewer, hiddenOne.id), 201);
    expect(back).toMatchObject({ id: asked.id, status: "accepted" });

    for (let i = 0; i < 3; i++) await setProfile(await member(`Batik Maker ${i}`), { specialties: ["batik"] });
    const plain = await search(viewer, { limit: "1" });
    expect(plain.nextCursor).toBeTruthy();
    await expectProblem(await api(`/api/v1/members?q=batik&limit=1&cursor=${plain.nextCursor}`, { token: viewer.token }), 400, "validation_failed");
  });
});

describe("introductions", () => {
  it("lets only the admin introduce, notifies both live and reports the outcome: connected, shared project", async () => {
    const nadia = await admin();
    const ani = await member("Ani");
    const budi = await member("Budi");
    await setProfile(budi, { headline: "Fotografer produk" });
    const aniLive = await live(ani);
    const budiLive = await live(budi);
    const body = { memberIds: [ani.id, budi.id], note: "Ani butuh foto produk, Budi butuh kemasan." };

    await expectProblem(await api("/api/v1/introductions", { token: ani.token, body }), 403, "forbidden");
    await expectProblem(await api("/api/v1/introductions", { token: ani.token }), 403, "forbidden");
    await expectProblem(await api("/api/v1/introductions", { token: nadia.token, body: { ...body, memberIds: [ani.id, ani.id] } }), 400, "validation_failed");

    const intro = await json<Introduction>(await api("/api/v1/introductions", { token: nadia.token, body }), 201);
    expect(intro).toMatchObject({ note: body.note, members: [{ id: ani.id }, { id: budi.id }], outcome: { connected: false, sharedProject: false } });
    const toAni = await aniLive.inbox.notification();
    const toBudi = await budiLive.inbox.notification();
    expect(toAni).toEqual(expect.objectContaining({
      kind: "introduction",
      data: { introductionId: intro.id, memberId: budi.id, memberName: "Budi", headline: "Fotografer produk", note: body.note },
    }));
    expect(toBudi).toEqual(expect.objectContaining({ kind: "introduction", data: { introductionId: intro.id, memberId: ani.id, memberName: "Ani", headline: "", note: body.note } }));

    const outcome = async () => (await introductions(nadia)).find((i) => i.id === intro.id)!.outcome;
    expect(await outcome()).toEqual({ connected: false, sharedProject: false, met: false, useful: 0 });
    const pending = await json<Connection>(await connect(budi, ani.id), 201);
    expect(await outcome(), "a pending request is not a connection").toEqual({ connected: false, sharedProject: false, met: false, useful: 0 });
    await json(await answer(ani, pending.id, "accept"), 200);
    expect(await outcome()).toEqual({ connected: true, sharedProject: false, met: false, useful: 0 });

    const project = await json<{ id: string }>(await api("/api/v1/projects", { token: ani.token, body: { name: "Katalog bersama" } }), 201);
    expect(await outcome(), "only Ani is in the project").toEqual({ connected: true, sharedProject: false, met: false, useful: 0 });
    await app.db.db.insertInto("project_members").values({ project_id: project.id, member_id: budi.id, role: "member" }).execute();
    expect(await outcome()).toEqual({ connected: true, sharedProject: true, met: false, useful: 0 });
    // The shared project shows in their matches too.
    expect(kinds((await matchesOf(ani)).find((m) => m.member.id === budi.id))).toContain("shared_project");
  });
});
