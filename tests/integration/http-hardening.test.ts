import http from "node:http";
import { connect as connectTcp, type Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.js";
import { reserveHit } from "../../server/domain/identity/identity.repository.js";
import { LOGIN_LIMITS } from "../../server/domain/identity/identity.service.js";
import { requestProtocol } from "../../server/http/auth.js";
import { loggablePath } from "../../server/http/request-log.js";
import { createLogger } from "../../server/logger.js";
import { expectProblem, json, startTestApp, type TestApp } from "../support/app.js";
import { createTestDb, type TestDb } from "../support/db.js";
import { createMember, createSpace, type TestMember, type TestSpace } from "../support/factories.js";

// Issue 11, items 5 (secrets in the logs), 6 (proxies, keep-alive, public origin), 8 (bad encodings, a JSON
// null body, 5xx without a code) and 9 (SESSION_SECRET on PostgreSQL).

const PUBLIC_ORIGIN = "https://jejaring.example";

type Line = { level: string; msg: string; reqId?: string; path?: string; status?: number; error?: { message?: string } };

/** A GET with headers fetch will not send (a forged Host). */
function rawGet(url: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}${path}`, { headers: { connection: "close", ...headers }, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
  });
}

describe("the app with the UI, logging to a captured stream, behind PUBLIC_ORIGIN", () => {
  const raw: string[] = [];
  const lines = () => raw.map((l) => JSON.parse(l) as Line);
  /** Request ids whose error lines a test provoked on purpose; any other error line fails the test. */
  const provoked = new Set<string>();
  let app: TestApp;
  let member: TestMember;
  let operator: TestMember;
  let webToken: string;
  let space: TestSpace;

  beforeAll(async () => {
    app = await startTestApp({
      remix: true,
      env: { PUBLIC_ORIGIN, LOG_LEVEL: "info" },
      logger: createLogger("info", { destination: { write: (line: string) => void raw.push(line) } }),
    });
    member = await createMember(app.db.db, app.services, { name: "Mira Member" });
    operator = await createMember(app.db.db, app.services, { role: "operator", name: "Olivia Operator" });
    webToken = await app.services.identity.startSession(member.id, "web");
    space = await createSpace(app.services, { operator, desks: 2 });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
  });

  afterEach(() => {
    const unexpected = lines().filter((l) => l.level === "error" && !provoked.has(l.reqId ?? ""));
    expect(unexpected).toEqual([]);
  });

  it("logs the calendar feed and check-in URLs as route patterns and never writes tokens, Authorization or Cookie", async () => {
    raw.length = 0;
    const { url: feedUrl } = await json<{ url: string }>(await app.api("/api/v1/me/calendar", { token: member.token }), 200);
    const feedPath = new URL(feedUrl).pathname;
    const feedSecret = feedPath.split("/").pop()!;
    const feed = await app.api(`${feedPath}?download=1`);
    expect(feed.status).toBe(200);
    await feed.text();

    const deskToken = (await app.services.spaces.checkinTokens(operator, space.id))[0]!.token;
    const cookie = `jj_session=${webToken}`;
    const page = await fetch(`${app.url}/checkin/${deskToken}`, { headers: { cookie, connection: "close" } });
    expect(page.status).toBe(200);
    await page.text();
    const data = await fetch(`${app.url}/checkin/${deskToken}.data`, { headers: { cookie, connection: "close" } });
    await data.text();

    const text = raw.join("");
    for (const secret of [feedSecret, deskToken, member.token, webToken, "jj_session"]) expect(text).not.toContain(secret);
    const requests = lines().filter((l) => l.msg === "request");
    const feedLine = requests.find((l) => l.reqId === feed.headers.get("x-request-id"));
    expect(feedLine).toMatchObject({ level: "info", path: "/api/v1/calendar/:feed", status: 200 });
    const pageLine = requests.find((l) => l.reqId === page.headers.get("x-request-id"));
    expect(pageLine).toMatchObject({ path: "/checkin/:token", status: 200 });
    expect(requests.find((l) => l.reqId === data.headers.get("x-request-id"))?.path).toBe("/checkin/:token");
  });

  it("redacts token-like segments of any future secret link and drops query strings", () => {
    expect(loggablePath("/reset/Zk3p9QmXc2LwV8rT1yHn4sAe6?token=abc")).toBe("/reset/:redacted");
    expect(loggablePath("/api/v1/bookings/0c8b7f34-4a57-4b2e-9a61-2f6b1c3d4e5f")).toBe("/api/v1/bookings/0c8b7f34-4a57-4b2e-9a61-2f6b1c3d4e5f");
    expect(loggablePath("/operator/spaces?from=2027-01-01")).toBe("/operator/spaces");
  });

  it("logs a loader error once, as a structured line with the request id (Remix handleError), without the URL's secret", async () => {
    raw.length = 0;
    const deskToken = (await app.services.spaces.checkinTokens(operator, space.id))[0]!.token;
    const scan = app.services.bookings.scan;
    app.services.bookings.scan = async () => {
      throw new Error("scan exploded");
    };
    try {
      const res = await fetch(`${app.url}/checkin/${deskToken}`, { headers: { cookie: `jj_session=${webToken}`, connection: "close" } });
      const reqId = res.headers.get("x-request-id")!;
      provoked.add(reqId);
      expect(res.status).toBe(500);
      await res.text();
      const failures = lines().filter((l) => l.level === "error");
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ msg: "loader or action failed", reqId, error: { message: "scan exploded" } });
      expect(raw.join("")).not.toContain(deskToken);
    } finally {
      app.services.bookings.scan = scan;
    }
  });

  it("does not log a loader error of an aborted request", async () => {
    const { handleError } = await import("../../app/entry.server.js");
    const logged: unknown[] = [];
    const context = { log: (...args: unknown[]) => void logged.push(args) } as never;
    const aborted = new AbortController();
    aborted.abort();
    handleError(new Error("gone"), { request: new Request("http://x/", { signal: aborted.signal }), params: {}, context });
    expect(logged).toEqual([]);
    handleError(new Error("real"), { request: new Request("http://x/"), params: {}, context });
    expect(logged).toHaveLength(1);
  });

  it("answers an unexpected error with a 500 problem that has a code and reveals nothing, logged with its request id", async () => {
    raw.length = 0;
    const list = app.services.spaces.list;
    app.services.spaces.list = async () => {
      throw new Error("secret internals: relation spaces_x does not exist");
    };
    try {
      const res = await app.api("/api/v1/spaces", { token: member.token });
      const reqId = res.headers.get("x-request-id")!;
      provoked.add(reqId);
      const body = await json<{ code: string; detail: string; status: number }>(res, 500);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(body).toMatchObject({ status: 500, code: "internal" });
      expect(body.detail).toContain(reqId);
      expect(JSON.stringify(body)).not.toContain("spaces_x");
      expect(lines().find((l) => l.level === "error")).toMatchObject({ reqId, error: { message: expect.stringContaining("spaces_x") } });
    } finally {
      app.services.spaces.list = list;
    }
  });

  it("answers a body that claims gzip but is not with 400 validation_failed", async () => {
    const res = await app.api("/api/v1/me/profile", {
      method: "PATCH",
      token: member.token,
      body: '{"headline":"not gzip at all"}',
      headers: { "content-encoding": "gzip" },
    });
    await expectProblem(res, 400, "validation_failed");
  });

  it("refuses a JSON null body on a write instead of reading it as {}", async () => {
    await expectProblem(await app.api("/api/v1/me/profile", { method: "PATCH", token: member.token, body: "null" }), 400, "validation_failed");
    // An empty object is still a valid (empty) profile patch.
    await json(await app.api("/api/v1/me/profile", { method: "PATCH", token: member.token, body: {} }), 200);
  });

  it("builds the calendar feed and QR code URLs on PUBLIC_ORIGIN, whatever the Host header says", async () => {
    const host = { host: "evil.example", authorization: `Bearer ${member.token}` };
    const api = await rawGet(app.url, "/api/v1/me/calendar", host);
    expect(api.status).toBe(200);
    expect((JSON.parse(api.body) as { url: string }).url).toMatch(/^https:\/\/jejaring\.example\/api\/v1\/calendar\/[^/]+\.ics$/);

    const rotated = await rawGet(app.url, "/bookings", host);
    expect(rotated.status).toBe(200);
    expect(rotated.body).toContain(`${PUBLIC_ORIGIN}/api/v1/calendar/`);
    expect(rotated.body).not.toContain("evil.example");

    const qr = await rawGet(app.url, `/operator/spaces/${space.id}/qr`, { host: "evil.example", authorization: `Bearer ${operator.token}` });
    expect(qr.status).toBe(200);
    expect(qr.body).toContain(`${PUBLIC_ORIGIN}/checkin/`);
    expect(qr.body).not.toContain("evil.example");
  });

  it("keeps idle keep-alive connections open past Node's 5 s default (load balancers reuse them for 60 s)", async () => {
    expect(app.httpServer.keepAliveTimeout).toBeGreaterThanOrEqual(65_000);
    expect(app.httpServer.headersTimeout).toBeGreaterThan(app.httpServer.keepAliveTimeout);

    const socket: Socket = connectTcp(app.port, "127.0.0.1");
    let received = "";
    let closed = false;
    socket.setEncoding("utf8");
    socket.on("data", (d: string) => (received += d));
    socket.on("close", () => (closed = true));
    const responses = () => received.split("HTTP/1.1 200").length - 1;
    const waitFor = async (n: number) => {
      const deadline = Date.now() + 5_000;
      while (responses() < n && !closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    };
    const get = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n";
    socket.write(get);
    await waitFor(1);
    expect(responses()).toBe(1);
    // Idle for longer than Node's default keep-alive (5 s), as a pooled connection between two requests.
    await new Promise((r) => setTimeout(r, 5_500));
    expect(closed).toBe(false);
    socket.write(get);
    await waitFor(2);
    expect(responses()).toBe(2);
    socket.destroy();
  }, 20_000);
});

/** One database for the apps below that differ only in configuration (a fresh PGlite costs seconds). */
let shared: TestDb | undefined;
const sharedDb = async () => (shared ??= await createTestDb());
afterAll(async () => {
  await shared?.close();
});

describe("absolute URLs without PUBLIC_ORIGIN", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ db: await sharedDb() });
  });
  afterAll(async () => {
    await app?.stop();
    await shared?.truncate();
  });

  it("use the address the server listens on, never the Host header", async () => {
    const member = await createMember(app.db.db, app.services);
    const res = await rawGet(app.url, "/api/v1/me/calendar", { host: "evil.example", authorization: `Bearer ${member.token}` });
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body) as { url: string }).url.startsWith(`http://127.0.0.1:${app.port}/api/v1/calendar/`)).toBe(true);
  });
});

