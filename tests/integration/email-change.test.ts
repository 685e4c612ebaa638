import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../server/domain/clock.js";
import { expectProblem, json, useTestApp } from "../support/app.js";
import { createMember, TEST_PASSWORD, type TestMember } from "../support/factories.js";
import { startSmtpSink, type SmtpSink, type SunkMail } from "../support/smtp-sink.js";

// Issue 15, item 4: changing one's email re-verifies. `PUT /me/email {email,password}` → 202: the change waits until
// the link sent to the NEW address is opened (a typo cannot lock anyone out), the OLD address is told at once; the
// link makes the new address the account's, confirmed, so invoices and reminders go there. Mail goes through the
// app's own worker to a real SMTP server on loopback.
const NOW = "2026-12-07T02:00:00.000Z";
const clock = fixedClock(NOW);

let sink: SmtpSink;
const env: Record<string, string> = { PUBLIC_URL: "https://jejaring.example" };
// Registered before the app's own set-up, so the app starts with the sink as its SMTP server.
beforeAll(async () => {
  sink = await startSmtpSink();
  env.SMTP_URL = sink.url;
  env.MAIL_FROM = "Jejaring <no-reply@jejaring.test>";
});
const app = useTestApp({ clock, now: NOW, env });
afterAll(async () => {
  await sink.close();
});
afterEach(() => {
  sink.mails.length = 0;
});

const change = (m: TestMember, body: unknown) => app.api("/api/v1/me/email", { method: "PUT", token: m.token, body });
const verify = (token: string) => app.api("/api/v1/auth/verify-email", { body: { token } });
const state = async (m: TestMember) => json<{ email: string; verified: boolean; pendingEmail: string | null }>(await app.api("/api/v1/me/email-verification", { token: m.token }), 200);
const logIn = (email: string) => app.api("/api/v1/auth/tokens", { body: { email, password: TEST_PASSWORD } });

/** Sends what is due through the app's worker and answers the mails the SMTP server got for each address. */
async function deliver(): Promise<Map<string, SunkMail[]>> {
  await app.services.messaging.worker.drain();
  const byAddress = new Map<string, SunkMail[]>();
  for (const mail of sink.mails) for (const to of mail.to) byAddress.set(to, [...(byAddress.get(to) ?? []), mail]);
  return byAddress;
}

/** The token of the link in a mail, as the member would click it. */
function linkToken(mail: SunkMail): string {
  const match = /https:\/\/jejaring\.example\/verify-email\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
  expect(match, mail.text).not.toBeNull();
  return decodeURIComponent(match![1]!);
}

const tableCounts = async () => ({
  tokens: (await app.db.db.selectFrom("account_tokens").select("token_hash").execute()).length,
  outbox: (await app.db.db.selectFrom("outbox").select("id").execute()).length,
});

