import type { Sender } from "./senders.js";

// PLACEHOLDER (foundation): the mail helper replaces this with nodemailer over SMTP_URL, or "kept" without it.
export function createMailSender(_deps: unknown): Sender {
  return { send: async () => ({ outcome: "failed", retryable: true, error: "mail sender not built" }) };
}
