// Webhook deliveries per Standard Webhooks: POST the JSON body with webhook-id (the outbox row's id: the same on
// every retry), webhook-timestamp (seconds, at each attempt) and webhook-signature `v1,<base64 HMAC-SHA256 of
// "id.timestamp.body">` keyed by the base64 part of the endpoint's `whsec_` secret. The URL is checked again at
// every send (SSRF rules, after resolution) and the connection goes to the address checked; redirects are not
// followed. 2xx: sent. Timeout, network error, 3xx, other non-2xx: tried again on the outbox's schedule. 410: the
// endpoint is switched off (gone). A delivery that runs out of attempts (dead) switches it off too (failing).
import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { OutboxRow } from "../../../db/schema.js";
import type { Logger } from "../../logger.js";
import type { Clock } from "../clock.js";
import type { Sender, SendResult } from "./senders.js";
import { checkUrl, pinnedLookup, resolveTarget, type ResolvedAddress } from "./ssrf.js";
import type { Webhooks, WebhooksConfig } from "./webhooks.service.js";

/** The signature header's value for one message (Standard Webhooks, v1). */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64")}`;
}

/** The exact bytes sent: `{type, timestamp, data}` in that order (the stored jsonb does not keep key order). */
export function webhookBody(payload: Record<string, unknown>): string {
  return JSON.stringify({ type: payload.type, timestamp: payload.timestamp, data: payload.data });
}

type Answer = { status: number; location: string | undefined };

/** One POST to `url`, connected to `target` (the address checked), no redirects, cut when `signal` aborts. */
function post(url: URL, target: ResolvedAddress, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === "https:" ? https : http;
    // agent: false — a fresh connection each time, never a pooled socket to some other address of the name.
    const req = mod.request(url, { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, agent: false, lookup: pinnedLookup(target), signal });
    req.on("response", (res) => {
      const answer = { status: res.statusCode ?? 0, location: typeof res.headers.location === "string" ? res.headers.location : undefined };
      // The body is not needed: the status says it all.
      res.destroy();
      resolve(answer);
    });
    req.on("error", reject);
    req.end(body);
  });
}

const MAX_ERROR = 300;

export function createWebhookSender(deps: { clock: Clock; logger?: Logger; config: { webhooks: WebhooksConfig }; webhooks: Webhooks }): Sender {
  const { clock, logger, webhooks } = deps;
  const config = deps.config.webhooks;
  return {
    async send(row: OutboxRow, signal: AbortSignal): Promise<SendResult> {
      const endpoint = row.endpoint_id ? await webhooks.endpoint(row.endpoint_id) : undefined;
      if (!endpoint) return { outcome: "skipped", reason: "endpoint deleted" };
      if (!endpoint.enabled && row.kind !== "ping") return { outcome: "skipped", reason: `endpoint disabled (${endpoint.disabled_reason ?? "admin"})` };
      // The endpoint's URL as it is now (an admin's fix reaches pending retries), checked again now.
      const offline = checkUrl(endpoint.url, { allowPrivate: config.allowPrivate });
      if (!offline.ok) return { outcome: "failed", retryable: false, error: `refused: ${offline.problem.message}` };
      let target: ResolvedAddress;
      try {
        const resolved = await resolveTarget(offline.url, { allowPrivate: config.allowPrivate, resolve: config.resolve });
        if (!resolved.ok) return { outcome: "failed", retryable: false, error: `refused: ${resolved.problem.message}` };
        target = resolved.addresses[0]!;
      } catch (error) {
        return { outcome: "failed", retryable: true, error: `could not resolve ${offline.url.hostname}: ${(error as NodeJS.ErrnoException).code ?? "error"}` };
      }
      const body = webhookBody(row.payload);
      const timestamp = Math.floor(clock.now().getTime() / 1000);
      const headers = {
        "content-type": "application/json",
        "user-agent": "Jejaring-Webhooks/1.0",
        "webhook-id": row.id,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": signWebhook(endpoint.secret, row.id, timestamp, body),
      };
      const timeout = AbortSignal.timeout(config.timeoutMs);
      try {
        const answer = await post(offline.url, target, headers, body, AbortSignal.any([signal, timeout]));
        if (answer.status >= 200 && answer.status < 300) return { outcome: "sent", responseStatus: answer.status };
        if (answer.status === 410) return { outcome: "failed", retryable: false, responseStatus: 410, error: "410 Gone: the endpoint is switched off" };
        if (answer.status >= 300 && answer.status < 400) {
          return { outcome: "failed", retryable: true, responseStatus: answer.status, error: `redirect not followed (${answer.status})`.slice(0, MAX_ERROR) };
        }
        return { outcome: "failed", retryable: true, responseStatus: answer.status, error: `HTTP ${answer.status}` };
      } catch (error) {
        if (timeout.aborted) return { outcome: "failed", retryable: true, error: `timed out after ${config.timeoutMs} ms` };
        if (signal.aborted) return { outcome: "failed", retryable: true, error: "cut short" };
        const e = error as NodeJS.ErrnoException;
        return { outcome: "failed", retryable: true, error: `${e.code ?? "error"}: ${e.message}`.slice(0, MAX_ERROR) };
      }
    },

    async afterSettle({ row, result, status }) {
      if (!row.endpoint_id) return;
      const gone = result.outcome === "failed" && result.responseStatus === 410;
      if (!gone && status !== "dead") return;
      const off = await webhooks.disable(row.endpoint_id, gone ? "gone" : "failing");
      if (off) logger?.warn("webhook endpoint switched off", { endpointId: row.endpoint_id, reason: gone ? "gone" : "failing" });
    },
  };
}
