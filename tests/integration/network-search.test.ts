import { beforeEach, describe, expect, it } from "vitest";
import { seedDemo } from "../../db/seed.js";
import { expectProblem, json } from "../support/app.js";
import type { TestMember } from "../support/factories.js";
import { networkApi, useNetworkApp, type Page } from "../support/network.js";

// The directory's search on the demo network (db/seed/demo-network.json): easy typos, partial words, names,
// cities, ranking by relevance, and an over-long query answered with a 400 instead of "everyone".
const app = useNetworkApp();
const { api, member, search } = networkApi(app);

// A well-formed but fake hash: the demo accounts never log in here.
const FAKE_HASH = "scrypt$N=2,r=1,p=1$x$y";

let me: TestMember;
beforeEach(async () => {
  await seedDemo(app.db.db, { passwordHash: FAKE_HASH });
  me = await member("Penanya Direktori");
});

const names = async (q: string, extra: Record<string, string> = {}) => (await search(me, { q, limit: "100", ...extra })).items.map((c) => c.name);

/** The demo members whose profile has a tag containing `word`. */
const PACKAGING = ["Dewi Kartika", "Eko Saputra", "Yosef Rante", "Agus Setiawan", "Laras Ayuningtyas", "Tuti Handayani", "Mega Puspita"];
const COPYWRITING = ["Fajar Nugroho", "Ani Susanti", "Maya Anggraini", "Rizky Ramadhan", "Putri Maharani", "Kurniawan Hadi", "Hendra Gunawan", "Gilang Prakoso"];
const IN_MAKASSAR = ["Fitri Operator", "Yosef Rante", "Nadia Safitri", "Besse Nurhayati", "Rahmat Syamsuddin"];

describe("directory search on the demo network", () => {
  it("finds easy typos in tags, names and cities", async () => {
    expect(new Set(await names("pakaging"))).toEqual(new Set(PACKAGING));
    expect(new Set(await names("copywritng"))).toEqual(new Set(COPYWRITING));
    expect(new Set(await names("Makasar"))).toEqual(new Set(IN_MAKASSAR));
    expect((await names("Dwi Kartka"))[0]).toBe("Dewi Kartika");
    expect((await names("bayu pratma"))[0]).toBe("Bayu Pratama");
    // Words may land in different fields: the batik maker in Jakarta first, then others with batik (in Jakarta, or
    // in Yogyakarta, whose name ends like Jakarta's) — never someone without batik.
    const batikJakarta = await names("jakrta batik");
    expect(batikJakarta[0]).toBe("Sari Lestari");
    expect(batikJakarta).toContain("Wahyu Firmansyah");
    const BATIK = ["Sari Lestari", "Wahyu Firmansyah", "Ratna Sari Dewi"];
    expect(batikJakarta.filter((n) => !BATIK.includes(n))).toEqual([]);
  });

  it("finds partial words and prefixes", async () => {
    expect(new Set(await names("packaging"))).toEqual(new Set(PACKAGING));
    expect(new Set(await names("packag"))).toEqual(new Set(PACKAGING));
    expect(await names("Kartik")).toEqual(["Dewi Kartika"]);
    expect(await names("toraj")).toEqual(["Yosef Rante"]);
  });

  it("ranks by relevance: a name before a tag, an exact word before a typo", async () => {
    // "Dewi" is Dewi Kartika's and Ratna Sari Dewi's name; both come before anyone else.
    expect((await names("dewi")).slice(0, 2).sort()).toEqual(["Dewi Kartika", "Ratna Sari Dewi"]);
    // Those who offer packaging design ("Packaging & brand designer") come before those who need it.
    const packaging = await names("packaging design");
    expect(packaging.slice(0, 2).sort()).toEqual(["Dewi Kartika", "Eko Saputra"]);
    // The one whose name is the query comes first; the fuzzy rest follow.
    expect((await names("Rina"))[0]).toBe("Rina Admin");
  });

  it("does not match what is merely similar-looking", async () => {
    expect(await names("ani")).toEqual(["Ani Susanti"]);
    expect(await names("zzzzqqq")).toEqual([]);
    expect(await names("%_%")).toEqual([]);
  });

  it("pages a fuzzy search stably", async () => {
    const all = await names("pakaging");
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const page: Page = await search(me, { q: "pakaging", limit: "2", ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((c) => c.name));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(all);
  });

  it("answers an over-long query with 400, never with everyone", async () => {
    const long = "packaging ".repeat(25).trim(); // 249 characters
    await expectProblem(await api(`/api/v1/members?q=${encodeURIComponent(long)}`, { token: me.token }), 400, "validation_failed");
    const body = await json<{ errors: Array<{ path: string }> }>(await api(`/api/v1/members?q=${encodeURIComponent("x".repeat(101))}`, { token: me.token }), 400);
    expect(body.errors.map((e) => e.path)).toEqual(["q"]);
    // 100 characters is still a search.
    expect(await names(`${"packaging ".repeat(9)}packaging`)).toEqual(expect.arrayContaining(PACKAGING));
  });
});
