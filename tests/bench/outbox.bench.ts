// Outbox throughput (issue 15): messages/s the worker sends, on PostgreSQL (DATABASE_URL) or PGlite.
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx tests/bench/outbox.bench.ts
// 1. Through a real SMTP server on loopback (tests/support/smtp-sink.ts): the worker drains N committed mails
//    (batches of 50, 8 in flight, a pooled nodemailer transport of 8 connections). Baseline, same run: the same N
//    mails through the same kind of transport, 8 at a time, with no database at all (what SMTP alone allows).
// 2. The outbox's own cost: a sender that answers at once. Baseline, same run: the least a durable queue must
//    write per message, one `UPDATE outbox SET status = 'sent' WHERE id = $1` per row, 8 at a time on the same pool.
import { sql } from "kysely";
import type { DB } from "../../db/connect.js";
import { systemClock } from "../../server/domain/clock.js";
import { createOutbox } from "../../server/domain/messaging/outbox.service.js";
import type { Sender } from "../../server/domain/messaging/senders.js";
import { createOutboxWorker } from "../../server/domain/messaging/worker.js";
import { startSmtpSink } from "../support/smtp-sink.js";
import { smtpSender } from "../support/smtp-sender.js";
import { openBenchDb, printTable, writeResults, type Row } from "./support.js";

const SCALE = Number(process.env.BENCH_OUTBOX_SCALE ?? 1);
const MAILS = Math.round(2_000 * SCALE);
const ROWS = Math.round(5_000 * SCALE);
const LANES = 8;

async function enqueue(db: DB, n: number, memberId: string): Promise<string[]> {
  const outbox = createOutbox({ db, clock: systemClock });
  const ids: string[] = [];
  for (let from = 0; from < n; from += 500) {
    await db.transaction().execute(async (tx) => {
      for (let i = from; i < Math.min(n, from + 500); i++) {
        const row = await outbox.enqueue(tx, {
          channel: "email",
          memberId,
          to: `reader-${i}@bench.test`,
          locale: i % 2 ? "en" : "id",
          message: { kind: "connection_accepted", data: { memberId, memberName: `Reader ${i}` } } as never,
        });
        ids.push(row!.id);
      }
    });
  }
  return ids;
}

/** Runs `count` jobs on `lanes` lanes; returns the wall time in seconds. */
async function lanes(count: number, job: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: LANES }, async () => {
    while (next < count) await job(next++);
  }));
  return (performance.now() - t0) / 1000;
}

async function timedDrain(db: DB, sender: Sender): Promise<{ seconds: number; sent: number }> {
  const worker = createOutboxWorker({ db, clock: systemClock, senders: { email: sender, whatsapp: sender, webhook: sender }, options: { batchSize: 50, concurrency: LANES } });
  const t0 = performance.now();
  const settled = await worker.drain();
  return { seconds: (performance.now() - t0) / 1000, sent: settled.filter((s) => s.status === "sent").length };
}

export async function benchOutbox(): Promise<Row[]> {
  const { conn, drop, url } = await openBenchDb();
  const db = conn.db;
  const sink = await startSmtpSink();
  const where = url ? "PostgreSQL" : "PGlite";
  try {
    const member = await db.insertInto("members").values({ email: "bench@bench.test", name: "Bench", password_hash: "x" }).returning("id").executeTakeFirstOrThrow();
    const rows: Row[] = [];

    // 1. Through SMTP.
    const warm = smtpSender(sink.url, { maxConnections: LANES });
    await lanes(50, (i) => warm.send({ id: `warm-${i}`, address: "w@bench.test", kind: "warm", payload: {} } as never, new AbortController().signal));
    warm.close();
    sink.mails.length = 0;
    await enqueue(db, MAILS, member.id);
    const viaOutbox = smtpSender(sink.url, { maxConnections: LANES });
    const ours = await timedDrain(db, viaOutbox);
    viaOutbox.close();
    if (ours.sent !== MAILS || sink.mails.length !== MAILS) throw new Error(`outbox sent ${ours.sent}, the sink got ${sink.mails.length} of ${MAILS}`);
    sink.mails.length = 0;
    const direct = smtpSender(sink.url, { maxConnections: LANES });
    const rowsForDirect = await db.selectFrom("outbox").selectAll().execute();
    const directSeconds = await lanes(MAILS, (i) => direct.send(rowsForDirect[i]!, new AbortController().signal));
    direct.close();
    if (sink.mails.length !== MAILS) throw new Error(`direct: the sink got ${sink.mails.length} of ${MAILS}`);
    const oursRate = MAILS / ours.seconds;
    const directRate = MAILS / directSeconds;
    rows.push({ benchmark: `outbox → SMTP (${where})`, metric: `${MAILS} mails, msgs/s (baseline: SMTP alone)`, ours: oursRate, baseline: directRate, unit: "msg/s", ratio: oursRate / directRate, target: "≥ 0.5" });

    // 2. The outbox alone.
    await sql`TRUNCATE outbox, outbox_attempts`.execute(db);
    const ids = await enqueue(db, ROWS, member.id);
    const instant: Sender = { send: async () => ({ outcome: "sent" }) };
    const alone = await timedDrain(db, instant);
    if (alone.sent !== ROWS) throw new Error(`outbox alone sent ${alone.sent} of ${ROWS}`);
    await sql`UPDATE outbox SET status = 'pending'`.execute(db);
    const floorSeconds = await lanes(ROWS, (i) => sql`UPDATE outbox SET status = 'sent' WHERE id = ${ids[i]}`.execute(db));
    const aloneRate = ROWS / alone.seconds;
    const floorRate = ROWS / floorSeconds;
    rows.push({ benchmark: `outbox alone (${where})`, metric: `${ROWS} rows, msgs/s (baseline: one UPDATE per row)`, ours: aloneRate, baseline: floorRate, unit: "msg/s", ratio: aloneRate / floorRate, target: "≥ 0.3" });
    return rows;
  } finally {
    await sink.close();
    await conn.close();
    await drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await benchOutbox();
  printTable(rows);
  process.stdout.write(`results: ${writeResults("outbox", { at: new Date().toISOString(), rows })}\n`);
}
