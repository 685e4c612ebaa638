import type { OutboxRow } from "../../../db/schema.js";
import type { RenderedMail } from "./senders.js";

/** Links in mail: absolute URLs on the public origin; `secret` keys the unsubscribe links. */
export type MailContext = { publicOrigin: string; secret: string };

// PLACEHOLDER (foundation): the mail-templates helper replaces this with the id/en templates of every kind.
export function renderMail(row: Pick<OutboxRow, "kind" | "payload" | "locale" | "member_id">, _ctx: MailContext): RenderedMail {
  return { subject: row.kind, text: JSON.stringify(row.payload), html: "" };
}
