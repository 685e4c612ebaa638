/**
 * A token bucket per socket: `burst` events at once, refilled at `perSecond`. In memory on purpose: a socket
 * lives on one node, so its budget does too.
 */
export type EventRate = { burst: number; perSecond: number };

export const DEFAULT_EVENT_RATE: EventRate = { burst: 30, perSecond: 10 };

export function tokenBucket({ burst, perSecond }: EventRate, now: () => number = Date.now) {
  let tokens = burst;
  let at = now();
  return {
    /** Takes one token; false when the bucket is empty (the event must be refused). */
    take(): boolean {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - at) / 1000) * perSecond);
      at = t;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    /** Seconds until the next token. */
    retryAfter(): number {
      return Math.max(1, Math.ceil((1 - tokens) / perSecond));
    },
  };
}
