// Pure: which step a referral may take. Forward only (given → contacted → meeting → won | lost, skipping allowed),
// never out of won or lost; the same open step again changes nothing (a retried request).
import type { ReferralStatus } from "./ledger.schemas.js";

const RANK: Record<ReferralStatus, number> = { given: 0, contacted: 1, meeting: 2, won: 3, lost: 3 };

export const isClosed = (s: ReferralStatus): boolean => s === "won" || s === "lost";

export type StepVerdict = "step" | "same" | "closed" | "backwards";

export function stepVerdict(current: ReferralStatus, next: ReferralStatus): StepVerdict {
  if (isClosed(current)) return "closed";
  if (next === current) return "same";
  return RANK[next] > RANK[current] ? "step" : "backwards";
}

/** Hours as the API speaks them (quarter hours) from the ledger's whole minutes, and back. */
export const hoursOf = (minutes: number): number => Math.round((minutes / 60) * 100) / 100;
export const minutesOf = (hours: number): number => Math.round(hours * 60);
