import { createHash } from "node:crypto";
import http from "node:http";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { expectProblem, json } from "../support/app.js";
import { onPglite } from "../support/db.js";
import type { TestMember } from "../support/factories.js";
import { networkApi, useNetworkApp, type Connection } from "../support/network.js";

// Profile photos: PUT /api/v1/me/photo takes the image's bytes (PNG, JPEG or WebP by magic bytes, at most 5 MB,
// counted while it streams), makes a 256 px and a 64 px centre-cropped WebP square without metadata, and
// GET /api/v1/members/:id/photo serves them to whoever may see the member's profile.
const app = useNetworkApp();
const { api, member, setProfile, profileOf, connect, answer } = networkApi(app);

type PhotoOut = { photoUrl: string; thumbUrl: string; version: string };
type Card = { id: string; photoUrl: string | null };

const RED = { r: 220, g: 20, b: 20 };
const GREEN = { r: 20, g: 200, b: 40 };
const BLUE = { r: 20, g: 40, b: 220 };

/** 800 × 400: red, green and blue bands (200, 400, 200 px). A centre crop to a square keeps only the green. */
async function bands(format: "png" | "jpeg" | "webp") {
  const band = (width: number, background: typeof RED) => sharp({ create: { width, height: 400, channels: 3, background } }).png().toBuffer();
  const [red, green, blue] = await Promise.all([band(200, RED), band(400, GREEN), band(200, BLUE)]);
  return sharp({ create: { width: 800, height: 400, channels: 3, background: RED } })
    .composite([
      { input: red, left: 0, top: 0 },
      { input: green, left: 200, top: 0 },
      { input: blue, left: 600, top: 0 },
    ])
    .toFormat(format)
    .toBuffer();
}

/** A JPEG as a phone takes it: EXIF with GPS coordinates, the camera, a comment; XMP; an ICC profile. */
async function phoneJpeg() {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: GREEN } })
    .withExif({
      IFD0: { Make: "SecretPhoneMaker", Model: "Model-X", ImageDescription: "rumah-saya" },
      IFD3: { GPSLatitudeRef: "S", GPSLatitude: "6/1 12/1 3000/100", GPSLongitudeRef: "E", GPSLongitude: "106/1 49/1 4000/100" },
    })
    .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>XmpSecretCreator</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>')
    .withIccProfile("p3")
    .jpeg()
    .toBuffer();
}

const put = (who: TestMember | null, body: Buffer | Uint8Array | string, headers: Record<string, string> = {}) =>
  fetch(`${app.url}/api/v1/me/photo`, {
    method: "PUT",
    headers: { connection: "close", "content-type": "application/octet-stream", ...(who ? { authorization: `Bearer ${who.token}` } : {}), ...headers },
    body: typeof body === "string" ? body : new Uint8Array(body),
  });
const upload = async (who: TestMember, body: Buffer) => json<PhotoOut>(await put(who, body), 200);
const get = (who: TestMember, path: string) => api(path, { token: who.token });
const pixel = async (image: Buffer, x: number, y: number) => {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return { r: data[i]!, g: data[i + 1]!, b: data[i + 2]! };
};
const near = (a: { r: number; g: number; b: number }, b: typeof RED) => Math.abs(a.r - b.r) + Math.abs(a.g - b.g) + Math.abs(a.b - b.b) < 60;
const stored = async (memberId: string) => app.db.db.selectFrom("member_photos").selectAll().where("member_id", "=", memberId).executeTakeFirst();

