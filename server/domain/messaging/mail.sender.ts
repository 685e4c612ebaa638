import nodemailer from "nodemailer";
import type { OutboxRow } from "../../../db/schema.js";
import type { Clock } from "../clock.js";
import type { MessagingConfig } from "./index.js";
import { renderMail } from "./mail.templates.js";
import { MessageData, SECRET_FIELDS, type MessageKind, type OutboundMessage } from "./messages.schemas.js";
import type { RenderedMail, SendResult, Sender } from "./senders.js";
import { isPreferenceKind } from "./mail.templates.js";
import { unsubscribeToken, unsubscribeUrl } from "./unsubscribe.js";

type Transport = ReturnType<typeof nodemailer.createTransport>;

/** The row's message, checked against its kind's facts (null: a row no template can word). */
function messageOf(row: OutboxRow): OutboundMessage | null {
  const schema = (MessageData as Record<string, (typeof MessageData)[MessageKind] | undefined>)[row.kind];
  const parsed = schema?.safeParse((row.payload as { data?: unknown }).data);
  return parsed?.success ? ({ kind: row.kind, data: parsed.data } as OutboundMessage) : null;
}

/** The message with its secrets (a link's token, a code) replaced: what is stored of a mail once it is sent. */
function redacted(message: OutboundMessage): OutboundMessage | null {
  const data = message.data as Record<string, unknown>;
  if (!SECRET_FIELDS.some((f) => f in data)) return null;
  const kept = { ...data };
  for (const f of SECRET_FIELDS) if (f in kept) kept[f] = "…";
  return { ...message, data: kept } as OutboundMessage;
}

/** The domain of the From address (`Jejaring <no-reply@jejaring.example>` → `jejaring.example`), for Message-IDs. */
function domainOf(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const domain = address.split("@")[1]?.trim();
  return domain && /^[\w.-]+$/.test(domain) ? domain : "jejaring.local";
}

class Aborted extends Error {}

/**
 * Mail over SMTP (nodemailer, one pooled transport) from MAIL_FROM, each row worded in its locale; without SMTP_URL
 * (the embedded default) the mail is "kept" for the admin's sent-mail page instead. The row's id is the Message-ID,
 * so a server that got a mail twice (a send that timed out here but landed there) can tell. SMTP 4xx, connection
 * errors and timeouts are retried on the schedule; a 5xx is a permanent refusal and parks the row at once.
 */
export function createMailSender(deps: { secret: string; clock: Clock; config: Pick<MessagingConfig, "mail" | "publicOrigin" | "worker"> }): Sender & { close(): void } {
  const { mail } = deps.config;
  const messageDomain = domainOf(mail.from);
  let transport: Transport | null = null;

  function transporter(smtpUrl: string): Transport {
    transport ??= nodemailer.createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: Math.min(deps.config.worker.concurrency ?? 5, 20),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as Parameters<typeof nodemailer.createTransport>[0]);
    return transport;
  }

  /** An error's words as stored and shown to admins: never the SMTP URL's credentials. */
  function safeError(error: unknown): string {
    let text = error instanceof Error ? error.message : String(error);
    const password = mail.smtpUrl ? URL.parse(mail.smtpUrl)?.password : undefined;
    if (password) text = text.split(password).join("***").split(decodeURIComponent(password)).join("***");
    return text;
  }

  return {
    async send(row: OutboxRow, signal: AbortSignal): Promise<SendResult> {
      const message = messageOf(row);
      if (!message) return { outcome: "failed", retryable: false, error: `the payload is not a ${row.kind} message` };
      const origin = deps.config.publicOrigin();
      const links = {
        origin,
        unsubscribe: isPreferenceKind(message.kind) && row.member_id ? unsubscribeUrl(origin, unsubscribeToken(deps.secret, row.member_id, message.kind)) : null,
      };
      const now = deps.clock.now();
      const rendered: RenderedMail = renderMail(message, row.locale, links, now);
      if (!mail.smtpUrl) return { outcome: "kept", rendered };

      const secretless = redacted(message);
      const stored = secretless ? renderMail(secretless, row.locale, links, now) : rendered;
      const sending = transporter(mail.smtpUrl).sendMail({
        from: mail.from,
        to: row.address,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        headers: rendered.headers ?? {},
        messageId: `<${row.id}@${messageDomain}>`,
      });
      sending.catch(() => {}); // an abandoned send (timed out below) settles later: nobody waits for it
      const aborted = new Promise<never>((_, reject) => {
        if (signal.aborted) return reject(new Aborted("timed out"));
        signal.addEventListener("abort", () => reject(new Aborted("timed out")), { once: true });
      });
      try {
        await Promise.race([sending, aborted]);
        return { outcome: "sent", rendered: stored };
      } catch (error) {
        if (error instanceof Aborted) return { outcome: "failed", retryable: true, error: "timed out" };
        const code = (error as { responseCode?: unknown }).responseCode;
        const responseCode = typeof code === "number" ? code : undefined;
        return {
          outcome: "failed",
          // 5xx: the server refuses this mail for good (no such mailbox, policy); 4xx and no answer: try again later.
          retryable: !(responseCode !== undefined && responseCode >= 500),
          error: safeError(error),
          ...(responseCode !== undefined ? { responseStatus: responseCode } : {}),
        };
      }
    },
    /** Closes the pooled connections (shutdown, tests); a later send opens a new pool. */
    close() {
      transport?.close();
      transport = null;
    },
  };
}
