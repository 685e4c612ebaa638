import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { expectProblem, json } from "../support/app.js";
import type { TestMember } from "../support/factories.js";
import { clock, networkApi, useNetworkApp } from "../support/network.js";

// Issue 16, item 6: network health over a chosen period — density at the end of it, newcomers' time to a first
// connection, where the introductions of the period led, what it produced month by month — and the same figures
// as CSV for the programme report. Every instant is set on the app's clock (and members' joining by SQL), so each
// figure below follows from the timeline written here.
const app = useNetworkApp();
const { api, member, admin, befriend } = networkApi(app);

type Period = {
  period: { from: string; to: string };
  referrals: number;
  won: number;
  closedValue: number;
  months: { month: string; referrals: number; won: number; closedValue: number; hoursExchanged: number }[];
  density: { members: number; connections: number; density: number };
  newcomers: { joined: number; connected: number; connectedWithin: number; withinDays: number; medianDaysToFirstConnection: number | null };
  introduced: { total: number; connected: number; met: number; referred: number };
};

const at = (local: string) => clock.set(new Date(`${local}+07:00`));
const joined = (m: TestMember, local: string) => sql`UPDATE members SET created_at = ${`${local}+07:00`}::timestamptz WHERE id = ${m.id}`.execute(app.db.db);
const csvRows = (text: string) => text.replace(/^\uFEFF/, "").trim().split("\r\n").map((l) => l.split(","));

