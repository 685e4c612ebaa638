// What goes by WhatsApp: one approved template per kind (WhatsApp Business sends business-initiated messages only as
// templates), its body parameters in order, and the same words rendered here from the dictionaries, for the admin's
// view when no WhatsApp account is configured. Pure: no clock, no database. The template names and parameter
// order are what must be registered in the WhatsApp Business account (README: "WhatsApp templates").
import { dateTimeFormat, formatMoney, LOCALE_TAGS, type Locale } from "../../../app/i18n/format.js";
import { translator } from "../../../app/i18n/translate.js";
import type { OutboundMessage } from "./messages.schemas.js";
import type { RenderedMail } from "./senders.js";

export type WhatsAppTemplate = { name: string; parameters: string[]; rendered: RenderedMail };

/** The kinds with a template (the rest go by mail only). */
export const WHATSAPP_KINDS = ["booking_reminder", "invoice_issued", "introduction", "phone_verification", "invitation"] as const;

const when = (iso: string, timezone: string, locale: Locale) =>
  dateTimeFormat(LOCALE_TAGS[locale], { timeZone: timezone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));

/** The template of one message in the reader's language, or null when its kind has none. */
export function whatsappTemplate(message: OutboundMessage, locale: Locale, origin: string): WhatsAppTemplate | null {
  const t = translator(locale);
  let vars: Record<string, string>;
  switch (message.kind) {
    case "booking_reminder": {
      const d = message.data;
      vars = { resource: d.resourceName, space: d.spaceName, start: when(d.start, d.timezone, locale) };
      break;
    }
    case "invoice_issued": {
      const d = message.data;
      vars = { number: d.number, space: d.spaceName, total: formatMoney(d.total, locale), dueOn: d.dueOn };
      break;
    }
    case "introduction":
      vars = { name: message.data.memberName, headline: message.data.headline };
      break;
    case "phone_verification":
      vars = { code: message.data.code };
      break;
    case "invitation": {
      const url = new URL("/signup", origin);
      url.searchParams.set("invitation", message.data.token);
      vars = { inviter: message.data.inviterName, url: url.toString() };
      break;
    }
    default:
      return null;
  }
  const name = `jejaring_${message.kind}`;
  const text = t(`whatsapp.${message.kind}`, vars);
  const escaped = text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return { name, parameters: Object.values(vars), rendered: { subject: name, text, html: `<p lang="${locale}">${escaped}</p>` } };
}
