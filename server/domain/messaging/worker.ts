import type { DB } from "../../../db/connect.js";
import type { OutboxRow } from "../../../db/schema.js";
import type { Logger } from "../../logger.js";
import type { Clock } from "../clock.js";
import { SECRET_FIELDS } from "./messages.schemas.js";
import * as repo from "./outbox.repository.js";
import { nextDelayMs } from "./retry.js";
import type { SendResult, Senders, Settled } from "./senders.js";

export type WorkerOptions = {
  /** Rows claimed per round. */
  batchSize: number;
  /** Sends in flight at once within a round. */
  concurrency: number;
  /** How long a claim holds a row; a worker that dies leaves its rows to be claimed again after this. */
  leaseMs: number;
  /** One send gives up after this (well below the lease). */
  sendTimeoutMs: number;
  /** The pause between rounds when there was nothing to do. */
  pollMs: number;
};

export const WORKER_DEFAULTS: WorkerOptions = { batchSize: 20, concurrency: 8, leaseMs: 60_000, sendTimeoutMs: 20_000, pollMs: 1_000 };

const MAX_ERROR = 500;

/** The row's payload without the secrets a sent message no longer needs (a link's token, a code). */
function withoutSecrets(payload: Record<string, unknown>): Record<string, unknown> | undefined {
  const data = payload.data as Record<string, unknown> | undefined;
  if (!data || typeof data !== "object" || !SECRET_FIELDS.some((f) => f in data)) return undefined;
  const kept = { ...data };
  for (const f of SECRET_FIELDS) if (f in kept) kept[f] = null;
  return { ...payload, data: kept };
}

/**
 * The outbox worker: claims due rows (FOR UPDATE SKIP LOCKED, in a short statement of its own), sends each outside
 * any transaction, and stores every attempt's outcome. Every node runs one; SKIP LOCKED shares the rows, the lease
 * recovers a crashed node's, and a settle only lands while the worker still holds the row.
 */
export function createOutboxWorker(deps: {
  db: DB;
  clock: Clock;
  logger?: Logger;
  senders: Senders;
  options?: Partial<WorkerOptions>;
  /** Asked just before a send: a reason to skip it (a mention read meanwhile, a kind switched off since), or null. */
  stillWanted?: (row: OutboxRow) => Promise<string | null>;
}) {
  const { db, clock, logger, senders } = deps;
  const options = { ...WORKER_DEFAULTS, ...deps.options };
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> | undefined;
  const controllers = new Set<AbortController>();

  async function attempt(row: OutboxRow): Promise<Settled | null> {
    const started = clock.now();
    const t0 = performance.now();
    const controller = new AbortController();
    controllers.add(controller);
    const timeout = setTimeout(() => controller.abort(new Error("send timed out")), options.sendTimeoutMs);
    let result: SendResult;
    try {
      const skip = (await deps.stillWanted?.(row)) ?? null;
      result = skip !== null ? { outcome: "skipped", reason: skip } : await senders[row.channel].send(row, controller.signal);
    } catch (error) {
      result = { outcome: "failed", retryable: true, error: controller.signal.aborted ? "timed out" : error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timeout);
      controllers.delete(controller);
    }
    const durationMs = Math.round(performance.now() - t0);
    const now = clock.now();

    let status: Settled["status"];
    let update: repo.SettleUpdate;
    if (result.outcome === "sent" || result.outcome === "kept") {
      status = result.outcome;
      update = {
        status,
        sentAt: now,
        lastError: null,
        responseStatus: result.outcome === "sent" ? (result.responseStatus ?? null) : null,
        ...(result.rendered ? { rendered: result.rendered } : {}),
        // A kept mail keeps its link (the admin's sent-mail page is where it is read); a sent one drops it.
        ...(result.outcome === "sent" ? { payload: withoutSecrets(row.payload) } : {}),
      };
    } else if (result.outcome === "skipped") {
      status = "skipped";
      update = { status, lastError: result.reason.slice(0, MAX_ERROR), payload: withoutSecrets(row.payload) };
    } else {
      const delay = result.retryable ? nextDelayMs(row.attempts, row.max_attempts) : null;
      status = delay === null ? "dead" : "pending";
      update = {
        status,
        lastError: result.error.slice(0, MAX_ERROR),
        responseStatus: result.responseStatus ?? null,
        ...(delay !== null ? { availableAt: new Date(now.getTime() + delay) } : {}),
      };
    }
    const held = await repo.settle(db, row, update, {
      startedAt: started,
      durationMs,
      outcome: status === "pending" ? "retry" : status,
      responseStatus: "responseStatus" in result ? (result.responseStatus ?? null) : null,
      error: result.outcome === "failed" ? result.error.slice(0, MAX_ERROR) : null,
    });
    if (!held) return null; // the lease ran out and another worker took the row: its outcome counts, not ours
    const settled: Settled = { row, result, status };
    try {
      await senders[row.channel].afterSettle?.(settled);
    } catch (error) {
      logger?.error("outbox afterSettle failed", { id: row.id, channel: row.channel, error });
    }
    return settled;
  }

  /** One round: claim a batch and send it. Returns how the rows ended (tests and the bench drive this directly). */
  async function drainOnce(): Promise<Settled[]> {
    const now = clock.now();
    const rows = await repo.claim(db, { now, leaseUntil: new Date(now.getTime() + options.leaseMs), limit: options.batchSize });
    const settled: Settled[] = [];
    let next = 0;
    const lanes = Array.from({ length: Math.min(options.concurrency, rows.length) }, async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        const s = await attempt(row).catch((error) => {
          logger?.error("outbox attempt failed", { id: row.id, channel: row.channel, error });
          return null;
        });
        if (s) settled.push(s);
      }
    });
    await Promise.all(lanes);
    return settled;
  }

  /** Rounds until nothing is due (tests: "send everything that is due now"). */
  async function drain(): Promise<Settled[]> {
    const all: Settled[] = [];
    for (;;) {
      const round = await drainOnce();
      all.push(...round);
      if (round.length < options.batchSize) return all;
    }
  }

  async function loop(): Promise<void> {
    if (!running) return;
    let full = false;
    try {
      const round = drainOnce();
      current = round;
      full = (await round).length >= options.batchSize;
    } catch (error) {
      logger?.warn("outbox round failed", { error: error instanceof Error ? error.message : String(error) });
    } finally {
      current = undefined;
    }
    if (running) timer = setTimeout(() => void loop(), full ? 0 : options.pollMs);
  }

  return {
    drainOnce,
    drain,
    /** Starts polling (every node runs this). */
    start() {
      if (running) return;
      running = true;
      timer = setTimeout(() => void loop(), 0);
    },
    /** Wakes the loop now (after a commit that wrote rows), instead of at the next poll. */
    kick() {
      if (!running || current) return;
      clearTimeout(timer);
      timer = setTimeout(() => void loop(), 0);
    },
    /** Stops polling and lets the round in flight finish (its sends are cut after `graceMs`). */
    async stop(graceMs = 5_000) {
      running = false;
      clearTimeout(timer);
      const cut = setTimeout(() => {
        for (const c of controllers) c.abort(new Error("shutting down"));
      }, graceMs);
      await current?.catch(() => {});
      clearTimeout(cut);
    },
  };
}

export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
