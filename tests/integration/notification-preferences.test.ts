import { describe, expect, it } from "vitest";
import { fixedClock } from "../../server/domain/clock.js";
import { PREFERENCE_KINDS } from "../../server/domain/messaging/messages.schemas.js";
import { expectProblem, json, useTestApp } from "../support/app.js";
import { createMember } from "../support/factories.js";

// A member's notification preferences over the API: defaults for every kind, switching kinds and channels, and a
// phone proven by a 6-digit WhatsApp code (hashed, 10 minutes, 5 tries, one code a minute).
const clock = fixedClock("2027-05-03T02:00:00Z");
const app = useTestApp({ clock, now: "2027-05-03T02:00:00Z" });

type Prefs = { email: boolean; whatsapp: boolean; phone: string | null; phoneVerified: boolean; phonePending: boolean; kinds: Record<string, boolean> };
const PATH = "/api/v1/me/notification-preferences";

/** The code of the newest WhatsApp phone_verification row for this member (what the sender would deliver). */
async function lastCode(memberId: string): Promise<{ code: string; to: string }> {
  const row = await app.db.db
    .selectFrom("outbox")
    .select(["payload", "address"])
    .where("member_id", "=", memberId)
    .where("kind", "=", "phone_verification")
    .orderBy("created_at", "desc")
    .executeTakeFirstOrThrow();
  return { code: (row.payload as { data: { code: string } }).data.code, to: row.address };
}

