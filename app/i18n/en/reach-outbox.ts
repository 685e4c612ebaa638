// Issue 15, outbox: every word of this area.
export const enReachOutbox = {
  "errors.not_found.outbox_message": "There is no such message.",
  "errors.invalid_transition.not_dead": "Only a message that was given up on can be retried.",
} as const;
