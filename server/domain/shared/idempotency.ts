import type { DB } from "../../../db/connect.js";
import { DomainError } from "../errors.js";

export type IdempotencyScope = { memberId: string; key: string; fingerprint: string };
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
      work: (trx: DB) => Promise<StoredResponse<T>>,
    ): Promise<StoredResponse<T> & { replayed: boolean }> {
      if (!scope) return { ...(await db.transaction().execute(work)), replayed: false };
      return db.transaction().execute(async (trx) => {
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
            );
          }
          return { status: prior.status, body: prior.body as T, replayed: true };
        }
        const result = await work(trx);
        await trx
          .updateTable("idempotency_keys")
          .set({ status: result.status, body: JSON.stringify(result.body) })
          .where("member_id", "=", scope.memberId)
          .where("key", "=", scope.key)
          .execute();
        return { ...result, replayed: false };
      });
    },

    prune(before: Date, tx: DB = db) {
      return tx.deleteFrom("idempotency_keys").where("created_at", "<", before).execute();
    },
  };
}

export type Idempotency = ReturnType<typeof createIdempotency>;
