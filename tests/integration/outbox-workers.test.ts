import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type Connection } from "../../db/connect.js";
import type { Clock } from "../../server/domain/clock.js";
import { createOutboxWorker } from "../../server/domain/messaging/worker.js";
import type { Sender, Senders } from "../../server/domain/messaging/senders.js";
import { useTestApp } from "../support/app.js";
import { onPglite } from "../support/db.js";
import { createMember } from "../support/factories.js";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink.js";
import { messageIdOf, smtpSender } from "../support/smtp-sender.js";

// Issue 15's acceptance: a crash between commit and send loses nothing, and two workers never send one message
// twice. The worker is the product's (claims with FOR UPDATE SKIP LOCKED, leases, settles only while it holds the
// row); the receiver is a real SMTP server on loopback that counts Message-IDs (one per outbox row).
// The worker process and the two concurrent workers need a database that several connections and processes share:
// PostgreSQL only (PGlite is one in-process database running one transaction at a time, so these could not fail there).

const app = useTestApp();
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink?.close();
});

/** Writes `n` mails to the outbox in one committed transaction; returns their row ids. */
async function enqueueMails(n: number): Promise<string[]> {
  const m = await createMember(app.db.db, app.services);
  return app.db.db.transaction().execute(async (tx) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const row = await app.services.messaging.outbox.enqueue(tx, {
        channel: "email",
        memberId: m.id,
        to: `reader-${i}@jejaring.test`,
        locale: "en",
        message: { kind: "password_reset", data: { memberName: m.name, token: `t-${i}`, expiresAt: new Date().toISOString() } },
      });
      ids.push(row!.id);
    }
    return ids;
  });
}

const senderSet = (s: Sender): Senders => ({ email: s, whatsapp: s, webhook: s });

/** Message-IDs the sink accepted, with how often. */
function received(): Map<string, number> {
  const seen = new Map<string, number>();
  for (const mail of sink.mails) seen.set(mail.messageId ?? "", (seen.get(mail.messageId ?? "") ?? 0) + 1);
  return seen;
}

