// The community context's public face (issue 16): what the network produces.
//   referrals.service.ts   business passed on, forward-only steps, closed value as a thank-you to the giver
//   hours.service.ts       hours invested: mutual credit on an append-only ledger that sums to zero
//   health.service.ts      what the network produced over a period, reciprocity as a traffic light
//   events.service.ts      community events: create (a room booked with it), RSVP and waitlist, check-in
//   referral-flow.ts       pure: which step a referral may take; hours ⇄ minutes
import { createEvents, type EventsDeps } from "./events.service.js";
import { createLedgerHealth } from "./health.service.js";
import { createHours } from "./hours.service.js";
import { createReferrals, type CommunityDeps } from "./referrals.service.js";

export function createCommunityService(deps: CommunityDeps & EventsDeps) {
  return { referrals: createReferrals(deps), hours: createHours(deps), health: createLedgerHealth(deps), events: createEvents(deps) };
}

export type CommunityService = ReturnType<typeof createCommunityService>;
export type { EventOut } from "./events.schemas.js";
export * as communitySchemas from "./ledger.schemas.js";
export * as eventsSchemas from "./events.schemas.js";
