import { describe, expect, it } from "vitest";
import { formatInstantRange } from "../../app/lib/time.js";
import { renderMail } from "../../server/domain/messaging/mail.templates.js";
import { MessageData, PREFERENCE_KINDS, type MessageFacts, type MessageKind, type OutboundMessage } from "../../server/domain/messaging/messages.schemas.js";

const ID = "0b8f2c1e-6a3d-4f5b-9c2e-1d4a7b8c9e0f";
const booking = {
  bookingId: ID,
  spaceId: ID,
  spaceName: "Ruang Kopi",
  resourceId: ID,
  resourceName: "Meja 4",
  timezone: "Asia/Jakarta",
  start: "2026-12-07T02:00:00Z",
  end: "2026-12-07T04:00:00Z",
};
const invoice = { invoiceId: ID, spaceId: ID, spaceName: "Ruang Kopi", number: "INV-2026-0007", total: 1_110_000, balance: 610_000, dueOn: "2026-12-21" };
const project = { projectId: ID, projectName: "Batik Online" };
const actor = { actorId: ID, actorName: "Sari" };
const now = new Date("2026-12-06T10:00:00Z");
const inAnHour = "2026-12-06T11:00:00Z";

/** One example of every kind (the type makes a new kind without an example a compile error). */
const SAMPLES: { [K in MessageKind]: MessageFacts[K] } = {
  booking_cancelled: { ...booking, reason: "closure", count: 1, closureReason: "Listrik padam" },
  booking_moved: { ...booking, fromResourceId: ID, fromResourceName: "Meja 3" },
  booking_released: booking,
  waitlist_promoted: booking,
  mention: { ...project, messageId: ID, seq: 42, authorId: ID, authorName: "Budi", snippet: "Bisa cek desainnya?" },
  project_added: { ...project, ...actor },
  project_meeting: { ...project, ...actor, bookingId: ID, spaceName: "Ruang Kopi", resourceName: "Ruang Rapat", timezone: "Asia/Jakarta", start: booking.start, end: booking.end, count: 4 },
  task_assigned: { ...project, ...actor, taskId: ID, taskTitle: "Foto produk" },
  connection_requested: { connectionId: ID, memberId: ID, memberName: "Dewi", note: "Kita satu ruang kerja" },
  connection_accepted: { connectionId: ID, memberId: ID, memberName: "Dewi" },
  introduction: { introductionId: ID, memberId: ID, memberName: "Andi", headline: "Fotografer", note: "Dia bisa bantu foto produk" },
  referral_received: { referralId: ID, memberId: ID, memberName: "Dewi", prospect: "Toko Batik Sari", estimatedValue: 15_000_000 },
  referral_updated: { referralId: ID, memberId: ID, memberName: "Dewi", prospect: "Toko Batik Sari", status: "won", closedValue: 12_500_000 },
  hours_recorded: { recordId: ID, memberId: ID, memberName: "Dewi", hours: 1.5, description: "Review merek" },
  hours_decided: { recordId: ID, memberId: ID, memberName: "Dewi", hours: 2, status: "confirmed" },
  event_promoted: { eventId: ID, title: "Malam Kurasi Produk", spaceName: "Ruang Kopi", timezone: "Asia/Makassar", start: "2026-12-03T01:00:00.000Z", end: "2026-12-03T03:00:00.000Z" },
  booking_confirmed: { ...booking, count: 3 },
  booking_reminder: booking,
  invoice_issued: invoice,
  invoice_overdue: invoice,
  password_reset: { memberName: "Sari", token: "tok_reset_abc", expiresAt: inAnHour },
  email_verification: { memberName: "Sari", token: "tok_verify_abc", expiresAt: "2026-12-07T10:00:00Z" },
  email_change: { memberName: "Sari", newEmail: "sari.baru@example.com", token: "tok_change_abc", expiresAt: "2026-12-07T10:00:00Z" },
  email_change_requested: { memberName: "Sari", newEmail: "sari.baru@example.com" },
  invitation: { inviterName: "Sari", token: "tok_invite_abc", expiresAt: "2026-12-13T10:00:00Z", role: "operator", spaceName: "Ruang Kopi", projectName: null },
  phone_verification: { code: "123456", expiresAt: "2026-12-06T10:10:00Z" },
  webhook_disabled: { endpointId: ID, url: "https://hooks.example/jejaring", reason: "gone" },
};

const message = <K extends MessageKind>(kind: K, data: MessageFacts[K] = SAMPLES[kind]) => ({ kind, data }) as OutboundMessage;
const links = (kind: MessageKind) => ({
  origin: "https://jejaring.example",
  unsubscribe: kind in PREFERENCE_KINDS ? `https://jejaring.example/unsubscribe?token=${ID}.${kind}.sig` : null,
});

/** Where each kind's one primary link leads (the in-app notification's link for the kinds both have). */
const PATHS: Record<MessageKind, string> = {
  booking_cancelled: "/bookings",
  booking_moved: "/bookings",
  booking_released: "/bookings",
  waitlist_promoted: "/bookings",
  mention: `/projects/${ID}#m42`,
  project_added: `/projects/${ID}`,
  project_meeting: `/projects/${ID}`,
  task_assigned: `/projects/${ID}`,
  connection_requested: "/network/connections",
  connection_accepted: `/members/${ID}`,
  introduction: `/members/${ID}?introduction=${ID}`,
  referral_received: "/ledger",
  referral_updated: "/ledger",
  hours_recorded: "/ledger",
  hours_decided: "/ledger",
  event_promoted: `/events/${ID}`,
  booking_confirmed: `/bookings/${ID}`,
  booking_reminder: `/bookings/${ID}`,
  invoice_issued: `/invoices/${ID}`,
  invoice_overdue: `/invoices/${ID}`,
  password_reset: "/reset-password?token=tok_reset_abc",
  email_verification: "/verify-email?token=tok_verify_abc",
  email_change: "/verify-email?token=tok_change_abc",
  email_change_requested: "/account",
  invitation: "/signup?invitation=tok_invite_abc",
  phone_verification: "/account",
  webhook_disabled: "/admin/webhooks",
};