describe("X-Forwarded-For behind one proxy", () => {
  // The test client stands in for the proxy (127.0.0.1); it appends the real client's address last. Anything
  // before it was written by the client and may be forged: the per-IP sign-up throttle must not believe it.
  it.each(["1", "true", "loopback, 10.0.0.0/8"])("TRUST_PROXY=%s: a forged first hop does not escape the per-IP throttle", async (trust) => {
    const app = await startTestApp({ env: { TRUST_PROXY: trust }, db: await sharedDb() });
    try {
      // The client 198.51.100.7 has used up its sign-ups (filled directly: each real one costs a 128 MiB scrypt).
      const { max, windowMs } = LOGIN_LIMITS.signupPerIp;
      const now = Date.now();
      for (let i = 0; i < max; i++) {
        const at = new Date(now - i);
        await reserveHit(app.db.db, { bucket: "signup:ip:198.51.100.7", at, since: new Date(now - windowMs), max, expiresAt: new Date(now + windowMs) });
      }
      const signup = (firstHop: string, client: string) =>
        app.api("/api/v1/auth/signup", {
          body: { email: `xff-${firstHop}-${now}@test.jejaring.id`, password: "correct horse battery", name: "Xff" },
          headers: { "x-forwarded-for": `${firstHop}, ${client}` },
        });
      // A new forged first hop on every try: still the same client, still throttled.
      for (const forged of ["203.0.113.1", "203.0.113.2"]) await expectProblem(await signup(forged, "198.51.100.7"), 429, "rate_limited");
      // Another real client behind the same proxy is not throttled: the limit is keyed on the last hop.
      expect((await signup("203.0.113.3", "198.51.100.8")).status).toBe(201);
    } finally {
      await app.stop();
      await shared?.truncate();
    }
  });

  it("reads X-Forwarded-Proto for the socket handshake only from a trusted proxy", () => {
    const req = (remoteAddress: string) =>
      ({ socket: { remoteAddress }, headers: { "x-forwarded-proto": "https" } }) as unknown as http.IncomingMessage;
    const trusting = loadConfig({ NODE_ENV: "test", TRUST_PROXY: "loopback" });
    expect(requestProtocol(trusting, req("127.0.0.1"))).toBe("https");
    expect(requestProtocol(trusting, req("203.0.113.5"))).toBe("http");
    expect(requestProtocol(loadConfig({ NODE_ENV: "test" }), req("127.0.0.1"))).toBe("http");
    expect(requestProtocol(loadConfig({ NODE_ENV: "test", TRUST_PROXY: "2" }), req("203.0.113.5"))).toBe("https");
  });
});

