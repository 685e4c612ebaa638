import { randomBytes, scryptSync } from "node:crypto";
import http from "node:http";
import type { Socket } from "node:net";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type Connection } from "../../db/connect.js";
import { ClientGone, ClientStalled, streamResponse } from "../../server/http/api/export-stream.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { createTestDb, type TestDb } from "../support/db.js";
import { createMember, createSpace, type TestMember, type TestSpace } from "../support/factories.js";
import { until } from "../support/rooms.js";

// Issue 11 item 2: one slow CSV download froze the server. The raw bookings export held a transaction and a cursor
// open while it waited for the client to drain, so on PGlite (one connection) every other request waited, and on
// PostgreSQL each paused reader pinned a pool connection. Here 14 readers start a multi-megabyte export, read one
// chunk and stop reading; while the server waits on them, /healthz and a log-in must still answer at once.
// On PostgreSQL the app gets a pool of 10, the production default (the test factory's pool is larger), so that
// 14 readers are more than the pool has connections.

const READERS = 14;
const BOOKINGS = 20 * 365 * 2;
const FROM = "2027-01-01";
const TO = "2027-12-31";
/** How long one health or log-in request may take before the test calls it hung. */
const REQUEST_DEADLINE_MS = 5_000;

/**
 * A password hash in the app's format (`scrypt$N=…,r=…,p=…$salt$key`: the parameters travel with it) at a low cost.
 * At the real cost (N=2^17) one check takes ~0.1 s on an idle machine and seconds on a loaded CI box; what this test
 * measures is whether the log-in waits for the database, so the member's own check is made cheap.
 */
function cheapHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize("NFKC"), salt, 64, { N: 1024, r: 8, p: 1 });
  return `scrypt$N=1024,r=8,p=1$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

let base: TestDb;
let appPool: Connection | null = null;
let app: TestApp;
let operator: TestMember;
let member: TestMember;
let space: TestSpace;
/** The server side of every accepted HTTP connection, to see which ones the server is waiting on. */
const serverSockets = new Set<Socket>();

beforeAll(async () => {
  base = await createTestDb();
  let db = base;
  if (base.kind === "postgres") {
    appPool = await connect({ databaseUrl: base.url!, poolSize: 10 });
    db = { ...base, db: appPool.db, close: appPool.close };
  }
  app = await startTestApp({ db });
  app.httpServer.on("connection", (s: Socket) => {
    serverSockets.add(s);
    s.once("close", () => serverSockets.delete(s));
  });
  operator = await createMember(app.db.db, app.services, { role: "operator", name: "Olivia Operator" });
  member = await createMember(app.db.db, app.services, { name: "Mira Member" });
  await app.db.db.updateTable("members").set({ password_hash: cheapHash(member.password) }).where("id", "=", member.id).execute();
  space = await createSpace(app.services, { operator, desks: 20 });
  // 20 desks × 365 days × 2 slots = 14,600 bookings with a 400-character note: ~10 MB of CSV, one statement.
  await sql`INSERT INTO bookings (resource_id, space_id, member_id, during, note)
    SELECT r.id, r.space_id, ${member.id}::uuid,
           tstzrange((d + make_interval(hours => h)) AT TIME ZONE 'Asia/Jakarta',
                     (d + make_interval(hours => h + 3)) AT TIME ZONE 'Asia/Jakarta', '[)'),
           repeat('bring the quarterly numbers ', 14)
      FROM resources r
     CROSS JOIN generate_series(timestamp '2027-01-01', timestamp '2027-12-31', interval '1 day') d
     CROSS JOIN (VALUES (9), (13)) AS slot(h)
     WHERE r.space_id = ${space.id}::uuid AND r.kind = 'desk'`.execute(app.db.db);
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await appPool?.close();
  await base?.close();
});

const exportPath = () => `/api/v1/spaces/${space.id}/bookings.csv?from=${FROM}&to=${TO}`;

type Reader = { started: boolean; stop: () => void };

/**
 * Starts the export on its own connection, reads the first chunk of the body and then stops reading. Not awaited:
 * a server that is stuck may never send that chunk (`started` says whether a 200 export began).
 */
function pausedReader(): Reader {
  const reader: Reader = { started: false, stop: () => req.destroy() };
  const req = http.get(`${app.url}${exportPath()}`, { agent: false, headers: { authorization: `Bearer ${operator.token}` } }, (res) => {
    if (res.statusCode !== 200) return void res.resume();
    res.once("data", () => {
      res.pause();
      reader.started = true;
    });
  });
  // Stopping a reader resets its connection: that error is the point.
  req.on("error", () => {});
  return reader;
}

/** Milliseconds `request` took, or Infinity when it did not answer within the deadline. */
async function timed(request: (signal: AbortSignal) => Promise<Response>, expectStatus: number): Promise<number> {
  const started = performance.now();
  try {
    const res = await request(AbortSignal.timeout(REQUEST_DEADLINE_MS));
    await res.text();
    expect(res.status).toBe(expectStatus);
    return performance.now() - started;
  } catch (error) {
    if ((error as Error).name === "TimeoutError") return Infinity;
    throw error;
  }
}

const health = () => timed((signal) => fetch(`${app.url}/healthz`, { signal, headers: { connection: "close" } }), 200);
const logIn = () =>
  timed(
    (signal) =>
      fetch(`${app.url}/api/v1/auth/tokens`, {
        method: "POST",
        signal,
        headers: { connection: "close", "content-type": "application/json" },
        body: JSON.stringify({ email: member.email, password: member.password }),
      }),
    201,
  );

/** Server sockets whose outgoing buffer is full: the server is waiting for that client to drain. */
const waitingOnClients = () => [...serverSockets].filter((s) => s.writableNeedDrain).length;

const idleInTransaction = async () => {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE datname = current_database() AND state LIKE 'idle in transaction%'`.execute(base.db);
  return rows[0]!.n;
};

