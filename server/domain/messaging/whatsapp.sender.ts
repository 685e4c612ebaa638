import type { OutboxRow } from "../../../db/schema.js";
import type { MessagingDeps } from "./index.js";
import type { OutboundMessage } from "./messages.schemas.js";
import type { SendResult, Sender } from "./senders.js";
import { whatsappTemplate } from "./whatsapp.templates.js";

/**
 * WhatsApp through the WhatsApp Business Cloud API: `POST {apiUrl}/{phoneNumberId}/messages` with a Bearer token and a
 * template message. 429, 5xx, 408 and timeouts are tried again (retry.ts); any other 4xx (an invalid number, a
 * template not approved) is parked at once. `biz_opaque_callback_data` carries the outbox id, so the status
 * webhooks name the row; a row settled as sent is never claimed again (the worker), so it never goes twice.
 * Without WHATSAPP_TOKEN the message is kept with its rendered words, for the admin's outbox page.
 */
export function createWhatsAppSender(deps: Pick<MessagingDeps, "config">): Sender {
  const conf = deps.config.whatsapp;
  return {
    async send(row: OutboxRow, signal: AbortSignal): Promise<SendResult> {
      const message = row.payload as unknown as OutboundMessage;
      const template = whatsappTemplate(message, row.locale, deps.config.publicOrigin());
      if (!template) return { outcome: "failed", retryable: false, error: `no WhatsApp template for ${row.kind}` };
      if (!conf) return { outcome: "kept", rendered: template.rendered };
      const body = {
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to: row.address.replace(/^\+/, ""),
        type: "template",
        biz_opaque_callback_data: row.id,
        template: {
          name: template.name,
          language: { code: row.locale },
          components: [{ type: "body", parameters: template.parameters.map((text) => ({ type: "text", text })) }],
        },
      };
      const timeout = AbortSignal.timeout(conf.timeoutMs);
      let res: Response;
      try {
        res = await fetch(`${conf.apiUrl.replace(/\/$/, "")}/${encodeURIComponent(conf.phoneNumberId)}/messages`, {
          method: "POST",
          headers: { authorization: `Bearer ${conf.token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
          signal: AbortSignal.any([signal, timeout]),
        });
      } catch (error) {
        const why = timeout.aborted ? "timed out" : signal.aborted ? "cancelled" : error instanceof Error ? error.message : String(error);
        return { outcome: "failed", retryable: true, error: `WhatsApp: ${why}` };
      }
      const text = await res.text().catch(() => "");
      // A sent code or invitation link is not kept in words either (the worker drops it from the payload).
      const secret = row.kind === "phone_verification" || row.kind === "invitation";
      if (res.ok) return { outcome: "sent", responseStatus: res.status, ...(secret ? {} : { rendered: template.rendered }) };
      // The Cloud API's error: {error:{message,type,code,error_subcode,fbtrace_id}}; the message names no secret.
      let detail = "";
      try {
        const e = (JSON.parse(text) as { error?: { code?: number; message?: string } }).error;
        if (e) detail = ` ${e.code ?? ""} ${e.message ?? ""}`.trimEnd();
      } catch {
        /* not JSON */
      }
      const retryable = res.status === 429 || res.status === 408 || res.status >= 500;
      return { outcome: "failed", retryable, responseStatus: res.status, error: `WhatsApp ${res.status}${detail}`.slice(0, 300) };
    },
  };
}
