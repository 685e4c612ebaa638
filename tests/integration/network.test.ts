import { connectMember, disconnectAll, watchSpace } from "../support/sockets.js";
import { afterEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../server/domain/clock.js";
import { expectProblem, json, useTestApp, type TestApp } from "../support/app.js";
import { createMember, createSpace, type TestMember, type TestSpace } from "../support/factories.js";

// The whole file runs at a fixed "now": Monday 2027-03-01 09:45 in Jakarta (UTC+7), when the factory's spaces are
// open and a booking from 10:00 can already be checked in. Time only moves when a test moves the clock.
const NOW = "2027-03-01T09:45:00+07:00";
const clock = fixedClock(NOW);
const DAY_MS = 86_400_000;
/** How long an awaited live event may take before the test fails (a deadline, never a sleep). */

const app = useTestApp({ clock, now: NOW });

// --- HTTP helpers ---------------------------------------------------------------------------------------------

type Card = { id: string; name: string; headline: string; businessName: string; city: string; specialties: string[]; offers: string[]; needs: string[] };
type ReasonKind = "offers_what_you_need" | "needs_what_you_offer" | "here_today" | "shared_specialty" | "shared_project";
type Match = { member: Card; score: number; reasons: Array<{ kind: ReasonKind; data: { tags?: string[]; count?: number } }> };
type MemberProfile = Card & {
  bio: string;
  links: string[] | null;
  connection: { id: string; status: string; direction: "outgoing" | "incoming" } | null;
  isSelf: boolean;
};
type Connection = { id: string; status: "pending" | "accepted" | "declined"; direction: "outgoing" | "incoming"; note: string; member: Card };
type Introduction = { id: string; note: string; members: [Card, Card]; outcome: { connected: boolean; sharedProject: boolean } };
type Page = { items: Card[]; nextCursor: string | null };
type Health = {
  members: number;
  activeThisWeek: number;
  connections: { accepted: number; pending: number; thisWeek: number };
  introductions: { total: number; connected: number; conversion: number };
  gaps: Array<{ tag: string; members: number }>;
  unneededOffers: Array<{ tag: string; members: number }>;
  topNeeds: Array<{ tag: string; needed: number; offered: number }>;
};
type ProfilePatch = Partial<{
  headline: string;
  bio: string;
  businessName: string;
  city: string;
  specialties: string[];
  offers: string[];
  needs: string[];
  links: string[];
  showPresence: boolean;
  hidden: boolean;
}>;

const api: TestApp["api"] = (path, init) => app.api(path, init);

const member = (name: string) => createMember(app.db.db, app.services, { name });
const admin = (name = "Nadia Manajer") => createMember(app.db.db, app.services, { name, role: "admin" });

async function setProfile(who: TestMember, patch: ProfilePatch) {
  return json<ProfilePatch>(await api("/api/v1/me/profile", { method: "PATCH", token: who.token, body: patch }), 200);
}

async function matchesOf(who: TestMember, query = "") {
  return (await json<{ items: Match[] }>(await api(`/api/v1/me/matches${query}`, { token: who.token }), 200)).items;
}
const kinds = (m: Match | undefined) => (m?.reasons ?? []).map((r) => r.kind);

const getMember = (who: TestMember, id: string) => api(`/api/v1/members/${id}`, { token: who.token });
const profileOf = async (who: TestMember, id: string) => json<MemberProfile>(await getMember(who, id), 200);

async function search(who: TestMember, params: Record<string, string>) {
  return json<Page>(await api(`/api/v1/members?${new URLSearchParams(params)}`, { token: who.token }), 200);
}
const searchIds = async (who: TestMember, params: Record<string, string>) => (await search(who, { limit: "100", ...params })).items.map((c) => c.id);

/** Walks every page of a directory query and returns the ids in the order seen, failing on a runaway cursor. */
async function walkPages(who: TestMember, params: Record<string, string>, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; ; pages++) {
    expect(pages, "too many pages: the cursor does not advance").toBeLessThan(100);
    const page: Page = await search(who, { ...params, limit: String(limit), ...(cursor ? { cursor } : {}) });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.items.map((c) => c.id));
    if (!page.nextCursor) return seen;
    expect(page.items).toHaveLength(limit);
    cursor = page.nextCursor;
  }
}

const connect = (who: TestMember, memberId: string, note?: string) =>
  api("/api/v1/connections", { token: who.token, body: { memberId, ...(note ? { note } : {}) } });
const answer = (who: TestMember, connectionId: string, verb: "accept" | "decline") =>
  api(`/api/v1/connections/${connectionId}/${verb}`, { method: "POST", token: who.token });
