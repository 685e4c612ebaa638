// Issue 15, prefs: every word of this area.
export const enReachPrefs = {
  "errors.rule_violation.phone_unverified": "Confirm your phone number first: enter the code we sent to it by WhatsApp.",
  "errors.rule_violation.wrong_code": "That code is not right.",
  "errors.rule_violation.code_expired": "That code has expired or was tried too often: ask for a new one.",
  "errors.rule_violation.no_phone": "Add a phone number first.",
  "errors.rule_violation.unknown_kind": "There is no kind of message called {kind}.",
} as const;
