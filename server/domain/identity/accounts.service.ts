import type { DB } from "../../../db/connect.js";
import type { EventBus } from "../../events.js";
import type { Clock } from "../clock.js";
import type { MessagingService } from "../messaging/index.js";
import type { IdentityService, MemberSummary } from "./identity.service.js";
import type { SignupInput } from "./identity.schemas.js";
import { createEmailChange } from "./email-change.service.js";
import { createInvitations } from "./invitations.service.js";
import { createAccountTokens } from "./tokens.service.js";

export type AccountsDeps = { db: DB; bus: EventBus; clock: Clock; messaging: MessagingService; identity: IdentityService };

/**
 * Issue 15's account links: password reset, email verification, and sign-up with them (a verification link is
 * written in the sign-up's own transaction, so a member never exists without one).
 */
export function createAccountsService({ db, bus, clock, messaging, identity }: AccountsDeps) {
  const tokens = createAccountTokens({ db, bus, clock, messaging });
  const invitations = createInvitations({ db, clock, messaging });
  return {
    tokens,
    invitations,
    /** Changing one's email: pending until the link sent to the new address is opened (`tokens.verifyEmail`). */
    emailChange: createEmailChange({ db, clock, messaging, identity }),

    /**
     * Sign-up from the web or the API, in one transaction: the account, its invitation used (role, space, project;
     * the address confirmed when it is the one invited) and otherwise an email verification link.
     */
    async signup(input: SignupInput & { invitation?: string }, opts: { ip?: string } = {}): Promise<MemberSummary> {
      const { invitation, ...account } = input;
      const member = await identity.signup(account, {
        ip: opts.ip,
        within: async (trx, m) => {
          const accepted = invitation ? await invitations.accept(trx, invitation, m) : { member: m, verified: false };
          if (!accepted.verified) await tokens.issueVerification(trx, accepted.member);
          return accepted.member;
        },
      });
      if (invitation) bus.publish("member.updated", { memberId: member.id });
      return member;
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
