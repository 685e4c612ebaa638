import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { io as connectClient, type Socket as ClientSocket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import type { Ack, ClientToServerEvents, ServerToClientEvents } from "../../server/contract/realtime.js";
import { rooms } from "../../server/realtime/index.js";
import { useTestApp } from "../support/app.js";
import { createMember, type TestMember } from "../support/factories.js";

type Client = ClientSocket<ServerToClientEvents, ClientToServerEvents>;
type Transport = "websocket" | "polling";

/** How long any awaited event may take before the test fails (never a sleep: a deadline). */
const EVENT_TIMEOUT_MS = 5_000;

const clients: Client[] = [];

const app = useTestApp();
afterEach(() => {
  for (const socket of clients.splice(0)) socket.disconnect();
});

/** A real socket.io-client, never reconnecting on its own; disconnected after each test. */
function client(options: { token?: string; headers?: Record<string, string>; transport?: Transport } = {}): Client {
  const socket: Client = connectClient(app.url, {
    path: "/socket.io",
    transports: [options.transport ?? "websocket"],
    auth: options.token === undefined ? {} : { token: options.token },
    ...(options.headers ? { extraHeaders: options.headers } : {}),
    reconnection: false,
    forceNew: true,
    timeout: EVENT_TIMEOUT_MS,
  });
  clients.push(socket);
  return socket;
}

type Listener = (...args: unknown[]) => void;
type Emitter = { once(event: string, fn: Listener): unknown; off(event: string, fn: Listener): unknown };

/**
 * Resolves with the first event's arguments; rejects after a deadline, or at once when one of `failOn`
 * fires first (so a refused connection fails a test that expected `connect`, with the reason in the message).
 */
function once(socket: Client, event: string, failOn: string[] = [], ms = EVENT_TIMEOUT_MS): Promise<unknown[]> {
  const emitter = socket as unknown as Emitter;
  return new Promise((resolve, reject) => {
    const failures = new Map<string, Listener>();
    const cleanup = () => {
      clearTimeout(timer);
      emitter.off(event, onEvent);
      for (const [name, fn] of failures) emitter.off(name, fn);
    };
    const onEvent: Listener = (...args) => {
      cleanup();
      resolve(args);
    };
    for (const name of failOn) {
      const fn: Listener = (...args) => {
        cleanup();
        const detail = args[0] instanceof Error ? args[0].message : JSON.stringify(args[0]);
        reject(new Error(`expected "${event}" but got "${name}": ${detail}`));
      };
      failures.set(name, fn);
      emitter.once(name, fn);
    }
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${ms} ms waiting for "${event}"`));
    }, ms);
    emitter.once(event, onEvent);
  });
}

async function connected(socket: Client): Promise<Client> {
  if (!socket.connected) await once(socket, "connect", ["connect_error", "disconnect"]);
  expect(socket.connected).toBe(true);
  return socket;
}

async function refused(socket: Client): Promise<Error> {
  const [error] = await once(socket, "connect_error", ["connect"]);
  expect(error).toBeInstanceOf(Error);
  expect(socket.connected).toBe(false);
  return error as Error;
}

async function disconnected(socket: Client): Promise<string> {
  const [reason] = await once(socket, "disconnect");
  return reason as string;
}

/** An emit with an ack and a deadline: a dropped socket fails the test instead of hanging it. */
function watch(socket: Client, payload: unknown): Promise<Ack> {
  return socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("space:watch", payload as { spaceId: string });
}

async function insertSpace(): Promise<string> {
  const row = await app.db.db
    .insertInto("spaces")
    .values({ name: "Ruang Kerja Kemang", timezone: "Asia/Jakarta" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Records the engine's handshake refusals (allowRequest, bad transport…) with the request that was refused. */
function recordEngineRefusals() {
  const seen: Array<{ code: number; message: string; origin: string | undefined }> = [];
  const onError = (err: { req: IncomingMessage; code: number; message: string }) =>
    seen.push({ code: err.code, message: err.message, origin: err.req.headers.origin });
  app.io.engine.on("connection_error", onError);
  return { seen, stop: () => app.io.engine.off("connection_error", onError) };
}

async function socketsOf(member: TestMember) {
  return app.io.in(rooms.member(member.id)).fetchSockets();
}

describe("realtime", () => {
  it("authenticates with an API token and validates space:watch payloads", async () => {
    const member = await createMember(app.db.db, app.services);
    const spaceId = await insertSpace();
    const socket = await connected(client({ token: member.token }));

    const notUuid = await watch(socket, { spaceId: "not-a-uuid" });
    expect(notUuid).toMatchObject({ ok: false, error: { code: "validation_failed" } });

    const unknown = await watch(socket, { spaceId: randomUUID() });
    expect(unknown).toMatchObject({ ok: false, error: { code: "not_found" } });

    const ok = await watch(socket, { spaceId });
    expect(ok).toEqual({ ok: true });
    const [server] = await socketsOf(member);
    expect(server?.rooms.has(rooms.space(spaceId))).toBe(true);

    const extraKey = await watch(socket, { spaceId, role: "admin" });
    expect(extraKey).toMatchObject({ ok: false, error: { code: "validation_failed" } });

    const missing = await watch(socket, {});
    expect(missing).toMatchObject({ ok: false, error: { code: "validation_failed" } });
    expect(socket.connected).toBe(true);
  });

  it("refuses a handshake without credentials or with a bad token", async () => {
    const anonymous = await refused(client());
    expect(anonymous.message).toBe("unauthenticated");

    const bad = await refused(client({ token: "jjt_not-a-real-token" }));
    expect(bad.message).toBe("unauthenticated");

    const tooLong = await refused(client({ token: "x".repeat(500) }));
    expect(tooLong.message).toBe("unauthenticated");

    const badCookie = await refused(client({ headers: { cookie: "jj_session=jjs_forged" } }));
    expect(badCookie.message).toBe("unauthenticated");

    expect(app.io.of("/").sockets.size).toBe(0);
  });

  it.each<Transport>(["websocket", "polling"])(
    "refuses a foreign Origin before authentication and accepts the app's own origin (%s)",
    async (transport) => {
      const member = await createMember(app.db.db, app.services);
      const refusals = recordEngineRefusals();
      try {
        const foreign = client({ token: member.token, transport, headers: { origin: "http://evil.example" } });
        const error = await refused(foreign);
        expect(error.message).not.toBe("unauthenticated");
        // The header really reached the server, and the engine's allowRequest is what refused it.
        expect(refusals.seen).toEqual([{ code: 4, message: "Forbidden", origin: "http://evil.example" }]);

        // Scheme and port are part of the origin.
        await refused(client({ token: member.token, transport, headers: { origin: app.url.replace("http:", "https:") } }));
        await refused(client({ token: member.token, transport, headers: { origin: "http://127.0.0.1:1" } }));
        expect(refusals.seen.map((s) => s.code)).toEqual([4, 4, 4]);

        const own = await connected(client({ token: member.token, transport, headers: { origin: app.url } }));
        expect(own.io.engine.transport.name).toBe(transport);
        expect(await watch(own, { spaceId: await insertSpace() })).toEqual({ ok: true });
        expect(refusals.seen).toHaveLength(3);
      } finally {
        refusals.stop();
      }
    },
  );

  it("authenticates a browser with the session cookie from its own origin only", async () => {
    const member = await createMember(app.db.db, app.services);
    const session = await app.services.identity.startSession(member.id, "web");

    const socket = await connected(client({ headers: { cookie: `jj_session=${session}`, origin: app.url } }));
    expect(await watch(socket, { spaceId: await insertSpace() })).toEqual({ ok: true });
    const [server] = await socketsOf(member);
    expect(server?.data.memberId).toBe(member.id);

    // Cross-site WebSocket hijacking: the browser would attach the cookie, the Origin gives it away.
    const hijack = await refused(client({ headers: { cookie: `jj_session=${session}`, origin: "http://evil.example" } }));
    expect(hijack.message).not.toBe("unauthenticated");
    expect(await socketsOf(member)).toHaveLength(1);
  });

  it("disconnects a token's socket at once when the token is revoked, and refuses it afterwards", async () => {
    const member = await createMember(app.db.db, app.services);
    const socket = await connected(client({ token: member.token }));

    const ended = once(socket, "session:ended");
    const gone = disconnected(socket);
    const res = await app.api("/api/v1/auth/tokens/current", { method: "DELETE", token: member.token });
    expect(res.status).toBe(204);

    const [payload] = await ended;
    expect(payload).toEqual({ reason: expect.stringMatching(/^(logged_out|revoked)$/) });
    expect(await gone).toBe("io server disconnect");
    expect(await socketsOf(member)).toHaveLength(0);

    const again = await refused(client({ token: member.token }));
    expect(again.message).toBe("unauthenticated");
  });

  it("disconnects a cookie socket when its web session is logged out through the API", async () => {
    const member = await createMember(app.db.db, app.services);
    const session = await app.services.identity.startSession(member.id, "web");
    const headers = { cookie: `jj_session=${session}`, origin: app.url };
    const socket = await connected(client({ headers }));

    const ended = once(socket, "session:ended");
    const gone = disconnected(socket);
    const res = await app.api("/api/v1/auth/tokens/current", { method: "DELETE", headers });
    expect(res.status).toBe(204);
    await ended;
    expect(await gone).toBe("io server disconnect");

    const again = await refused(client({ headers }));
    expect(again.message).toBe("unauthenticated");
  });

  it("revoking one session leaves the same member's other sessions connected", async () => {
    const member = await createMember(app.db.db, app.services);
    const otherToken = await app.services.identity.startSession(member.id, "api");
    const webSession = await app.services.identity.startSession(member.id, "web");
    const a = await connected(client({ token: member.token }));
    const b = await connected(client({ token: otherToken }));
    const c = await connected(client({ headers: { cookie: `jj_session=${webSession}`, origin: app.url } }));
    const before = await socketsOf(member);
    expect(new Set(before.map((s) => s.data.sessionId)).size).toBe(3);
    const sessionA = before.find((s) => s.id === a.id)?.data.sessionId;
    expect(sessionA).toEqual(expect.any(String));

    let bEnded = false;
    b.on("session:ended", () => (bEnded = true));
    c.on("session:ended", () => (bEnded = true));
    const gone = disconnected(a);
    const res = await app.api("/api/v1/auth/tokens/current", { method: "DELETE", token: member.token });
    expect(res.status).toBe(204);
    expect(await gone).toBe("io server disconnect");

    // A round trip on each survivor after A's disconnect proves the server did not end them in the same sweep.
    const spaceId = await insertSpace();
    expect(await watch(b, { spaceId })).toEqual({ ok: true });
    expect(await watch(c, { spaceId })).toEqual({ ok: true });
    expect(b.connected && c.connected).toBe(true);
    expect(bEnded).toBe(false);
    const alive = (await socketsOf(member)).map((s) => s.data.sessionId);
    expect(alive).toHaveLength(2);
    expect(alive).not.toContain(sessionA);
    expect(new Set(alive).size).toBe(2);
    expect((await app.api("/api/v1/me", { token: otherToken })).status).toBe(200);
  });

  it.each<Transport>(["websocket", "polling"])(
    "drops a socket whose payload exceeds 64 KB and keeps serving the others (%s)",
    async (transport) => {
      const member = await createMember(app.db.db, app.services);
      const spaceId = await insertSpace();
      const bystander = await connected(client({ token: member.token }));
      const abuser = await connected(client({ token: member.token, transport }));

      // Just under the limit still goes through the handler (and fails validation, not the transport).
      const near = await watch(abuser, { spaceId: "x".repeat(60_000) });
      expect(near).toMatchObject({ ok: false, error: { code: "validation_failed" } });

      const gone = disconnected(abuser);
      abuser.emit("space:watch", { spaceId: "x".repeat(70_000) }, () => {});
      expect(await gone).toMatch(/^transport (close|error)$/);

      expect(bystander.connected).toBe(true);
      expect(await watch(bystander, { spaceId })).toEqual({ ok: true });
      const fresh = await connected(client({ token: member.token, transport }));
      expect(await watch(fresh, { spaceId })).toEqual({ ok: true });
      expect(await socketsOf(member)).toHaveLength(2);
    },
  );
});
