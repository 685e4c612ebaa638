import { sql } from "kysely";
import type { DB } from "../../../db/connect.js";
import type { NewOutboxRow, OutboxChannel, OutboxOutcome, OutboxRow, OutboxStatus } from "../../../db/schema.js";

/** Writes one row (a dedupe key already written makes this a no-op: returns null). */
export async function insert(db: DB, row: NewOutboxRow): Promise<OutboxRow | null> {
  const q = db.insertInto("outbox").values(row);
  const written = row.dedupe_key
    ? await q
        .onConflict((oc) => oc.column("dedupe_key").where("dedupe_key", "is not", null).doNothing())
        .returningAll()
        .executeTakeFirst()
    : await q.returningAll().executeTakeFirst();
  return written ?? null;
}

/**
 * Claims up to `limit` due rows for one worker: pending ones whose time came, and rows another worker claimed but
 * whose lease ran out (it crashed or hung). SKIP LOCKED: two workers never claim one row; the lease and the
 * attempt count make a late settle of a reclaimed row a no-op (see `settle`).
 */
export async function claim(db: DB, opts: { now: Date; leaseUntil: Date; limit: number }): Promise<OutboxRow[]> {
  const { rows } = await sql<OutboxRow>`
    UPDATE outbox SET status = 'sending', lease_until = ${opts.leaseUntil}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM outbox
      WHERE (status = 'pending' AND available_at <= ${opts.now}) OR (status = 'sending' AND lease_until < ${opts.now})
      ORDER BY available_at, id
      LIMIT ${opts.limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING *`.execute(db);
  return rows;
}

export type SettleUpdate = {
  status: Exclude<OutboxStatus, "sending">;
  availableAt?: Date;
  sentAt?: Date | null;
  lastError?: string | null;
  responseStatus?: number | null;
  rendered?: Record<string, unknown> | null;
  payload?: Record<string, unknown>;
};

export type AttemptRecord = { startedAt: Date; durationMs: number; outcome: OutboxOutcome; responseStatus: number | null; error: string | null };

/**
 * Stores an attempt's outcome and logs the attempt, in one statement, only if this worker still holds the row
 * (same attempt, still 'sending'): a worker whose lease ran out changes nothing and logs nothing.
 */
export async function settle(db: DB, row: Pick<OutboxRow, "id" | "attempts">, update: SettleUpdate, attempt: AttemptRecord): Promise<boolean> {
  const result = await db
    .with("settled", (q) =>
      q
        .updateTable("outbox")
        .set({
          status: update.status,
          lease_until: null,
          ...(update.availableAt ? { available_at: update.availableAt } : {}),
          ...(update.sentAt !== undefined ? { sent_at: update.sentAt } : {}),
          ...(update.lastError !== undefined ? { last_error: update.lastError } : {}),
          ...(update.responseStatus !== undefined ? { response_status: update.responseStatus } : {}),
          ...(update.rendered !== undefined ? { rendered: update.rendered === null ? null : JSON.stringify(update.rendered) } : {}),
          ...(update.payload ? { payload: JSON.stringify(update.payload) } : {}),
        })
        .where("id", "=", row.id)
        .where("attempts", "=", row.attempts)
        .where("status", "=", "sending")
        .returning(["id", "attempts"]),
    )
    .insertInto("outbox_attempts")
    .columns(["outbox_id", "attempt", "started_at", "duration_ms", "outcome", "response_status", "error"])
    .expression((eb) =>
      eb
        .selectFrom("settled")
        .select([
          "settled.id",
          "settled.attempts",
          sql<Date>`${attempt.startedAt}::timestamptz`.as("started_at"),
          sql<number>`${attempt.durationMs}::int`.as("duration_ms"),
          sql<OutboxOutcome>`${attempt.outcome}::text`.as("outcome"),
          sql<number | null>`${attempt.responseStatus}::int`.as("response_status"),
          sql<string | null>`${attempt.error}::text`.as("error"),
        ]),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** A parked row goes back to the queue (an admin's "retry"): a fresh set of attempts, due now. */
export async function requeue(db: DB, id: string, now: Date): Promise<OutboxRow | null> {
  return (
    (await db
      .updateTable("outbox")
      .set({ status: "pending", attempts: 0, available_at: now, lease_until: null })
      .where("id", "=", id)
      .where("status", "=", "dead")
      .returningAll()
      .executeTakeFirst()) ?? null
  );
}

export function findById(db: DB, id: string) {
  return db.selectFrom("outbox").selectAll().where("id", "=", id).executeTakeFirst();
}

export function attemptsOf(db: DB, outboxId: string) {
  return db.selectFrom("outbox_attempts").selectAll().where("outbox_id", "=", outboxId).orderBy("attempt").execute();
}

/** Newest first, keyset on (created_at, id). */
export function list(
  db: DB,
  q: { channel?: OutboxChannel; status?: OutboxStatus | OutboxStatus[]; endpointId?: string; memberId?: string; limit: number; before?: { createdAt: Date; id: string } },
) {
  let query = db.selectFrom("outbox").selectAll();
  if (q.channel) query = query.where("channel", "=", q.channel);
  if (typeof q.status === "string") query = query.where("status", "=", q.status);
  else if (q.status?.length) query = query.where("status", "in", q.status);
  if (q.endpointId) query = query.where("endpoint_id", "=", q.endpointId);
  if (q.memberId) query = query.where("member_id", "=", q.memberId);
  if (q.before) {
    const b = q.before;
    query = query.where((eb) => eb.or([eb("created_at", "<", b.createdAt), eb.and([eb("created_at", "=", b.createdAt), eb("id", "<", b.id)])]));
  }
  return query.orderBy("created_at", "desc").orderBy("id", "desc").limit(q.limit).execute();
}

/** Counts by status (the admin's outbox summary). */
export async function countsByStatus(db: DB, channel?: OutboxChannel): Promise<Partial<Record<OutboxStatus, number>>> {
  let query = db.selectFrom("outbox").select(["status", sql<number>`count(*)::int`.as("n")]);
  if (channel) query = query.where("channel", "=", channel);
  const rows = await query.groupBy("status").execute();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
