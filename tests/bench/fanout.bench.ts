// Chat fan-out in a project room: 50 members, each with its own socket.io-client (websocket), all joined to one
// project. Each `message:send` is timed from the sender's emit to its ack, and to the arrival of `message:new` at
// each of the other 49 clients. Baseline in the same run: a raw Socket.IO server (no DB, no auth, no validation)
// that relays a `message:new` of the same size to the same 50 clients with `io.to(room).emit`, measured the same way.
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx tests/bench/fanout.bench.ts
//
// Layout: each server runs in its own child process (ours: the real server via startTestApp on a fresh bench
// database; raw: a bare Socket.IO relay), and all 50 clients run in this process. With the clients on the server's
// event loop, decoding 50 copies of every message would sit in the middle of what is measured. All timestamps are
// taken in this process, so no clocks are compared across processes.
//
// Two phases per server: latency (one message in flight at a time, senders round-robin over the room), then
// throughput (WINDOW messages in flight, senders round-robin; msgs/s = messages fully delivered to all 50 sockets
// and acked, per second). Round-robin keeps every socket far inside the per-socket event budget (30 burst, 10/s):
// one socket sends ≈ 2·N/50 messages in the whole run; a `rate_limited` ack aborts the run rather than skewing it.
import { fork } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { Server } from "socket.io";
import { io as connectClient, type Socket as ClientSocket } from "socket.io-client";
import type { Ack, ClientToServerEvents, JoinAck, MessagePayload, ServerToClientEvents } from "../../server/contract/realtime.js";
import { openBenchDb, percentile, printTable, writeResults, type Row } from "./support.js";

const MEMBERS = 50;
const MESSAGES = Number(process.env.BENCH_ITERATIONS ?? 300);
const WARMUP = 20;
/** Messages in flight during the throughput phase (one per member on average). */
const WINDOW = 50;
/** A typical chat line. No "@": mentions add notification writes, a different path. */
const BODY_LENGTH = 120;
/** Guards against a hang only (a lost event); never a performance assertion. */
const STALL_MS = 15_000;
const SERVER_FLAG = "--fanout-server";

type Mode = "ours" | "raw";
export type Client = ClientSocket<ServerToClientEvents, ClientToServerEvents>;
type Ready = { url: string; projectId: string; tokens: string[]; database: string };
type ToParent = { type: "ready"; ready: Ready } | { type: "error"; message: string };

// ─── Server side (child process) ────────────────────────────────────────────────────────────────────────────────

/** The real server: startTestApp on a fresh bench database, 50 members in one project (the first one owns it). */
async function serveOurs(): Promise<{ ready: Ready; close: () => Promise<void> }> {
  const { startTestApp } = await import("../support/app.js");
  const { createMember } = await import("../support/factories.js");
  const { conn, drop } = await openBenchDb();
  const closeDb = async () => {
    await conn.close();
    await drop();
  };
  let app: Awaited<ReturnType<typeof startTestApp>> | undefined;
  try {
    app = await startTestApp({ db: { ...conn, url: null, truncate: async () => {}, rowCounts: async () => ({}) } });
    const members = [];
    for (let i = 0; i < MEMBERS; i++) members.push(await createMember(conn.db, app.services));
    const owner = members[0]!;
    const project = await app.services.projects.create(owner.id, { name: "Fan-out bench room" });
    for (const m of members.slice(1)) await app.services.projects.addMember(owner.id, project.id, { memberId: m.id });
    const running = app;
    return {
      ready: { url: running.url, projectId: project.id, tokens: members.map((m) => m.token), database: conn.kind },
      close: async () => {
        await running.stop();
        await closeDb();
      },
    };
  } catch (error) {
    await app?.stop();
    await closeDb();
    throw error;
  }
}

