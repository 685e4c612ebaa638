import { describe, expect, it } from "vitest";
import { fixedClock } from "../../server/domain/clock.js";
import { expectProblem, json, useTestApp } from "../support/app.js";
import { createMember } from "../support/factories.js";

const NOW = "2026-12-06T09:00:00.000Z";
const clock = fixedClock(NOW);
const app = useTestApp({ clock, now: NOW });

async function signup(email: string) {
  return json<{ member: { id: string }; token: string }>(
    await app.api("/api/v1/auth/signup", { body: { email, password: "a long enough password", name: "Sari Verifies" } }),
    201,
  );
}
async function verificationMails(email: string) {
  const rows = await app.db.db.selectFrom("outbox").selectAll().where("kind", "=", "email_verification").where("address", "=", email).orderBy("created_at").execute();
  return rows.map((r) => (r.payload as { data: { token: string; memberName: string } }).data);
}
const verify = (token: string) => app.api("/api/v1/auth/verify-email", { body: { token } });

describe("email verification", () => {
  it("sign-up writes a 24-hour link and its mail in the same transaction; the link confirms the address once", async () => {
    const { member, token } = await signup("sari@test.jejaring.id");
    const mails = await verificationMails("sari@test.jejaring.id");
    expect(mails.map((m) => m.memberName)).toEqual(["Sari Verifies"]);
    const stored = await app.db.db.selectFrom("account_tokens").selectAll().where("member_id", "=", member.id).executeTakeFirstOrThrow();
    expect(stored.purpose).toBe("email_verification");
    expect(new Date(stored.expires_at).getTime() - new Date(NOW).getTime()).toBe(24 * 3600_000);
    expect(await json(await app.api("/api/v1/me/email-verification", { token }), 200)).toEqual({ email: "sari@test.jejaring.id", verified: false, pendingEmail: null });
    expect((await verify(mails[0]!.token)).status).toBe(204);
    const row = await app.db.db.selectFrom("members").select("email_verified_at").where("id", "=", member.id).executeTakeFirstOrThrow();
    expect(new Date(row.email_verified_at!).toISOString()).toBe(NOW);
    expect(await json(await app.api("/api/v1/me/email-verification", { token }), 200)).toEqual({ email: "sari@test.jejaring.id", verified: true, pendingEmail: null });
    expect((await json<{ reason: string }>(await verify(mails[0]!.token), 422)).reason).toBe("token_invalid");
  });

  it("a sign-up that fails (the address is taken) leaves no link and no mail", async () => {
    const m = await createMember(app.db.db, app.services);
    await expectProblem(await app.api("/api/v1/auth/signup", { body: { email: m.email, password: "a long enough password", name: "Again" } }), 409, "already_exists");
    expect(await app.db.db.selectFrom("outbox").select("id").execute()).toEqual([]);
    expect(await app.db.db.selectFrom("account_tokens").select("token_hash").execute()).toEqual([]);
  });

  it("a link past 24 hours is 422 token_invalid and the address stays unconfirmed", async () => {
    const { member } = await signup("late@test.jejaring.id");
    const [mail] = await verificationMails("late@test.jejaring.id");
    clock.advance(24 * 3600_000 + 1);
    expect((await json<{ reason: string }>(await verify(mail!.token), 422)).reason).toBe("token_invalid");
    const row = await app.db.db.selectFrom("members").select("email_verified_at").where("id", "=", member.id).executeTakeFirstOrThrow();
    expect(row.email_verified_at).toBeNull();
  });

  it("send again: a new link replaces the old one; rate-limited with Retry-After; refused once confirmed", async () => {
    const { token } = await signup("again@test.jejaring.id");
    expect((await app.api("/api/v1/me/email-verification", { method: "POST", token })).status).toBe(202);
    const mails = await verificationMails("again@test.jejaring.id");
    expect(mails).toHaveLength(2);
    expect((await json<{ reason: string }>(await verify(mails[0]!.token), 422)).reason).toBe("token_invalid");
    for (let i = 0; i < 4; i++) expect((await app.api("/api/v1/me/email-verification", { method: "POST", token })).status).toBe(202);
    const refused = await app.api("/api/v1/me/email-verification", { method: "POST", token });
    await expectProblem(refused, 429, "rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const latest = (await verificationMails("again@test.jejaring.id")).at(-1)!;
    expect((await verify(latest.token)).status).toBe(204);
    clock.advance(3600_000 + 1);
    const done = await json<{ code: string; reason: string }>(await app.api("/api/v1/me/email-verification", { method: "POST", token }), 422);
    expect([done.code, done.reason]).toEqual(["rule_violation", "already_verified"]);
  });

  it("a link for an address the account no longer has does not confirm the new one", async () => {
    const { member } = await signup("old@test.jejaring.id");
    const [mail] = await verificationMails("old@test.jejaring.id");
    await app.db.db.updateTable("members").set({ email: "new@test.jejaring.id" }).where("id", "=", member.id).execute();
    expect((await json<{ reason: string }>(await verify(mail!.token), 422)).reason).toBe("token_invalid");
    const row = await app.db.db.selectFrom("members").select("email_verified_at").where("id", "=", member.id).executeTakeFirstOrThrow();
    expect(row.email_verified_at).toBeNull();
  });

  it("anonymous callers cannot ask for a link; junk tokens are 422 or 400, never 5xx", async () => {
    await expectProblem(await app.api("/api/v1/me/email-verification", { method: "POST" }), 401, "unauthenticated");
    expect((await verify("nope")).status).toBe(422);
    await expectProblem(await app.api("/api/v1/auth/verify-email", { body: { token: "x".repeat(500) } }), 400, "validation_failed");
    await expectProblem(await app.api("/api/v1/auth/verify-email", { body: { token: "t", more: true } }), 400, "validation_failed");
  });
});
