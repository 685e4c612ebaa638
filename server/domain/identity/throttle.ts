import type { DB } from "../../../db/connect.js";
import type { Clock } from "../clock.js";
import * as repo from "./identity.repository.js";

/** A limit on one bucket: at most `max` attempts in any sliding window of `windowMs`. */
export type ThrottleRule = { bucket: string; max: number; windowMs: number };

/** A granted attempt (give it back with `release` when it should not count) or a refusal with its wait. */
export type Reservation = { ok: true; bucket: string; at: Date } | { ok: false; bucket: string; retryAfter: number };

/**
 * Throttling shared by every node, through the database. An attempt is reserved atomically *before* the work it
 * guards (a password check, a hash, a mail), so however many requests race, at most `max` per window get through;
 * the rest are refused with the seconds until the oldest attempt leaves the window. One implementation for
 * PostgreSQL and PGlite: a single INSERT … ON CONFLICT DO UPDATE per reservation (see the repository).
 */
export function createThrottle({ db, clock }: { db: DB; clock: Clock }) {
  async function reserve(bucket: string, max: number, windowMs: number): Promise<Reservation> {
    if (!Number.isInteger(max) || max < 1 || !(windowMs > 0)) throw new Error(`Bad throttle rule for ${bucket}`);
    const at = clock.now();
    const since = new Date(at.getTime() - windowMs);
    if (await repo.reserveHit(db, { bucket, at, since, max, expiresAt: new Date(at.getTime() + windowMs) })) {
      return { ok: true, bucket, at };
    }
    const oldest = await repo.oldestHit(db, bucket, since);
    const waitMs = oldest ? oldest.getTime() + windowMs - at.getTime() : 1000;
    return { ok: false, bucket, retryAfter: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  /** Gives a granted attempt back (it did not count, e.g. the log-in succeeded). */
  async function release(reservation: Reservation): Promise<void> {
    if (reservation.ok) await repo.releaseHit(db, reservation.bucket, reservation.at);
  }

  return {
    reserve,
    release,

    /**
     * Reserves one attempt in each bucket, in order; if one refuses, those already granted are given back (the
     * attempt never ran) and the refusal is returned.
     */
    async reserveAll(rules: ThrottleRule[]): Promise<{ ok: true; reservations: Reservation[] } | { ok: false; retryAfter: number }> {
      const granted: Reservation[] = [];
      for (const { bucket, max, windowMs } of rules) {
        const r = await reserve(bucket, max, windowMs);
        if (!r.ok) {
          for (const g of granted) await release(g);
          return { ok: false, retryAfter: r.retryAfter };
        }
        granted.push(r);
      }
      return { ok: true, reservations: granted };
    },

    /** Forgets every attempt in a bucket (a successful log-in clears its account's failures). */
    async reset(bucket: string): Promise<void> {
      await repo.deleteBucket(db, bucket);
    },

    /** Housekeeping: drops buckets whose every attempt has left its window. */
    async prune(tx: DB = db): Promise<void> {
      await repo.pruneBuckets(tx, clock.now());
    },
  };
}

export type Throttle = ReturnType<typeof createThrottle>;
