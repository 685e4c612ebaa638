// Issue 15, accounts: every word of this area.
export const enReachAccounts = {
  "errors.not_found.invitation": "There is no such invitation.",
  "errors.rule_violation.token_invalid": "This link has expired or was already used: ask for a new one.",
  "errors.rule_violation.invitation_invalid": "This invitation has expired, was withdrawn or was already used: ask for a new one.",
  "errors.rule_violation.already_verified": "This email address is already confirmed.",
  "errors.forbidden.invite_role": "You may not invite someone with that role or to that place.",
} as const;
