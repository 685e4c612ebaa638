// When a failed message is tried again: the Standard Webhooks schedule (after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h,
// 10 h), the same for mail and WhatsApp. Eight attempts spread over 27.6 hours; then the row is parked ('dead').

/** Delay before attempt n+1, after n attempts failed (n ≥ 1). */
export const RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000] as const;

/** How many attempts a row gets by default (the first and one per delay). */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** The delay before the next attempt after `attempts` failed ones, or null when none is left. */
export function nextDelayMs(attempts: number, maxAttempts: number = MAX_ATTEMPTS): number | null {
  if (attempts >= maxAttempts) return null;
  return RETRY_DELAYS_MS[Math.min(attempts, RETRY_DELAYS_MS.length) - 1] ?? RETRY_DELAYS_MS[0];
}
