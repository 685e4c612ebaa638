// Mail as words: every message kind (messages.schemas.ts) in the reader's language, as plain text and as simple
// accessible HTML, from the same `{kind, data}` facts as the in-app notifications. The words are the app's own
// dictionaries (app/i18n: the `notif.*` words of the notification kinds, `mail.*` for the rest); this module is the
// one in the domain allowed to import them (tests/unit/architecture.test.ts). Pure: no clock, no database.
import { dateTimeFormat, formatInstantRange, formatMoney, LOCALE_TAGS, type Locale } from "../../../app/i18n/format.js";
import { translator, type MessageKey, type Translate } from "../../../app/i18n/translate.js";
import { PREFERENCE_KINDS, type OutboundMessage, type PreferenceKind } from "./messages.schemas.js";
import type { RenderedMail } from "./senders.js";

/**
 * Where a mail's links point. `origin`: PUBLIC_URL. `unsubscribe`: the one-click unsubscribe URL of this member and
 * kind (unsubscribe.ts), or null for account mail (a reset link, an invitation) that has none.
 */
export type MailLinks = { origin: string; unsubscribe: string | null };

/** What a kind says: a subject (the heading too), paragraphs, one primary link, and small print under it. */
type Parts = { subject: string; greeting?: string; paragraphs: string[]; button: { label: string; path: string }; notes?: string[] };

/** A booking's time as the app shows it: in the space's zone, with the zone (the one function the pages use too). */
const when = (d: { start: string; end: string; timezone: string }, locale: Locale): string => formatInstantRange(d.start, d.end, locale, d.timezone);

/** A local date (`YYYY-MM-DD`, already in the space's zone): "7 Desember 2026" / "7 December 2026". */
function localDate(date: string, locale: Locale): string {
  const [y, m, day] = date.split("-").map(Number);
  return dateTimeFormat(LOCALE_TAGS[locale], { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y!, m! - 1, day!)));
}

/** How long a link or code still works, in words: minutes under an hour, hours under two days, else days. */
function duration(expiresAt: string, now: Date, t: Translate): string {
  const minutes = Math.max(1, Math.round((new Date(expiresAt).getTime() - now.getTime()) / 60_000));
  if (minutes >= 2 * 1440) return t("mail.duration.days", { count: Math.round(minutes / 1440) });
  if (minutes >= 60) return t("mail.duration.hours", { count: Math.round(minutes / 60) });
  return t("mail.duration.minutes", { count: minutes });
}

const enc = encodeURIComponent;

