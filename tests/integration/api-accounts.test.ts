import { describe, expect, it } from "vitest";
import { SCRYPT_PARAMS } from "../../server/domain/identity/index.js";
import { useTestApp } from "../support/app.js";
import { createMember } from "../support/factories.js";

const app = useTestApp();

async function problem(res: Response) {
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  return (await res.json()) as { status: number; code: string; errors?: Array<{ path: string; message: string }> };
}

describe("accounts API", () => {
  it("signs up, returns a working token, and stores an OWASP-strength scrypt hash", async () => {
    const res = await app.api("/api/v1/auth/signup", {
      body: { email: "  Sari@Example.COM ", password: "a long enough pw", name: "Sari Wulandari" },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { member: { id: string; email: string; role: string }; token: string };
    expect(body.member).toMatchObject({ email: "sari@example.com", name: "Sari Wulandari", role: "member" });

    const me = await app.api("/api/v1/me", { token: body.token });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: body.member.id, email: "sari@example.com", profile: { showPresence: true } });

    const row = await app.db.db.selectFrom("members").select("password_hash").executeTakeFirstOrThrow();
    const { N, r, p } = SCRYPT_PARAMS;
    expect(N).toBe(2 ** 17);
    expect(row.password_hash).toMatch(new RegExp(`^scrypt\\$N=${N},r=${r},p=${p}\\$`));
    expect(row.password_hash).not.toContain("a long enough pw");
  });

  it("refuses a duplicate email with 409 already_exists", async () => {
    const m = await createMember(app.db.db, app.services);
    const res = await app.api("/api/v1/auth/signup", { body: { email: m.email.toUpperCase(), password: "another password", name: "X" } });
    expect(res.status).toBe(409);
    expect((await problem(res)).code).toBe("already_exists");
  });

  it("answers malformed JSON, unknown keys and schema failures with 400 problem+json and writes nothing", async () => {
    const malformed = await app.api("/api/v1/auth/signup", { body: '{"email": "a@b.c", ' });
    expect(malformed.status).toBe(400);
    expect((await problem(malformed)).code).toBe("validation_failed");

    const unknownKey = await app.api("/api/v1/auth/signup", {
      body: { email: "a@b.co", password: "long enough pw", name: "A", role: "admin" },
    });
    expect(unknownKey.status).toBe(400);
    const p = await problem(unknownKey);
    expect(p.code).toBe("validation_failed");
    expect(p.errors?.some((e) => e.path.includes("role"))).toBe(true);

    const bad = await app.api("/api/v1/auth/signup", { body: { email: "nope", password: "short", name: "" } });
    expect(bad.status).toBe(400);
    expect((await problem(bad)).errors?.map((e) => e.path).sort()).toEqual(["email", "name", "password"]);

    const count = await app.db.db.selectFrom("members").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it("issues tokens for the right password; unknown email and wrong password answer byte-for-byte alike", async () => {
    const m = await createMember(app.db.db, app.services);
    const ok = await app.api("/api/v1/auth/tokens", { body: { email: m.email, password: m.password } });
    expect(ok.status).toBe(201);
    const { token } = (await ok.json()) as { token: string };
    expect((await app.api("/api/v1/me", { token })).status).toBe(200);

    const wrong = await app.api("/api/v1/auth/tokens", { body: { email: m.email, password: "wrong password!" } });
    const unknown = await app.api("/api/v1/auth/tokens", { body: { email: "nobody@test.jejaring.id", password: "wrong password!" } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toBe(await wrong.text());
    expect(unknown.headers.get("content-type")).toBe(wrong.headers.get("content-type"));
  });

  it("rejects a bad token with 401 and revokes a token at once", async () => {
    const bad = await app.api("/api/v1/me", { token: "jjt_not-a-real-token" });
    expect(bad.status).toBe(401);
    expect((await problem(bad)).code).toBe("unauthenticated");
    expect((await app.api("/api/v1/me")).status).toBe(401);

    const m = await createMember(app.db.db, app.services);
    const del = await app.api("/api/v1/auth/tokens/current", { method: "DELETE", token: m.token });
    expect(del.status).toBe(204);
    expect((await app.api("/api/v1/me", { token: m.token })).status).toBe(401);
  });

  it("lets only an admin change roles", async () => {
    const admin = await createMember(app.db.db, app.services, { role: "admin" });
    const member = await createMember(app.db.db, app.services);
    const denied = await app.api(`/api/v1/members/${admin.id}/role`, { method: "PATCH", token: member.token, body: { role: "member" } });
    expect(denied.status).toBe(403);
    const ok = await app.api(`/api/v1/members/${member.id}/role`, { method: "PATCH", token: admin.token, body: { role: "operator" } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: member.id, role: "operator" });
    const missing = await app.api(`/api/v1/members/00000000-0000-4000-8000-000000000000/role`, {
      method: "PATCH",
      token: admin.token,
      body: { role: "operator" },
    });
    expect(missing.status).toBe(404);
    const badId = await app.api(`/api/v1/members/not-a-uuid/role`, { method: "PATCH", token: admin.token, body: { role: "operator" } });
    expect(badId.status).toBe(400);
  });

  it("updates the profile with normalised tags and refuses non-http links", async () => {
    const m = await createMember(app.db.db, app.services);
    const res = await app.api("/api/v1/me/profile", {
      method: "PATCH",
      token: m.token,
      body: { headline: "Batik tulis", specialties: ["Packaging  Design", "packaging design", "Batik"], links: ["https://example.com/a"] },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ headline: "Batik tulis", specialties: ["packaging design", "batik"] });
    const bad = await app.api("/api/v1/me/profile", { method: "PATCH", token: m.token, body: { links: ["javascript:alert(1)"] } });
    expect(bad.status).toBe(400);
    const me = (await (await app.api("/api/v1/me", { token: m.token })).json()) as { profile: { links: string[] } };
    expect(me.profile.links).toEqual(["https://example.com/a"]);
  });

  it("throttles failed log-ins per account (429 with Retry-After)", async () => {
    const m = await createMember(app.db.db, app.services);
    const attempts = await Promise.all(
      Array.from({ length: 10 }, () => app.api("/api/v1/auth/tokens", { body: { email: m.email, password: "wrong password" } })),
    );
    expect(attempts.map((r) => r.status)).toEqual(Array(10).fill(401));
    const blocked = await app.api("/api/v1/auth/tokens", { body: { email: m.email, password: m.password } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await problem(blocked)).code).toBe("rate_limited");
  });

  it("throttles the 101st failed log-in from one address within the hour", async () => {
    for (let batch = 0; batch < 10; batch++) {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          app.api("/api/v1/auth/tokens", { body: { email: `nobody-${batch}-${i}@test.jejaring.id`, password: "wrong password" } }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(10).fill(401));
    }
    const res = await app.api("/api/v1/auth/tokens", { body: { email: "someone-else@test.jejaring.id", password: "wrong password" } });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
  }, 300_000); // 100 real scrypt verifications at OWASP cost: minutes on a busy 2-core machine

  it("answers /healthz and unknown API paths", async () => {
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const unknown = await app.api("/api/v1/nope");
    expect(unknown.status).toBe(404);
    expect((await problem(unknown)).code).toBe("not_found");
  });
});
