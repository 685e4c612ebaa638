import type { Sender } from "./senders.js";

// PLACEHOLDER (foundation): the WhatsApp helper replaces this with the Cloud API provider.
export function createWhatsAppSender(_deps: unknown): Sender {
  return { send: async () => ({ outcome: "failed", retryable: true, error: "whatsapp sender not built" }) };
}
