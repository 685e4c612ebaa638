import { beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../server/domain/clock.js";
import { expectProblem, json, useTestApp } from "../support/app.js";
import { createMember, createSpace, type TestMember, type TestSpace } from "../support/factories.js";

// Issue 14, item 1: a space's billing settings (its operators only), resources' rates, and the price of a booking
// before it is made (GET /bookings/quote, availability's rates).

// Monday 2027-03-01 07:00 in Jakarta (UTC+7).
const NOW = "2027-03-01T00:00:00Z";
const app = useTestApp({ clock: fixedClock(NOW), now: NOW });

type Settings = { spaceId: string; code: string; taxRate: number; pricesIncludeTax: boolean; bankAccount: string; npwp: string; paymentTermsDays: number; legalName: string; invoiceNote: string };
type Quote = { resourceId: string; minutes: number; amount: number; tax: number; total: number; currency: string; pricesIncludeTax: boolean; taxRate: number; credits: number | null; dayPasses: number | null };
type Problem = { code: string; detail: string; errors?: Array<{ path: string; code: string; message: string }> };

let opA: TestMember;
let opB: TestMember;
let admin: TestMember;
let member: TestMember;
let A: TestSpace;
let B: TestSpace;

beforeEach(async () => {
  [opA, opB, admin, member] = await Promise.all([
    createMember(app.db.db, app.services, { role: "operator" }),
    createMember(app.db.db, app.services, { role: "operator" }),
    createMember(app.db.db, app.services, { role: "admin" }),
    createMember(app.db.db, app.services, {}),
  ]);
  A = await createSpace(app.services, { operator: opA, desks: 1 });
  B = await createSpace(app.services, { operator: opB, desks: 1 });
});

const patchSpace = (id: string, token: string, body: unknown, headers: Record<string, string> = {}) =>
  app.api(`/api/v1/spaces/${id}`, { method: "PATCH", token, body, headers });

describe("billing settings", () => {
  it("start from the defaults, are saved by the space's operator through PATCH /spaces/:id {billing}, and read back", async () => {
    const before = await json<Settings>(await app.api(`/api/v1/spaces/${A.id}/billing`, { token: opA.token }), 200);
    expect(before).toMatchObject({ spaceId: A.id, taxRate: 0.11, pricesIncludeTax: false, bankAccount: "", paymentTermsDays: 14 });
    expect(before.code).toMatch(/^[A-Z]{2,10}$/);

    const saved = await json<{ space: { id: string }; billing: Settings }>(
      await patchSpace(A.id, opA.token, { billing: { code: "jkm", taxRate: 0, pricesIncludeTax: true, bankAccount: "BCA 123-456-7890 a.n. PT Jejaring", npwp: "01.234.567.8-901.000" } }),
      200,
    );
    expect(saved.space.id).toBe(A.id);
    expect(saved.billing).toMatchObject({ code: "JKM", taxRate: 0, pricesIncludeTax: true, bankAccount: "BCA 123-456-7890 a.n. PT Jejaring", paymentTermsDays: 14 });

    // A later save changes only what it names.
    await json(await patchSpace(A.id, opA.token, { billing: { taxRate: 0.11, invoiceNote: "Terima kasih" } }), 200);
    const after = await json<Settings>(await app.api(`/api/v1/spaces/${A.id}/billing`, { token: opA.token }), 200);
    expect(after).toMatchObject({ code: "JKM", taxRate: 0.11, pricesIncludeTax: true, invoiceNote: "Terima kasih", npwp: "01.234.567.8-901.000" });
    expect(await app.services.billing.settings.get(undefined, A.id)).toEqual(after);

    // The space's own settings and its billing settings in one PATCH.
    const both = await json<{ space: { capacity: number }; billing: Settings }>(await patchSpace(A.id, opA.token, { capacity: 12, billing: { paymentTermsDays: 30 } }), 200);
    expect(both.space.capacity).toBe(12);
    expect(both.billing.paymentTermsDays).toBe(30);
    // Without billing the answer is as before.
    expect(Object.keys(await json<object>(await patchSpace(A.id, opA.token, { capacity: 10 }), 200)).sort()).toEqual(["overCapacity", "space"]);
  });

  it("are the space's operators' (and admins'): another space's operator gets 404 and changes nothing; a member 403", async () => {
    await expectProblem(await app.api(`/api/v1/spaces/${A.id}/billing`, { token: opB.token }), 404, "not_found");
    await expectProblem(await patchSpace(A.id, opB.token, { billing: { code: "XX" } }), 404, "not_found");
    await expectProblem(await app.api(`/api/v1/spaces/${A.id}/billing`, { token: member.token }), 403, "forbidden");
    await expectProblem(await patchSpace(A.id, member.token, { billing: { code: "XX" } }), 403, "forbidden");
    await json(await app.api(`/api/v1/spaces/${A.id}/billing`, { token: admin.token }), 200);
    expect((await app.services.billing.settings.get(undefined, A.id)).code).not.toBe("XX");
    expect(await app.db.db.selectFrom("billing_settings").selectAll().execute()).toEqual([]);
    await json(await patchSpace(A.id, admin.token, { billing: { code: "ADM" } }), 200);
    expect((await app.services.billing.settings.get(undefined, A.id)).code).toBe("ADM");
  });

  it("refuse bad input with 400 in the reader's language, field by field, and unknown keys", async () => {
    const res = await patchSpace(A.id, opA.token, { billing: { code: "J1", taxRate: 1, npwp: "123", paymentTermsDays: 91, iban: "x" } }, { "Accept-Language": "id" });
    const problem = await json<Problem>(res, 400);
    expect(problem.code).toBe("validation_failed");
    const byPath = Object.fromEntries((problem.errors ?? []).map((e) => [e.path, e.message]));
    expect(byPath["billing.code"]).toBe("Gunakan 2 sampai 10 huruf kapital (A–Z).");
    expect(byPath["billing.npwp"]).toBe("NPWP terdiri dari 15 atau 16 digit.");
    expect(byPath["billing.taxRate"]).toBe("Harus kurang dari 1.");
    expect(byPath["billing.paymentTermsDays"]).toBe("Maksimal 90.");
    expect(byPath["billing.iban"]).toBe("Kolom tidak dikenal: iban.");
    const en = await json<Problem>(await patchSpace(A.id, opA.token, { billing: { taxRate: 0.12345 } }, { "Accept-Language": "en" }), 400);
    expect(en.errors).toEqual([{ path: "billing.taxRate", code: "tax_rate_precision", message: "Too precise: use steps of 0.01% (0.0001 as a fraction)." }]);
    expect(await app.db.db.selectFrom("billing_settings").selectAll().execute()).toEqual([]);
  });
});

describe("resource rates", () => {
  it("are set on POST and PATCH, cleared with null, shown on the resource and in availability; only by the space's operator", async () => {
    const room = await json<{ id: string; rate: unknown }>(
      await app.api(`/api/v1/spaces/${A.id}/resources`, { token: opA.token, body: { name: "Ruang Rapat", kind: "room", rate: { perHour: 100_000, creditsPerHour: 1 } } }),
      201,
    );
    expect(room.rate).toEqual({ perHour: 100_000, perDay: null, creditsPerHour: 1 });
    const desk = A.resources[0]!.id;
    const priced = await json<{ rate: unknown }>(await app.api(`/api/v1/resources/${desk}`, { method: "PATCH", token: opA.token, body: { rate: { perHour: 15_000, perDay: 75_000 } } }), 200);
    expect(priced.rate).toEqual({ perHour: 15_000, perDay: 75_000, creditsPerHour: null });
    // Another change leaves the rate alone.
    expect((await json<{ rate: unknown }>(await app.api(`/api/v1/resources/${desk}`, { method: "PATCH", token: opA.token, body: { zone: "B" } }), 200)).rate).toEqual(priced.rate);

    const day = await json<{ resources: Array<{ id: string; rate: unknown }> }>(await app.api(`/api/v1/spaces/${A.id}/availability?date=2027-03-02`, { token: member.token }), 200);
    expect(day.resources.find((r) => r.id === desk)!.rate).toEqual(priced.rate);
    expect(day.resources.find((r) => r.id === room.id)!.rate).toEqual(room.rate);
    expect(await app.services.billing.settings.rateOf(undefined, desk)).toEqual({ resourceId: desk, spaceId: A.id, kind: "desk", rate: { perHour: 15_000, perDay: 75_000, creditsPerHour: null } });

    await expectProblem(await app.api(`/api/v1/resources/${desk}`, { method: "PATCH", token: opB.token, body: { rate: { perHour: 1 } } }), 404, "not_found");
    const bad = await json<Problem>(await app.api(`/api/v1/resources/${desk}`, { method: "PATCH", token: opA.token, body: { rate: { perHour: -1, perWeek: 5 } }, headers: { "Accept-Language": "id" } }), 400);
    expect(bad.errors?.map((e) => e.path).sort()).toEqual(["rate.perHour", "rate.perWeek"]);

    const free = await json<{ rate: unknown }>(await app.api(`/api/v1/resources/${desk}`, { method: "PATCH", token: opA.token, body: { rate: null } }), 200);
    expect(free.rate).toBeNull();
  });
});

describe("GET /bookings/quote", () => {
  const quote = (q: string, token = member.token) => app.api(`/api/v1/bookings/quote?${q}`, { token });

  it("prices a time as a booking reads it: per started half hour, capped per day, PPN added or included", async () => {
    const desk = A.resources[0]!.id;
    const room = A.resources[1]!.id;
    await app.services.spaces.updateResource(opA, desk, { rate: { perHour: 15_000, perDay: 75_000 } });
    await app.services.spaces.updateResource(opA, room, { rate: { perHour: 100_000, creditsPerHour: 2 } });

    // 90 minutes of a room, local times in the space's zone: 150.000 + 11% = 166.500; 3 credits.
    expect(await json<Quote>(await quote(`resourceId=${room}&start=2027-03-02T09:00&end=2027-03-02T10:30`), 200)).toEqual({
      resourceId: room, minutes: 90, amount: 150_000, tax: 16_500, total: 166_500, currency: "IDR", pricesIncludeTax: false, taxRate: 0.11, credits: 3, dayPasses: null,
    });
    // 9 hours of a desk hit the day cap; a day pass may pay for it; the same instant with an offset prices the same.
    const deskDay = await json<Quote>(await quote(`resourceId=${desk}&start=2027-03-02T02:00:00Z&end=2027-03-02T18:00%2B07:00`), 200);
    expect(deskDay).toMatchObject({ minutes: 540, amount: 75_000, tax: 8_250, total: 83_250, credits: null, dayPasses: 1 });
    // 20 minutes: one started half hour.
    expect(await json<Quote>(await quote(`resourceId=${desk}&start=2027-03-02T09:00&end=2027-03-02T09:20`), 200)).toMatchObject({ minutes: 20, amount: 7_500, total: 8_325 });

    // Prices that include PPN: the total is the price, split into base and tax (rounded half up).
    await app.services.billing.settings.update(opA, A.id, { pricesIncludeTax: true });
    expect(await json<Quote>(await quote(`resourceId=${room}&start=2027-03-02T09:00&end=2027-03-02T10:00`), 200)).toMatchObject({ amount: 90_090, tax: 9_910, total: 100_000, pricesIncludeTax: true });

    // A resource without a rate is free: no money, no credits needed, no day pass.
    const other = B.resources[0]!.id;
    expect(await json<Quote>(await quote(`resourceId=${other}&start=2027-03-02T09:00&end=2027-03-02T10:00`), 200)).toMatchObject({ amount: 0, tax: 0, total: 0, credits: 0, dayPasses: null });
  });

  it("refuses what a booking refuses: bad times 400 in the reader's words, too long 422, unknown resource 404, no sign-in 401", async () => {
    const room = A.resources[1]!.id;
    const backwards = await json<Problem>(await app.api(`/api/v1/bookings/quote?resourceId=${room}&start=2027-03-02T10:00&end=2027-03-02T09:00`, { token: member.token, headers: { "Accept-Language": "id" } }), 400);
    expect(backwards.code).toBe("validation_failed");
    expect(backwards.detail).toBe("Waktu selesai harus setelah waktu mulai.");
    await expectProblem(await quote(`resourceId=${room}&start=tomorrow&end=2027-03-02T09:00`), 400, "validation_failed");
    await expectProblem(await quote(`resourceId=${room}&start=2027-03-02T07:00&end=2027-03-02T18:00`), 422, "rule_violation");
    await expectProblem(await quote(`resourceId=00000000-0000-4000-8000-000000000000&start=2027-03-02T09:00&end=2027-03-02T10:00`), 404, "not_found");
    await expectProblem(await quote(`resourceId=${room}&start=2027-03-02T09:00&end=2027-03-02T10:00&x=1`), 400, "validation_failed");
    await expectProblem(await app.api(`/api/v1/bookings/quote?resourceId=${room}&start=2027-03-02T09:00&end=2027-03-02T10:00`), 401, "unauthenticated");
  });
});
