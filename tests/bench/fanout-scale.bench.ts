// Fan-out at scale and memory per idle socket. 2,000 sockets (BENCH_SOCKETS) in project rooms of 50: our server
// (socket.io, token auth, every message persisted with its room seq before it is broadcast) against a raw `ws`
// server doing the same broadcast (one JSON text frame, serialized once, to the 50 sockets of the room, plus an ack
// to the sender; no DB, no auth, no validation). Measured the same way for both:
//   1. memory per idle socket: the server's RSS and heapUsed after forced GC, before and after the 2,000 sockets
//      connect (ours: authenticated with a bearer token, subscribed to their member, session and project rooms,
//      which is where message:new goes; raw: in its room's Set);
//   2. latency at a steady rate: RATE messages/s spread over the rooms (open loop, senders round-robin in each
//      room), delivery latency from the sender's emit to each of the other 49 sockets' arrival;
//   3. throughput: IN_FLIGHT messages in flight per room (closed loop), every member sending once; msg/s counts
//      messages acked and delivered to all 50 sockets of their room.
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx tests/bench/fanout-scale.bench.ts
//
// Layout: each server runs alone in a child process started with --expose-gc (see child.ts); all 2,000 clients
// (the load generator) run here. All timestamps are taken here, so no clocks are compared across processes. The
// client side differs by necessity (socket.io-client against a plain `ws` client): decoding is on the load
// generator's loop and inside the measured latency. The per-socket event budget on our server (30 burst, 10/s) is
// never reached: a socket sends about once every ROOMS·50/RATE seconds; a `rate_limited` ack aborts the run.
import { randomBytes, randomUUID } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import WebSocket, { WebSocketServer } from "ws";
import type { Ack, MessagePayload } from "../../server/contract/realtime.js";
import { fileLimit, forkChild, serveChild, type ChildServer, type Memory } from "./child.js";
import { FanOut, openClient, type Client, type Sample } from "./fanout.bench.js";
import { openBenchDb, percentile, printTable, writeResults, type Row } from "./support.js";

const ROOM = 50;
const WANTED_SOCKETS = Number(process.env.BENCH_SOCKETS ?? 2000);
/**
 * Steady-rate phase: messages per second over all rooms (40: a message a second in each of the 40 rooms, a busy
 * network), for this many seconds after a warm-up second. Far enough below capacity that latency is not queueing.
 */
const RATE = Number(process.env.BENCH_FANOUT_RATE ?? 40);
const STEADY_SECONDS = 10;
/** Throughput phase: messages in flight per room. */
const IN_FLIGHT = 2;
/** Sockets opening at once while connecting (each handshake is a token lookup on our side). */
const CONNECT_BATCH = 50;
/** File descriptors kept for everything but the sockets (DB pool, IPC, stdio, tsx). */
const FD_RESERVE = 300;
const SERVER_FLAG = "--fanout-scale-server";

type Mode = "ours" | "raw";
type Ready = { url: string; tokens: string[]; projectIds: string[]; database: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `jobs` run with at most `concurrency` at once. */
async function inBatches<T>(count: number, concurrency: number, job: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await job(i);
      }
    }),
  );
  return out;
}

// ─── Servers (child process) ────────────────────────────────────────────────────────────────────────────────────

/**
 * The real server on a fresh bench database: `sockets` members with an API session each, one project per 50 of
 * them (the first owns it). Setup only, so members and memberships go in as bulk inserts (addMember's notification
 * per member would cost more than the whole measurement); projects and sessions go through the services.
 */