describe("uploading a photo", () => {
  it("turns a PNG, a JPEG or a WebP into 256 and 64 px centre-cropped WebP squares, served with their type, nosniff and versioned caching", async () => {
    const ani = await member("Ani Fotografer");
    for (const format of ["png", "jpeg", "webp"] as const) {
      const saved = await upload(ani, await bands(format));
      expect(saved.version).toMatch(/^[0-9a-f]{16}$/);
      expect(saved.photoUrl).toBe(`/api/v1/members/${ani.id}/photo?v=${saved.version}`);
      expect(saved.thumbUrl).toBe(`/api/v1/members/${ani.id}/photo?size=64&v=${saved.version}`);

      for (const [url, size] of [[saved.photoUrl, 256], [saved.thumbUrl, 64]] as const) {
        const res = await get(ani, url);
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toBe("image/webp");
        expect(res.headers.get("x-content-type-options")).toBe("nosniff");
        expect(res.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
        const image = Buffer.from(await res.arrayBuffer());
        const meta = await sharp(image).metadata();
        expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: "webp", width: size, height: size });
        // Centre-cropped: the corners are the green middle band, not the red or blue sides.
        for (const [x, y] of [[1, 1], [size - 2, 1], [1, size - 2], [size - 2, size - 2], [size / 2, size / 2]] as const) {
          expect(near(await pixel(image, x, y), GREEN), `${format} ${size}px at ${x},${y}`).toBe(true);
        }
      }
    }
    // Without the version (or with an old one) the photo is asked for every time.
    const now = await get(ani, `/api/v1/members/${ani.id}/photo`);
    expect(now.status).toBe(200);
    expect(now.headers.get("cache-control")).toBe("private, no-cache");
  });

  it("strips every piece of metadata: no EXIF (GPS, camera), XMP or ICC profile survives", async () => {
    const ani = await member("Ani");
    const original = await phoneJpeg();
    const before = await sharp(original).metadata();
    expect(before.exif).toBeDefined();
    expect(before.xmp).toBeDefined();
    expect(before.icc).toBeDefined();
    expect(original.includes("SecretPhoneMaker")).toBe(true);

    const saved = await upload(ani, original);
    const row = await stored(ani.id);
    for (const image of [Buffer.from(await (await get(ani, saved.photoUrl)).arrayBuffer()), Buffer.from(await (await get(ani, saved.thumbUrl)).arrayBuffer()), Buffer.from(row!.full), Buffer.from(row!.thumb)]) {
      const meta = await sharp(image).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      for (const secret of ["Exif", "GPS", "SecretPhoneMaker", "rumah-saya", "XmpSecretCreator"]) expect(image.includes(secret), secret).toBe(false);
    }
  });

  it("replaces the photo with a new version; the old version's URL then serves the new photo uncached", async () => {
    const ani = await member("Ani");
    const first = await upload(ani, await bands("png"));
    const second = await upload(ani, await phoneJpeg());
    expect(second.version).not.toBe(first.version);
    const rows = await app.db.db.selectFrom("member_photos").select("version").where("member_id", "=", ani.id).execute();
    expect(rows).toEqual([{ version: second.version }]);
    const old = await get(ani, first.photoUrl);
    expect(old.headers.get("cache-control")).toBe("private, no-cache");
    expect(Buffer.from(await old.arrayBuffer()).equals(Buffer.from((await stored(ani.id))!.full))).toBe(true);
  });
});

describe("concurrent uploads", () => {
  // PGlite runs one statement at a time, so nothing races there.
  it.skipIf(onPglite)("leave one photo per member: the last upload that commits wins, whole", async () => {
    const ani = await member("Ani");
    const images = await Promise.all([bands("png"), bands("jpeg"), bands("webp"), phoneJpeg()]);
    const saved = await Promise.all(images.map((image) => upload(ani, image)));
    const rows = await app.db.db.selectFrom("member_photos").select(["version", "full", "thumb"]).where("member_id", "=", ani.id).execute();
    expect(rows).toHaveLength(1);
    expect(saved.map((p) => p.version)).toContain(rows[0]!.version);
    // The full photo and the thumb are of the same upload: the one the version names.
    const served = Buffer.from(await (await get(ani, `/api/v1/members/${ani.id}/photo?v=${rows[0]!.version}`)).arrayBuffer());
    expect(served.equals(Buffer.from(rows[0]!.full))).toBe(true);
    expect(createHash("sha256").update(rows[0]!.full).digest("hex").slice(0, 16)).toBe(rows[0]!.version);
  });
});