const connectionsOf = async (who: TestMember) =>
  (await json<{ items: Connection[] }>(await api("/api/v1/connections", { token: who.token }), 200)).items;

/** A requests, B accepts: an accepted connection. */
async function befriend(a: TestMember, b: TestMember) {
  const asked = await json<Connection>(await connect(a, b.id), 201);
  return json<Connection>(await answer(b, asked.id, "accept"), 200);
}

const introductions = async (who: TestMember) =>
  (await json<{ items: Introduction[] }>(await api("/api/v1/introductions", { token: who.token }), 200)).items;

/**
 * Books desk `desk` of a space 10:00–12:00 and checks in (the window opens at 09:45); the clock moves on a second
 * first, so everyone checked in has a distinct "since".
 */
async function checkInAt(who: TestMember, space: TestSpace, desk: number) {
  const booking = await json<{ id: string }>(
    await api("/api/v1/bookings", { token: who.token, body: { resourceId: space.resources[desk]!.id, start: "2027-03-01T10:00", end: "2027-03-01T12:00" } }),
    201,
  );
  clock.advance(1_000);
  await json(await api(`/api/v1/bookings/${booking.id}/check-in`, { method: "POST", token: who.token }), 200);
}

const presenceAt = async (who: TestMember, spaceId: string) =>
  (await json<{ items: Array<{ member: { id: string; name: string } }> }>(await api(`/api/v1/spaces/${spaceId}/presence`, { token: who.token }), 200)).items.map(
    (i) => i.member.id,
  );

// --- sockets --------------------------------------------------------------------------------------------------

afterEach(disconnectAll);
const live = (member: TestMember) => connectMember(app.url, member.token);

// --- the generated network ------------------------------------------------------------------------------------

