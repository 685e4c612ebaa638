import { describe, expect, it } from "vitest";
import { expectProblem, json } from "../support/app.js";
import { createSpace } from "../support/factories.js";
import { networkApi, useNetworkApp, type MemberProfile } from "../support/network.js";

// Issue 16, item 5: introductions that happen. The network manager suggests a room and a time with an
// introduction; each of the two sees it, connects (both accept: the double opt-in, after which contact links are
// shared), books the room through the bookings API, and says afterwards whether they met and whether it was useful.
// Members opt in week by week; the manager sees who did, with pairs suggested from the members' own match scores.
// The network app's clock is fixed at Monday 2027-03-01 09:45 in Jakarta.
const app = useNetworkApp();
const { api, member, admin, setProfile, answer, profileOf } = networkApi(app);

type Meeting = { resourceId: string; resourceName: string; spaceId: string; spaceName: string; timezone: string; start: string; end: string };
type Mine = {
  optIn: { week: string; thisWeek: boolean };
  items: Array<{ id: string; note: string; member: { id: string; name: string }; connected: boolean; meeting: Meeting | null; feedback: { met: boolean; useful: boolean | null } | null }>;
};
type Intro = { id: string; meeting: Meeting | null; outcome: { connected: boolean; met: boolean; useful: number } };
type Candidates = { week: string; members: Array<{ id: string }>; pairs: Array<{ members: [{ id: string }, { id: string }]; score: number }> };

const mine = async (who: { token: string }) => json<Mine>(await api("/api/v1/me/introductions", { token: who.token }), 200);
const feedback = (who: { token: string }, id: string, body: unknown) => api(`/api/v1/introductions/${id}/feedback`, { token: who.token, body });