describe("what the upload refuses", () => {
  it("refuses other types by their bytes, unreadable images and wrong content types with a worded 400, and stores nothing", async () => {
    const ani = await member("Ani");
    const gif = Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64");
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>';
    const pngHeaderThenJunk = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
    const cases: Array<[Uint8Array | string, Record<string, string>, string]> = [
      [gif, { "content-type": "image/png" }, "photo_type"],
      [svg, { "content-type": "image/png" }, "photo_type"],
      [new Uint8Array(), {}, "photo_type"],
      [pngHeaderThenJunk, {}, "photo_unreadable"],
      [await bands("png"), { "content-type": "application/json" }, "invalid_json"],
      ["{}", { "content-type": "application/json" }, "photo_type"],
      [await bands("png"), { "content-type": "image/gif" }, "photo_type"],
      [await bands("png"), { "content-encoding": "gzip" }, "unsupported_encoding"],
    ];
    for (const [body, headers, reason] of cases) {
      const res = await put(ani, body, headers);
      const problem = await res.clone().json();
      await expectProblem(res, 400, "validation_failed");
      expect(problem.reason).toBe(reason);
    }
    expect(await stored(ani.id)).toBeUndefined();
    await expectProblem(await get(ani, `/api/v1/members/${ani.id}/photo`), 404, "not_found");
  });

  it("words the refusal in the reader's language", async () => {
    const ani = await member("Ani");
    const id = await (await put(ani, "plain text", { "accept-language": "id" })).json();
    expect(id).toMatchObject({ reason: "photo_type", detail: "Gunakan foto PNG, JPEG, atau WebP." });
    const en = await (await put(ani, "plain text", { "accept-language": "en" })).json();
    expect(en).toMatchObject({ reason: "photo_type", detail: "Use a PNG, JPEG or WebP photo." });
  });

  it("refuses more than 5 MB with 413: by its Content-Length before reading, and by counting a body of unknown length as it streams", async () => {
    const ani = await member("Ani");
    const big = Buffer.concat([await bands("png"), Buffer.alloc(5 * 1024 * 1024)]);
    const res = await put(ani, big, { "accept-language": "en" });
    const problem = await res.clone().json();
    await expectProblem(res, 413, "validation_failed");
    expect(problem).toMatchObject({ reason: "photo_too_large", maxMegabytes: 5, detail: "The photo is larger than 5 MB: choose a smaller one." });

    // A chunked body that never ends: the answer comes once 5 MB have arrived, so nothing waits for (or buffers) the rest.
    const { status, body, sent } = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
      const req = http.request(`${app.url}/api/v1/me/photo`, { method: "PUT", headers: { authorization: `Bearer ${ani.token}`, "content-type": "image/png" } });
      let sent = 0;
      let answered = false;
      const chunk = Buffer.alloc(64 * 1024, 1);
      chunk.set([0x89, 0x50, 0x4e, 0x47]);
      const pump = () => {
        while (!answered && req.write(chunk)) sent += chunk.length;
        if (!answered) sent += chunk.length;
      };
      req.on("drain", pump);
      req.on("response", (res) => {
        answered = true;
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, body: text, sent });
          req.destroy();
        });
      });
      req.on("error", (error) => (answered ? undefined : reject(error)));
      pump();
    });
    expect(status).toBe(413);
    expect(JSON.parse(body)).toMatchObject({ code: "validation_failed", reason: "photo_too_large" });
    expect(sent).toBeGreaterThan(5 * 1024 * 1024);
    expect(await stored(ani.id)).toBeUndefined();
  });

  it("refuses a photo of more than 25 megapixels before decoding it", async () => {
    const ani = await member("Ani");
    // 6000 × 5000 of one colour: a few kilobytes of PNG that would decode to 90 MB of pixels.
    const bomb = await sharp({ create: { width: 6000, height: 5000, channels: 3, background: RED } }).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.byteLength).toBeLessThan(5 * 1024 * 1024);
    const res = await put(ani, bomb);
    const problem = await res.clone().json();
    await expectProblem(res, 400, "validation_failed");
    expect(problem).toMatchObject({ reason: "photo_too_many_pixels", maxMegapixels: 25 });
  });

  it("needs a signed-in member", async () => {
    await expectProblem(await put(null, await bands("png")), 401, "unauthenticated");
    await expectProblem(await api("/api/v1/me/photo", { method: "DELETE" }), 401, "unauthenticated");
  });
});

