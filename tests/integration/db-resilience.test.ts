import { randomUUID } from "node:crypto";
import { DateTime } from "luxon";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ack, MessagePayload } from "../../server/contract/realtime.js";
import { connect } from "../../db/connect.js";
import { createEventBus } from "../../server/events.js";
import { createServices, type Services } from "../../server/services.js";
import { expectProblem, startTestApp } from "../support/app.js";
import { createTestDb, type TestDb } from "../support/db.js";
import { createMember, createSpace, type TestMember } from "../support/factories.js";
import { freePort, startServerProcess, type ServerProcess } from "../support/processes.js";
import { connectMember, disconnectAll } from "../support/sockets.js";

// What a failover, a PostgreSQL restart, an idle-in-transaction timeout or a DBA does: terminate the app's
// backends while it is busy. The server runs in its own process so that a crash is seen as a crash (an unhandled
// 'error' event from a checked-out pg client used to kill it for good). PostgreSQL only: PGlite is embedded in
// the process, there are no backends to terminate. DB_RESILIENCE_MS=60000 runs the full minute.
const enabled = Boolean(process.env.DATABASE_URL && process.env.TEST_DB !== "pglite");
const LOAD_MS = Number(process.env.DB_RESILIENCE_MS ?? 15_000);
const TERMINATIONS = 3;
const SECRET = "db-resilience-secret-db-resilience-0123";
const ZONE = "Asia/Jakarta";

type Refusal = { what: string; status: number | string; code?: string };

describe.skipIf(!enabled)("terminated database backends under load (PostgreSQL)", () => {
  let db: TestDb;
  let services: Services;
  let node: ServerProcess | undefined;

  beforeAll(async () => {
    db = await createTestDb();
    services = createServices({ db: db.db, bus: createEventBus(), secret: SECRET });
  }, 60_000);

  afterAll(async () => {
    disconnectAll();
    await node?.stop("SIGKILL");
    await db?.close();
  });

  /** Terminates every client backend on the test database except this one; returns how many. */
  async function terminateBackends(): Promise<number> {
    const admin = new pg.Client({ connectionString: db.url! });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
      );
      return rows[0]!.n;
    } finally {
      await admin.end();
    }
  }

  async function healthyWithin(ms: number): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < ms) {
      try {
        if ((await fetch(`${node!.url}/healthz`, { headers: { connection: "close" } })).status === 200) return Date.now() - started;
      } catch {
        // not answering (crashed?)
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`/healthz did not recover within ${ms} ms:\n${node!.output().slice(-4000)}`);
  }

  it("stays up through three terminations of its backends during bookings and chat; /healthz recovers; every acknowledged write is stored once", async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: db.url!,
      SESSION_SECRET: SECRET,
      SEED_DEMO: "never",
      JOBS: "off",
      LOG_LEVEL: "warn",
    };
    delete env.REDIS_URL;
    node = await startServerProcess(["--import", "tsx", "server/index.ts"], env, await freePort());

    const bookers: TestMember[] = await Promise.all([1, 2, 3, 4].map(() => createMember(db.db, services)));
    const talkers: TestMember[] = await Promise.all([1, 2].map(() => createMember(db.db, services)));
    const space = await createSpace(services, { desks: bookers.length, timezone: ZONE });
    const project = await services.projects.create(talkers[0]!.id, { name: "Resilience" });
    await services.projects.addMember(talkers[0]!.id, project.id, { memberId: talkers[1]!.id });

    const refusals: Refusal[] = [];
    const stopAt = Date.now() + LOAD_MS;
    // An attempt that cannot be acknowledged within this bound is a failure, not a reason to hang the test.
    const giveUpAt = stopAt + 20_000;
    const tomorrow = DateTime.now().setZone(ZONE).startOf("day").plus({ days: 1 });

    /** One member books one-hour slots on their own desk, one after another, retrying a 503 with the same key. */
    async function booker(member: TestMember, resourceId: string): Promise<string[]> {
      const acked: string[] = [];
      for (let slot = 0; Date.now() < stopAt; slot++) {
        const start = tomorrow.plus({ days: Math.floor(slot / 14), hours: 7 + (slot % 14) });
        const body = JSON.stringify({ resourceId, start: start.toISO(), end: start.plus({ hours: 1 }).toISO() });
        const key = randomUUID();
        for (;;) {
          let res: Response;
          try {
            res = await fetch(`${node!.url}/api/v1/bookings`, {
              method: "POST",
              headers: { authorization: `Bearer ${member.token}`, "content-type": "application/json", "idempotency-key": key, connection: "close" },
              body,
            });
          } catch (error) {
            refusals.push({ what: "booking", status: `transport: ${(error as Error).message}` });
            if (Date.now() > giveUpAt) return acked;
            await new Promise((r) => setTimeout(r, 100));
            continue;
          }
          const text = await res.text();
          if (res.status === 201) {
            acked.push((JSON.parse(text) as { id: string }).id);
            break;
          }
          refusals.push({ what: "booking", status: res.status, code: (JSON.parse(text) as { code?: string }).code });
          if (res.status !== 503 || Date.now() > giveUpAt) return acked;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      return acked;
    }

    /** One member chats, each message resent with the same client id until it is acknowledged. */
    async function talker(member: TestMember): Promise<string[]> {
      const { socket } = await connectMember(node!.url, member.token, ["message:new"]);
      const acked: string[] = [];
      for (let i = 0; Date.now() < stopAt; i++) {
        const clientId = randomUUID();
        for (;;) {
          let ack: Ack<{ message: MessagePayload }>;
          try {
            ack = await socket.timeout(5_000).emitWithAck("message:send", { projectId: project.id, body: `m${i}`, clientId });
          } catch (error) {
            refusals.push({ what: "message", status: `no ack: ${(error as Error).message}` });
            if (Date.now() > giveUpAt) return acked;
            continue;
          }
          if (ack.ok) {
            acked.push(clientId);
            break;
          }
          const { code, retryAfter } = ack.error as { code: string; retryAfter?: number };
          if (code !== "rate_limited") refusals.push({ what: "message", status: "ack", code });
          if ((code !== "unavailable" && code !== "rate_limited") || Date.now() > giveUpAt) return acked;
          await new Promise((r) => setTimeout(r, code === "rate_limited" ? (retryAfter ?? 1) * 1000 : 50));
        }
        // About five messages a second: a person typing fast, well inside the per-socket event budget.
        await new Promise((r) => setTimeout(r, 200));
      }
      return acked;
    }

    async function terminations(): Promise<Array<{ killed: number; recoveredMs: number }>> {
      const out: Array<{ killed: number; recoveredMs: number }> = [];
      for (let k = 1; k <= TERMINATIONS; k++) {
        const at = stopAt - LOAD_MS + (LOAD_MS * k) / (TERMINATIONS + 1);
        await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
        const killed = await terminateBackends();
        out.push({ killed, recoveredMs: await healthyWithin(15_000) });
      }
      return out;
    }

    const [kills, bookingIds, messageIds] = await Promise.all([
      terminations(),
      Promise.all(bookers.map((m, i) => booker(m, space.resources[i]!.id))).then((lists) => lists.flat()),
      Promise.all(talkers.map((m) => talker(m))).then((lists) => lists.flat()),
    ]);

    // Every termination hit live backends of the app, and health came back by itself each time.
    expect(kills).toHaveLength(TERMINATIONS);
    for (const k of kills) expect(k.killed).toBeGreaterThan(0);
    await healthyWithin(5_000);

    // The only refusal a client saw is a clean 503 problem (or the same code on a socket ack): no 500, no
    // dropped connection, no missing ack.
    const unexpected = refusals.filter((r) => !((r.status === 503 || r.status === "ack") && r.code === "unavailable"));
    expect(unexpected, node.output().slice(-4000)).toEqual([]);
    expect(bookingIds.length).toBeGreaterThan(20);
    expect(messageIds.length).toBeGreaterThan(20);

    // Every acknowledged write is stored, once; nothing unacknowledged slipped in.
    const stored = await db.db
      .selectFrom("bookings")
      .select("id")
      .where("resource_id", "in", space.resources.slice(0, bookers.length).map((r) => r.id))
      .where("status", "=", "confirmed")
      .execute();
    expect(stored.map((b) => b.id).sort()).toEqual([...bookingIds].sort());
    const messages = await db.db.selectFrom("messages").select("client_id").where("project_id", "=", project.id).execute();
    expect(messages.map((m) => m.client_id).sort()).toEqual([...messageIds].sort());

    process.stdout.write(
      `[db-resilience] ${LOAD_MS} ms load: ${bookingIds.length} bookings, ${messageIds.length} messages acknowledged; ` +
        `${refusals.filter((r) => r.what === "booking").length} booking 503s and ` +
        `${refusals.filter((r) => r.what === "message").length} "unavailable" message acks, each retried; terminations killed ${kills.map((k) => k.killed).join("/")} backends, ` +
        `/healthz back in ${kills.map((k) => k.recoveredMs).join("/")} ms\n`,
    );

    // Still the same process: a graceful stop exits 0 (a crashed one would have exited already, with an error).
    expect(node.output()).not.toMatch(/Unhandled 'error' event|uncaughtException/);
    expect(await node.stop("SIGTERM")).toBe(0);
    node = undefined;
  }, LOAD_MS + 120_000);
});

