import { sql } from "kysely";
import type { DB } from "../../db/connect.js";
import type { Logger } from "../logger.js";

/**
 * `run` gets the lock's transaction: use it for every query (PGlite has one connection). It may return
 * effects (live events) to fire once the transaction has committed.
 */
export type Job = { name: string; everyMs: number; run: (trx: DB) => Promise<void | Array<() => void>> };

/** A stable 32-bit key per job name for pg advisory locks. */
function lockKey(name: string): number {
  let h = 0;
  for (const ch of name) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

/**
 * Runs one tick of a job under a transaction-scoped advisory lock: when several nodes are up, one runs it and
 * the others skip this tick. Returns whether this node ran it.
 */
export async function runExclusive(db: DB, job: Pick<Job, "name" | "run">): Promise<boolean> {
  const effects = await db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${lockKey(job.name)}) as locked`.execute(trx);
    if (!rows[0]?.locked) return null;
    return (await job.run(trx)) ?? [];
  });
  if (effects === null) return false;
  for (const effect of effects) effect();
  return true;
}

export function startJobs(db: DB, jobs: Job[], logger: Logger): { stop: () => Promise<void> } {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  for (const job of jobs) {
    const tick = () => {
      if (stopped) return;
      const p = runExclusive(db, job)
        .catch((error) => logger.error("job failed", { job: job.name, error }))
        .finally(() => running.delete(p));
      running.add(p);
    };
    timers.push(setInterval(tick, job.everyMs).unref());
  }
  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running]);
    },
  };
}