describe("network health over a period", () => {
  it("measures density at the period's end, newcomers' wait for a first connection, introductions' outcomes and each month", async () => {
    const nadia = await admin();
    const [ani, budi, cici, dedi, eka, fajar] = await Promise.all(["Ani", "Budi", "Cici", "Dedi", "Eka", "Fajar"].map((n) => member(n)));
    await joined(nadia, "2026-06-01T09:00:00");
    await joined(budi!, "2026-06-01T09:00:00"); // an old hand: not a newcomer in the period
    await joined(cici!, "2027-01-05T10:00:00");
    await joined(ani!, "2027-01-10T10:00:00");
    await joined(dedi!, "2027-02-20T10:00:00"); // joins, connects with nobody
    await joined(eka!, "2027-01-03T10:00:00"); // suspended: counted nowhere
    await sql`UPDATE members SET suspended_at = now() WHERE id = ${eka!.id}`.execute(app.db.db);
    await joined(fajar!, "2027-03-01T08:00:00"); // after the period

    at("2026-12-20T10:00:00");
    await json(await api("/api/v1/introductions", { token: nadia.token, body: { memberIds: [cici!.id, dedi!.id], note: "Before the period" } }), 201);
    at("2027-01-11T10:00:00");
    await json(await api("/api/v1/introductions", { token: nadia.token, body: { memberIds: [ani!.id, budi!.id], note: "Kemasan" } }), 201);
    at("2027-01-12T10:00:00");
    await befriend(ani!, budi!); // Ani's first connection: 2 days after joining
    at("2027-01-20T10:00:00");
    await json(await api("/api/v1/introductions", { token: nadia.token, body: { memberIds: [ani!.id, cici!.id], note: "Foto produk" } }), 201);
    at("2027-01-25T10:00:00");
    const { id: referral } = await json<{ id: string }>(
      await api("/api/v1/referrals", { token: ani!.token, body: { toMemberId: cici!.id, prospect: "Toko Batik Sari", description: "Needs product photos" } }),
      201,
    );
    at("2027-02-10T10:00:00");
    await json(await api(`/api/v1/referrals/${referral}`, { method: "PATCH", token: cici!.token, body: { status: "won", closedValue: 5_000_000 } }), 200);
    at("2027-02-21T10:00:00");
    await json(await api("/api/v1/introductions", { token: nadia.token, body: { memberIds: [dedi!.id, budi!.id], note: "Led nowhere" } }), 201);
    at("2027-02-24T10:00:00");
    await befriend(cici!, budi!); // Cici's first connection: 50 days after joining
    at("2027-03-01T09:00:00");
    await befriend(fajar!, ani!); // after the period's end

    const period = "from=2027-01-01&to=2027-02-28";
    const h = await json<Period>(await api(`/api/v1/network/health?${period}`, { token: nadia.token }), 200);
    expect(h.period).toEqual({ from: "2027-01-01", to: "2027-02-28" });
    // At the end of February: Nadia, Budi, Cici, Ani, Dedi (Eka suspended, Fajar not yet) and two connections of ten pairs.
    expect(h.density).toEqual({ members: 5, connections: 2, density: 0.2 });
    // Newcomers: Cici, Ani, Dedi; two connected, after 50 and 2 days (median 26), one of them within 30 days.
    expect(h.newcomers).toEqual({ joined: 3, connected: 2, connectedWithin: 1, withinDays: 30, medianDaysToFirstConnection: 26 });
    // Three introductions in the period: Ani–Budi connected, Ani–Cici passed business, Dedi–Budi neither.
    expect(h.introduced).toEqual({ total: 3, connected: 1, met: 0, referred: 1 });
    expect(h.months).toEqual([
      { month: "2027-01", referrals: 1, won: 0, closedValue: 0, hoursExchanged: 0 },
      { month: "2027-02", referrals: 0, won: 1, closedValue: 5_000_000, hoursExchanged: 0 },
    ]);
    expect([h.referrals, h.won, h.closedValue]).toEqual([1, 1, 5_000_000]);

    // The same network at the end of January: Budi–Cici had not connected yet, Dedi had not joined.
    const january = await json<Period>(await api("/api/v1/network/health?from=2027-01-01&to=2027-01-31", { token: nadia.token }), 200);
    expect(january.density).toEqual({ members: 4, connections: 1, density: 1 / 6 });
    expect(january.newcomers.joined).toBe(2);
    expect(january.months.map((m) => m.month)).toEqual(["2027-01"]);
  });

  it("gives each table as CSV for the programme report, with the JSON's numbers, to the network manager only", async () => {
    const nadia = await admin();
    const [ani, budi] = await Promise.all([member("Ani"), member("Budi")]);
    at("2027-02-10T10:00:00");
    await befriend(ani!, budi!);
    await json(await api("/api/v1/referrals", { token: ani!.token, body: { toMemberId: budi!.id, prospect: "=HYPERLINK(\"x\")", description: "Formula-looking prospect" } }), 201);

    const period = "from=2027-02-01&to=2027-02-28";
    const h = await json<Period>(await api(`/api/v1/network/health?${period}`, { token: nadia.token }), 200);
    const res = await api(`/api/v1/network/health?${period}&format=csv`, { token: nadia.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toContain("network-health-summary-2027-02-01-2027-02-28.csv");
    const summary = new Map(csvRows(await res.text()).map(([k, v]) => [k, v]));
    expect(summary.get("metric")).toBe("value");
    expect(summary.get("referralsGiven")).toBe(String(h.referrals));
    expect(summary.get("members")).toBe(String(h.density.members));
    expect(Number(summary.get("density"))).toBeCloseTo(h.density.density, 4);
    expect(summary.get("newcomersConnectedWithin30Days")).toBe(String(h.newcomers.connectedWithin));

    const months = csvRows(await (await api(`/api/v1/network/health?${period}&format=csv&section=months`, { token: nadia.token })).text());
    expect(months).toEqual([["month", "referralsGiven", "referralsWon", "closedValueIdr", "hoursExchanged"], ["2027-02", "1", "0", "0", "0"]]);
    const members = csvRows(await (await api(`/api/v1/network/health?${period}&format=csv&section=members`, { token: nadia.token })).text());
    expect(members[0]).toEqual(["memberId", "name", "referralsGiven", "referralsReceived", "hoursGiven", "hoursReceived", "light"]);
    expect(members.slice(1).map((r) => [r[1], r[6]])).toEqual([["Ani", "green"], ["Budi", "red"]]);

    await expectProblem(await api(`/api/v1/network/health?${period}&format=csv`, { token: ani!.token }), 403, "forbidden");
    await expectProblem(await api(`/api/v1/network/health?${period}&format=xml`, { token: nadia.token }), 400, "validation_failed");
    await expectProblem(await api(`/api/v1/network/health?${period}&format=csv&section=secrets`, { token: nadia.token }), 400, "validation_failed");
  });
});
