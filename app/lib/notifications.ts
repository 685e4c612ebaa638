// Notifications arrive as facts (`{kind, data}`); this is where they become words in the reader's language and a
// link to what they are about. Pure: the page, the bell and a unit test call the same functions.

import type { NotificationOut } from "../../server/domain/notifications/notifications.schemas";
import type { Locale } from "../i18n/format";
import type { Translate } from "../i18n/index";
import { formatMoney } from "../i18n/format";
import { formatInstantRange } from "./time";

export type { NotificationOut };
/** `hint`: a word about the notification itself (an old one shown as it was written). */
export type NotificationText = { title: string; body: string; link: string | null; hint?: string };

/** Where a notification leads: derived from its kind and facts (never stored). */
export function notificationLink(n: NotificationOut): string | null {
  switch (n.kind) {
    case "booking_cancelled":
    case "booking_moved":
    case "booking_released":
    case "waitlist_promoted":
      return "/bookings";
    case "mention":
      return `/projects/${n.data.projectId}#m${n.data.seq}`;
    case "project_added":
    case "project_meeting":
    case "task_assigned":
      return `/projects/${n.data.projectId}`;
    case "connection_requested":
      return "/network/connections";
    case "connection_accepted":
      return `/members/${n.data.memberId}`;
    case "introduction":
      return `/members/${n.data.memberId}?introduction=${n.data.introductionId}`;
    case "referral_received":
    case "referral_updated":
    case "hours_recorded":
    case "hours_decided":
      return "/ledger";
    case "event_promoted":
      return `/events/${n.data.eventId}`;
    case "legacy":
      return n.data.link;
  }
}

/** The title and the line under it, in the reader's language; instants in the space's zone. */
export function notificationText(n: NotificationOut, t: Translate, locale: Locale): NotificationText {
  const link = notificationLink(n);
  const when = (d: { start: string; end: string; timezone: string }) => formatInstantRange(d.start, d.end, locale, d.timezone);
  switch (n.kind) {
    case "booking_cancelled": {
      const d = n.data;
      const title = t(`notif.booking_cancelled.${d.reason}`, d);
      const body = d.closureReason
        ? t("notif.booking.whenWhy", { ...d, when: when(d), reason: d.closureReason })
        : t("notif.booking.when", { ...d, when: when(d) });
      return { title, body, link };
    }
    case "booking_moved":
    case "booking_released":
    case "waitlist_promoted":
      return { title: t(`notif.${n.kind}`, n.data), body: t("notif.booking.when", { ...n.data, when: when(n.data) }), link };
    case "mention":
      return { title: t("notif.mention", n.data), body: n.data.snippet, link };
    case "project_added":
    case "task_assigned":
      return { title: t(`notif.${n.kind}`, n.data), body: "", link };
    case "project_meeting":
      return { title: t("notif.project_meeting", n.data), body: t("notif.booking.when", { ...n.data, when: when(n.data) }), link };
    case "connection_requested":
      return { title: t("notif.connection_requested", n.data), body: n.data.note, link };
    case "connection_accepted":
      return { title: t("notif.connection_accepted", n.data), body: "", link };
    case "introduction":
      return { title: t(n.data.headline ? "notif.introduction.headline" : "notif.introduction", n.data), body: n.data.note, link };
    case "referral_received":
      return {
        title: t("notif.referral_received", { memberName: n.data.memberName, prospect: n.data.prospect }),
        body: n.data.estimatedValue === null ? "" : t("notif.referral.estimated", { value: formatMoney(n.data.estimatedValue, locale) }),
        link,
      };
    case "referral_updated":
      return {
        title: t(`notif.referral_updated.${n.data.status}`, { memberName: n.data.memberName, prospect: n.data.prospect }),
        body: n.data.closedValue === null ? "" : t("notif.referral.closed", { value: formatMoney(n.data.closedValue, locale) }),
        link,
      };
    case "hours_recorded":
      return { title: t("notif.hours_recorded", n.data), body: n.data.description, link };
    case "hours_decided":
      return { title: t(`notif.hours_decided.${n.data.status}`, n.data), body: "", link };
    case "event_promoted":
      return { title: t("notif.event_promoted", n.data), body: t("notif.event.when", { spaceName: n.data.spaceName, when: when(n.data) }), link };
    case "legacy":
      return { title: n.data.title, body: n.data.body, link, hint: t("notif.legacy") };
  }
}
