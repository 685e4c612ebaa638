// Booking create through the HTTP API (POST /api/v1/bookings, bearer token, a desk by id) at 1, 10 and 50
// concurrent clients: throughput and p50/p99 latency; and the same booking paid with `pay: credits` (a priced desk,
// a wallet that covers it). Baseline in the same run: the same INSERT into the same
// `bookings` table (same exclusion constraint, same indexes, same database) through a bare pg Pool of the same size
// as the server's, at the same concurrencies.
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx tests/bench/booking.bench.ts
//
// Layout: the server runs in a child process (startTestApp on a fresh bench database, pool of 8); the HTTP clients
// run here, over keep-alive connections (one per client). The raw baseline runs in the child, which is idle then:
// a pg client is a socket and a parser, wherever it sits. No request conflicts: request k books desk k mod DESKS in
// hour slot ⌊k / DESKS⌋ (07:00–21:00 in Asia/Jakarta, from tomorrow on), and the raw inserts take slots after ours.
// Without DATABASE_URL both sides use PGlite (the raw side through the same Kysely connection, no pg there).
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import pg from "pg";
import { forkChild, serveChild } from "./child.js";
import { openBenchDb, percentile, printTable, writeResults, type Row } from "./support.js";

const CONCURRENCY = [1, 10, 50] as const;
/** Measured requests per level (the same count for the raw side); BENCH_BOOKING_REQUESTS scales all three. */
const SCALE = Number(process.env.BENCH_BOOKING_REQUESTS ?? 1);
const REQUESTS: Record<(typeof CONCURRENCY)[number], number> = { 1: Math.round(300 * SCALE), 10: Math.round(1000 * SCALE), 50: Math.round(2000 * SCALE) };
const WARMUP = 50;
const DESKS = 100;
const MEMBERS = 50;
/** The server's pool in this bench (openBenchDb); the raw Pool gets the same. */
const POOL = 8;
const HOURS_PER_DAY = 14; // 07:00–21:00, the factory's opening hours
const SERVER_FLAG = "--booking-server";

type Ready = { url: string; tokens: string[]; memberIds: string[]; spaceId: string; desks: string[]; paidDesks: string[]; firstDay: string; database: string };
type Run = { latencies: number[]; seconds: number };

