// The community context's public face (issue 16): what the network produces.
//   referrals.service.ts   business passed on, forward-only steps, closed value as a thank-you to the giver
//   hours.service.ts       hours invested: mutual credit on an append-only ledger that sums to zero
//   health.service.ts      what the network produced over a period, reciprocity as a traffic light
//   referral-flow.ts       pure: which step a referral may take; hours ⇄ minutes
import { createLedgerHealth } from "./health.service.js";
import { createHours } from "./hours.service.js";
import { createReferrals, type CommunityDeps } from "./referrals.service.js";

export function createCommunityService(deps: CommunityDeps) {
  return { referrals: createReferrals(deps), hours: createHours(deps), health: createLedgerHealth(deps) };
}

export type CommunityService = ReturnType<typeof createCommunityService>;
export * as communitySchemas from "./ledger.schemas.js";
