// Issue 15, webhooks: every word of this area.
export const enReachWebhooks = {
  "errors.not_found.webhook": "There is no such webhook endpoint.",
  "errors.rule_violation.private_address": "Webhooks are not delivered to {host}: it is a loopback, private, link-local or metadata address.",
  "errors.rule_violation.webhook_event": "{type} is not an event a webhook can subscribe to.",
  "errors.rule_violation.webhook_url": "A webhook URL is http or https, with a host name and no user name or password.",
} as const;
