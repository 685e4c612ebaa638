import type { Sender } from "./senders.js";

// PLACEHOLDER (foundation): the webhooks helper replaces this with signed, SSRF-guarded deliveries.
export function createWebhookSender(_deps: unknown): Sender {
  return { send: async () => ({ outcome: "failed", retryable: true, error: "webhook sender not built" }) };
}
