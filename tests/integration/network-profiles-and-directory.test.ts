import { describe, expect, it } from "vitest";
import { expectProblem, json } from "../support/app.js";
import { createSpace, type TestMember } from "../support/factories.js";
import { networkApi, useNetworkApp, type Connection } from "../support/network.js";

// Profiles and privacy (hidden members, contact links only for connections), the directory search (typos,
// filters, who is here, stable pages) and tag suggestions.
const app = useNetworkApp();
const { api, member, setProfile, getMember, profileOf, searchIds, walkPages, connect, answer, checkInAt } = networkApi(app);

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