/** The page a mail leads to: the same as the in-app notification's link for the kinds both have. */
function parts(message: OutboundMessage, t: Translate, locale: Locale, now: Date): Parts {
  const bookingBody = (d: { resourceName: string; spaceName: string; start: string; end: string; timezone: string }) =>
    t("notif.booking.when", { ...d, when: when(d, locale) });
  switch (message.kind) {
    case "booking_cancelled": {
      const d = message.data;
      const body = d.closureReason ? t("notif.booking.whenWhy", { ...d, when: when(d, locale), reason: d.closureReason }) : bookingBody(d);
      return { subject: t(`notif.booking_cancelled.${d.reason}`, d), paragraphs: [body], button: { label: t("mail.button.bookings"), path: "/bookings" } };
    }
    case "booking_moved":
    case "booking_released":
    case "waitlist_promoted":
      return { subject: t(`notif.${message.kind}`, message.data), paragraphs: [bookingBody(message.data)], button: { label: t("mail.button.bookings"), path: "/bookings" } };
    case "booking_confirmed": {
      const d = message.data;
      return { subject: t("mail.booking_confirmed.subject", d), paragraphs: [bookingBody(d)], button: { label: t("mail.button.booking"), path: `/bookings/${d.bookingId}` } };
    }
    case "booking_reminder": {
      const d = message.data;
      return {
        subject: t("mail.booking_reminder.subject", d),
        paragraphs: [bookingBody(d), t("mail.booking_reminder.body")],
        button: { label: t("mail.button.booking"), path: `/bookings/${d.bookingId}` },
      };
    }
    case "mention": {
      const d = message.data;
      return { subject: t("notif.mention", d), paragraphs: [d.snippet], button: { label: t("mail.button.mention"), path: `/projects/${d.projectId}#m${d.seq}` } };
    }
    case "project_added":
    case "task_assigned":
      return { subject: t(`notif.${message.kind}`, message.data), paragraphs: [], button: { label: t("mail.button.project"), path: `/projects/${message.data.projectId}` } };
    case "project_meeting": {
      const d = message.data;
      return { subject: t("notif.project_meeting", d), paragraphs: [bookingBody(d)], button: { label: t("mail.button.project"), path: `/projects/${d.projectId}` } };
    }
    case "connection_requested": {
      const d = message.data;
      return { subject: t("notif.connection_requested", d), paragraphs: d.note ? [d.note] : [], button: { label: t("mail.button.connections"), path: "/network/connections" } };
    }
    case "connection_accepted": {
      const d = message.data;
      return { subject: t("notif.connection_accepted", d), paragraphs: [], button: { label: t("mail.button.member"), path: `/members/${d.memberId}` } };
    }
    case "introduction": {
      const d = message.data;
      return {
        subject: t(d.headline ? "notif.introduction.headline" : "notif.introduction", d),
        paragraphs: d.note ? [d.note] : [],
        button: { label: t("mail.button.introduction"), path: `/members/${d.memberId}?introduction=${d.introductionId}` },
      };
    }
    case "referral_received": {
      const d = message.data;
      const paragraphs = d.estimatedValue === null ? [] : [t("notif.referral.estimated", { value: formatMoney(d.estimatedValue, locale) })];
      return { subject: t("notif.referral_received", { memberName: d.memberName, prospect: d.prospect }), paragraphs, button: { label: t("mail.button.ledger"), path: "/ledger" } };
    }
    case "referral_updated": {
      const d = message.data;
      const paragraphs = d.closedValue === null ? [] : [t("notif.referral.closed", { value: formatMoney(d.closedValue, locale) })];
      return { subject: t(`notif.referral_updated.${d.status}`, { memberName: d.memberName, prospect: d.prospect }), paragraphs, button: { label: t("mail.button.ledger"), path: "/ledger" } };
    }
    case "hours_recorded": {
      const d = message.data;
      return { subject: t("notif.hours_recorded", d), paragraphs: [d.description], button: { label: t("mail.button.ledger"), path: "/ledger" } };
    }
    case "hours_decided": {
      const d = message.data;
      return { subject: t(`notif.hours_decided.${d.status}`, d), paragraphs: [], button: { label: t("mail.button.ledger"), path: "/ledger" } };
    }
    case "event_promoted": {
      const d = message.data;
      return {
        subject: t("notif.event_promoted", d),
        paragraphs: [t("notif.event.when", { spaceName: d.spaceName, when: when(d, locale) })],
        button: { label: t("mail.button.event"), path: `/events/${d.eventId}` },
      };
    }
    case "invoice_issued":
    case "invoice_overdue": {
      const d = message.data;
      const vars = { number: d.number, spaceName: d.spaceName, total: formatMoney(d.total, locale), balance: formatMoney(d.balance, locale), dueOn: localDate(d.dueOn, locale) };
      return { subject: t(`mail.${message.kind}.subject`, vars), paragraphs: [t(`mail.${message.kind}.body`, vars)], button: { label: t("mail.button.invoice"), path: `/invoices/${d.invoiceId}` } };
    }
    case "password_reset":
    case "email_verification": {
      const d = message.data;
      const path = message.kind === "password_reset" ? "/reset-password" : "/verify-email";
      return {
        subject: t(`mail.${message.kind}.subject`),
        greeting: t("mail.hello", { name: d.memberName }),
        paragraphs: [t(`mail.${message.kind}.body`)],
        button: { label: t(`mail.${message.kind}.button`), path: `${path}?token=${enc(d.token)}` },
        notes: [t("mail.link.once", { duration: duration(d.expiresAt, now, t) }), t(`mail.${message.kind}.ignore`)],
      };
    }
    case "email_change": {
      const d = message.data;
      return {
        subject: t("mail.email_change.subject"),
        greeting: t("mail.hello", { name: d.memberName }),
        paragraphs: [t("mail.email_change.body", { newEmail: d.newEmail })],
        button: { label: t("mail.email_change.button"), path: `/verify-email?token=${enc(d.token)}` },
        notes: [t("mail.link.once", { duration: duration(d.expiresAt, now, t) }), t("mail.email_change.ignore")],
      };
    }
    case "email_change_requested": {
      const d = message.data;
      return {
        subject: t("mail.email_change_requested.subject"),
        greeting: t("mail.hello", { name: d.memberName }),
        paragraphs: [t("mail.email_change_requested.body", { newEmail: d.newEmail }), t("mail.email_change_requested.notYou")],
        button: { label: t("mail.email_change_requested.button"), path: "/account" },
      };
    }
    case "invitation": {
      const d = message.data;
      return {
        subject: t("mail.invitation.subject", { inviterName: d.inviterName }),
        paragraphs: [
          t("mail.invitation.body", { inviterName: d.inviterName, role: t(`op.role.${d.role}`) }),
          ...(d.spaceName ? [t("mail.invitation.space", { spaceName: d.spaceName })] : []),
          ...(d.projectName ? [t("mail.invitation.project", { projectName: d.projectName })] : []),
        ],
        button: { label: t("mail.invitation.button"), path: `/signup?invitation=${enc(d.token)}` },
        notes: [t("mail.link.once", { duration: duration(d.expiresAt, now, t) })],
      };
    }
    case "phone_verification": {
      const d = message.data;
      return {
        subject: t("mail.phone_verification.subject", d),
        paragraphs: [t("mail.phone_verification.body", { code: d.code, duration: duration(d.expiresAt, now, t) })],
        button: { label: t("mail.phone_verification.button"), path: "/account" },
      };
    }
    case "webhook_disabled": {
      const d = message.data;
      return { subject: t("mail.webhook_disabled.subject"), paragraphs: [t(`mail.webhook_disabled.${d.reason}`, d)], button: { label: t("mail.webhook_disabled.button"), path: "/admin/webhooks" } };
    }
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
/** Text and attribute values into HTML: nothing a member typed (a name, a note) becomes markup. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Whether members may switch a kind's mail off (every such mail carries an unsubscribe link). */
export const isPreferenceKind = (kind: string): kind is PreferenceKind => Object.prototype.hasOwnProperty.call(PREFERENCE_KINDS, kind);

/** The words of what a preference kind is about ("reminders before a booking"), for the footer and the unsubscribe page. */
export const kindKey = (kind: PreferenceKind): MessageKey => `mail.kind.${kind}`;

/**
 * One message as a mail in the reader's language: subject, plain text, HTML (a `lang`, one heading, one primary
 * link, every value escaped) and the headers that go with it (List-Unsubscribe for preference kinds, RFC 8058).
 * `now` only words how long a link still works.
 */
export function renderMail(message: OutboundMessage, locale: Locale, links: MailLinks, now: Date = new Date()): RenderedMail {
  const t = translator(locale);
  const p = parts(message, t, locale, now);
  const url = new URL(p.button.path, links.origin).toString();
  const preference = isPreferenceKind(message.kind);
  const unsubscribe = preference ? links.unsubscribe : null;
  const footer = preference ? t("mail.footer.why") : t("mail.footer.account");
  const settingsUrl = new URL("/account", links.origin).toString();
  const unsubscribeLabel = preference ? t("mail.footer.unsubscribe", { kind: t(kindKey(message.kind as PreferenceKind)) }) : "";

  const text = [
    p.subject,
    "",
    ...(p.greeting ? [p.greeting, ""] : []),
    ...p.paragraphs.flatMap((x) => [x, ""]),
    `${p.button.label}: ${url}`,
    "",
    ...(p.notes ?? []).flatMap((x) => [x, ""]),
    "-- ",
    footer,
    ...(unsubscribe ? [`${unsubscribeLabel}: ${unsubscribe}`, `${t("mail.footer.settings")}: ${settingsUrl}`] : []),
    "",
  ].join("\n");

  const e = escapeHtml;
  const para = (x: string) => `<p style="margin:0 0 16px">${e(x).replace(/\n/g, "<br>")}</p>`;
  const html = [
    "<!doctype html>",
    `<html lang="${locale}">`,
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(p.subject)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f4f5f3">',
    `<div role="article" aria-label="${e(p.subject)}" lang="${locale}" style="max-width:560px;margin:0 auto;padding:24px 16px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:16px;line-height:1.5;color:#1b1f1e;background:#ffffff">`,
    '<p style="margin:0 0 8px;font-weight:bold;color:#0b5f54">Jejaring</p>',
    `<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3">${e(p.subject)}</h1>`,
    ...(p.greeting ? [para(p.greeting)] : []),
    ...p.paragraphs.map(para),
    `<p style="margin:24px 0"><a href="${e(url)}" style="display:inline-block;padding:12px 20px;border-radius:6px;background:#0b5f54;color:#ffffff;font-weight:bold;text-decoration:none">${e(p.button.label)}</a></p>`,
    `<p style="margin:0 0 16px;font-size:14px;color:#4a524f">${e(t("mail.fallback"))}<br><a href="${e(url)}" style="color:#0b5f54;word-break:break-all">${e(url)}</a></p>`,
    ...(p.notes ?? []).map((x) => `<p style="margin:0 0 16px;font-size:14px;color:#4a524f">${e(x)}</p>`),
    `<footer style="margin-top:32px;padding-top:16px;border-top:1px solid #d5dad8;font-size:13px;color:#4a524f">`,
    `<p style="margin:0 0 8px">${e(footer)}</p>`,
    ...(unsubscribe
      ? [
          `<p style="margin:0"><a href="${e(unsubscribe)}" style="color:#0b5f54">${e(unsubscribeLabel)}</a> · <a href="${e(settingsUrl)}" style="color:#0b5f54">${e(t("mail.footer.settings"))}</a></p>`,
        ]
      : []),
    "</footer>",
    "</div>",
    "</body>",
    "</html>",
  ].join("\n");

  const headers: Record<string, string> = { "Auto-Submitted": "auto-generated" };
  if (unsubscribe) {
    headers["List-Unsubscribe"] = `<${unsubscribe}>`;
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  return { subject: p.subject, text, html, headers };
}
