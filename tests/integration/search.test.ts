import { beforeEach, describe, expect, it } from "vitest";
import { seedDemo } from "../../db/seed.js";
import { expectProblem, json } from "../support/app.js";
import type { TestMember } from "../support/factories.js";
import { networkApi, useNetworkApp } from "../support/network.js";

// The global search (GET /api/v1/search): people as the directory shows them, spaces as the spaces list, only my
// own projects; typos as in the directory; bad input is a 400 problem.
const app = useNetworkApp();
const { api, member, admin, setProfile } = networkApi(app);

type SearchOut = {
  q: string;
  people: { items: Array<{ id: string; name: string }>; more: boolean };
  spaces: { items: Array<{ id: string; name: string }>; more: boolean };
  projects: { items: Array<{ id: string; name: string }>; more: boolean };
};

let me: TestMember;
beforeEach(async () => {
  await seedDemo(app.db.db, { passwordHash: "scrypt$N=2,r=1,p=1$x$y" });
  me = await member("Penanya Global");
});

const searchAs = async (who: TestMember, q: string, limit?: number) =>
  json<SearchOut>(await api(`/api/v1/search?${new URLSearchParams({ q, ...(limit ? { limit: String(limit) } : {}) })}`, { token: who.token }), 200);
const names = (list: Array<{ name: string }>) => list.map((x) => x.name);

async function createProject(who: TestMember, name: string, description = "") {
  return json<{ id: string }>(await api("/api/v1/projects", { token: who.token, body: { name, description } }), 201);
}

describe("global search", () => {
  it("finds people, spaces and my projects with typos, grouped", async () => {
    await createProject(me, "Kemasan kopi Makassar", "Label dan kotak baru untuk roastery.");
    const r = await searchAs(me, "makasar", 20);
    expect(names(r.spaces.items)).toEqual(["Jejaring Makassar — Losari"]);
    expect(names(r.people.items)).toEqual(expect.arrayContaining(["Yosef Rante", "Besse Nurhayati", "Fitri Operator"]));
    expect(names(r.projects.items)).toEqual(["Kemasan kopi Makassar"]);
    expect(r.q).toBe("makasar");

    const kemang = await searchAs(me, "kemang");
    expect(names(kemang.spaces.items)).toEqual(["Jejaring Jakarta — Kemang"]);
    expect(names(kemang.projects.items)).toEqual([]);
  });

  it("shows only my own projects, never someone else's", async () => {
    const other = await member("Orang Lain");
    await createProject(other, "Rahasia sambal rumahan");
    await createProject(me, "Sambal naik kelas");
    expect(names((await searchAs(me, "sambal")).projects.items)).toEqual(["Sambal naik kelas"]);
    expect(names((await searchAs(other, "sambal")).projects.items)).toEqual(["Rahasia sambal rumahan"]);
    // The demo's "Sambal & Keripik naik kelas" belongs to its members, not to me.
    expect(names((await searchAs(me, "keripik")).projects.items)).toEqual([]);
  });

  it("leaves out suspended and hidden members, as the directory does", async () => {
    const manager = await admin();
    const hidden = await member("Zulaikha Tersembunyi");
    const suspended = await member("Zulaikha Diskors");
    await setProfile(hidden, { hidden: true });
    await json(await api(`/api/v1/members/${suspended.id}/suspend`, { token: manager.token, body: { suspended: true } }), 200);
    expect(names((await searchAs(me, "zulaikha")).people.items)).toEqual([]);
    // A hidden member still finds herself.
    expect(names((await searchAs(hidden, "zulaikha")).people.items)).toEqual(["Zulaikha Tersembunyi"]);
  });

  it("limits each group and says when there is more", async () => {
    const r = await searchAs(me, "packaging", 2);
    expect(r.people.items).toHaveLength(2);
    expect(r.people.more).toBe(true);
    expect(r.spaces.more).toBe(false);
  });

  it("refuses an empty, an over-long or an unknown parameter with a 400 problem, and needs a member", async () => {
    await expectProblem(await api("/api/v1/search", { token: me.token }), 400, "validation_failed");
    await expectProblem(await api("/api/v1/search?q=%20%20", { token: me.token }), 400, "validation_failed");
    await expectProblem(await api(`/api/v1/search?q=${"a".repeat(101)}`, { token: me.token }), 400, "validation_failed");
    await expectProblem(await api("/api/v1/search?q=batik&limit=500", { token: me.token }), 400, "validation_failed");
    await expectProblem(await api("/api/v1/search?q=batik&extra=1", { token: me.token }), 400, "validation_failed");
    await expectProblem(await api("/api/v1/search?q=batik"), 401, "unauthenticated");
    // Punctuation only: a valid search that finds nothing.
    const r = await searchAs(me, "%%'\\");
    expect([r.people.items, r.spaces.items, r.projects.items]).toEqual([[], [], []]);
  });
});
