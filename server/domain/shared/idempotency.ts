import type { DB } from "../../../db/connect.js";
import { DomainError } from "../errors.js";

export type IdempotencyScope = { memberId: string; key: string; fingerprint: string };

/** The caller's transaction, and a way to run effects (live events) once it has committed. */
export type OuterTx = { tx: DB; defer: (effect: () => void) => void };
export type StoredResponse<T> = { status: number; body: T };

/**
 * Runs a create at most once per (member, key). The key row is inserted in the same transaction as the write:
 * a concurrent request with the same key waits on the unique key, then replays the committed response.
 * A failed write rolls the key back, so the caller may retry with it.
 */
export function createIdempotency({ db }: { db: DB }) {
  return {
    async run<T>(
      scope: IdempotencyScope | null,
      work: (outer: OuterTx) => Promise<StoredResponse<T>>,
    ): Promise<StoredResponse<T> & { replayed: boolean }> {
      const deferred: Array<() => void> = [];
      const defer = (effect: () => void) => void deferred.push(effect);
      const result = await db.transaction().execute(async (trx) => {
        if (!scope) return { ...(await work({ tx: trx, defer })), replayed: false };
        const inserted = await trx
          .insertInto("idempotency_keys")
          .values({ member_id: scope.memberId, key: scope.key, fingerprint: scope.fingerprint })
          .onConflict((oc) => oc.columns(["member_id", "key"]).doNothing())
          .returning("key")
          .executeTakeFirst();
        if (!inserted) {
          const prior = await trx
            .selectFrom("idempotency_keys")
            .select(["fingerprint", "status", "body"])
            .where("member_id", "=", scope.memberId)
            .where("key", "=", scope.key)
            .executeTakeFirstOrThrow();
          if (prior.fingerprint !== scope.fingerprint || prior.status === null) {
            throw new DomainError(
              "idempotency_key_reused",
              "This Idempotency-Key was already used with a different request.",
              { reason: "different_request" },
            );
          }
          return { status: prior.status, body: prior.body as T, replayed: true };
        }
        const out = await work({ tx: trx, defer });
        await trx
          .updateTable("idempotency_keys")
          .set({ status: out.status, body: JSON.stringify(out.body) })
          .where("member_id", "=", scope.memberId)
          .where("key", "=", scope.key)
          .execute();
        return { ...out, replayed: false };
      });
      // Committed: now the world may hear about it.
      for (const effect of deferred) effect();
      return result;
    },

    prune(before: Date, tx: DB = db) {
      return tx.deleteFrom("idempotency_keys").where("created_at", "<", before).execute();
    },
  };
}

export type Idempotency = ReturnType<typeof createIdempotency>;
