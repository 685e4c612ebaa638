import { describe, expect, it } from "vitest";
import { createThrottle, LOGIN_LIMITS } from "../../server/domain/identity/index.js";
import { json, useTestApp } from "../support/app.js";
import { createMember, type TestMember } from "../support/factories.js";

// Issue 13, item 14: who a failed log-in locks out, and what a suspended member is told. The attempt's source address
// is an input of the service (the HTTP layer derives it from the socket or a trusted proxy, tested in
// http-hardening); here each "address" is a different caller. Runs with the UI for the log-in page's words.
const app = useTestApp({ remix: true });

const STRANGER = "203.0.113.66";
const OWNER = "198.51.100.7";

async function attempt(email: string, password: string, ip: string): Promise<{ ok: true } | { ok: false; code: string; reason?: unknown }> {
  try {
    await app.services.identity.createApiToken({ email, password }, ip);
    return { ok: true };
  } catch (error) {
    const e = error as { code: string; details: { reason?: unknown } };
    return { ok: false, code: e.code, reason: e.details.reason };
  }
}

/** `n` wrong guesses at `m`'s password from `ip`, a few at once (each batch ends before the next: exact counts). */
async function guesses(m: TestMember, ip: string, n: number) {
  const out: Array<Awaited<ReturnType<typeof attempt>>> = [];
  for (let i = 0; i < n; i += 5) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(5, n - i) }, (_, j) => attempt(m.email, `wrong guess ${i + j}`, ip)))));
  }
  return out;
}

function postLogin(fields: Record<string, string>, lang: "en" | "id") {
  return fetch(`${app.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: app.url, connection: "close", cookie: `jj_lang=${lang}` },
    body: new URLSearchParams(fields),
  });
}

describe("log-in limits by source (item 14)", { timeout: 400_000 }, () => {
  it("ten bad passwords from a stranger lock out the stranger's address only: the owner still gets in from theirs", async () => {
    const m = await createMember(app.db.db, app.services);
    const { max } = LOGIN_LIMITS.perAccountAndIp;
    expect(max).toBe(10);
    expect((await guesses(m, STRANGER, max)).map((a) => a.ok || a.code)).toEqual(Array(max).fill("unauthenticated"));
    // The stranger's address is refused now, even with the right password…
    expect(await attempt(m.email, m.password, STRANGER)).toEqual({ ok: false, code: "rate_limited", reason: "too_many_attempts" });
    // …and the owner, from their own address, is not.
    expect(await attempt(m.email, m.password, OWNER)).toEqual({ ok: true });
    // The owner's success does not clear the stranger's lock.
    expect((await attempt(m.email, "another guess", STRANGER)).ok).toBe(false);
    expect(await attempt(m.email, "another guess", STRANGER)).toMatchObject({ code: "rate_limited" });
  });

  it("the owner's own typos count against their address, and a success forgives them", async () => {
    const m = await createMember(app.db.db, app.services);
    const { max } = LOGIN_LIMITS.perAccountAndIp;
    expect((await guesses(m, OWNER, max - 1)).every((a) => !a.ok && a.code === "unauthenticated")).toBe(true);
    expect(await attempt(m.email, m.password, OWNER)).toEqual({ ok: true });
    // Forgiven: ten more are checked before the address is refused.
    expect((await guesses(m, OWNER, max)).every((a) => !a.ok && a.code === "unauthenticated")).toBe(true);
    expect(await attempt(m.email, m.password, OWNER)).toMatchObject({ ok: false, code: "rate_limited" });
  });

  it("a looser cap per account holds guesses spread over many addresses, and an owner's success does not reset it", async () => {
    const m = await createMember(app.db.db, app.services);
    const { max, windowMs } = LOGIN_LIMITS.perAccount;
    expect(max).toBeGreaterThan(LOGIN_LIMITS.perAccountAndIp.max);
    // All but two of the account's budget spent by earlier guesses from many addresses (recorded straight into the
    // account's bucket: fifty real scrypt checks would take minutes on a busy machine and prove nothing more).
    const throttle = createThrottle({ db: app.db.db, clock: app.services.clock });
    for (let i = 0; i < max - 2; i++) expect((await throttle.reserve(`login:account:${m.email}`, max, windowMs)).ok).toBe(true);

    // The owner logs in from their address: their attempt is given back, the strangers' failures stay.
    expect(await attempt(m.email, m.password, OWNER)).toEqual({ ok: true });
    // Two more guesses, each from a fresh address, spend the rest…
    expect(await attempt(m.email, "guess one", "192.0.2.1")).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(await attempt(m.email, "guess two", "192.0.2.2")).toMatchObject({ ok: false, code: "unauthenticated" });
    // …and now every address is refused, the owner's too (the lock-out the looser cap accepts), before any hash.
    expect(await attempt(m.email, "guess three", "192.0.2.3")).toMatchObject({ ok: false, code: "rate_limited" });
    expect(await attempt(m.email, m.password, OWNER)).toMatchObject({ ok: false, code: "rate_limited" });
    // Another account is untouched.
    const other = await createMember(app.db.db, app.services);
    expect(await attempt(other.email, other.password, "192.0.2.3")).toEqual({ ok: true });
  });
});

describe("a suspended member (item 14)", { timeout: 300_000 }, () => {
  async function suspended() {
    const admin = await createMember(app.db.db, app.services, { role: "admin" });
    const m = await createMember(app.db.db, app.services);
    await json(await app.api(`/api/v1/members/${m.id}/suspend`, { token: admin.token, body: { suspended: true } }), 200);
    return m;
  }

  it("is told the account is suspended only after the right password; a wrong one answers exactly as for a stranger", async () => {
    const m = await suspended();
    const right = await app.api("/api/v1/auth/tokens", { body: { email: m.email, password: m.password }, headers: { "accept-language": "en" } });
    expect(right.status).toBe(401);
    const body = (await right.json()) as { code: string; reason?: string; detail: string };
    expect(body).toMatchObject({ code: "unauthenticated", reason: "account_suspended" });
    expect(body.detail).toMatch(/suspended/i);

    const wrong = await app.api("/api/v1/auth/tokens", { body: { email: m.email, password: "not the password" } });
    const unknown = await app.api("/api/v1/auth/tokens", { body: { email: "nobody-at-all@test.jejaring.id", password: "not the password" } });
    expect(wrong.status).toBe(401);
    const wrongText = await wrong.text();
    expect(wrongText).toBe(await unknown.text());
    expect(wrongText).not.toMatch(/suspend/i);
  });

  it("the log-in page says so in the reader's language, and sets no session", async () => {
    const m = await suspended();
    const en = await postLogin({ email: m.email, password: m.password }, "en");
    expect(en.status).toBe(401);
    expect(en.headers.getSetCookie().some((c) => c.startsWith("jj_session="))).toBe(false);
    const enHtml = await en.text();
    expect(enHtml).toContain("This account is suspended.");
    expect(enHtml).not.toContain("Email or password is incorrect.");

    const id = await postLogin({ email: m.email, password: m.password }, "id");
    expect(await id.text()).toContain("Akun ini ditangguhkan.");

    const wrong = await postLogin({ email: m.email, password: "not the password" }, "en");
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain("Email or password is incorrect.");
    expect(wrongHtml).not.toContain("suspended");
  });
});
