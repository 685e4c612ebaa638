import { afterEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../server/domain/clock.js";
import { useTestApp, expectProblem, json } from "../support/app.js";
import { createMember } from "../support/factories.js";
import { connectMember, disconnectAll } from "../support/sockets.js";

const NOW = "2026-12-06T09:00:00.000Z";
const clock = fixedClock(NOW);
const app = useTestApp({ clock, now: NOW });
afterEach(disconnectAll);

const NEW_PASSWORD = "a brand new passphrase";

function ask(email: string, headers?: Record<string, string>) {
  return app.api("/api/v1/auth/password-reset", { body: { email }, headers });
}
function confirm(token: string, password = NEW_PASSWORD) {
  return app.api("/api/v1/auth/password-reset/confirm", { body: { token, password } });
}
async function resetMails() {
  return app.db.db.selectFrom("outbox").selectAll().where("kind", "=", "password_reset").orderBy("created_at").execute();
}
/** The secret of the newest reset link sent to `email`, as the mail carries it. */
async function linkTokenFor(email: string): Promise<string> {
  const rows = (await resetMails()).filter((r) => r.address === email);
  const payload = rows.at(-1)!.payload as { kind: string; data: { token: string } };
  expect(payload.kind).toBe("password_reset");
  return payload.data.token;
}
async function logIn(email: string, password: string) {
  return app.api("/api/v1/auth/tokens", { body: { email, password } });
}

describe("password reset", () => {
  it("a known and an unknown email get the same status and body; only the known one gets a mail", async () => {
    const m = await createMember(app.db.db, app.services);
    const known = await ask(m.email.toUpperCase());
    const unknown = await ask("nobody-here@test.jejaring.id");
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await known.text()).toBe(await unknown.text());
    const mails = await resetMails();
    expect(mails.map((r) => [r.channel, r.address, r.member_id])).toEqual([["email", m.email, m.id]]);
    const stored = await app.db.db.selectFrom("account_tokens").selectAll().execute();
    expect(stored).toHaveLength(1);
    // Only the hash is stored: the mail's token is not in the table, its SHA-256 is.
    const token = await linkTokenFor(m.email);
    expect(stored[0]!.token_hash).not.toContain(token);
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Date(stored[0]!.expires_at).getTime() - new Date(NOW).getTime()).toBe(60 * 60_000);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
  });

  it("a suspended member gets no link (and the same answer)", async () => {
    const m = await createMember(app.db.db, app.services);
    await app.db.db.updateTable("members").set({ suspended_at: new Date(NOW) }).where("id", "=", m.id).execute();
    expect((await ask(m.email)).status).toBe(202);
    expect(await resetMails()).toEqual([]);
  });

  it("the link sets a new password once; a second use is 422 token_invalid; the old password no longer works", async () => {
    const m = await createMember(app.db.db, app.services);
    await ask(m.email);
    const token = await linkTokenFor(m.email);
    expect((await confirm(token)).status).toBe(204);
    const second = await confirm(token, "another new passphrase");
    const body = await json<{ code: string; reason: string }>(second, 422);
    expect([body.code, body.reason]).toEqual(["rule_violation", "token_invalid"]);
    await expectProblem(await logIn(m.email, m.password), 401, "unauthenticated");
    expect((await logIn(m.email, NEW_PASSWORD)).status).toBe(201);
  });

  it("a link past its hour is 422 token_invalid (fixed clock), and the password stays", async () => {
    const m = await createMember(app.db.db, app.services);
    await ask(m.email);
    const token = await linkTokenFor(m.email);
    clock.advance(60 * 60_000 + 1);
    const body = await json<{ reason: string }>(await confirm(token), 422);
    expect(body.reason).toBe("token_invalid");
    expect((await logIn(m.email, m.password)).status).toBe(201);
  });

  it("a newer link ends the older unused one; a made-up token is 422", async () => {
    const m = await createMember(app.db.db, app.services);
    await ask(m.email);
    const first = await linkTokenFor(m.email);
    clock.advance(1000);
    await ask(m.email);
    const second = await linkTokenFor(m.email);
    expect(second).not.toBe(first);
    expect((await json<{ reason: string }>(await confirm(first), 422)).reason).toBe("token_invalid");
    expect((await json<{ reason: string }>(await confirm("x".repeat(43)), 422)).reason).toBe("token_invalid");
    expect((await confirm(second)).status).toBe(204);
  });

  it("a new password under the sign-up rule is a 400 field error, and the link stays usable", async () => {
    const m = await createMember(app.db.db, app.services);
    await ask(m.email);
    const token = await linkTokenFor(m.email);
    await expectProblem(await confirm(token, "short"), 400, "validation_failed");
    await expectProblem(await app.api("/api/v1/auth/password-reset/confirm", { body: { token, password: NEW_PASSWORD, extra: 1 } }), 400, "validation_failed");
    expect((await confirm(token)).status).toBe(204);
  });

  it("every session and API token of the member ends, and a connected socket is told and disconnected", async () => {
    const m = await createMember(app.db.db, app.services);
    const web = await app.services.identity.startSession(m.id, "web");
    const other = await createMember(app.db.db, app.services);
    const { socket, inbox } = await connectMember(app.url, m.token, ["session:ended"]);
    const closed = new Promise<void>((resolve) => socket.once("disconnect", () => resolve()));
    await ask(m.email);
    expect((await confirm(await linkTokenFor(m.email))).status).toBe(204);
    expect(await inbox.next("session:ended")).toEqual({ reason: "logged_out" });
    await closed;
    await expectProblem(await app.api("/api/v1/me", { token: m.token }), 401, "unauthenticated");
    await expectProblem(await app.api("/api/v1/me", { headers: { cookie: `jj_session=${web}` } }), 401, "unauthenticated");
    expect(await app.db.db.selectFrom("sessions").select("id").where("member_id", "=", m.id).execute()).toEqual([]);
    // Nobody else is logged out.
    expect((await app.api("/api/v1/me", { token: other.token })).status).toBe(200);
  });

  it("asking too often for one email is 429 with Retry-After, for known and unknown emails alike", async () => {
    const m = await createMember(app.db.db, app.services);
    for (const email of [m.email, "ghost@test.jejaring.id"]) {
      for (let i = 0; i < 5; i++) expect((await ask(email)).status).toBe(202);
      const refused = await ask(email);
      await expectProblem(refused, 429, "rate_limited");
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    expect(await resetMails()).toHaveLength(5);
    // The window slides: an hour later the email may ask again.
    clock.advance(60 * 60_000 + 1);
    expect((await ask(m.email)).status).toBe(202);
  });
});
