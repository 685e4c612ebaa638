import type { DB } from "../../../db/connect.js";
import type { EventBus } from "../../events.js";
import type { Clock } from "../clock.js";
import type { MessagingService } from "../messaging/index.js";
import type { IdentityService, MemberSummary } from "./identity.service.js";
import type { SignupInput } from "./identity.schemas.js";
import { createAccountTokens } from "./tokens.service.js";

export type AccountsDeps = { db: DB; bus: EventBus; clock: Clock; messaging: MessagingService; identity: IdentityService };

/**
 * Issue 15's account links: password reset, email verification, and sign-up with them (a verification link is
 * written in the sign-up's own transaction, so a member never exists without one).
 */
export function createAccountsService({ db, bus, clock, messaging, identity }: AccountsDeps) {
  const tokens = createAccountTokens({ db, bus, clock, messaging });
  return {
    tokens,

    /** Sign-up from the web or the API: the account and its email verification link, in one transaction. */
    signup(input: SignupInput, opts: { ip?: string } = {}): Promise<MemberSummary> {
      return identity.signup(input, {
        ip: opts.ip,
        within: async (trx, m) => {
          await tokens.issueVerification(trx, m);
        },
      });
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