async function serveOurs(sockets: number) {
  const { startTestApp } = await import("../support/app.js");
  const { hashPassword } = await import("../../server/domain/identity/index.js");
  const { conn, drop } = await openBenchDb();
  const app = await startTestApp({ db: { ...conn, url: null, truncate: async () => {}, rowCounts: async () => ({}) } });
  const db = conn.db;
  const passwordHash = await hashPassword(randomBytes(16).toString("hex"));
  const memberIds: string[] = [];
  for (let from = 0; from < sockets; from += 500) {
    const batch = Array.from({ length: Math.min(500, sockets - from) }, () => {
      const suffix = randomBytes(4).toString("hex");
      return { email: `fanout-${suffix}@bench.jejaring.id`, name: `Test Member ${suffix}`, role: "member" as const, password_hash: passwordHash };
    });
    const rows = await db.insertInto("members").values(batch).returning("id").execute();
    await db.insertInto("profiles").values(rows.map((r) => ({ member_id: r.id }))).execute();
    memberIds.push(...rows.map((r) => r.id));
  }
  const tokens = await inBatches(sockets, 8, (i) => app.services.identity.startSession(memberIds[i]!, "api"));
  const projectIds = await inBatches(sockets / ROOM, 8, async (r) => {
    const room = memberIds.slice(r * ROOM, (r + 1) * ROOM);
    const project = await app.services.projects.create(room[0]!, { name: `Fan-out room ${r + 1}` });
    await db
      .insertInto("project_members")
      .values(room.slice(1).map((memberId) => ({ project_id: project.id, member_id: memberId, role: "member" as const, last_read_seq: 0 })))
      .execute();
    return project.id;
  });
  const { rooms } = await import("../../server/realtime/index.js");
  return {
    ready: { url: app.url, tokens, projectIds, database: conn.kind } as Ready,
    handlers: {
      /** Sockets subscribed to the project rooms (each socket joins its member's projects after the handshake). */
      subscribed: async () => projectIds.reduce((n, id) => n + (app.io.of("/").adapter.rooms.get(rooms.project(id))?.size ?? 0), 0),
    },
    close: async () => {
      await app.stop();
      await conn.close();
      await drop();
    },
  };
}

/**
 * The floor: a bare `ws` server. A client names its room in the URL; `["message:send", {projectId, body, clientId},
 * ackId]` is answered by one `["message:new", {projectId, message}]` frame to the room (serialized once, the message
 * shaped and sized like ours) and `["ack", ackId, {ok, message}]` to the sender, as socket.io does.
 */
async function serveRaw(sockets: number) {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => wss.once("listening", resolve));
  const rooms = new Map<string, Set<WebSocket>>();
  let seq = 0;
  wss.on("connection", (ws, req) => {
    const room = new URL(req.url ?? "/", "http://x").searchParams.get("room") ?? "";
    const members = rooms.get(room) ?? new Set<WebSocket>();
    rooms.set(room, members);
    members.add(ws);
    const author = { id: randomUUID(), name: `Test Member ${randomBytes(4).toString("hex")}` };
    ws.on("close", () => members.delete(ws));
    ws.on("message", (data) => {
      const [event, payload, ackId] = JSON.parse(String(data)) as [string, { projectId: string; body: string; clientId: string }, number];
      if (event !== "message:send") return;
      seq += 1;
      const message: MessagePayload = {
        id: randomUUID(),
        projectId: payload.projectId,
        seq,
        updatedSeq: seq,
        kind: "text",
        author,
        body: payload.body,
        data: {},
        mentions: [],
        mentionSpans: [],
        clientId: payload.clientId,
        createdAt: new Date().toISOString(),
        editedAt: null,
        deletedAt: null,
      };
      const frame = JSON.stringify(["message:new", { projectId: payload.projectId, message }]);
      for (const peer of rooms.get(payload.projectId) ?? []) peer.send(frame);
      ws.send(JSON.stringify(["ack", ackId, { ok: true, message }]));
    });
  });
  const { port } = wss.address() as { port: number };
  return {
    ready: { url: `ws://127.0.0.1:${port}`, tokens: [], projectIds: Array.from({ length: sockets / ROOM }, () => randomUUID()), database: "none" } as Ready,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

// ─── Clients (this process) ─────────────────────────────────────────────────────────────────────────────────────

/** A `ws` client with the two methods FanOut uses, speaking serveRaw's protocol. */
class RawClient {
  readonly #listeners: Array<(payload: { projectId: string; message: MessagePayload }) => void> = [];
  readonly #acks = new Map<number, (res: Ack<{ message: MessagePayload }>) => void>();
  #nextAck = 0;

  constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const msg = JSON.parse(String(data)) as [string, unknown, unknown];
      if (msg[0] === "message:new") {
        for (const l of this.#listeners) l(msg[1] as { projectId: string; message: MessagePayload });
      } else if (msg[0] === "ack") {
        const ack = this.#acks.get(msg[1] as number);
        this.#acks.delete(msg[1] as number);
        ack?.(msg[2] as Ack<{ message: MessagePayload }>);
      }
    });
  }

  static async open(url: string, room: string): Promise<RawClient> {
    const ws = new WebSocket(`${url}/?room=${room}`, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    return new RawClient(ws);
  }

  on(_event: "message:new", listener: (payload: { projectId: string; message: MessagePayload }) => void): this {
    this.#listeners.push(listener);
    return this;
  }

  emit(event: "message:send", payload: { projectId: string; body: string; clientId: string }, ack: (res: Ack<{ message: MessagePayload }>) => void): this {
    const id = ++this.#nextAck;
    this.#acks.set(id, ack);
    this.ws.send(JSON.stringify([event, payload, id]));
    return this;
  }

  disconnect(): void {
    this.ws.close();
  }
}

