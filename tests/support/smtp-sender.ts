import nodemailer from "nodemailer";
import type { OutboxRow } from "../../db/schema.js";
import type { Sender } from "../../server/domain/messaging/senders.js";

/**
 * The outbox tests' way out: each row as one mail over real SMTP (nodemailer, pooled) with the row's id as its
 * Message-ID, so a receiver can tell a message it got twice. What the tests prove is the outbox (claims, leases,
 * settles), whatever the mail says; the product's mail (templates, headers) has its own tests.
 */
export function smtpSender(smtpUrl: string, opts: { maxConnections?: number } = {}): Sender & { close: () => void } {
  const transport = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: opts.maxConnections ?? 4 } as never);
  return {
    async send(row: OutboxRow) {
      try {
        await transport.sendMail({
          from: "outbox@jejaring.test",
          to: row.address,
          subject: row.kind,
          text: JSON.stringify(row.payload),
          messageId: messageIdOf(row.id),
        });
        return { outcome: "sent" };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        return { outcome: "failed", retryable: !(code && code >= 500), error: (error as Error).message, ...(code ? { responseStatus: code } : {}) };
      }
    },
    close: () => transport.close(),
  };
}

export const messageIdOf = (rowId: string) => `<${rowId}@outbox.jejaring.test>`;
