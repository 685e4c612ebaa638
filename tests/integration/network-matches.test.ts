import { afterEach, describe, expect, it } from "vitest";
import { createSpace, type TestMember } from "../support/factories.js";
import { networkApi, useNetworkApp } from "../support/network.js";
import { prng } from "../support/prng.js";
import { disconnectAll, watchSpace } from "../support/sockets.js";

// Matches: who complements whom in a generated network of 320 (planted pairs found, hidden decoys never shown), and
// who is here today.
const app = useNetworkApp();
const { member, setProfile, matchesOf, kinds, checkInAt, presenceAt, live } = networkApi(app);
afterEach(disconnectAll);

/** 80 UMKM specialist tags (already normalised). */
const VOCABULARY = [
  "fotografi produk", "desain kemasan", "desain logo", "copywriting", "pemasaran digital", "iklan instagram", "iklan tiktok",
  "manajemen media sosial", "seo", "pembuatan website", "toko online", "marketplace shopee", "marketplace tokopedia",
  "videografi", "editing video", "ilustrasi", "branding", "sertifikasi bpom", "pirt", "legalitas usaha", "pajak umkm",
  "pembukuan", "akuntansi", "laporan keuangan", "akses permodalan", "kredit usaha rakyat", "ekspor", "impor bahan baku",
  "logistik", "pergudangan", "pengiriman antar kota", "cold chain", "produksi makanan", "produksi minuman", "kopi",
  "roasting kopi", "bakery", "katering", "frozen food", "sambal kemasan", "kerajinan rotan", "kerajinan kayu", "batik tulis",
  "batik cap", "tenun", "konveksi", "sablon", "bordir", "jahit", "fashion muslim", "aksesoris", "perhiasan perak",
  "kosmetik alami", "sabun herbal", "jamu", "pertanian organik", "hidroponik", "perikanan", "peternakan", "pupuk kompos",
  "daur ulang", "furnitur", "interior", "percetakan", "souvenir", "event organizer", "pelatihan karyawan", "rekrutmen",
  "customer service", "chatbot", "aplikasi kasir", "point of sale", "inventori", "riset pasar", "uji rasa", "food styling",
  "penulisan proposal", "hukum kontrak", "hak merek", "fotografi makanan",
];

type Generated = { member: TestMember; specialties: string[]; offers: string[]; needs: string[]; hidden: boolean; partner?: number; x?: string; y?: string };

/**
 * At least 300 members: `pairs` planted complementary pairs (A offers X and needs Y, B offers Y and needs X, each
 * (X, Y) used once), the rest noise members; every member also gets 1–3 random extra offers, 1–3 extra needs and
 * 1–3 specialties. A few hidden decoys complement planted members even better than their partners do. Profiles are
 * written in bulk with Kysely (the triggers maintain the search columns).
 */
async function generateNetwork(opts: { seed: number; total: number; pairs: number; decoys: number }) {
  const random = prng(opts.seed);
  const pick = () => VOCABULARY[Math.floor(random() * VOCABULARY.length)]!;
  const some = (min: number, max: number) => Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, pick);
  const unique = (tags: string[]) => [...new Set(tags)];

  const used = new Set<string>();
  const planted: Array<[string, string]> = [];
  while (planted.length < opts.pairs) {
    const x = pick();
    const y = pick();
    if (x === y || used.has(`${x}|${y}`) || used.has(`${y}|${x}`)) continue;
    used.add(`${x}|${y}`);
    planted.push([x, y]);
  }

  // Names in a shuffled order: matches tied on score are listed by name, which must not favour planted members.
  const numbers = Array.from({ length: opts.total }, (_, i) => i + 1);
  for (let i = numbers.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [numbers[i], numbers[j]] = [numbers[j]!, numbers[i]!];
  }
  const people: Generated[] = [];
  const add = async (shape: Omit<Generated, "member" | "specialties" | "offers" | "needs"> & { offers: string[]; needs: string[] }) => {
    const m = await member(`Anggota ${String(numbers[people.length]).padStart(3, "0")}`);
    people.push({
      ...shape,
      member: m,
      specialties: unique(some(1, 3)),
      offers: unique([...shape.offers, ...some(1, 3)]),
      needs: unique([...shape.needs, ...some(1, 3)]),
    });
  };
  for (const [x, y] of planted) {
    const a = people.length;
    await add({ offers: [x], needs: [y], hidden: false, partner: a + 1, x, y });
    await add({ offers: [y], needs: [x], hidden: false, partner: a, x: y, y: x });
  }
  // Hidden decoys: each complements a planted member twice over (would outrank the partner if shown).
  for (let i = 0; i < opts.decoys; i++) {
    const target = people[i * 2]!;
    await add({ offers: [target.y!, ...target.needs], needs: [...target.offers], hidden: true });
  }
  while (people.length < opts.total) await add({ offers: [], needs: [], hidden: false });

  await app.db.db.transaction().execute(async (trx) => {
    for (const p of people) {
      await trx
        .updateTable("profiles")
        .set({ specialties: p.specialties, offers: p.offers, needs: p.needs, hidden: p.hidden, headline: `UMKM ${p.specialties[0]}` })
        .where("member_id", "=", p.member.id)
        .execute();
    }
  });
  return people;
}