describe("configuration", () => {
  const base = { NODE_ENV: "test" } as const;

  it("parses TRUST_PROXY as false, a hop count or a list of addresses, subnets and names; true is one hop, with a warning", () => {
    expect(loadConfig(base).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: "false" }).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: "2" }).trustProxy).toBe(2);
    const legacy = loadConfig({ ...base, TRUST_PROXY: "true" });
    expect(legacy.trustProxy).toBe(1);
    expect(legacy.warnings.join("\n")).toMatch(/TRUST_PROXY=true is deprecated/);
    expect(loadConfig({ ...base, TRUST_PROXY: "loopback, 10.0.0.0/8, fd00::/8, 192.168.1.10" }).trustProxy).toEqual([
      "loopback",
      "10.0.0.0/8",
      "fd00::/8",
      "192.168.1.10",
    ]);
    expect(() => loadConfig({ ...base, TRUST_PROXY: "10.0.0.0/33" })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ ...base, TRUST_PROXY: "proxy.example" })).toThrow(/TRUST_PROXY/);
  });

  it("keeps connections alive 65 s with the headers timeout above, both configurable", () => {
    expect(loadConfig(base)).toMatchObject({ keepAliveTimeoutMs: 65_000, headersTimeoutMs: 66_000 });
    expect(loadConfig({ ...base, KEEP_ALIVE_TIMEOUT_MS: "620000" })).toMatchObject({ keepAliveTimeoutMs: 620_000, headersTimeoutMs: 621_000 });
    expect(() => loadConfig({ ...base, KEEP_ALIVE_TIMEOUT_MS: "65000", HEADERS_TIMEOUT_MS: "60000" })).toThrow(/HEADERS_TIMEOUT_MS/);
  });

  it("takes the public origin from PUBLIC_ORIGIN, else the first ORIGIN; an explicit one is also the allowed origin", () => {
    expect(loadConfig({ ...base, PUBLIC_ORIGIN: "https://jejaring.example/" })).toMatchObject({
      publicOrigin: "https://jejaring.example",
      origins: ["https://jejaring.example"],
    });
    expect(loadConfig({ ...base, ORIGIN: "https://a.example, https://b.example" }).publicOrigin).toBe("https://a.example");
    expect(loadConfig(base).publicOrigin).toBeUndefined();
    expect(() => loadConfig({ ...base, PUBLIC_ORIGIN: "https://jejaring.example/app" })).toThrow(/PUBLIC_ORIGIN/);
    expect(() => loadConfig({ ...base, PUBLIC_ORIGIN: "ftp://jejaring.example" })).toThrow(/PUBLIC_ORIGIN/);
  });

  it("bounds database statements, idle transactions and the wait for a connection, configurable", () => {
    expect(loadConfig(base)).toMatchObject({ dbStatementTimeoutMs: 30_000, dbIdleInTransactionTimeoutMs: 60_000, dbConnectionTimeoutMs: 10_000 });
    expect(
      loadConfig({ ...base, DB_STATEMENT_TIMEOUT_MS: "5000", DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: "0", DB_CONNECTION_TIMEOUT_MS: "2500" }),
    ).toMatchObject({ dbStatementTimeoutMs: 5_000, dbIdleInTransactionTimeoutMs: 0, dbConnectionTimeoutMs: 2_500 });
  });

  it("requires SESSION_SECRET whenever DATABASE_URL is set, in every environment; dev-insecure is an explicit local opt-out", () => {
    const pg = { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/jejaring" };
    for (const NODE_ENV of ["development", "test", "production"] as const) {
      expect(() => loadConfig({ NODE_ENV, ...pg })).toThrow(/SESSION_SECRET is required on PostgreSQL/);
    }
    const local = loadConfig({ NODE_ENV: "development", ...pg, SESSION_SECRET: "dev-insecure" });
    expect(local.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(local.warnings.join("\n")).toMatch(/dev-insecure/);
    expect(() => loadConfig({ NODE_ENV: "production", ...pg, SESSION_SECRET: "dev-insecure" })).toThrow(/refused in production/);
    expect(() => loadConfig({ NODE_ENV: "development", ...pg, SESSION_SECRET: "short" })).toThrow(/at least 32/);
    // Embedded PGlite keeps its own random per-install secret: nothing to set.
    expect(loadConfig({ NODE_ENV: "production" }).sessionSecret).toBe("");
  });
});