describe("notification preferences", () => {
  it("unauthenticated: 401 on read, change and verify", async () => {
    await expectProblem(await app.api(PATH), 401, "unauthenticated");
    await expectProblem(await app.api(PATH, { method: "PATCH", body: { email: false } }), 401, "unauthenticated");
    await expectProblem(await app.api("/api/v1/me/phone-verification", { body: { code: "123456" } }), 401, "unauthenticated");
  });

  it("defaults: mail on, WhatsApp off, every kind with its default", async () => {
    const m = await createMember(app.db.db, app.services);
    const prefs = await json<Prefs>(await app.api(PATH, { token: m.token }), 200);
    expect(prefs).toMatchObject({ email: true, whatsapp: false, phone: null, phoneVerified: false, phonePending: false });
    expect(Object.keys(prefs.kinds).sort()).toEqual(Object.keys(PREFERENCE_KINDS).sort());
    expect(prefs.kinds.booking_reminder).toBe(true);
    expect(prefs.kinds.task_assigned).toBe(false);
  });

  it("PATCH switches kinds and mail, keeps the rest, and is the member's own", async () => {
    const m = await createMember(app.db.db, app.services);
    const other = await createMember(app.db.db, app.services);
    const after = await json<Prefs>(
      await app.api(PATH, { method: "PATCH", token: m.token, body: { email: false, kinds: { booking_reminder: false, task_assigned: true } } }),
      200,
    );
    expect(after).toMatchObject({ email: false, whatsapp: false });
    expect(after.kinds).toMatchObject({ booking_reminder: false, task_assigned: true, invoice_issued: true });
    const again = await json<Prefs>(await app.api(PATH, { method: "PATCH", token: m.token, body: { kinds: { task_assigned: false } } }), 200);
    expect(again.kinds).toMatchObject({ booking_reminder: false, task_assigned: false });
    expect(again.email).toBe(false);
    expect((await json<Prefs>(await app.api(PATH, { token: other.token }), 200)).kinds.booking_reminder).toBe(true);
  });

  it("bad bodies: unknown key 400, bad phone 400, unknown kind 422, WhatsApp without a phone 422", async () => {
    const m = await createMember(app.db.db, app.services);
    await expectProblem(await app.api(PATH, { method: "PATCH", token: m.token, body: { sms: true } }), 400, "validation_failed");
    await expectProblem(await app.api(PATH, { method: "PATCH", token: m.token, body: { phone: "0812345678" } }), 400, "validation_failed");
    await expectProblem(await app.api(PATH, { method: "PATCH", token: m.token, body: { kinds: { booking_reminder: "no" } } }), 400, "validation_failed");
    const unknown = await app.api(PATH, { method: "PATCH", token: m.token, body: { kinds: { carrier_pigeon: false } } });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ code: "rule_violation", reason: "unknown_kind", kind: "carrier_pigeon" });
    const proto = await app.api(PATH, { method: "PATCH", token: m.token, body: { kinds: { constructor: false } } });
    expect(proto.status).toBe(422);
    const noPhone = await app.api(PATH, { method: "PATCH", token: m.token, body: { whatsapp: true } });
    expect(noPhone.status).toBe(422);
    expect(await noPhone.json()).toMatchObject({ reason: "no_phone" });
    // Nothing was written by the refused changes.
    expect((await json<Prefs>(await app.api(PATH, { token: m.token }), 200)).kinds.booking_reminder).toBe(true);
  });

  it("a phone is proven by its WhatsApp code; wrong 422, expired 422, 5 tries, then WhatsApp can be switched on", async () => {
    const m = await createMember(app.db.db, app.services);
    const set = await json<Prefs>(await app.api(PATH, { method: "PATCH", token: m.token, body: { phone: "+6281234567890" } }), 200);
    expect(set).toMatchObject({ phone: "+6281234567890", phoneVerified: false, phonePending: true, whatsapp: false });
    const first = await lastCode(m.id);
    expect(first.to).toBe("+6281234567890");
    expect(first.code).toMatch(/^\d{6}$/);
    const stored = await app.db.db.selectFrom("phone_verifications").selectAll().where("member_id", "=", m.id).executeTakeFirstOrThrow();
    expect(stored.code_hash).not.toContain(first.code);

    const unverified = await app.api(PATH, { method: "PATCH", token: m.token, body: { whatsapp: true } });
    expect(unverified.status).toBe(422);
    expect(await unverified.json()).toMatchObject({ reason: "phone_unverified" });

    // Another code at once: rate-limited.
    const soon = await app.api(PATH, { method: "PATCH", token: m.token, body: { phone: "+6281234567890" } });
    await expectProblem(soon, 429, "rate_limited");

    const wrong = first.code === "000000" ? "000001" : "000000";
    const bad = await app.api("/api/v1/me/phone-verification", { token: m.token, body: { code: wrong } });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ code: "rule_violation", reason: "wrong_code" });

    // Expired after 10 minutes.
    clock.advance(10 * 60_000 + 1);
    const late = await app.api("/api/v1/me/phone-verification", { token: m.token, body: { code: first.code } });
    expect(late.status).toBe(422);
    expect(await late.json()).toMatchObject({ reason: "code_expired" });

    // A fresh code (a minute has passed): 4 wrong tries and the right one still works; a 6th try would not.
    await json(await app.api(PATH, { method: "PATCH", token: m.token, body: { phone: "+6281234567890" } }), 200);
    const second = await lastCode(m.id);
    expect(second.code).toMatch(/^\d{6}$/);
    const wrong2 = second.code === "000000" ? "000001" : "000000";
    for (let i = 0; i < 4; i++) {
      expect((await app.api("/api/v1/me/phone-verification", { token: m.token, body: { code: wrong2 } })).status).toBe(422);
    }
    const ok = await json<Prefs>(await app.api("/api/v1/me/phone-verification", { token: m.token, body: { code: second.code } }), 200);
    expect(ok).toMatchObject({ phoneVerified: true, phonePending: false });
    const on = await json<Prefs>(await app.api(PATH, { method: "PATCH", token: m.token, body: { whatsapp: true } }), 200);
    expect(on).toMatchObject({ whatsapp: true, phoneVerified: true });

    // A new number loses the confirmation (and its WhatsApp stays asked for, but nothing goes until confirmed).
    clock.advance(60_000);
    const moved = await json<Prefs>(await app.api(PATH, { method: "PATCH", token: m.token, body: { phone: "+6289876543210" } }), 200);
    expect(moved).toMatchObject({ phone: "+6289876543210", phoneVerified: false, phonePending: true });
    expect((await lastCode(m.id)).to).toBe("+6289876543210");
  });

  it("five wrong tries use the code up", async () => {
    const m = await createMember(app.db.db, app.services);
    await json(await app.api(PATH, { method: "PATCH", token: m.token, body: { phone: "+6281111111111" } }), 200);
    const { code } = await lastCode(m.id);
    const wrong = code === "999999" ? "999998" : "999999";
    for (let i = 0; i < 5; i++) {
      const r = await app.api("/api/v1/me/phone-verification", { token: m.token, body: { code: wrong } });
      expect(await r.json()).toMatchObject({ reason: "wrong_code" });
    }
    const used = await app.api("/api/v1/me/phone-verification", { token: m.token, body: { code } });
    expect(used.status).toBe(422);
    expect(await used.json()).toMatchObject({ reason: "code_expired" });
  });

  it("no phone: verify says no_phone; phone null removes it and WhatsApp", async () => {
    const m = await createMember(app.db.db, app.services);
    const r = await app.api("/api/v1/me/phone-verification", { token: m.token, body: { code: "123456" } });
    expect(await r.json()).toMatchObject({ reason: "no_phone" });
    await json(await app.api(PATH, { method: "PATCH", token: m.token, body: { phone: "+6281111111112" } }), 200);
    const removed = await json<Prefs>(await app.api(PATH, { method: "PATCH", token: m.token, body: { phone: null } }), 200);
    expect(removed).toMatchObject({ phone: null, whatsapp: false, phonePending: false });
  });
});