/** mulberry32: a small seeded PRNG, so the generated network is the same on every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

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

// --- the tests ------------------------------------------------------------------------------------------------

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

describe("profiles and privacy", () => {
  it("answers 404 for unknown and hidden members and shows contact links only to accepted connections", async () => {
    const ani = await member("Ani");
    const budi = await member("Budi");
    const hana = await member("Hana");
    await setProfile(ani, { headline: "Desainer kemasan", links: ["https://ani.example/portfolio"] });
    await setProfile(budi, { links: ["http://budi.example"] });
    await setProfile(hana, { hidden: true, links: ["https://hana.example"] });

    await expectProblem(await getMember(ani, "6f1c1a52-1111-4a4a-9b9b-000000000000"), 404, "not_found");
    await expectProblem(await getMember(ani, hana.id), 404, "not_found");
    await expectProblem(await getMember(ani, "not-a-uuid"), 400, "validation_failed");
    // Links must be http(s).
    await expectProblem(await api("/api/v1/me/profile", { method: "PATCH", token: ani.token, body: { links: ["javascript:alert(1)"] } }), 400, "validation_failed");

    // My own profile shows my links; somebody else's does not until a connection is accepted.
    expect(await profileOf(ani, ani.id)).toMatchObject({ isSelf: true, links: ["https://ani.example/portfolio"], connection: null });
    expect(await profileOf(budi, ani.id)).toMatchObject({ isSelf: false, headline: "Desainer kemasan", links: null, connection: null });
    const asked = await json<Connection>(await connect(budi, ani.id, "Butuh kemasan"), 201);
    expect(await profileOf(budi, ani.id)).toMatchObject({ links: null, connection: { id: asked.id, status: "pending", direction: "outgoing" } });
    expect(await profileOf(ani, budi.id)).toMatchObject({ links: null, connection: { status: "pending", direction: "incoming" } });
    await json(await answer(ani, asked.id, "accept"), 200);
    expect(await profileOf(budi, ani.id)).toMatchObject({ links: ["https://ani.example/portfolio"], connection: { status: "accepted" } });
    expect(await profileOf(ani, budi.id)).toMatchObject({ links: ["http://budi.example"], connection: { status: "accepted" } });

    // A hidden member reaches out; only once connected can the other see her (and her links).
    await expectProblem(await connect(ani, hana.id), 404, "not_found");
    const fromHana = await json<Connection>(await connect(hana, ani.id), 201);
    await expectProblem(await getMember(ani, hana.id), 404, "not_found");
    await json(await answer(ani, fromHana.id, "accept"), 200);
    expect(await profileOf(ani, hana.id)).toMatchObject({ id: hana.id, links: ["https://hana.example"] });
    await expectProblem(await getMember(budi, hana.id), 404, "not_found");
    expect(await profileOf(hana, hana.id)).toMatchObject({ isSelf: true, links: ["https://hana.example"] });
  });
});

describe("directory search", () => {
  it("tolerates typos and partial words, combines filters, lists who is here, pages stably and never shows the hidden", async () => {
    const me = await member("Penanya");
    const fina = await member("Fina");
    const kiki = await member("Kiki");
    const hidden = await member("Hilda Fotografi");
    await setProfile(fina, { specialties: ["Fotografi Produk"], bio: "Jasa fotografi produk untuk katalog UMKM." });
    await setProfile(kiki, { offers: ["kemasan"], headline: "Pabrik kecil" });
    await setProfile(hidden, { specialties: ["fotografi produk"], offers: ["kemasan"], hidden: true });

    // Typos and partial words.
    expect(await searchIds(me, { q: "fotograffi" })).toEqual([fina.id]);
    expect(await searchIds(me, { q: "fotografi produk" })).toEqual([fina.id]);
    expect(await searchIds(me, { q: "kemasan" })).toEqual([kiki.id]);
    expect(await searchIds(me, { q: "kemas" })).toEqual([kiki.id]);
    expect(await searchIds(me, { q: "KEMASAN" })).toEqual([kiki.id]);
    // The hidden member sees herself, nobody else sees her.
    expect(await searchIds(hidden, { q: "kemasan" })).toEqual(expect.arrayContaining([hidden.id, kiki.id]));

    // Filters combine: specialty + city + need; only the member matching all three.
    const wanted = await member("Gita");
    const wrongNeed = await member("Gilang");
    const wrongCity = await member("Gusti");
    const wrongSpecialty = await member("Galih");
    await setProfile(wanted, { specialties: ["desain grafis"], city: "Bandung", needs: ["akses permodalan", "kemasan"] });
    await setProfile(wrongNeed, { specialties: ["desain grafis"], city: "Bandung", needs: ["kemasan"] });
    await setProfile(wrongCity, { specialties: ["desain grafis"], city: "Jakarta", needs: ["akses permodalan"] });
    await setProfile(wrongSpecialty, { specialties: ["ilustrasi"], city: "Bandung", needs: ["akses permodalan"] });
    expect(await searchIds(me, { specialty: "Desain Grafis", city: "bandung", need: "akses permodalan" })).toEqual([wanted.id]);
    expect(new Set(await searchIds(me, { specialty: "desain grafis", city: "Bandung" }))).toEqual(new Set([wanted.id, wrongNeed.id]));
    expect(await searchIds(me, { q: "kemasan", need: "kemasan", city: "Bandung" })).toEqual(expect.arrayContaining([wanted.id, wrongNeed.id]));
    expect(await searchIds(me, { q: "kemasan", need: "kemasan", city: "Bandung" })).toHaveLength(2);
    expect(await searchIds(me, { offer: "kemasan" })).toEqual([kiki.id]);

    // Here now: only members checked in at the space now who allow it.
    const space = await createSpace(app.services, { desks: 4 });
    const elsewhere = await createSpace(app.services, { desks: 1 });
    const shy = await member("Sari");
    const booked = await member("Bayu");
    await setProfile(shy, { showPresence: false });
    await checkInAt(fina, space, 0);
    await checkInAt(shy, space, 1);
    await checkInAt(kiki, elsewhere, 0);
    await json(await api("/api/v1/bookings", { token: booked.token, body: { resourceId: space.resources[2]!.id, start: "2027-03-01T10:00", end: "2027-03-01T11:00" } }), 201);
    expect(await searchIds(me, { hereAt: space.id })).toEqual([fina.id]);
    expect(await searchIds(me, { hereAt: space.id, q: "fotograffi" })).toEqual([fina.id]);
    expect(await searchIds(me, { hereAt: space.id, q: "kemasan" })).toEqual([]);
    expect(await searchIds(me, { hereAt: elsewhere.id })).toEqual([kiki.id]);

    // Pagination through ≥ 5 results with limit=2, for a q search (equal and unequal scores) and a plain listing.
    const batik: TestMember[] = [];
    for (let i = 0; i < 7; i++) {
      const m = await member(i < 3 ? "Batik Sama" : `Perajin ${i}`);
      batik.push(m);
      await setProfile(m, i < 3 ? { specialties: ["batik tulis"] } : { headline: `Batik cap ${"dan tulis ".repeat(i - 2)}`, bio: "Batik dari Solo" });
    }
    await setProfile(hidden, { bio: "batik tulis juga" });
    const full = await searchIds(me, { q: "batik" });
    expect(new Set(full)).toEqual(new Set(batik.map((m) => m.id)));
    const walked = await walkPages(me, { q: "batik" }, 2);
    expect(walked).toEqual(full);
    expect(new Set(walked).size).toBe(walked.length);

    const everyone = await searchIds(me, {});
    expect(everyone).not.toContain(hidden.id);
    expect(everyone.length).toBeGreaterThanOrEqual(15);
    const listed = await walkPages(me, {}, 2);
    expect(listed).toEqual(everyone);
    expect(new Set(listed).size).toBe(listed.length);

    // A bad cursor → 400.
    for (const cursor of ["garbage!", Buffer.from(JSON.stringify({ id: "x" })).toString("base64url"), Buffer.from("not json").toString("base64url")]) {
      await expectProblem(await api(`/api/v1/members?${new URLSearchParams({ q: "batik", cursor })}`, { token: me.token }), 400, "validation_failed");
      await expectProblem(await api(`/api/v1/members?${new URLSearchParams({ cursor })}`, { token: me.token }), 400, "validation_failed");
    }
  });
});

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
    expect(await outcome()).toEqual({ connected: false, sharedProject: false });
    const pending = await json<Connection>(await connect(budi, ani.id), 201);
    expect(await outcome(), "a pending request is not a connection").toEqual({ connected: false, sharedProject: false });
    await json(await answer(ani, pending.id, "accept"), 200);
    expect(await outcome()).toEqual({ connected: true, sharedProject: false });

    const project = await json<{ id: string }>(await api("/api/v1/projects", { token: ani.token, body: { name: "Katalog bersama" } }), 201);
    expect(await outcome(), "only Ani is in the project").toEqual({ connected: true, sharedProject: false });
    await app.db.db.insertInto("project_members").values({ project_id: project.id, member_id: budi.id, role: "member" }).execute();
    expect(await outcome()).toEqual({ connected: true, sharedProject: true });
    // The shared project shows in their matches too.
    expect(kinds((await matchesOf(ani)).find((m) => m.member.id === budi.id))).toContain("shared_project");
  });
});

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
    expect(health.gaps).toContainEqual({ tag: "halal certification", members: 3 });
    expect(health.gaps.map((g) => g.tag)).not.toContain("desain kemasan"); // Dedi offers it
    expect(health.gaps.map((g) => g.tag)).not.toContain("fotografi produk"); // Eka (hidden) offers it
    expect(health.unneededOffers).toContainEqual({ tag: "kaligrafi arab", members: 2 });
    expect(health.unneededOffers.map((g) => g.tag)).not.toContain("desain kemasan");
    expect(health.topNeeds[0]).toEqual({ tag: "desain kemasan", needed: 3, offered: 1 });
    expect(health.topNeeds).toContainEqual({ tag: "halal certification", needed: 3, offered: 0 });
  });
});

describe("tags", () => {
  it("suggests normalised tags with counts, most common first, by prefix and field", async () => {
    const spellings = ["Packaging Design", "packaging design", "  PACKAGING   design "];
    for (const [i, tag] of spellings.entries()) {
      const m = await member(`Pengemas ${i}`);
      expect(await setProfile(m, { offers: [tag, "packing", "Packaging Design"] })).toMatchObject({ offers: ["packaging design", "packing"] });
    }
    const solo = await member("Solo");
    await setProfile(solo, { offers: ["Packing"], needs: ["packaging design"] });
    const other = await member("Lain");
    await setProfile(other, { offers: ["Pack Shot Photography", "fotografi"] });
    const hidden = await member("Tersembunyi");
    await setProfile(hidden, { offers: ["packaging design", "pack secret"], hidden: true });

    const suggest = async (query: string) =>
      (await json<{ items: Array<{ tag: string; count: number }> }>(await api(`/api/v1/tags?${query}`, { token: solo.token }), 200)).items;
    expect(await suggest("field=offers&q=pack")).toEqual([
      { tag: "packing", count: 4 },
      { tag: "packaging design", count: 3 },
      { tag: "pack shot photography", count: 1 },
    ]);
    expect(await suggest("field=offers&q=Packa")).toEqual([{ tag: "packaging design", count: 3 }]);
    expect(await suggest("field=needs&q=pack")).toEqual([{ tag: "packaging design", count: 1 }]);
    expect(await suggest("field=offers&q=zzz")).toEqual([]);
    await expectProblem(await api("/api/v1/tags?field=colours", { token: solo.token }), 400, "validation_failed");
  });
});
