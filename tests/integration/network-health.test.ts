import { describe, expect, it } from "vitest";
import { expectProblem, json } from "../support/app.js";
import { type TestMember } from "../support/factories.js";
import { clock, DAY_MS, networkApi, NOW, useNetworkApp, type Health } from "../support/network.js";

// The network's health for admins: members, activity, connections, introductions, and the gaps between needs
// and offers.
const app = useNetworkApp();
const { api, member, admin, setProfile, connect, befriend } = networkApi(app);

describe("network health", () => {
  it("counts members, activity, connections and introductions, and finds needs nobody offers and offers nobody needs", async () => {
    const nadia = await admin();
    const people = await Promise.all(["Ani", "Budi", "Cici", "Dedi", "Eka", "Fajar"].map((n) => member(n)));
    const [ani, budi, cici, dedi, eka, fajar] = people as [TestMember, TestMember, TestMember, TestMember, TestMember, TestMember];
    for (const m of [ani, budi, cici]) await setProfile(m, { needs: ["Halal Certification", "desain kemasan"] });
    await setProfile(dedi, { offers: ["desain kemasan", "kaligrafi arab"], needs: ["fotografi produk"] });
    await setProfile(eka, { offers: ["kaligrafi arab", "fotografi produk"], hidden: true });

    await expectProblem(await api("/api/v1/network/health", { token: ani.token }), 403, "forbidden");

    // A week ago: one accepted connection and an introduction that led to it.
    await befriend(ani, dedi);
    await json(await api("/api/v1/introductions", { token: nadia.token, body: { memberIds: [ani.id, dedi.id], note: "Kemasan" } }), 201);
    // Eight days later: Budi and Cici use the app, one new connection, one pending, one more introduction.
    clock.set(new Date(new Date(NOW).getTime() + 8 * DAY_MS));
    await befriend(budi, cici);
    await json(await connect(fajar, budi.id), 201);
    await json(await api("/api/v1/introductions", { token: nadia.token, body: { memberIds: [eka.id, fajar.id], note: "Kaligrafi" } }), 201);

    const health = await json<Health>(await api("/api/v1/network/health", { token: nadia.token }), 200);
    expect(health.members).toBe(7);
    expect(health.activeThisWeek).toBe(4); // Nadia, Budi, Cici, Fajar
    expect(health.connections).toEqual({ accepted: 2, pending: 1, thisWeek: 1 });
    expect(health.introductions).toEqual({ total: 2, connected: 1, conversion: 0.5 });
    expect(health.gaps).toContainEqual({
      tag: "halal certification",
      members: 3,
      concept: { slug: "halal-certification", nameId: "sertifikasi halal", nameEn: "halal certification" },
    });
    expect(health.gaps.map((g) => g.tag)).not.toContain("desain kemasan"); // Dedi offers it
    expect(health.gaps.map((g) => g.tag)).not.toContain("fotografi produk"); // Eka (hidden) offers it
    expect(health.unneededOffers).toContainEqual({ tag: "kaligrafi arab", members: 2 });
    expect(health.unneededOffers.map((g) => g.tag)).not.toContain("desain kemasan");
    expect(health.topNeeds[0]).toEqual({ tag: "desain kemasan", needed: 3, offered: 1 });
    expect(health.topNeeds).toContainEqual({ tag: "halal certification", needed: 3, offered: 0 });
  });
});