/** Runs `work` over `items` with at most `width` in flight. */
async function inBatches<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map(work))));
  return out;
}

describe("matches", () => {
  it("puts the planted complementary partner in the top 5 for at least 90% of a generated network of 320, with both reasons", async () => {
    const people = await generateNetwork({ seed: 20270301, total: 320, pairs: 64, decoys: 12 });
    const plantedMembers = people.filter((p) => p.partner !== undefined);
    expect(people).toHaveLength(320);
    expect(plantedMembers).toHaveLength(128);
    const hiddenIds = new Set(people.filter((p) => p.hidden).map((p) => p.member.id));
    expect(hiddenIds.size).toBe(12);

    const results = await inBatches(plantedMembers, 8, async (p) => ({ p, top: await matchesOf(p.member, "?limit=5") }));
    let found = 0;
    for (const { p, top } of results) {
      expect(top.length).toBeLessThanOrEqual(5);
      const ids = top.map((m) => m.member.id);
      expect(ids, "never myself").not.toContain(p.member.id);
      expect(ids.filter((id) => hiddenIds.has(id)), "never a hidden member").toEqual([]);
      // Ranked by score, best first.
      expect(top.map((m) => m.score)).toEqual([...top.map((m) => m.score)].sort((a, b) => b - a));
      const partner = people[p.partner!]!;
      const hit = top.find((m) => m.member.id === partner.member.id);
      if (!hit) continue;
      found++;
      expect(kinds(hit)).toEqual(expect.arrayContaining(["offers_what_you_need", "needs_what_you_offer"]));
      expect(hit.reasons.find((r) => r.kind === "offers_what_you_need")!.data.tags).toContain(p.y!);
      expect(hit.reasons.find((r) => r.kind === "needs_what_you_offer")!.data.tags).toContain(p.x!);
      // The contract's `detail` stays, without words: the same tags, joined.
      const offers = hit.reasons.find((r) => r.kind === "offers_what_you_need")!;
      expect(offers.detail).toBe(offers.data.tags!.join(", "));
    }
    const share = found / plantedMembers.length;
    console.info(`matching quality: planted partner in the top 5 for ${found}/${plantedMembers.length} = ${(share * 100).toFixed(1)}%`);
    expect(share).toBeGreaterThanOrEqual(0.9);

    // The decoys' targets: with a long list the hidden decoy (a better match than the partner) still never shows.
    const decoyTargets = people.slice(0, 24).filter((_, i) => i % 2 === 0);
    for (const p of decoyTargets) {
      const all = await matchesOf(p.member, "?limit=50");
      expect(all.map((m) => m.member.id).filter((id) => hiddenIds.has(id) || id === p.member.id)).toEqual([]);
    }
    // …and the decoys are real: one that shows itself again goes straight to the top of its target's matches.
    const decoy = people.find((p) => p.hidden)!;
    await setProfile(decoy.member, { hidden: false });
    const [first] = await matchesOf(people[0]!.member, "?limit=5");
    expect(first?.member.id).toBe(decoy.member.id);
  });

  it("ranks a member checked in at my space today above an equal match elsewhere, and never for one hiding presence", async () => {
    const space = await createSpace(app.services, { desks: 4 });
    const elsewhere = await createSpace(app.services, { desks: 2 });
    const vina = await member("Vina");
    const ayu = await member("Ayu"); // checked in at the other space
    const rina = await member("Rina"); // checked in here, hides presence
    const zaki = await member("Zaki"); // checked in here
    const watcher = await member("Wawan");
    await setProfile(vina, { offers: ["Fotografi Produk"], needs: ["desain kemasan"] });
    for (const m of [ayu, rina, zaki]) await setProfile(m, { offers: ["desain kemasan"], needs: ["fotografi produk"] });
    expect(await setProfile(rina, { showPresence: false })).toMatchObject({ showPresence: false });

    const w = await live(watcher);
    await watchSpace(w.socket, space.id);

    // Nobody is checked in: three equal matches in name order, none here today.
    const before = await matchesOf(vina);
    expect(before.map((m) => m.member.name)).toEqual(["Ayu", "Rina", "Zaki"]);
    expect(new Set(before.map((m) => m.score)).size).toBe(1);
    expect(before.flatMap(kinds)).not.toContain("here_today");

    await checkInAt(ayu, elsewhere, 0);
    await checkInAt(zaki, space, 0);
    expect(await w.inbox.next("presence:space")).toEqual({ spaceId: space.id, here: [{ id: zaki.id, name: "Zaki" }] });
    await checkInAt(rina, space, 1);
    expect(await w.inbox.next("presence:space"), "hiding presence: not in the live list").toEqual({
      spaceId: space.id,
      here: [{ id: zaki.id, name: "Zaki" }],
    });

    // Explicit space: Zaki first with here_today; Rina (checked in here too) gets no boost.
    const here = await matchesOf(vina, `?spaceId=${space.id}`);
    expect(here.map((m) => m.member.name)).toEqual(["Zaki", "Ayu", "Rina"]);
    expect(kinds(here[0])).toEqual(expect.arrayContaining(["here_today", "offers_what_you_need", "needs_what_you_offer"]));
    expect(here[0]!.score).toBeGreaterThan(here[1]!.score);
    expect(kinds(here[1])).not.toContain("here_today");
    expect(kinds(here[2])).not.toContain("here_today");

    // Implicit: once Vina is checked in at the space herself, the same ranking without ?spaceId.
    await checkInAt(vina, space, 2);
    expect(await w.inbox.next("presence:space")).toEqual({
      spaceId: space.id,
      here: [
        { id: zaki.id, name: "Zaki" },
        { id: vina.id, name: "Vina" },
      ],
    });
    const implicit = await matchesOf(vina);
    expect(implicit.map((m) => m.member.name)).toEqual(["Zaki", "Ayu", "Rina"]);
    expect(kinds(implicit[0])).toContain("here_today");
    expect(implicit.slice(1).flatMap(kinds)).not.toContain("here_today");
    // An explicit space wins over where I am: at the other space Ayu is the one here today.
    const there = await matchesOf(vina, `?spaceId=${elsewhere.id}`);
    expect(there.map((m) => m.member.name)).toEqual(["Ayu", "Rina", "Zaki"]);
    expect(kinds(there[0])).toContain("here_today");

    // Presence over HTTP: Rina never; and she never appeared in any socket payload.
    expect(await presenceAt(watcher, space.id)).toEqual([zaki.id, vina.id]);
    expect(await presenceAt(watcher, elsewhere.id)).toEqual([ayu.id]);
    const payloads = w.inbox.all<{ here: Array<{ id: string }> }>("presence:space");
    expect(payloads).toHaveLength(3);
    expect(payloads.flatMap((p) => p.here.map((h) => h.id))).not.toContain(rina.id);
    // Seen from Rina's side as well: nobody's matches give her here_today.
    expect((await matchesOf(zaki, `?spaceId=${space.id}`)).find((m) => m.member.id === rina.id)).toBeUndefined();
    const forAyu = await member("Ayu Dua");
    await setProfile(forAyu, { offers: ["fotografi produk"], needs: ["desain kemasan"] });
    const rinaSeen = (await matchesOf(forAyu, `?spaceId=${space.id}`)).find((m) => m.member.id === rina.id);
    expect(rinaSeen).toBeDefined();
    expect(kinds(rinaSeen)).not.toContain("here_today");
  });
});
