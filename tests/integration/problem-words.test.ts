import { describe, expect, it } from "vitest";
import { fixedClock } from "../../server/domain/clock.js";
import { useTestApp } from "../support/app.js";
import { createMember, createSpace } from "../support/factories.js";

// A fixed "now" (Monday 2027-03-01 00:00 UTC): the DST dates below stay in the future, within the booking rules.
const app = useTestApp({ clock: fixedClock("2027-03-01T00:00:00Z"), now: "2027-03-01T00:00:00Z" });

type Problem = { type: string; title: string; status: number; code: string; reason?: string; detail: string; errors?: Array<{ path: string; code: string; message: string }> };

async function problem(res: Response): Promise<Problem> {
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  return (await res.json()) as Problem;
}

const lang = (l: string) => ({ "Accept-Language": l });

describe("problem+json in the reader's language (Accept-Language, then the member's choice)", () => {
  it("a sign-up with a short password and no name: Indonesian or English words, the same codes, nothing written", async () => {
    const body = { email: "sari@example.com", password: "short", name: "  " };
    const id = await problem(await app.api("/api/v1/auth/signup", { body, headers: lang("id-ID,id;q=0.9,en;q=0.8") }));
    const en = await problem(await app.api("/api/v1/auth/signup", { body, headers: lang("en-GB,en;q=0.9") }));
    expect(id).toMatchObject({ status: 400, code: "validation_failed", reason: "invalid_body", title: "Periksa kembali isian Anda." });
    expect(en).toMatchObject({ status: 400, code: "validation_failed", reason: "invalid_body", title: "Please check what you entered." });
    expect(id.detail).not.toBe(id.title);
    const byPath = (p: Problem) => Object.fromEntries((p.errors ?? []).map((e) => [e.path, [e.code, e.message]]));
    expect(byPath(id)).toEqual({ password: ["too_small", "Minimal 10 karakter."], name: ["too_small", "Wajib diisi."] });
    expect(byPath(en)).toEqual({ password: ["too_small", "Use at least 10 characters."], name: ["too_small", "Fill this in."] });
    expect(await app.db.db.selectFrom("members").select("id").execute()).toEqual([]);
  });

  it("no Accept-Language at all: Indonesian, the product's default", async () => {
    const res = await app.api("/api/v1/no-such-thing");
    expect(await problem(res)).toMatchObject({ status: 404, code: "not_found", reason: "endpoint", title: "Tidak ditemukan.", detail: "Endpoint API itu tidak ada." });
  });

  it("malformed JSON and unknown keys are worded too", async () => {
    const raw = await fetch(`${app.url}/api/v1/auth/signup`, { method: "POST", headers: { "content-type": "application/json", ...lang("en") }, body: "{" });
    expect(await problem(raw)).toMatchObject({ status: 400, reason: "invalid_json", detail: "The request body is not valid JSON." });
    const extra = await problem(
      await app.api("/api/v1/auth/tokens", { body: { email: "a@b.co", password: "x", admin: true }, headers: lang("id") }),
    );
    expect(extra.errors).toContainEqual({ path: "admin", code: "unrecognized_keys", message: "Kolom tidak dikenal: admin." });
  });

  it("a member's role refusal says which role, in their language", async () => {
    const m = await createMember(app.db.db, app.services);
    const res = await app.api("/api/v1/spaces", {
      token: m.token,
      body: { name: "Ruang", timezone: "Asia/Jakarta", openingHours: [] },
      headers: lang("en"),
    });
    expect(await problem(res)).toMatchObject({ status: 403, code: "forbidden", title: "You may not do that.", detail: "This needs the operator role." });
  });
});

