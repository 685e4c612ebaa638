import type { AckError } from "../../server/contract/realtime";

/** How long an ack may take before the request counts as failed (the outbox then offers a retry). */
export const ACK_TIMEOUT_MS = 10_000;

/** A refused or unanswered request, as the UI shows it: the domain's code (or "timeout", "offline") and message. */
export type Refusal = { ok: false; code: string; message: string };

/** The refusal for a `timeout().emit` callback's error, or an error ack. */
export function refusal(error: AckError | Error | null | undefined): Refusal {
  if (!error) return { ok: false, code: "internal", message: "" };
  if (error instanceof Error) return { ok: false, code: "timeout", message: error.message };
  return { ok: false, code: error.code, message: error.message };
}

export const OFFLINE: Refusal = { ok: false, code: "offline", message: "" };
