// A node that runs only the outbox worker (the crash test kills it with SIGKILL mid-batch).
//   DATABASE_URL  the test's database   SMTP_URL  the sink   LEASE_MS, BATCH, CONCURRENCY  the worker's options
import { connect } from "../../db/connect.js";
import { systemClock } from "../../server/domain/clock.js";
import { createOutboxWorker } from "../../server/domain/messaging/worker.js";
import { smtpSender } from "./smtp-sender.js";

const conn = await connect({ databaseUrl: process.env.DATABASE_URL!, poolSize: 4 });
const mail = smtpSender(process.env.SMTP_URL!);
const worker = createOutboxWorker({
  db: conn.db,
  clock: systemClock,
  senders: { email: mail, whatsapp: mail, webhook: mail },
  options: {
    leaseMs: Number(process.env.LEASE_MS),
    batchSize: Number(process.env.BATCH),
    concurrency: Number(process.env.CONCURRENCY),
    pollMs: 20,
  },
});
worker.start();
process.stdout.write("worker started\n");
