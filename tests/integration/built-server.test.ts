import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startServerProcess, type ServerProcess } from "../support/processes.js";

// `npm start` as a user runs it: the production build on embedded PGlite in a fresh DATA_DIR, no DATABASE_URL.
const dataDir = mkdtempSync(path.join(tmpdir(), "jejaring-built-"));
let port = 0;
let server: ServerProcess | undefined;
const output = () => server?.output() ?? "";

async function start(): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: "production" };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.SESSION_SECRET;
  server = await startServerProcess(["scripts/start.mjs"], env, port);
}

async function stop(): Promise<number | null> {
  return (await server?.stop()) ?? null;
}

const url = (p: string) => `http://127.0.0.1:${port}${p}`;

beforeAll(async () => {
  port = await freePort();
  await start();
}, 180_000);

afterAll(async () => {
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the built server on embedded PGlite", () => {
  it("serves health, the UI and a demo network, printing the demo logins", async () => {
    expect(await (await fetch(url("/healthz"))).json()).toEqual({ ok: true });
    const home = await fetch(url("/"), { headers: { "accept-language": "en" } });
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain("The hub of a network of specialists");
    const csp = home.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).not.toContain("unsafe-inline' ;script");
    expect(html).toContain(`nonce="${nonce}"`);
    expect(output()).toContain("admin@demo.jejaring.id");
  });

  it("sets a HttpOnly, SameSite=Lax, Secure session cookie and refuses it after log-out", async () => {
    const origin = url("");
    const login = await fetch(url("/login"), {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin },
      body: new URLSearchParams({ email: "member@demo.jejaring.id", password: "jejaring-demo", redirectTo: "/account" }),
    });
    expect(login.status).toBe(302);
    const setCookie = login.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^jj_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Secure/i);
    const cookie = setCookie.split(";")[0]!;

    const account = await fetch(url("/account"), { headers: { cookie }, redirect: "manual" });
    expect(account.status).toBe(200);
    expect(await account.text()).toContain("member@demo.jejaring.id");

    const foreign = await fetch(url("/logout"), { method: "POST", redirect: "manual", headers: { cookie, origin: "http://evil.example" } });
    expect(foreign.status).toBe(403);
    expect((await fetch(url("/account"), { headers: { cookie }, redirect: "manual" })).status).toBe(200);

    const logout = await fetch(url("/logout"), { method: "POST", redirect: "manual", headers: { cookie, origin } });
    expect(logout.status).toBe(302);
    const after = await fetch(url("/account"), { headers: { cookie }, redirect: "manual" });
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/login/);
  });

  it("keeps accounts and tokens across a restart", async () => {
    const signup = await fetch(url("/api/v1/auth/signup"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "persist@example.com", password: "persist-me-please", name: "Persisted" }),
    });
    expect(signup.status).toBe(201);
    const { token, member } = (await signup.json()) as { token: string; member: { id: string } };

    expect(await stop()).toBe(0);
    await start();
    expect(output()).not.toContain("Demo network created");

    const me = await fetch(url("/api/v1/me"), { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { id: string }).id).toBe(member.id);
  }, 180_000);
});