describe("renderMail", () => {
  const kinds = Object.keys(MessageData) as MessageKind[];

  it("has an example for every kind", () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...kinds].sort());
  });

  for (const locale of ["id", "en"] as const) {
    for (const kind of kinds) {
      it(`words ${kind} in ${locale}: no placeholder left, a lang, one heading, its link, and the unsubscribe headers of preference kinds`, () => {
        const mail = renderMail(message(kind), locale, links(kind), now);
        for (const part of [mail.subject, mail.text, mail.html]) {
          expect(part).not.toMatch(/[{}]/);
          expect(part).not.toMatch(/\b(notif|mail)\.[a-z_]+\.?[a-z_]*\b/); // a key shown for a missing word
        }
        expect(mail.subject.length).toBeGreaterThan(5);
        expect(mail.html).toContain(`<html lang="${locale}">`);
        expect(mail.html.match(/<h1\b/g)).toHaveLength(1);
        const url = `https://jejaring.example${PATHS[kind]}`;
        expect(mail.text).toContain(url);
        expect(mail.html).toContain(`href="${url.replace(/&/g, "&amp;")}"`);
        if (kind in PREFERENCE_KINDS) {
          const unsubscribe = links(kind).unsubscribe!;
          expect(mail.headers?.["List-Unsubscribe"]).toBe(`<${unsubscribe}>`);
          expect(mail.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
          expect(mail.text).toContain(unsubscribe);
          expect(mail.html).toContain(`href="${unsubscribe}"`);
        } else {
          expect(mail.headers?.["List-Unsubscribe"]).toBeUndefined();
          expect(mail.html).not.toContain("/unsubscribe");
        }
      });
    }
  }

  it("speaks the reader's language, with rupiah and the space's local time", () => {
    const id = renderMail(message("invoice_issued"), "id", links("invoice_issued"), now);
    const en = renderMail(message("invoice_issued"), "en", links("invoice_issued"), now);
    expect(id.subject).toMatch(/^Tagihan INV-2026-0007 dari Ruang Kopi: Rp\s?1\.110\.000$/);
    expect(en.subject).toMatch(/^Invoice INV-2026-0007 from Ruang Kopi: IDR\s?1,110,000$/);
    expect(id.text).toContain("21 Desember 2026");
    expect(en.text).toContain("21 December 2026");
    // 02:00Z is 09:00 in Jakarta.
    const reminder = renderMail(message("booking_reminder"), "en", links("booking_reminder"), now);
    expect(reminder.text).toMatch(/09:00.*11:00/);
    const reset = renderMail(message("password_reset"), "id", links("password_reset"), now);
    expect(reset.text).toContain("1 jam");
    expect(renderMail(message("password_reset"), "en", links("password_reset"), now).text).toContain("1 hour");
    expect(renderMail(message("booking_confirmed"), "id", links("booking_confirmed"), now).subject).toBe("Dipesan 3 kali: Meja 4 di Ruang Kopi");
    expect(renderMail(message("booking_confirmed", { ...booking, count: 1 }), "en", links("booking_confirmed"), now).subject).toBe("Booked: Meja 4 at Ruang Kopi");
  });

  it("says a booking's time in the very words its page shows (the one formatInstantRange), in both languages", () => {
    for (const locale of ["id", "en"] as const) {
      const page = formatInstantRange(booking.start, booking.end, locale, booking.timezone);
      // 02:00Z–04:00Z is 09:00–11:00 in Jakarta, with the zone's name.
      expect(page).toMatch(locale === "id" ? /09\.00–11\.00 WIB$/ : /09:00–11:00 GMT\+7$/);
      for (const kind of ["booking_reminder", "booking_confirmed", "booking_released"] as const) {
        expect(renderMail(message(kind), locale, links(kind), now).text, `${kind} (${locale})`).toContain(page);
      }
    }
  });

  it("escapes what members typed in the HTML (names, notes, snippets) and keeps it as written in the text", () => {
    const evil = `<script>alert("x")</script> & 'co'`;
    const cases: OutboundMessage[] = [
      message("mention", { ...SAMPLES.mention, authorName: evil, snippet: `<img src=x onerror=alert(1)>` }),
      message("connection_requested", { ...SAMPLES.connection_requested, memberName: evil, note: evil }),
      message("introduction", { ...SAMPLES.introduction, memberName: evil, headline: evil, note: evil }),
      message("password_reset", { ...SAMPLES.password_reset, memberName: evil }),
      message("invitation", { ...SAMPLES.invitation, inviterName: evil, spaceName: evil, projectName: evil }),
      message("booking_released", { ...booking, resourceName: evil, spaceName: evil }),
    ];
    for (const m of cases) {
      const mail = renderMail(m, "en", links(m.kind), now);
      expect(mail.html).not.toContain("<script");
      expect(mail.html).not.toContain("<img");
      expect(mail.html).toContain("&lt;");
      expect(mail.text).toMatch(/<script>|<img/);
    }
  });
});