describe.skipIf(onPglite)("outbox workers on PostgreSQL", () => {
  it("a worker killed mid-batch loses nothing: after its lease, another sends every message, each exactly once", async () => {
    sink.mails.length = 0;
    const ids = await enqueueMails(30);
    const LEASE_MS = 3_000;
    // The first 10 mails are accepted; then the sink stops answering, so the worker's 4 lanes hang in the middle
    // of an SMTP transaction (no 250 yet: not delivered) while 6 more rows of its batch of 20 wait for a lane.
    let holding = 0;
    let onHold4: () => void = () => {};
    const fourHeld = new Promise<void>((resolve) => (onHold4 = resolve));
    sink.setPolicy((seen) => {
      if (seen <= 10) return "accept";
      holding += 1;
      if (holding === 4) onHold4();
      return "hold";
    });
    const child = spawn(process.execPath, ["--import", "tsx", "tests/support/outbox-worker-child.ts"], {
      env: { ...process.env, DATABASE_URL: app.db.url!, SMTP_URL: sink.url, LEASE_MS: String(LEASE_MS), BATCH: "20", CONCURRENCY: "4" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const guard = setTimeout(() => child.kill("SIGKILL"), 40_000);
    await Promise.race([fourHeld, exited]);
    clearTimeout(guard);
    expect(stderr).toBe("");
    expect(holding, "the worker was in the middle of its batch").toBe(4);
    child.kill("SIGKILL");
    await exited;

    const byStatus = async () =>
      Object.fromEntries(
        (await app.db.db.selectFrom("outbox").select(["status", (eb) => eb.fn.countAll<number>().as("n")]).groupBy("status").execute()).map((r) => [r.status, Number(r.n)]),
      );
    expect(await byStatus()).toEqual({ sent: 10, sending: 10, pending: 10 });
    expect(sink.mails).toHaveLength(10);

    // A second node starts. Until the dead worker's lease runs out its 10 rows are left alone; after it, all go.
    sink.setPolicy(() => "accept");
    const mail = smtpSender(sink.url);
    let offset = 0;
    const later: Clock = { now: () => new Date(Date.now() + offset) };
    const survivor = createOutboxWorker({ db: app.db.db, clock: later, senders: senderSet(mail), options: { leaseMs: LEASE_MS, batchSize: 8, concurrency: 4 } });
    expect(await survivor.drain()).toHaveLength(10);
    expect(await byStatus()).toEqual({ sent: 20, sending: 10 });
    offset = LEASE_MS + 1_000;
    expect(await survivor.drain()).toHaveLength(10);
    mail.close();

    expect(await byStatus()).toEqual({ sent: 30 });
    const got = received();
    expect([...got.keys()].sort()).toEqual(ids.map(messageIdOf).sort());
    expect([...got.values()].every((n) => n === 1), "no message arrived twice").toBe(true);
    // The reclaimed rows count both claims; only the settled attempt is logged.
    const rows = await app.db.db.selectFrom("outbox").select(["id", "attempts"]).execute();
    expect(rows.filter((r) => r.attempts === 2)).toHaveLength(10);
    const attempts = await app.db.db.selectFrom("outbox_attempts").select(["outbox_id", "outcome"]).execute();
    expect(attempts).toHaveLength(30);
    expect(new Set(attempts.map((a) => a.outbox_id)).size).toBe(30);
  }, 60_000);

  it("two workers on two connection pools drain 300 messages together: every one sent once, both did work", async () => {
    sink.mails.length = 0;
    sink.setPolicy(() => "accept");
    const ids = await enqueueMails(300);
    const pools: Connection[] = [await connect({ databaseUrl: app.db.url!, poolSize: 4 }), await connect({ databaseUrl: app.db.url!, poolSize: 4 })];
    const mails = [smtpSender(sink.url), smtpSender(sink.url)];
    try {
      const workers = pools.map((p, i) =>
        createOutboxWorker({ db: p.db, clock: app.services.clock, senders: senderSet(mails[i]!), options: { batchSize: 10, concurrency: 4 } }),
      );
      const [a, b] = await Promise.all(workers.map((w) => w.drain()));
      expect(a!.length + b!.length).toBe(300);
      expect(a!.length, "worker A sent some").toBeGreaterThan(0);
      expect(b!.length, "worker B sent some").toBeGreaterThan(0);
      const byA = new Set(a!.map((s) => s.row.id));
      expect(b!.some((s) => byA.has(s.row.id)), "no row settled by both").toBe(false);
    } finally {
      for (const m of mails) m.close();
      for (const p of pools) await p.close();
    }
    const got = received();
    expect(got.size).toBe(300);
    expect([...got.keys()].sort()).toEqual(ids.map(messageIdOf).sort());
    expect([...got.values()].every((n) => n === 1), "no message arrived twice").toBe(true);
    const rows = await app.db.db.selectFrom("outbox").select(["status", "attempts"]).execute();
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  }, 60_000);
});

describe("outbox leases (any database)", () => {
  it("a worker that hangs past its lease loses the row: its late answer changes nothing, the new holder's counts", async () => {
    const [id] = await enqueueMails(1);
    let t = Date.now();
    const clock: Clock = { now: () => new Date(t) };
    /** A sender whose answer the test gives, when it wants. */
    const held = (answer: Awaited<ReturnType<Sender["send"]>>) => {
      let release: () => void = () => {};
      const sent: string[] = [];
      const sender: Sender = { send: (row) => new Promise((resolve) => (sent.push(row.id), (release = () => resolve(answer)))) };
      return { sender, sent, release: () => release() };
    };
    const slow = held({ outcome: "failed", retryable: true, error: "too late" });
    const fast = held({ outcome: "sent" });
    const status = async () => (await app.db.db.selectFrom("outbox").select(["status", "attempts"]).executeTakeFirstOrThrow());
    const first = createOutboxWorker({ db: app.db.db, clock, senders: senderSet(slow.sender), options: { leaseMs: 1_000, sendTimeoutMs: 60_000 } });
    const second = createOutboxWorker({ db: app.db.db, clock, senders: senderSet(fast.sender), options: { leaseMs: 1_000, sendTimeoutMs: 60_000 } });
    const firstRound = first.drainOnce();
    await expect.poll(() => slow.sent.length).toBe(1);
    expect(await second.drainOnce(), "still leased to the first").toEqual([]);
    t += 1_001;
    const secondRound = second.drainOnce();
    await expect.poll(() => fast.sent.length).toBe(1);
    expect(await status()).toEqual({ status: "sending", attempts: 2 });
    // The first answers while the second still holds the row: its settle must not land.
    slow.release();
    expect(await firstRound, "the late settle is dropped").toEqual([]);
    expect(await status()).toEqual({ status: "sending", attempts: 2 });
    fast.release();
    expect((await secondRound).map((s) => s.status)).toEqual(["sent"]);
    const row = await app.db.db.selectFrom("outbox").selectAll().executeTakeFirstOrThrow();
    expect([row.id, row.status, row.attempts, row.last_error]).toEqual([id, "sent", 2, null]);
    const attempts = await app.db.db.selectFrom("outbox_attempts").select(["attempt", "outcome"]).execute();
    expect(attempts).toEqual([{ attempt: 2, outcome: "sent" }]);
  });
});