describe.skipIf(!enabled)("the PostgreSQL pool's limits", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it("sets statement_timeout and idle_in_transaction_session_timeout on every session (defaults 30 s and 60 s)", async () => {
    const show = async (conn: { db: TestDb["db"] }) => {
      const { rows } = await sql<{ s: string; i: string }>`
        SELECT current_setting('statement_timeout') AS s, current_setting('idle_in_transaction_session_timeout') AS i`.execute(conn.db);
      return rows[0];
    };
    const defaults = await connect({ databaseUrl: db.url! });
    const custom = await connect({ databaseUrl: db.url!, statementTimeoutMs: 1500, idleInTransactionTimeoutMs: 2500 });
    try {
      expect(await show(defaults)).toEqual({ s: "30s", i: "1min" });
      expect(await show(custom)).toEqual({ s: "1500ms", i: "2500ms" });
      // The server enforces it: a statement past the limit is cancelled (and is a 503 to a client, not a 500).
      await expect(sql`SELECT pg_sleep(3)`.execute(custom.db)).rejects.toMatchObject({ code: "57014" });
    } finally {
      await defaults.close();
      await custom.close();
    }
  });

  it("answers 503 unavailable, not a hang, when no connection frees up within the connection timeout", async () => {
    const pool = await connect({ databaseUrl: db.url!, poolSize: 1, connectionTimeoutMs: 300 });
    const app = await startTestApp({ db: { ...db, db: pool.db, close: pool.close } });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let holding!: () => void;
    const holds = new Promise<void>((r) => (holding = r));
    // The pool's only connection is busy (a long transaction elsewhere in the process).
    const tx = pool.db.transaction().execute(async (trx) => {
      await sql`SELECT 1`.execute(trx);
      holding();
      await held;
    });
    try {
      await holds;
      const started = Date.now();
      const res = await app.api("/api/v1/spaces", { token: "jjt_whatever" });
      await expectProblem(res, 503, "unavailable");
      expect(res.headers.get("retry-after")).toBe("1");
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      release();
      await tx;
      await app.stop();
      await pool.close();
    }
  });
});