/** The floor: a bare Socket.IO server relaying a `message:new` shaped and sized like ours to everyone in the room. */
async function serveRaw(): Promise<{ ready: Ready; close: () => Promise<void> }> {
  const httpServer = createServer();
  const io = new Server(httpServer, { path: "/socket.io", serveClient: false });
  let seq = 0;
  io.on("connection", (socket) => {
    // Same shape as a factory member: a uuid and "Test Member xxxxxxxx".
    const author = { id: randomUUID(), name: `Test Member ${randomBytes(4).toString("hex")}` };
    socket.on("project:join", ({ projectId }: { projectId: string }, ack: (res: Ack) => void) => {
      void socket.join(`project:${projectId}`);
      ack({ ok: true });
    });
    socket.on(
      "message:send",
      ({ projectId, body, clientId }: { projectId: string; body: string; clientId: string }, ack: (res: Ack<{ message: MessagePayload }>) => void) => {
        seq += 1;
        const message: MessagePayload = {
          id: randomUUID(),
          projectId,
          seq,
          updatedSeq: seq,
          kind: "text",
          author,
          body,
          data: {},
          mentions: [],
          mentionSpans: [],
          clientId,
          createdAt: new Date().toISOString(),
          editedAt: null,
          deletedAt: null,
        };
        io.to(`project:${projectId}`).emit("message:new", { projectId, message });
        ack({ ok: true, message });
      },
    );
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    ready: { url: `http://127.0.0.1:${port}`, projectId: randomUUID(), tokens: [], database: "none" },
    close: async () => {
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

/** Child process entry: start the server, report its address, close it when the parent says "stop" or goes away. */
async function serverProcess(mode: Mode): Promise<void> {
  const send = (msg: ToParent) => new Promise<void>((resolve) => process.send!(msg, undefined, {}, () => resolve()));
  try {
    const server = mode === "ours" ? await serveOurs() : await serveRaw();
    const stop = new Promise<void>((resolve) => {
      process.once("message", () => resolve());
      process.once("disconnect", () => resolve());
    });
    await send({ type: "ready", ready: server.ready });
    await stop;
    await server.close();
    if (process.connected) process.disconnect();
  } catch (error) {
    if (process.connected) await send({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  }
}

// ─── Client side (this process) ─────────────────────────────────────────────────────────────────────────────────

/** Starts one server in a child process; `stop` asks it to close and waits for it to exit. */
async function startServerProcess(mode: Mode): Promise<Ready & { stop: () => Promise<void> }> {
  const child = fork(fileURLToPath(import.meta.url), [SERVER_FLAG, mode], {
    execArgv: ["--import", import.meta.resolve("tsx")],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let ready: Ready;
  try {
    ready = await new Promise<Ready>((resolve, reject) => {
      child.once("message", (msg: ToParent) => (msg.type === "ready" ? resolve(msg.ready) : reject(new Error(`${mode} server failed: ${msg.message}`))));
      void exited.then((code) => reject(new Error(`${mode} server exited (${code}) before it was ready`)));
    });
  } catch (error) {
    child.kill();
    throw error;
  }
  return {
    ...ready,
    async stop() {
      if (child.connected) child.send("stop");
      const timer = setTimeout(() => child.kill(), 15_000);
      const code = await exited;
      clearTimeout(timer);
      if (code !== 0) throw new Error(`${mode} server exited with ${code} on stop`);
    },
  };
}

/** A socket.io-client connection the way connectMember opens one (websocket only, own connection, token auth). */
export async function openClient(url: string, token: string): Promise<Client> {
  const socket: Client = connectClient(url, {
    path: "/socket.io",
    transports: ["websocket"],
    auth: { token },
    reconnection: false,
    forceNew: true,
    timeout: STALL_MS,
    autoConnect: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (error) => reject(error));
    socket.connect();
  });
  return socket;
}

const ms = (ns: bigint) => Number(ns) / 1e6;

type Pending = { sender: number; t0: bigint; ack?: number; arrived: Set<number>; deliveries: number[]; done: () => void };
export type Sample = { ack: number; deliveries: number[] };

/** Sends messages and records, per message, the sender's ack latency and each other client's delivery latency. */
export class FanOut {
  readonly #pending = new Map<string, Pending>();
  duplicates = 0;
  strays = 0;
  payloadBytes = 0;

  constructor(
    private readonly clients: Client[],
    private readonly projectId: string,
    private readonly label: string,
  ) {
    clients.forEach((client, index) =>
      client.on("message:new", (payload) => {
        const at = process.hrtime.bigint();
        const p = this.#pending.get(payload.message.clientId ?? "");
        if (!p) return void this.strays++;
        if (p.arrived.has(index)) return void this.duplicates++;
        p.arrived.add(index);
        if (index !== p.sender) p.deliveries.push(ms(at - p.t0));
        if (this.payloadBytes === 0) this.payloadBytes = Buffer.byteLength(JSON.stringify(payload));
        this.#settle(payload.message.clientId!, p);
      }),
    );
  }

  #settle(clientId: string, p: Pending) {
    if (p.ack === undefined || p.arrived.size < this.clients.length) return;
    this.#pending.delete(clientId);
    p.done();
  }

  /** Message `i` from client `sender`; resolves once it is acked and has reached every client in the room. */
  send(sender: number, i: number): Promise<Sample> {
    const clientId = `${this.label}-${i}`;
    const body = `Pesan ${i} dari anggota ${sender}: `.padEnd(BODY_LENGTH, "ruang proyek jejaring, kabar terbaru. ");
    return new Promise<Sample>((resolve, reject) => {
      const stall = setTimeout(() => {
        this.#pending.delete(clientId);
        const missing = this.clients.map((_, k) => k).filter((k) => !p.arrived.has(k));
        reject(new Error(`${clientId}: no ${p.ack === undefined ? "ack and " : ""}no message:new at clients ${missing.join(",")} after ${STALL_MS} ms`));
      }, STALL_MS);
      const p: Pending = {
        sender,
        t0: 0n,
        arrived: new Set(),
        deliveries: [],
        done: () => {
          clearTimeout(stall);
          resolve({ ack: p.ack!, deliveries: p.deliveries });
        },
      };
      this.#pending.set(clientId, p);
      p.t0 = process.hrtime.bigint();
      this.clients[sender]!.emit("message:send", { projectId: this.projectId, body, clientId }, (res) => {
        const at = process.hrtime.bigint();
        if (!res.ok) {
          clearTimeout(stall);
          this.#pending.delete(clientId);
          return reject(new Error(`${clientId}: message:send refused: ${JSON.stringify(res.error)}`));
        }
        p.ack = ms(at - p.t0);
        this.#settle(clientId, p);
      });
    });
  }
}

type Measured = {
  latency: { ack: number[]; delivery: number[]; seconds: number };
  load: { ack: number[]; delivery: number[]; seconds: number };
  payloadBytes: number;
  database: string;
  duplicates: number;
  strays: number;
};

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

async function measure(mode: Mode): Promise<Measured> {
  const server = await startServerProcess(mode);
  const clients: Client[] = [];
  try {
    for (let i = 0; i < MEMBERS; i++) clients.push(await openClient(server.url, server.tokens[i] ?? ""));
    // Open the room on every client; the ack means the socket is in the room.
    await Promise.all(
      clients.map(async (c) => {
        const res: Ack<JoinAck> | Ack = await c.timeout(STALL_MS).emitWithAck("project:join", { projectId: server.projectId });
        if (!res.ok) throw new Error(`${mode}: project:join refused: ${JSON.stringify(res.error)}`);
      }),
    );
    const fanOut = new FanOut(clients, server.projectId, mode);

    // Latency: one message in flight, round-robin senders.
    for (let i = 0; i < WARMUP; i++) await fanOut.send(i % MEMBERS, i);
    const seq = { ack: [] as number[], delivery: [] as number[], seconds: 0 };
    let t0 = process.hrtime.bigint();
    for (let i = WARMUP; i < WARMUP + MESSAGES; i++) {
      const s = await fanOut.send(i % MEMBERS, i);
      seq.ack.push(s.ack);
      seq.delivery.push(...s.deliveries);
    }
    seq.seconds = ms(process.hrtime.bigint() - t0) / 1000;

    // Throughput: WINDOW messages in flight, round-robin senders.
    const load = { ack: [] as number[], delivery: [] as number[], seconds: 0 };
    const base = WARMUP + MESSAGES;
    let next = 0;
    t0 = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: WINDOW }, async () => {
        while (next < MESSAGES) {
          const i = base + next++;
          const s = await fanOut.send(i % MEMBERS, i);
          load.ack.push(s.ack);
          load.delivery.push(...s.deliveries);
        }
      }),
    );
    load.seconds = ms(process.hrtime.bigint() - t0) / 1000;

    return {
      latency: { ...seq, ack: sorted(seq.ack), delivery: sorted(seq.delivery) },
      load: { ...load, ack: sorted(load.ack), delivery: sorted(load.delivery) },
      payloadBytes: fanOut.payloadBytes,
      database: server.database,
      duplicates: fanOut.duplicates,
      strays: fanOut.strays,
    };
  } finally {
    for (const c of clients) c.disconnect();
    await server.stop();
  }
}

export async function benchFanout(): Promise<Row[]> {
  const ours = await measure("ours");
  const raw = await measure("raw");
  process.stdout.write(
    `fanout: ${MEMBERS} sockets in one project room on ${ours.database}, ${MESSAGES} messages (+${WARMUP} warm-up) one at a time, ` +
      `then ${MESSAGES} with ${WINDOW} in flight; message:new ${ours.payloadBytes} B (raw ${raw.payloadBytes} B)\n`,
  );
  if (ours.duplicates + ours.strays + raw.duplicates + raw.strays > 0) {
    process.stdout.write(`fanout: unexpected events: ours ${ours.duplicates} duplicates, ${ours.strays} strays; raw ${raw.duplicates}, ${raw.strays}\n`);
  }
  const name = `chat fan-out, ${MEMBERS} sockets`;
  const pct = (metric: string, p: number, a: number[], b: number[]): Row => ({
    benchmark: name,
    metric,
    ours: percentile(a, p),
    baseline: percentile(b, p),
    unit: "ms",
    ratio: percentile(a, p) / percentile(b, p),
  });
  const rate = (m: Measured) => MESSAGES / m.load.seconds;
  const rows: Row[] = [
    pct("delivery p50", 50, ours.latency.delivery, raw.latency.delivery),
    pct("delivery p95", 95, ours.latency.delivery, raw.latency.delivery),
    pct("delivery p99", 99, ours.latency.delivery, raw.latency.delivery),
    pct("ack p50", 50, ours.latency.ack, raw.latency.ack),
    pct("ack p95", 95, ours.latency.ack, raw.latency.ack),
    pct("ack p99", 99, ours.latency.ack, raw.latency.ack),
    pct(`delivery p50, ${WINDOW} in flight`, 50, ours.load.delivery, raw.load.delivery),
    pct(`delivery p95, ${WINDOW} in flight`, 95, ours.load.delivery, raw.load.delivery),
    { benchmark: name, metric: `throughput, ${WINDOW} in flight`, ours: rate(ours), baseline: rate(raw), unit: "msg/s", ratio: rate(ours) / rate(raw) },
  ];
  const summary = (m: Measured) => ({
    database: m.database,
    payloadBytes: m.payloadBytes,
    duplicates: m.duplicates,
    strays: m.strays,
    oneInFlight: { seconds: m.latency.seconds, messagesPerSecond: MESSAGES / m.latency.seconds },
    windowInFlight: { seconds: m.load.seconds, messagesPerSecond: MESSAGES / m.load.seconds, deliveriesPerSecond: (MESSAGES * (MEMBERS - 1)) / m.load.seconds },
    loadAckP50: percentile(m.load.ack, 50),
    loadAckP95: percentile(m.load.ack, 95),
    loadDeliveryP99: percentile(m.load.delivery, 99),
  });
  writeResults("fanout", {
    database: ours.database,
    members: MEMBERS,
    messages: MESSAGES,
    warmup: WARMUP,
    window: WINDOW,
    ours: summary(ours),
    raw: summary(raw),
    rows,
  });
  return rows;
}

const serverMode = process.argv.indexOf(SERVER_FLAG);
if (serverMode !== -1) {
  await serverProcess(process.argv[serverMode + 1] === "raw" ? "raw" : "ours");
} else if (process.argv[1]?.endsWith("fanout.bench.ts")) {
  printTable(await benchFanout());
}