describe("a paused export holds nothing", () => {
  it("a full download is multi-megabyte, complete and without duplicates", async () => {
    const res = await app.api(exportPath(), { token: operator.token });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.length).toBeGreaterThan(8_000_000);
    const lines = text.split("\r\n").slice(1, -1);
    expect(lines).toHaveLength(BOOKINGS);
    expect(new Set(lines.map((l) => l.slice(0, 36))).size).toBe(BOOKINGS);
  });

  it(`with ${READERS} paused readers, /healthz and log-in answer in well under a second`, async () => {
    const baseline = [await health(), await logIn()];
    const readers = Array.from({ length: READERS }, () => pausedReader());
    try {
      // A reader is paused for good once the server can no longer write to it (both kernel buffers full).
      await until(() => readers.every((r) => r.started) && waitingOnClients() >= READERS, 20_000);
      const started = readers.filter((r) => r.started).length;
      const stalled = waitingOnClients();
      const healthMs: number[] = [];
      const logInMs: number[] = [];
      for (let i = 0; i < 3; i++) {
        healthMs.push(await health());
        logInMs.push(await logIn());
      }
      const fmt = (xs: number[]) => xs.map((x) => (Number.isFinite(x) ? `${Math.round(x)} ms` : `>${REQUEST_DEADLINE_MS} ms`)).join(", ");
      console.log(
        `[export-stall ${app.connection.kind}] idle: healthz ${fmt(baseline.slice(0, 1))}, log-in ${fmt(baseline.slice(1))}; ` +
          `${started}/${READERS} exports started, ${stalled} stalled; healthz: ${fmt(healthMs)}; log-in: ${fmt(logInMs)}`,
      );
      expect(Math.max(...healthMs)).toBeLessThan(1_000);
      expect(Math.max(...logInMs)).toBeLessThan(1_000);
      // Every reader got its export going (none is queued behind another one's connection).
      expect(started).toBe(READERS);
      expect(stalled).toBe(READERS);
    } finally {
      for (const r of readers) r.stop();
    }
    // The server notices the disconnects; no connection is left in a transaction and the pool still serves.
    await until(() => serverSockets.size === 0, 10_000);
    expect(serverSockets.size).toBe(0);
    if (app.connection.kind === "postgres") expect(await idleInTransaction()).toBe(0);
    expect(await health()).toBeLessThan(1_000);
    expect(await logIn()).toBeLessThan(1_000);
  });
});

describe("streamResponse bounds what one client can hold", () => {
  /** A bare HTTP server whose every request streams 64 KB chunks until the producer is stopped. */
  async function endlessServer(stallMs: number) {
    type Result = { outcome: string; reason: unknown; chunks: number; lastWriteAt: number; at: number; socketDestroyed: boolean };
    let resolveDone!: (v: Result) => void;
    const done = new Promise<Result>((r) => (resolveDone = r));
    const server = http.createServer((_req, res) => {
      const socket = res.socket!;
      let chunks = 0;
      let lastWriteAt = 0;
      let reason: unknown;
      void streamResponse(
        res,
        async (write, signal) => {
          const chunk = "x".repeat(64 * 1024);
          try {
            for (;;) {
              signal.throwIfAborted();
              chunks++;
              await write(chunk);
              lastWriteAt = performance.now();
            }
          } catch (error) {
            reason = error;
            throw error;
          }
        },
        { stallMs },
      ).then((outcome) => resolveDone({ outcome, reason, chunks, lastWriteAt, at: performance.now(), socketDestroyed: socket.destroyed }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as { port: number };
    return { url: `http://127.0.0.1:${port}/`, done, close: () => new Promise<void>((r) => server.close(() => r())) };
  }

  /** Reads the first chunk, then stops reading. */
  function readOneChunk(url: string) {
    return new Promise<http.ClientRequest>((resolve) => {
      const req = http.get(url, { agent: false }, (res) => {
        res.once("data", () => {
          res.pause();
          resolve(req);
        });
      });
      req.on("error", () => {});
    });
  }

  it("a reader that stops reading is cut once a chunk stays undrained past the bound, and the producer stops", async () => {
    const srv = await endlessServer(300);
    const req = await readOneChunk(srv.url);
    try {
      const result = await srv.done;
      expect(result.outcome).toBe("aborted");
      expect(result.reason).toBeInstanceOf(ClientStalled);
      // Cut after the bound, not before (and not much later): the connection is closed from the server's side.
      const waited = result.at - result.lastWriteAt;
      expect(waited).toBeGreaterThanOrEqual(290);
      expect(waited).toBeLessThan(3_000);
      expect(result.socketDestroyed).toBe(true);
    } finally {
      req.destroy();
      await srv.close();
    }
  });

  it("a reader that disconnects stops the producer at once, long before the stall bound", async () => {
    const srv = await endlessServer(60_000);
    try {
      const req = await readOneChunk(srv.url);
      const left = performance.now();
      req.destroy();
      const result = await srv.done;
      expect(result.outcome).toBe("aborted");
      expect(result.reason).toBeInstanceOf(ClientGone);
      expect(result.at - left).toBeLessThan(1_000);
    } finally {
      await srv.close();
    }
  });
});
