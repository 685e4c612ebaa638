import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { TAXONOMY, type TaxonomyConcept } from "../../db/taxonomy.js";
import type { TestMember } from "../support/factories.js";
import { networkApi, useNetworkApp } from "../support/network.js";
import { prng } from "../support/prng.js";

// Specialties that understand both languages (issue 16, item 4): tags typed in Indonesian or English, in variants
// and with typos, meet on the taxonomy's concepts — in matches, in the directory and in the network's gaps.
const app = useNetworkApp();
const { member, admin, setProfile, matchesOf, kinds, searchIds } = networkApi(app);

type Lang = "id" | "en";
type Person = { member: TestMember; offers: string[]; needs: string[]; specialties: string[]; partner?: number };

/**
 * A network of `total` members: `pairs` complementary pairs over distinct concepts (A offers X and needs Y, B offers
 * Y and needs X), A writing in Indonesian and B in English, each tag a random name or synonym of its concept, one in
 * four with a typo (a letter dropped inside a word of 6+ letters), never the same words on both sides; every member
 * also gets random extra tags of other concepts (either language) and the rest are distractor members.
 */
async function generateNetwork(opts: { seed: number; total: number; pairs: number }) {
  const random = prng(opts.seed);
  const pickFrom = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const variants = (c: TaxonomyConcept, lang: Lang) => [lang === "id" ? c.id : c.en, ...c.synonyms[lang]];
  const typo = (tag: string) => {
    const words = tag.split(" ");
    const long = words.map((w, i) => [w, i] as const).filter(([w]) => w.length >= 6);
    if (long.length === 0) return tag;
    const [w, i] = pickFrom(long);
    const at = 2 + Math.floor(random() * (w.length - 3));
    words[i] = w.slice(0, at) + w.slice(at + 1);
    return words.join(" ");
  };
  const write = (c: TaxonomyConcept, lang: Lang, avoid?: string) => {
    const options = variants(c, lang).filter((v) => v.toLowerCase() !== avoid);
    const tag = pickFrom(options.length ? options : variants(c, lang)).toLowerCase();
    return random() < 0.25 ? typo(tag) : tag;
  };
  const concepts = [...TAXONOMY];
  // Distinct concepts per pair, so a planted pair is the one that completes the other.
  for (let i = concepts.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [concepts[i], concepts[j]] = [concepts[j]!, concepts[i]!];
  }
  const plantedConcepts = concepts.slice(0, opts.pairs * 2);
  const others = concepts.slice(opts.pairs * 2);
  const extras = (n: number) => Array.from({ length: n }, () => write(pickFrom(others), random() < 0.5 ? "id" : "en"));

  const people: Person[] = [];
  const add = async (p: Omit<Person, "member">) => {
    const m = await member(`Anggota ${String(people.length + 1).padStart(3, "0")}`);
    people.push({ ...p, member: m });
  };
  for (let i = 0; i < opts.pairs; i++) {
    const x = plantedConcepts[2 * i]!;
    const y = plantedConcepts[2 * i + 1]!;
    const a = people.length;
    const aOffers = write(x, "id");
    const aNeeds = write(y, "id");
    await add({ offers: [aOffers, ...extras(1 + Math.floor(random() * 2))], needs: [aNeeds, ...extras(1 + Math.floor(random() * 2))], specialties: extras(2), partner: a + 1 });
    await add({ offers: [write(y, "en", aNeeds), ...extras(1 + Math.floor(random() * 2))], needs: [write(x, "en", aOffers), ...extras(1 + Math.floor(random() * 2))], specialties: extras(2), partner: a });
  }
  while (people.length < opts.total) await add({ offers: extras(2), needs: extras(2), specialties: extras(2) });
  await app.db.db.transaction().execute(async (trx) => {
    for (const p of people) {
      await trx.updateTable("profiles").set({ offers: [...new Set(p.offers)], needs: [...new Set(p.needs)], specialties: [...new Set(p.specialties)] }).where("member_id", "=", p.member.id).execute();
    }
  });
  return people;
}

async function partnerInTop5(people: Person[]) {
  const planted = people.filter((p) => p.partner !== undefined);
  let found = 0;
  for (let i = 0; i < planted.length; i += 8) {
    const tops = await Promise.all(planted.slice(i, i + 8).map(async (p) => ({ p, top: await matchesOf(p.member, "?limit=5") })));
    for (const { p, top } of tops) {
      const hit = top.find((m) => m.member.id === people[p.partner!]!.member.id);
      if (hit) found++;
    }
  }
  return { found, of: planted.length, share: found / planted.length };
}