type Phase = { ack: number[]; delivery: number[]; seconds: number; messages: number };
type Measured = {
  sockets: number;
  database: string;
  connectSeconds: number;
  memory: { before: Memory; after: Memory };
  steady: Phase & { maxLateMs: number };
  load: Phase;
  duplicates: number;
  strays: number;
  /** Wall time of each step, seconds. */
  phases: Record<string, number>;
};

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

async function measure(mode: Mode, sockets: number): Promise<Measured> {
  const rooms = sockets / ROOM;
  const started = performance.now();
  const server: ChildServer<Ready> = await forkChild<Ready>(fileURLToPath(import.meta.url), [SERVER_FLAG, mode, String(sockets)], `fan-out ${mode}`);
  const clients: Array<Client | RawClient> = [];
  const phases: Record<string, number> = { setup: (performance.now() - started) / 1000 };
  let mark = performance.now();
  const lap = (name: string) => {
    phases[name] = (performance.now() - mark) / 1000;
    mark = performance.now();
  };
  try {
    const { url, tokens, projectIds } = server.ready;
    const before = await server.memory();
    let t0 = process.hrtime.bigint();
    clients.push(
      ...(await inBatches<Client | RawClient>(sockets, CONNECT_BATCH, (i) =>
        mode === "ours" ? openClient(url, tokens[i]!) : RawClient.open(url, projectIds[Math.floor(i / ROOM)]!),
      )),
    );
    const connectSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    lap("connect");
    // Ours subscribes each socket to its member's project rooms just after the handshake: wait for all of them.
    // message:new goes to that room, open or not (unread counts); `project:join` (catch-up, presence) is not needed
    // for delivery and is left out: 2,000 joins broadcast O(50²) presence updates per room, a different cost.
    for (let waited = 0; mode === "ours"; waited += 100) {
      const subscribed = await server.call<number>("subscribed");
      if (subscribed === sockets) break;
      if (waited > 30_000) throw new Error(`only ${subscribed} of ${sockets} sockets subscribed to their project room`);
      await sleep(100);
    }
    await sleep(500);
    lap("subscribe");
    const after = await server.memory();

    const fanOuts = projectIds.map((projectId, r) => new FanOut(clients.slice(r * ROOM, (r + 1) * ROOM) as Client[], projectId, `${mode}-r${r}`));
    let nextId = 0;

    // Steady rate: message n goes to room n mod rooms, sent by the next member of that room; open loop.
    const steadyRun = async (count: number) => {
      const samples: Array<Promise<Sample>> = [];
      let maxLateMs = 0;
      const start = performance.now();
      for (let n = 0; n < count; n++) {
        const due = start + (n * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
        maxLateMs = Math.max(maxLateMs, performance.now() - due);
        samples.push(fanOuts[n % rooms]!.send(Math.floor(n / rooms) % ROOM, nextId++));
      }
      const done = await Promise.all(samples);
      return { done, seconds: (performance.now() - start) / 1000, maxLateMs };
    };
    await steadyRun(RATE); // one second of warm-up
    const steadyCount = RATE * STEADY_SECONDS;
    const s = await steadyRun(steadyCount);
    lap("steady");
    const steady = {
      ack: sorted(s.done.map((x) => x.ack)),
      delivery: sorted(s.done.flatMap((x) => x.deliveries)),
      seconds: s.seconds,
      messages: steadyCount,
      maxLateMs: s.maxLateMs,
    };

    // Throughput: IN_FLIGHT per room, each of the room's 50 members sends once.
    const load: Phase = { ack: [], delivery: [], seconds: 0, messages: sockets };
    t0 = process.hrtime.bigint();
    await Promise.all(
      fanOuts.map(async (fanOut) => {
        let sender = 0;
        await Promise.all(
          Array.from({ length: IN_FLIGHT }, async () => {
            while (sender < ROOM) {
              const sample = await fanOut.send(sender++, nextId++);
              load.ack.push(sample.ack);
              load.delivery.push(...sample.deliveries);
            }
          }),
        );
      }),
    );
    load.seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    lap("load");
    load.ack = sorted(load.ack);
    load.delivery = sorted(load.delivery);

    return {
      sockets,
      database: server.ready.database,
      connectSeconds,
      memory: { before, after },
      steady,
      load,
      duplicates: fanOuts.reduce((a, f) => a + f.duplicates, 0),
      strays: fanOuts.reduce((a, f) => a + f.strays, 0),
      phases,
    };
  } finally {
    for (const c of clients) c.disconnect();
    await server.stop();
  }
}

/** The socket count the open-file limit allows on each side (rounded down to whole rooms), and why if scaled. */
async function socketBudget(): Promise<{ sockets: number; note?: string }> {
  const limit = await fileLimit();
  if (limit >= WANTED_SOCKETS + FD_RESERVE) return { sockets: WANTED_SOCKETS };
  const sockets = Math.max(ROOM, Math.floor((limit - FD_RESERVE) / ROOM) * ROOM);
  return {
    sockets,
    note: `ulimit -n is ${limit}: each process needs about ${WANTED_SOCKETS + FD_RESERVE} descriptors for ${WANTED_SOCKETS} sockets; scaled down to ${sockets} (raise it with \`ulimit -n 8192\`)`,
  };
}

export async function benchFanoutScale(): Promise<Row[]> {
  const { sockets, note } = await socketBudget();
  if (note) process.stdout.write(`fanout-scale: ${note}\n`);
  const load = { before: loadavg()[0]! };
  const ours = await measure("ours", sockets);
  const raw = await measure("raw", sockets);
  const loadAfter = loadavg()[0]!;
  const rooms = sockets / ROOM;
  process.stdout.write(
    `fanout-scale: ${sockets} sockets in ${rooms} rooms of ${ROOM} on ${ours.database}; steady ${RATE} msg/s for ${STEADY_SECONDS} s ` +
      `(sender scheduling late by at most ${ours.steady.maxLateMs.toFixed(0)} / ${raw.steady.maxLateMs.toFixed(0)} ms), then ${sockets} messages with ` +
      `${IN_FLIGHT} in flight per room; connect ${ours.connectSeconds.toFixed(1)} s / ${raw.connectSeconds.toFixed(1)} s (ours / raw); ` +
      `1-min load average ${load.before.toFixed(1)} → ${loadAfter.toFixed(1)} on ${cpus().length} cores\n`,
  );
  const phases = (m: Measured) => Object.entries(m.phases).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(", ");
  process.stdout.write(`fanout-scale: ours ${phases(ours)}; raw ${phases(raw)}\n`);
  if (ours.duplicates + ours.strays + raw.duplicates + raw.strays > 0) {
    process.stdout.write(`fanout-scale: unexpected events: ours ${ours.duplicates} duplicates, ${ours.strays} strays; raw ${raw.duplicates}, ${raw.strays}\n`);
  }
  const name = `fan-out, ${sockets} sockets / ${rooms} rooms`;
  const pct = (metric: string, p: number, a: number[], b: number[], target?: (v: number) => string): Row => {
    const ours = percentile(a, p);
    return { benchmark: name, metric, ours, baseline: percentile(b, p), unit: "ms", ratio: ours / percentile(b, p), ...(target ? { target: target(ours) } : {}) };
  };
  const rate = (m: Measured) => m.load.messages / m.load.seconds;
  const throughputRatio = rate(ours) / rate(raw);
  const kb = (m: Measured, key: "rss" | "heapUsed") => (m.memory.after[key] - m.memory.before[key]) / 1024 / m.sockets;
  const memName = `idle sockets, ${sockets}`;
  const rows: Row[] = [
    {
      benchmark: name,
      metric: `throughput, ${IN_FLIGHT * rooms} in flight`,
      ours: rate(ours),
      baseline: rate(raw),
      unit: "msg/s",
      ratio: throughputRatio,
      target: `≥ 0.6× raw ws: ${throughputRatio >= 0.6 ? "met" : "MISSED"}`,
    },
    pct(`delivery p50 at ${RATE} msg/s`, 50, ours.steady.delivery, raw.steady.delivery),
    pct(`delivery p99 at ${RATE} msg/s`, 99, ours.steady.delivery, raw.steady.delivery, (v) => `< 25 ms: ${v < 25 ? "met" : "MISSED"}`),
    pct(`ack p50 at ${RATE} msg/s`, 50, ours.steady.ack, raw.steady.ack),
    pct(`delivery p50, ${IN_FLIGHT * rooms} in flight`, 50, ours.load.delivery, raw.load.delivery),
    pct(`delivery p99, ${IN_FLIGHT * rooms} in flight`, 99, ours.load.delivery, raw.load.delivery),
    {
      benchmark: memName,
      metric: "RSS per socket (after GC)",
      ours: kb(ours, "rss"),
      baseline: kb(raw, "rss"),
      unit: "KB",
      ratio: kb(ours, "rss") / kb(raw, "rss"),
      target: `≤ 20 KB: ${kb(ours, "rss") <= 20 ? "met" : "MISSED"}`,
    },
    { benchmark: memName, metric: "heapUsed per socket (after GC)", ours: kb(ours, "heapUsed"), baseline: kb(raw, "heapUsed"), unit: "KB", ratio: kb(ours, "heapUsed") / kb(raw, "heapUsed") },
  ];
  const summary = (m: Measured) => ({
    database: m.database,
    connectSeconds: m.connectSeconds,
    memory: m.memory,
    steady: {
      messages: m.steady.messages,
      seconds: m.steady.seconds,
      maxSchedulingLateMs: m.steady.maxLateMs,
      deliveryP50: percentile(m.steady.delivery, 50),
      deliveryP95: percentile(m.steady.delivery, 95),
      deliveryP99: percentile(m.steady.delivery, 99),
      ackP50: percentile(m.steady.ack, 50),
      ackP99: percentile(m.steady.ack, 99),
    },
    load: {
      messages: m.load.messages,
      seconds: m.load.seconds,
      messagesPerSecond: m.load.messages / m.load.seconds,
      deliveriesPerSecond: (m.load.messages * (ROOM - 1)) / m.load.seconds,
      deliveryP50: percentile(m.load.delivery, 50),
      deliveryP99: percentile(m.load.delivery, 99),
      ackP50: percentile(m.load.ack, 50),
      ackP99: percentile(m.load.ack, 99),
    },
    duplicates: m.duplicates,
    strays: m.strays,
    phases: m.phases,
  });
  writeResults("fanout-scale", {
    sockets,
    wantedSockets: WANTED_SOCKETS,
    ...(note ? { note } : {}),
    room: ROOM,
    rate: RATE,
    steadySeconds: STEADY_SECONDS,
    inFlightPerRoom: IN_FLIGHT,
    loadAverage: { before: load.before, after: loadAfter },
    ours: summary(ours),
    raw: summary(raw),
    rows,
  });
  return rows;
}

const serverMode = process.argv.indexOf(SERVER_FLAG);
if (serverMode !== -1) {
  const mode = process.argv[serverMode + 1] === "raw" ? "raw" : "ours";
  const sockets = Number(process.argv[serverMode + 2]);
  await serveChild<Ready>(() => (mode === "ours" ? serveOurs(sockets) : serveRaw(sockets)));
} else if (process.argv[1]?.endsWith("fanout-scale.bench.ts")) {
  printTable(await benchFanoutScale());
}