/** Slot k: desk k mod DESKS, one hour on day ⌊k / (DESKS·14)⌋ after `firstDay`, local Jakarta time (+07:00). */
function slot(ready: Pick<Ready, "desks" | "firstDay">, k: number): { resourceId: string; start: string; end: string } {
  const j = Math.floor(k / DESKS);
  const hour = 7 + (j % HOURS_PER_DAY);
  const day = new Date(`${ready.firstDay}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + Math.floor(j / HOURS_PER_DAY));
  const date = day.toISOString().slice(0, 10);
  const hh = (h: number) => String(h).padStart(2, "0");
  return { resourceId: ready.desks[k % DESKS]!, start: `${date}T${hh(hour)}:00+07:00`, end: `${date}T${hh(hour + 1)}:00+07:00` };
}

/** Runs `count` jobs with `concurrency` workers; returns sorted latencies (ms) and the wall time. */
async function drive(concurrency: number, count: number, job: (i: number, worker: number) => Promise<void>): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < count) {
        const i = next++;
        const t = process.hrtime.bigint();
        await job(i, worker);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { latencies: latencies.sort((a, b) => a - b), seconds };
}

// ─── Server side (child process) ────────────────────────────────────────────────────────────────────────────────

async function serveBooking() {
  const { startTestApp } = await import("../support/app.js");
  const { createMember, createSpace } = await import("../support/factories.js");
  const { conn, url, drop } = await openBenchDb();
  const app = await startTestApp({ db: { ...conn, url: null, truncate: async () => {}, rowCounts: async () => ({}) } });
  const space = await createSpace(app.services, { desks: DESKS });
  // `pay: credits`: a second space whose desks cost a credit an hour (or Rp 50.000), and a wallet for every member
  // that never runs dry, so each booking takes the wallet lock, reads the lots and writes its spend.
  const paid = await createSpace(app.services, { desks: DESKS });
  const paidDesks = paid.resources.filter((r) => r.kind === "desk").map((r) => r.id);
  await conn.db.updateTable("resources").set({ rate_per_hour: 50_000, credits_per_hour: 1 }).where("id", "in", paidDesks).execute();
  const members: Array<Awaited<ReturnType<typeof createMember>>> = [];
  for (let i = 0; i < MEMBERS; i++) members.push(await createMember(conn.db, app.services));
  await conn.db.transaction().execute(async (trx) => {
    for (const m of members) await app.services.billing.wallet.grant(trx, { memberId: m.id, spaceId: paid.id, unit: "credit", amount: 1_000_000, kind: "purchase", expiresOn: null });
  });
  const today = new Date(Date.now() + 7 * 3_600_000); // Asia/Jakarta has no DST
  today.setUTCDate(today.getUTCDate() + 1);
  const ready: Ready = {
    url: app.url,
    tokens: members.map((m) => m.token),
    memberIds: members.map((m) => m.id),
    spaceId: space.id,
    desks: space.resources.filter((r) => r.kind === "desk").map((r) => r.id),
    paidDesks,
    firstDay: today.toISOString().slice(0, 10),
    database: conn.kind,
  };
  // The raw side: the same INSERT the repository issues (insertBooking), autocommit, on a Pool of the same size.
  const pool = url ? new pg.Pool({ connectionString: url, max: POOL }) : null;
  // DROP DATABASE … WITH (FORCE) at the end terminates connections pg.Pool#end has not finished closing yet.
  pool?.on("error", () => {});
  const text = `INSERT INTO bookings (resource_id, space_id, member_id, project_id, series_id, during, note, status, checked_in_at, created_at)
    VALUES ($1, $2, $3, NULL, NULL, tstzrange($4::timestamptz, $5::timestamptz, '[)'), '', 'confirmed', NULL, $6) RETURNING id`;
  const insert = async (k: number, worker: number) => {
    const s = slot(ready, k);
    const values = [s.resourceId, ready.spaceId, ready.memberIds[worker % MEMBERS]!, new Date(s.start).toISOString(), new Date(s.end).toISOString(), new Date()];
    await pool!.query(text, values);
  };
  // PGlite: parameters through Kysely's sql template (same statement, no pg Pool to use).
  const insertLite = async (k: number, worker: number) => {
    const s = slot(ready, k);
    await sql`INSERT INTO bookings (resource_id, space_id, member_id, project_id, series_id, during, note, status, checked_in_at, created_at)
      VALUES (${s.resourceId}, ${ready.spaceId}, ${ready.memberIds[worker % MEMBERS]!}, NULL, NULL,
        tstzrange(${new Date(s.start).toISOString()}::timestamptz, ${new Date(s.end).toISOString()}::timestamptz, '[)'), '', 'confirmed', NULL, ${new Date()})
      RETURNING id`.execute(conn.db);
  };
  const raw = async ({ concurrency, count, from }: { concurrency: number; count: number; from: number }): Promise<Run> => {
    const job = pool ? insert : insertLite;
    await drive(concurrency, WARMUP, (i, w) => job(from + i, w));
    return drive(concurrency, count, (i, w) => job(from + WARMUP + i, w));
  };
  return {
    ready,
    handlers: { raw },
    close: async () => {
      await pool?.end();
      await app.stop();
      await conn.close();
      await drop();
    },
  };
}

// ─── Client side (this process) ─────────────────────────────────────────────────────────────────────────────────

/** POST /api/v1/bookings over a keep-alive agent; resolves on 201, rejects with the body otherwise. */
function post(agent: Agent, url: URL, token: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: `Bearer ${token}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          res.statusCode === 201 ? resolve() : reject(new Error(`POST /api/v1/bookings ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`)),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

type Level = { concurrency: number; requests: number; ours: Run; credits: Run; raw: Run };

async function measure(): Promise<{ levels: Level[]; database: string }> {
  const server = await forkChild<Ready>(fileURLToPath(import.meta.url), [SERVER_FLAG], "booking");
  try {
    const ready = server.ready;
    const url = new URL("/api/v1/bookings", ready.url);
    let k = 0; // next free slot
    let kc = 0; // next free slot on the paid desks
    const paid = { desks: ready.paidDesks, firstDay: ready.firstDay };
    const levels: Level[] = [];
    for (const concurrency of CONCURRENCY) {
      const count = REQUESTS[concurrency];
      const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
      const book = (worker: number) => post(agent, url, ready.tokens[worker % MEMBERS]!, JSON.stringify(slot(ready, k++)));
      await drive(concurrency, WARMUP, (_, w) => book(w));
      const ours = await drive(concurrency, count, (_, w) => book(w));
      const payCredits = (worker: number) => post(agent, url, ready.tokens[worker % MEMBERS]!, JSON.stringify({ ...slot(paid, kc++), pay: "credits" }));
      await drive(concurrency, WARMUP, (_, w) => payCredits(w));
      const credits = await drive(concurrency, count, (_, w) => payCredits(w));
      agent.destroy();
      const raw = await server.call<Run>("raw", { concurrency, count, from: k });
      k += WARMUP + count;
      levels.push({ concurrency, requests: count, ours, credits, raw });
      process.stdout.write(
        `booking: ${concurrency} clients: ours ${(count / ours.seconds).toFixed(0)} req/s, pay: credits ${(count / credits.seconds).toFixed(0)} req/s, raw ${(count / raw.seconds).toFixed(0)} req/s\n`,
      );
    }
    return { levels, database: ready.database };
  } finally {
    await server.stop();
  }
}

export async function benchBooking(): Promise<Row[]> {
  const { levels, database } = await measure();
  process.stdout.write(
    `booking: POST /api/v1/bookings (a desk by id, bearer token, keep-alive) vs the same INSERT through a pg Pool of ${POOL} on ${database}; ` +
      `${levels.map((l) => `${l.requests}`).join("/")} requests (+${WARMUP} warm-up) at ${CONCURRENCY.join("/")} clients\n`,
  );
  const name = "booking create";
  const rows: Row[] = [];
  for (const { concurrency: c, requests, ours, credits, raw } of levels) {
    const rate = (r: Run) => requests / r.seconds;
    const ratio = rate(ours) / rate(raw);
    rows.push({
      benchmark: name,
      metric: `throughput, ${c} client${c === 1 ? "" : "s"}`,
      ours: rate(ours),
      baseline: rate(raw),
      unit: "req/s",
      ratio,
      target: `≥ 0.5× raw: ${ratio >= 0.5 ? "met" : "MISSED"}`,
    });
    for (const p of [50, 99]) {
      const a = percentile(ours.latencies, p);
      const b = percentile(raw.latencies, p);
      rows.push({
        benchmark: name,
        metric: `latency p${p}, ${c} client${c === 1 ? "" : "s"}`,
        ours: a,
        baseline: b,
        unit: "ms",
        ratio: a / b,
        ...(p === 99 && c === 50 ? { target: `< 50 ms: ${a < 50 ? "met" : "MISSED"}` } : {}),
      });
    }
    // The same booking paid in credits (the wallet lock, the lots, the spend: in the booking's transaction).
    const paidName = "booking create, pay: credits";
    rows.push({ benchmark: paidName, metric: `throughput, ${c} client${c === 1 ? "" : "s"}`, ours: rate(credits), baseline: rate(raw), unit: "req/s", ratio: rate(credits) / rate(raw) });
    rows.push({ benchmark: paidName, metric: `throughput vs the plain booking, ${c} client${c === 1 ? "" : "s"}`, ours: rate(credits), baseline: rate(ours), unit: "req/s", ratio: rate(credits) / rate(ours) });
    for (const p of [50, 99]) {
      const a = percentile(credits.latencies, p);
      const b = percentile(raw.latencies, p);
      rows.push({ benchmark: paidName, metric: `latency p${p}, ${c} client${c === 1 ? "" : "s"}`, ours: a, baseline: b, unit: "ms", ratio: a / b });
    }
  }
  writeResults("booking", {
    database,
    pool: POOL,
    desks: DESKS,
    members: MEMBERS,
    warmup: WARMUP,
    levels: levels.map(({ concurrency, requests, ours, credits, raw }) => {
      const sum = (r: Run) => ({
        seconds: r.seconds,
        perSecond: requests / r.seconds,
        p50: percentile(r.latencies, 50),
        p95: percentile(r.latencies, 95),
        p99: percentile(r.latencies, 99),
        max: r.latencies.at(-1),
      });
      return { concurrency, requests, ours: sum(ours), credits: sum(credits), raw: sum(raw) };
    }),
    rows,
  });
  return rows;
}

if (process.argv.includes(SERVER_FLAG)) {
  await serveChild(serveBooking);
} else if (process.argv[1]?.endsWith("booking.bench.ts")) {
  printTable(await benchBooking());
}