describe("the time module's and the idempotency layer's refusals carry a reason, worded in both languages", () => {
  // Europe/Berlin springs forward on Sunday 2027-03-28 (02:00 → 03:00) and falls back on 2027-10-31 (03:00 → 02:00).
  const berlin = () => createSpace(app.services, { timezone: "Europe/Berlin", hours: [7].map((weekday) => ({ weekday, opens: "01:00", closes: "23:00" })) });
  const both = async (path: string, token: string, body: unknown, headers: Record<string, string> = {}) => {
    const id = await problem(await app.api(path, { token, body, headers: { ...headers, ...lang("id") } }));
    const en = await problem(await app.api(path, { token, body, headers: { ...headers, ...lang("en") } }));
    return { id, en };
  };
  const bookingCount = async () => (await app.db.db.selectFrom("bookings").select("id").execute()).length;

  it("a local time the clocks skip, or pass twice, names the time and the zone", async () => {
    const m = await createMember(app.db.db, app.services);
    const desk = (await berlin()).resources[0]!.id;
    const gap = await both("/api/v1/bookings", m.token, { resourceId: desk, start: "2027-03-28T02:30", end: "2027-03-28T04:00" });
    expect(gap.en).toMatchObject({ status: 422, code: "nonexistent_local_time", reason: "clocks_skip", time: "02:30", timezone: "Europe/Berlin" });
    expect(gap.en.detail).toBe("02:30 does not happen in Europe/Berlin that day: the clocks jump forward past it. Choose another time.");
    expect(gap.id.detail).toBe("Pukul 02:30 tidak ada di Europe/Berlin pada hari itu: jam melompat maju melewatinya. Pilih waktu lain.");
    const twice = await both("/api/v1/bookings", m.token, { resourceId: desk, start: "2027-10-31T02:30", end: "2027-10-31T04:00" });
    expect(twice.en).toMatchObject({ status: 422, code: "ambiguous_local_time", reason: "clocks_repeat", time: "02:30" });
    expect(twice.en.detail).toBe("02:30 happens twice in Europe/Berlin that day (the clocks go back): give an offset to say which one you mean.");
    expect(twice.id.detail).toBe("Pukul 02:30 terjadi dua kali di Europe/Berlin pada hari itu (jam mundur): sertakan offset untuk memilih yang mana.");
    expect(await bookingCount()).toBe(0);
  });

  it("a date-time that does not exist is refused with its value, not a code default", async () => {
    const m = await createMember(app.db.db, app.services);
    const desk = (await berlin()).resources[0]!.id;
    const bad = await both("/api/v1/bookings", m.token, { resourceId: desk, start: "2027-02-30T09:00", end: "2027-02-30T10:00" });
    expect(bad.en).toMatchObject({ status: 400, code: "validation_failed", reason: "no_such_date_time", value: "2027-02-30T09:00" });
    expect(bad.en.detail).toBe("“2027-02-30T09:00” is not a date and time that exists: check the day, month and hour.");
    expect(bad.id.detail).toBe("“2027-02-30T09:00” bukan tanggal dan jam yang ada: periksa hari, bulan, dan jamnya.");
    expect(await bookingCount()).toBe(0);
  });

  it("an Idempotency-Key sent again with another body: 409 with the reason, the second body written nowhere", async () => {
    const m = await createMember(app.db.db, app.services);
    const [d1, d2] = (await berlin()).resources;
    const key = { "Idempotency-Key": "polish-reuse-1" };
    const first = await app.api("/api/v1/bookings", { token: m.token, body: { resourceId: d1!.id, start: "2027-03-07T09:00", end: "2027-03-07T10:00" }, headers: key });
    expect(first.status).toBe(201);
    const again = await both("/api/v1/bookings", m.token, { resourceId: d2!.id, start: "2027-03-07T09:00", end: "2027-03-07T10:00" }, key);
    expect(again.en).toMatchObject({ status: 409, code: "idempotency_key_reused", reason: "different_request" });
    expect(again.en.detail).toBe("This Idempotency-Key was already used for a request with a different body or address: send a new key for a new request.");
    expect(again.id.detail).toBe("Idempotency-Key ini sudah dipakai untuk permintaan dengan isi atau alamat lain: kirim kunci baru untuk permintaan baru.");
    expect(await bookingCount()).toBe(1);
  });

  it("a series' skipped weeks carry the reason and its facts, not a code alone", async () => {
    const m = await createMember(app.db.db, app.services);
    const space = await createSpace(app.services, {
      timezone: "Europe/Berlin",
      hours: [7].map((weekday) => ({ weekday, opens: "01:00", closes: "23:00" })),
      rules: { maxAdvanceDays: 30 },
    });
    const desk = space.resources[0]!.id;
    // Week 2 (2027-03-28 02:30) falls into the DST gap; week 3 (2027-04-04) is past the 30 days ahead.
    const res = await app.api("/api/v1/bookings", {
      token: m.token,
      body: { resourceId: desk, start: "2027-03-21T02:30", end: "2027-03-21T03:30", recurrence: { freq: "weekly", count: 3 } },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { created: unknown[]; skipped: Array<Record<string, unknown>> };
    expect(body.created).toHaveLength(1);
    expect(body.skipped).toMatchObject([
      { start: "2027-03-28T02:30", code: "nonexistent_local_time", reason: "clocks_skip", facts: { time: "02:30", timezone: "Europe/Berlin" } },
      { start: "2027-04-04T02:30", code: "rule_violation", reason: "max_advance_days", facts: { days: 30 } },
    ]);
  });
});
