import { sql } from "kysely";
import type { DB } from "../../../db/connect.js";
import type { OuterTx } from "./idempotency.js";

/** Something to do once a write has committed (publish a live event, push a notification). */
export type Effect = () => void;

/**
 * Runs `work` in the caller's transaction (`outer`, e.g. an idempotent API write) or in a new one; the effects it
 * collects run only after the transaction that holds the write has committed.
 */
export async function inTx<T>(db: DB, outer: OuterTx | undefined, work: (trx: DB, effects: Effect[]) => Promise<T>): Promise<T> {
  const effects: Effect[] = [];
  if (outer) {
    const result = await work(outer.tx, effects);
    outer.defer(() => effects.forEach((effect) => effect()));
    return result;
  }
  const result = await db.transaction().execute((trx) => work(trx, effects));
  for (const effect of effects) effect();
  return result;
}

/**
 * Runs `work` under a savepoint: if it throws, only its own statements are rolled back and the surrounding
 * transaction stays usable (a refused insert need not abort a whole booking series); the error is rethrown.
 */
export async function withSavepoint<T>(trx: DB, work: () => Promise<T>): Promise<T> {
  await sql`SAVEPOINT attempt`.execute(trx);
  try {
    const result = await work();
    await sql`RELEASE SAVEPOINT attempt`.execute(trx);
    return result;
  } catch (error) {
    await sql`ROLLBACK TO SAVEPOINT attempt`.execute(trx);
    throw error;
  }
}