describe("who sees a photo", () => {
  it("follows the profile's rule: hidden members' photos only for themselves and accepted connections; lists carry the 64 px URL", async () => {
    const ani = await member("Ani");
    const budi = await member("Budi");
    const hana = await member("Hana");
    const aniPhoto = await upload(ani, await bands("png"));
    const hanaPhoto = await upload(hana, await bands("jpeg"));
    await setProfile(hana, { hidden: true });

    // Ani is visible: her profile carries the 256 px URL, the directory the 64 px one; Budi has none.
    expect((await profileOf(budi, ani.id)).photoUrl).toBe(aniPhoto.photoUrl);
    const page = await json<{ items: Card[] }>(await get(budi, "/api/v1/members?limit=100"), 200);
    expect(page.items.find((c) => c.id === ani.id)?.photoUrl).toBe(aniPhoto.thumbUrl);
    expect(page.items.find((c) => c.id === budi.id)?.photoUrl).toBeNull();
    expect((await get(budi, aniPhoto.thumbUrl)).status).toBe(200);

    // Hana is hidden: 404 for Budi (as her profile), 200 for herself.
    await expectProblem(await get(budi, hanaPhoto.photoUrl), 404, "not_found");
    await expectProblem(await get(budi, hanaPhoto.thumbUrl), 404, "not_found");
    expect((await get(hana, hanaPhoto.photoUrl)).status).toBe(200);
    expect((await profileOf(hana, hana.id)).photoUrl).toBe(hanaPhoto.photoUrl);

    // Once Budi and Hana are connected he sees her profile and photo; a card of a hidden member never carries it.
    const asked = await json<Connection>(await connect(hana, budi.id), 201);
    await json(await answer(budi, asked.id, "accept"), 200);
    expect((await get(budi, hanaPhoto.photoUrl)).status).toBe(200);
    expect((await profileOf(budi, hana.id)).photoUrl).toBe(hanaPhoto.photoUrl);
    const mine = await json<{ items: Array<{ member: Card }> }>(await get(budi, "/api/v1/connections"), 200);
    expect(mine.items.map((c) => c.member)).toEqual([expect.objectContaining({ id: hana.id, photoUrl: null })]);

    // Unknown, malformed, suspended.
    await expectProblem(await get(budi, "/api/v1/members/6f1c1a52-1111-4a4a-9b9b-000000000000/photo"), 404, "not_found");
    await expectProblem(await get(budi, "/api/v1/members/nope/photo"), 400, "validation_failed");
    await expectProblem(await get(budi, `/api/v1/members/${ani.id}/photo?size=9000`), 400, "validation_failed");
    await app.db.db.updateTable("members").set({ suspended_at: new Date() }).where("id", "=", ani.id).execute();
    await expectProblem(await get(budi, aniPhoto.photoUrl), 404, "not_found");
  });
});

describe("photos in a project room", () => {
  it("each member of a project carries their 64 px photo, except one who is hidden", async () => {
    const ani = await member("Ani");
    const budi = await member("Budi");
    const hana = await member("Hana");
    const aniPhoto = await upload(ani, await bands("png"));
    await upload(hana, await bands("png"));
    await setProfile(hana, { hidden: true });
    const project = await json<{ id: string }>(await api("/api/v1/projects", { token: ani.token, body: { name: "Katalog" } }), 201);
    const added = await json<Card>(await api(`/api/v1/projects/${project.id}/members`, { token: ani.token, body: { memberId: budi.id } }), 201);
    expect(added).toMatchObject({ id: budi.id, photoUrl: null });
    await json(await api(`/api/v1/projects/${project.id}/members`, { token: ani.token, body: { memberId: hana.id } }), 201);
    const detail = await json<{ members: Card[] }>(await get(budi, `/api/v1/projects/${project.id}`), 200);
    expect(Object.fromEntries(detail.members.map((m) => [m.id, m.photoUrl]))).toEqual({ [ani.id]: aniPhoto.thumbUrl, [budi.id]: null, [hana.id]: null });
  });
});

describe("removing a photo", () => {
  it("DELETE /me/photo removes it (and answers 204 when there is none); initials show again", async () => {
    const ani = await member("Ani");
    const budi = await member("Budi");
    const saved = await upload(ani, await bands("webp"));
    expect((await api("/api/v1/me/photo", { method: "DELETE", token: ani.token })).status).toBe(204);
    expect(await stored(ani.id)).toBeUndefined();
    await expectProblem(await get(budi, saved.photoUrl), 404, "not_found");
    expect((await profileOf(budi, ani.id)).photoUrl).toBeNull();
    expect((await api("/api/v1/me/photo", { method: "DELETE", token: ani.token })).status).toBe(204);
  });

  it("deleting the account deletes the photo", async () => {
    const ani = await member("Ani");
    await upload(ani, await bands("png"));
    expect(await stored(ani.id)).toBeDefined();
    await json(await api("/api/v1/me", { method: "DELETE", token: ani.token, body: { password: ani.password } }), 200);
    expect(await stored(ani.id)).toBeUndefined();
  });
});