describe("changing one's email", () => {
  it("waits for the link sent to the new address, tells the old one, then changes and confirms the address, once", async () => {
    const m = await createMember(app.db.db, app.services, { email: "sari.lama@test.jejaring.id" });
    const accepted = await json<{ pendingEmail: string; expiresAt: string }>(await change(m, { email: "  Sari.Baru@Test.Jejaring.id ", password: TEST_PASSWORD }), 202);
    expect(accepted).toEqual({ pendingEmail: "sari.baru@test.jejaring.id", expiresAt: "2026-12-08T02:00:00.000Z" });

    const mails = await deliver();
    expect([...mails.keys()].sort()).toEqual(["sari.baru@test.jejaring.id", "sari.lama@test.jejaring.id"]);
    const toNew = mails.get("sari.baru@test.jejaring.id")!;
    const toOld = mails.get("sari.lama@test.jejaring.id")!;
    expect(toNew).toHaveLength(1);
    expect(toOld).toHaveLength(1);
    // The factory's members read Indonesian.
    expect(toNew[0]!.subject).toBe("Konfirmasi alamat email baru Anda");
    expect(toOld[0]!.subject).toBe("Alamat email Jejaring Anda sedang diganti");
    expect(toOld[0]!.text).toContain("sari.baru@test.jejaring.id");
    expect(toOld[0]!.text).not.toContain("/verify-email"); // the old address gets no link that could finish the change
    expect(toOld[0]!.html).toContain('<html lang="id">');

    // Until the link is opened nothing changes: the old address logs in, the new one does not.
    expect(await state(m)).toEqual({ email: "sari.lama@test.jejaring.id", verified: false, pendingEmail: "sari.baru@test.jejaring.id" });
    expect((await logIn("sari.lama@test.jejaring.id")).status).toBe(201);
    expect((await logIn("sari.baru@test.jejaring.id")).status).toBe(401);

    const token = linkToken(toNew[0]!);
    expect((await verify(token)).status).toBe(204);
    expect(await state(m)).toEqual({ email: "sari.baru@test.jejaring.id", verified: true, pendingEmail: null });
    const row = await app.db.db.selectFrom("members").select(["email", "email_verified_at"]).where("id", "=", m.id).executeTakeFirstOrThrow();
    expect(new Date(row.email_verified_at!).toISOString()).toBe(NOW);
    expect((await logIn("sari.baru@test.jejaring.id")).status).toBe(201);
    expect((await logIn("sari.lama@test.jejaring.id")).status).toBe(401);
    expect((await json<{ reason: string }>(await verify(token), 422)).reason).toBe("token_invalid");

    // Mail of the preference kinds (invoices, reminders and the rest: only to a confirmed address) now goes to the
    // new address.
    const ID = "0b8f2c1e-6a3d-4f5b-9c2e-1d4a7b8c9e0f";
    await app.db.db.transaction().execute((tx) =>
      app.services.messaging.reach.toMember(tx, m.id, { kind: "connection_requested", data: { connectionId: ID, memberId: ID, memberName: "Dewi Kopi", note: "" } }),
    );
    sink.mails.length = 0;
    const after = await deliver();
    expect([...after.keys()]).toEqual(["sari.baru@test.jejaring.id"]);
    expect(after.get("sari.baru@test.jejaring.id")![0]!.subject).toContain("Dewi Kopi");
  });

  it("a typo locks no one out: the change can be cancelled, and a newer one replaces the older link", async () => {
    const m = await createMember(app.db.db, app.services, { email: "typo@test.jejaring.id" });
    expect((await change(m, { email: "typo@tset.jejaring.id", password: TEST_PASSWORD })).status).toBe(202);
    expect((await change(m, { email: "typo2@test.jejaring.id", password: TEST_PASSWORD })).status).toBe(202);
    const mails = await deliver();
    const older = linkToken(mails.get("typo@tset.jejaring.id")![0]!);
    const newer = linkToken(mails.get("typo2@test.jejaring.id")![0]!);
    expect((await state(m)).pendingEmail).toBe("typo2@test.jejaring.id");
    expect((await json<{ reason: string }>(await verify(older), 422)).reason).toBe("token_invalid");

    expect((await app.api("/api/v1/me/email/pending", { method: "DELETE", token: m.token })).status).toBe(204);
    expect(await state(m)).toEqual({ email: "typo@test.jejaring.id", verified: false, pendingEmail: null });
    expect((await json<{ reason: string }>(await verify(newer), 422)).reason).toBe("token_invalid");
    expect((await app.api("/api/v1/me/email/pending", { method: "DELETE", token: m.token })).status).toBe(204);
    expect((await logIn("typo@test.jejaring.id")).status).toBe(201);
  });

  it("another member's address is 409 email_in_use, one's own 422 same_email, a wrong password 400; none writes anything", async () => {
    const m = await createMember(app.db.db, app.services, { email: "mine@test.jejaring.id" });
    const other = await createMember(app.db.db, app.services, { email: "theirs@test.jejaring.id" });
    const before = await tableCounts();
    const taken = await change(m, { email: "THEIRS@test.jejaring.id", password: TEST_PASSWORD });
    expect(taken.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await json(taken, 409)).toMatchObject({ code: "already_exists", reason: "email_in_use" });
    expect(await json(await change(m, { email: "mine@test.jejaring.id", password: TEST_PASSWORD }), 422)).toMatchObject({ code: "rule_violation", reason: "same_email" });
    expect(await json(await change(m, { email: "new@test.jejaring.id", password: "not my password" }), 400)).toMatchObject({ code: "validation_failed", reason: "wrong_password" });
    await expectProblem(await change(m, { email: "not an address", password: TEST_PASSWORD }), 400, "validation_failed");
    await expectProblem(await change(m, { email: "new@test.jejaring.id", password: TEST_PASSWORD, role: "admin" }), 400, "validation_failed");
    await expectProblem(await change(m, { email: "new@test.jejaring.id" }), 400, "validation_failed");
    await expectProblem(await app.api("/api/v1/me/email", { method: "PUT", body: { email: "new@test.jejaring.id", password: TEST_PASSWORD } }), 401, "unauthenticated");
    await expectProblem(await app.api("/api/v1/me/email/pending", { method: "DELETE" }), 401, "unauthenticated");
    expect(await tableCounts()).toEqual(before);
    expect((await state(other)).email).toBe("theirs@test.jejaring.id");
  });

  it("the problem is in the reader's language", async () => {
    const m = await createMember(app.db.db, app.services);
    const other = await createMember(app.db.db, app.services);
    const en = await json<{ detail: string }>(await app.api("/api/v1/me/email", { method: "PUT", token: m.token, body: { email: other.email, password: TEST_PASSWORD }, headers: { "accept-language": "en" } }), 409);
    expect(en.detail).toBe("Another account uses this email address.");
    const id = await json<{ detail: string }>(await app.api("/api/v1/me/email", { method: "PUT", token: m.token, body: { email: other.email, password: TEST_PASSWORD }, headers: { "accept-language": "id" } }), 409);
    expect(id.detail).toBe("Alamat email ini sudah dipakai akun lain.");
  });

  it("two members wait on one new address: the first link opened wins, the second is 409 and that account keeps its address", async () => {
    const a = await createMember(app.db.db, app.services, { email: "a@test.jejaring.id" });
    const b = await createMember(app.db.db, app.services, { email: "b@test.jejaring.id" });
    expect((await change(a, { email: "shared@test.jejaring.id", password: TEST_PASSWORD })).status).toBe(202);
    expect((await change(b, { email: "shared@test.jejaring.id", password: TEST_PASSWORD })).status).toBe(202);
    const [first, second] = (await deliver()).get("shared@test.jejaring.id")!.map(linkToken);
    const answers = await Promise.all([verify(first!), verify(second!)]);
    expect(answers.map((r) => r.status).sort()).toEqual([204, 409]);
    const loser = await json<{ code: string; reason: string }>(answers.find((r) => r.status === 409)!, 409);
    expect([loser.code, loser.reason]).toEqual(["already_exists", "email_in_use"]);
    // Exactly one account has the address; the other keeps its own.
    const emails = (await app.db.db.selectFrom("members").select("email").where("id", "in", [a.id, b.id]).execute()).map((r) => r.email).sort();
    expect([["a@test.jejaring.id", "shared@test.jejaring.id"], ["b@test.jejaring.id", "shared@test.jejaring.id"]]).toContainEqual(emails);
  });

  it("links sent to the old address stop working once the address changes", async () => {
    const m = await createMember(app.db.db, app.services, { email: "before@test.jejaring.id" });
    expect((await app.api("/api/v1/auth/password-reset", { body: { email: "before@test.jejaring.id" } })).status).toBe(202);
    expect((await change(m, { email: "after@test.jejaring.id", password: TEST_PASSWORD })).status).toBe(202);
    const mails = await deliver();
    const resetMail = mails.get("before@test.jejaring.id")!.find((x) => x.text.includes("/reset-password?token="))!;
    const resetToken = decodeURIComponent(/\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(resetMail.text)![1]!);
    expect((await verify(linkToken(mails.get("after@test.jejaring.id")![0]!))).status).toBe(204);
    const reset = await app.api("/api/v1/auth/password-reset/confirm", { body: { token: resetToken, password: "a brand new passphrase" } });
    expect((await json<{ reason: string }>(reset, 422)).reason).toBe("token_invalid");
    expect((await logIn("after@test.jejaring.id")).status).toBe(201);
  });

  it("the steps the old address is told to take drop a waiting change: a new password, a password reset, logging out everywhere", async () => {
    const waiting = async (m: TestMember, to: string) => {
      expect((await change(m, { email: to, password: TEST_PASSWORD })).status).toBe(202);
      return linkToken((await deliver()).get(to)![0]!);
    };
    const refused = async (m: TestMember, token: string, email: string) => {
      expect((await json<{ reason: string }>(await verify(token), 422)).reason).toBe("token_invalid");
      expect(await state(m)).toMatchObject({ email, pendingEmail: null });
    };

    const a = await createMember(app.db.db, app.services, { email: "victim.a@test.jejaring.id" });
    const linkA = await waiting(a, "thief.a@test.jejaring.id");
    await json(await app.api("/api/v1/me/password", { method: "PUT", token: a.token, body: { currentPassword: TEST_PASSWORD, newPassword: "a brand new passphrase" } }), 200);
    await refused(a, linkA, "victim.a@test.jejaring.id");

    const b = await createMember(app.db.db, app.services, { email: "victim.b@test.jejaring.id" });
    const linkB = await waiting(b, "thief.b@test.jejaring.id");
    expect((await app.api("/api/v1/auth/password-reset", { body: { email: "victim.b@test.jejaring.id" } })).status).toBe(202);
    const resetMail = (await deliver()).get("victim.b@test.jejaring.id")!.find((x) => x.text.includes("/reset-password?token="))!;
    const resetToken = decodeURIComponent(/\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(resetMail.text)![1]!);
    expect((await app.api("/api/v1/auth/password-reset/confirm", { body: { token: resetToken, password: "a brand new passphrase" } })).status).toBe(204);
    await refused({ ...b, token: (await json<{ token: string }>(await app.api("/api/v1/auth/tokens", { body: { email: b.email, password: "a brand new passphrase" } }), 201)).token }, linkB, "victim.b@test.jejaring.id");

    const c = await createMember(app.db.db, app.services, { email: "victim.c@test.jejaring.id" });
    const linkC = await waiting(c, "thief.c@test.jejaring.id");
    const stillIn = await app.services.identity.startSession(c.id, "api");
    await app.services.identity.revokeAllSessions(c.id);
    expect((await verify(linkC)).status).toBe(422);
    const fresh = await app.services.identity.startSession(c.id, "api");
    expect(stillIn).not.toBe(fresh);
    expect(await state({ ...c, token: fresh })).toMatchObject({ email: "victim.c@test.jejaring.id", pendingEmail: null });
  });

  it.skipIf(!process.env.DATABASE_URL)("opening a change's link while asking for another takes one lock order: never a 5xx (PG)", async () => {
    for (let i = 0; i < 6; i++) {
      const m = await createMember(app.db.db, app.services, { email: `race.${i}@test.jejaring.id` });
      expect((await change(m, { email: `first.${i}@test.jejaring.id`, password: TEST_PASSWORD })).status).toBe(202);
      const link = linkToken((await deliver()).get(`first.${i}@test.jejaring.id`)![0]!);
      const [opened, asked] = await Promise.all([verify(link), change(m, { email: `second.${i}@test.jejaring.id`, password: TEST_PASSWORD })]);
      expect([opened.status, asked.status].every((s) => s < 500), `${opened.status} ${asked.status}`).toBe(true);
    }
  });

  it("is rate-limited per member (5 an hour), with Retry-After", async () => {
    const m = await createMember(app.db.db, app.services);
    for (let i = 0; i < 5; i++) expect((await change(m, { email: `n${i}@test.jejaring.id`, password: TEST_PASSWORD })).status).toBe(202);
    const refused = await change(m, { email: "n5@test.jejaring.id", password: TEST_PASSWORD });
    await expectProblem(refused, 429, "rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await state(m)).pendingEmail).toBe("n4@test.jejaring.id");
  });
});