describe("introductions that happen", () => {
  it("a suggested room and time; the two connect (contact shared only then), book the room in one click and say how it went", async () => {
    const nadia = await admin();
    const [ani, budi, cici] = await Promise.all([member("Ani"), member("Budi"), member("Cici")]);
    await setProfile(budi!, { links: ["https://budi.example"] });
    const space = await createSpace(app.services, { desks: 2 });
    const room = space.resources[0]!;
    const body = { memberIds: [ani!.id, budi!.id], note: "Kemasan × foto produk", meeting: { resourceId: room.id, start: "2027-03-03T10:00", end: "2027-03-03T11:00" } };

    await expectProblem(await api("/api/v1/introductions", { token: ani!.token, body }), 403, "forbidden");
    await expectProblem(await api("/api/v1/introductions", { token: nadia.token, body: { ...body, meeting: { ...body.meeting, resourceId: cici!.id } } }), 404, "not_found");
    await expectProblem(await api("/api/v1/introductions", { token: nadia.token, body: { ...body, meeting: { ...body.meeting, end: "2027-03-03T09:00" } } }), 400, "validation_failed");
    expect(await app.db.db.selectFrom("introductions").select("id").execute()).toEqual([]);

    const intro = await json<Intro>(await api("/api/v1/introductions", { token: nadia.token, body }), 201);
    // Local times are read in the space's zone (Jakarta, +07:00).
    expect(intro.meeting).toMatchObject({ resourceId: room.id, resourceName: room.name, spaceId: space.id, start: "2027-03-03T03:00:00.000Z", end: "2027-03-03T04:00:00.000Z" });

    const aniSees = await mine(ani!);
    expect(aniSees.items.map((i) => [i.id, i.member.id, i.connected, i.feedback])).toEqual([[intro.id, budi!.id, false, null]]);
    expect(aniSees.items[0]!.meeting).toEqual(intro.meeting);
    expect((await mine(budi!)).items.map((i) => i.member.id)).toEqual([ani!.id]);
    expect((await mine(cici!)).items).toEqual([]);
    // Budi's contact links stay his until both accept.
    expect((await profileOf(ani!, budi!.id) as MemberProfile & { links: string[] | null }).links).toBeNull();

    // Both accept: Ani asks (citing the introduction), Budi accepts. Now they are connected and Ani sees the links.
    const asked = await json<{ id: string }>(await api("/api/v1/connections", { token: ani!.token, body: { memberId: budi!.id, introductionId: intro.id } }), 201);
    await json(await answer(budi!, asked.id, "accept"), 200);
    expect((await mine(ani!)).items[0]!.connected).toBe(true);
    expect((await profileOf(ani!, budi!.id) as MemberProfile & { links: string[] | null }).links).toEqual(["https://budi.example"]);

    // The suggested room, booked in one click: the booking API with the meeting's room and times.
    const m = aniSees.items[0]!.meeting!;
    await json(await api("/api/v1/bookings", { token: ani!.token, body: { resourceId: m.resourceId, start: m.start, end: m.end } }), 201);

    // Afterwards: only the two may say how it went (others: 404); "useful" only when they met; saying again replaces.
    await expectProblem(await feedback(cici!, intro.id, { met: true }), 404, "not_found");
    await expectProblem(await feedback(nadia, intro.id, { met: true }), 404, "not_found");
    await expectProblem(await feedback(ani!, intro.id, { met: false, useful: true }), 400, "validation_failed");
    await expectProblem(await feedback(ani!, intro.id, { met: "yes" }), 400, "validation_failed");
    expect(await app.db.db.selectFrom("introduction_feedback").select("member_id").execute()).toEqual([]);
    expect((await json<Mine["items"][number]>(await feedback(ani!, intro.id, { met: true, useful: false }), 200)).feedback).toEqual({ met: true, useful: false });
    expect((await json<Mine["items"][number]>(await feedback(ani!, intro.id, { met: true, useful: true }), 200)).feedback).toEqual({ met: true, useful: true });
    await json(await feedback(budi!, intro.id, { met: true, useful: true }), 200);
    const listed = await json<{ items: Intro[] }>(await api("/api/v1/introductions", { token: nadia.token }), 200);
    expect(listed.items.map((i) => i.outcome)).toEqual([{ connected: true, sharedProject: false, met: true, useful: 2 }]);
    // And network health counts it as an introduction that led to a meeting.
    const health = await json<{ introduced: { total: number; connected: number; met: number } }>(await api("/api/v1/network/health", { token: nadia.token }), 200);
    expect(health.introduced).toMatchObject({ total: 1, connected: 1, met: 1 });
  });

  it("members opt in week by week; the manager sees who did and pairs among them, never one already introduced", async () => {
    const nadia = await admin();
    const [ani, budi, cici, dedi, eka] = await Promise.all(["Ani", "Budi", "Cici", "Dedi", "Eka"].map((n) => member(n)));
    await setProfile(cici!, { offers: ["desain kemasan"], needs: ["fotografi produk"] });
    await setProfile(dedi!, { offers: ["fotografi produk"], needs: ["desain kemasan"] });
    await setProfile(ani!, { offers: ["pembukuan"], needs: ["desain kemasan"] });
    await setProfile(budi!, { offers: ["desain kemasan"], needs: ["pembukuan"] });
    await setProfile(eka!, { offers: ["fotografi produk"], needs: ["desain kemasan"] }); // a match, but not opted in
    await json(await api("/api/v1/introductions", { token: nadia.token, body: { memberIds: [ani!.id, budi!.id], note: "Already" } }), 201);

    expect((await mine(ani!)).optIn).toEqual({ week: "2027-03-01", thisWeek: false });
    for (const m of [ani!, budi!, cici!, dedi!]) {
      expect(await json(await api("/api/v1/me/introductions/opt-in", { method: "PUT", token: m.token, body: { thisWeek: true } }), 200)).toEqual({ week: "2027-03-01", thisWeek: true });
    }
    // Twice on is still one opt-in.
    await json(await api("/api/v1/me/introductions/opt-in", { method: "PUT", token: ani!.token, body: { thisWeek: true } }), 200);
    expect((await mine(ani!)).optIn.thisWeek).toBe(true);

    await expectProblem(await api("/api/v1/introductions/candidates", { token: ani!.token }), 403, "forbidden");
    const c = await json<Candidates>(await api("/api/v1/introductions/candidates", { token: nadia.token }), 200);
    expect(c.week).toBe("2027-03-01");
    expect(c.members.map((x) => x.id).sort()).toEqual([ani!.id, budi!.id, cici!.id, dedi!.id].sort());
    const pair = (ids: string[]) => [...ids].sort().join("+");
    const pairs = c.pairs.map((p) => pair(p.members.map((x) => x.id)));
    expect(pairs).toContain(pair([cici!.id, dedi!.id]));
    expect(pairs).not.toContain(pair([ani!.id, budi!.id])); // introduced already
    expect(c.pairs.flatMap((p) => p.members.map((x) => x.id))).not.toContain(eka!.id);
    const seen = c.pairs.flatMap((p) => p.members.map((x) => x.id));
    expect(new Set(seen).size).toBe(seen.length); // each member in one pair

    // Opting out takes them off the list at once.
    await json(await api("/api/v1/me/introductions/opt-in", { method: "PUT", token: dedi!.token, body: { thisWeek: false } }), 200);
    const after = await json<Candidates>(await api("/api/v1/introductions/candidates", { token: nadia.token }), 200);
    expect(after.members.map((x) => x.id)).not.toContain(dedi!.id);
    await expectProblem(await api("/api/v1/me/introductions/opt-in", { method: "PUT", token: dedi!.token, body: { thisWeek: "yes" } }), 400, "validation_failed");
  });
});