describe("specialties in both languages", () => {
  it("ships a taxonomy of at least 150 concepts, each named in both languages, on a fresh database", async () => {
    const { rows } = await sql<{ concepts: number; both: number; synonyms: number }>`
      SELECT (SELECT count(*)::int FROM concepts) AS concepts,
             (SELECT count(*)::int FROM concepts c WHERE EXISTS (SELECT 1 FROM concept_labels l WHERE l.concept_id = c.id AND l.lang = 'id')
                AND EXISTS (SELECT 1 FROM concept_labels l WHERE l.concept_id = c.id AND l.lang = 'en')) AS both,
             (SELECT count(*)::int FROM concept_labels WHERE kind = 'synonym') AS synonyms`.execute(app.db.db);
    expect(rows[0]!.concepts).toBe(TAXONOMY.length);
    expect(rows[0]!.concepts).toBeGreaterThanOrEqual(150);
    expect(rows[0]!.both).toBe(rows[0]!.concepts);
    expect(rows[0]!.synonyms).toBeGreaterThan(rows[0]!.concepts * 3);
  });

  it("puts the planted cross-language partner in the top 5 for at least 80% of a generated network, and raw tags do not", async () => {
    const people = await generateNetwork({ seed: 20261209, total: 200, pairs: 60 });
    const withConcepts = await partnerInTop5(people);
    console.info(`cross-language matching: planted partner in the top 5 for ${withConcepts.found}/${withConcepts.of} = ${(withConcepts.share * 100).toFixed(1)}%`);
    expect(withConcepts.share).toBeGreaterThanOrEqual(0.8);

    // The same network with the taxonomy emptied: every tag maps onto nothing, matching falls back to the words.
    await sql`DELETE FROM concept_labels`.execute(app.db.db);
    await sql`SELECT concepts_remap()`.execute(app.db.db);
    const raw = await partnerInTop5(people);
    console.info(`raw tag matching: planted partner in the top 5 for ${raw.found}/${raw.of} = ${(raw.share * 100).toFixed(1)}%`);
    expect(raw.share).toBeLessThan(0.3);
  });

  it("matches an Indonesian-speaking packaging designer and an English-speaking photographer, with their own words as reasons", async () => {
    const dewi = await member("Dewi Kemasan");
    const john = await member("John Lens");
    await setProfile(dewi, { offers: ["Desain Kemasan"], needs: ["foto produk"], specialties: ["desain grafis"] });
    await setProfile(john, { offers: ["Product Photography"], needs: ["packaging desing"], specialties: ["graphic designer"] });
    const [top] = await matchesOf(dewi);
    expect(top?.member.id).toBe(john.id);
    expect(kinds(top)).toEqual(expect.arrayContaining(["offers_what_you_need", "needs_what_you_offer", "shared_specialty"]));
    expect(top!.reasons.find((r) => r.kind === "offers_what_you_need")!.data.tags).toEqual(["product photography"]);
    expect(top!.reasons.find((r) => r.kind === "needs_what_you_offer")!.data.tags).toEqual(["packaging desing"]);
    // Profiles keep the words as typed (normalised case only).
    const stored = await app.db.db.selectFrom("profiles").select(["needs", "offers"]).where("member_id", "=", john.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ needs: ["packaging desing"], offers: ["product photography"] });
  });

  it("finds both in a directory search in either language, by words or by the specialty filter", async () => {
    const viewer = await member("Vera");
    const dewi = await member("Dewi");
    const john = await member("John");
    const other = await member("Oki");
    await setProfile(dewi, { offers: ["fotografi produk"] });
    await setProfile(john, { offers: ["product photos"] });
    await setProfile(other, { offers: ["desain logo"] });
    for (const q of ["product photography", "foto produk", "fotografi prduk"]) {
      const ids = await searchIds(viewer, { q });
      expect(ids, q).toEqual(expect.arrayContaining([dewi.id, john.id]));
      expect(ids, q).not.toContain(other.id);
    }
    expect(await searchIds(viewer, { offer: "product photography" })).toEqual(expect.arrayContaining([dewi.id, john.id]));
    expect(await searchIds(viewer, { offer: "product photography" })).not.toContain(other.id);
    expect(await searchIds(viewer, { need: "product photography" })).toEqual([]);
  });

  it("counts gaps on concepts: a need someone offers in the other language is no gap", async () => {
    const boss = await admin();
    const a = await member("Ani");
    const b = await member("Budi");
    const c = await member("Citra");
    await setProfile(a, { needs: ["sertifikat halal", "desain kemasan"] });
    await setProfile(b, { needs: ["halal certification"], offers: ["packaging design"] });
    await setProfile(c, { needs: ["kopi susu gula aren"] });
    const health = await (await app.api("/api/v1/network/health", { token: boss.token })).json();
    const gaps = health.gaps as Array<{ tag: string; members: number; concept: { slug: string } | null }>;
    expect(gaps.find((g) => g.concept?.slug === "halal-certification")).toMatchObject({ members: 2 });
    expect(gaps.find((g) => g.concept?.slug === "packaging-design")).toBeUndefined();
    expect(gaps.find((g) => g.tag === "kopi susu gula aren")).toEqual({ tag: "kopi susu gula aren", members: 1, concept: null });
  });
});
