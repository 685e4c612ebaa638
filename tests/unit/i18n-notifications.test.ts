import { describe, expect, it } from "vitest";
import { translator, type Locale } from "../../app/i18n/translate.js";
import { matchReasonText, type MatchReason } from "../../app/lib/match-reasons.js";
import { notificationLink, notificationText, type NotificationOut } from "../../app/lib/notifications.js";
import { NotificationData, type NotificationFacts, type NotificationKind } from "../../server/domain/notifications/notifications.schemas.js";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const booking = {
  bookingId: id(1),
  spaceId: id(2),
  spaceName: "Ruang Kopi",
  resourceId: id(3),
  resourceName: "D-01",
  timezone: "Asia/Makassar",
  start: "2026-12-03T01:00:00.000Z",
  end: "2026-12-03T03:00:00.000Z",
};
const project = { projectId: id(4), projectName: "Kopi Kemasan" };
const actor = { actorId: id(5), actorName: "Budi Santoso" };

/** One sample of every kind's facts: the compiler refuses this object if a kind is missing. */
const samples: { [K in NotificationKind]: NotificationFacts[K] } = {
  booking_cancelled: { ...booking, reason: "closure", count: 1, closureId: id(6), closureReason: "Renovasi lantai" },
  booking_moved: { ...booking, fromResourceId: id(7), fromResourceName: "D-02" },
  booking_released: booking,
  waitlist_promoted: booking,
  mention: { ...project, messageId: id(8), seq: 12, authorId: id(5), authorName: "Budi Santoso", snippet: "@Ani lihat ini" },
  project_added: { ...project, ...actor },
  project_meeting: { ...project, ...actor, bookingId: id(1), spaceName: "Ruang Kopi", resourceName: "Room 1", timezone: "Asia/Makassar", start: booking.start, end: booking.end, count: 1 },
  task_assigned: { ...project, ...actor, taskId: id(9), taskTitle: "Foto produk" },
  connection_requested: { connectionId: id(10), memberId: id(5), memberName: "Budi Santoso", note: "Mari kolaborasi" },
  connection_accepted: { connectionId: id(10), memberId: id(5), memberName: "Budi Santoso" },
  introduction: { introductionId: id(11), memberId: id(5), memberName: "Budi Santoso", headline: "Fotografer produk", note: "Kalian cocok." },
  referral_received: { referralId: id(12), memberId: id(5), memberName: "Budi Santoso", prospect: "Toko Batik Sari", estimatedValue: 15_000_000 },
  referral_updated: { referralId: id(12), memberId: id(5), memberName: "Budi Santoso", prospect: "Toko Batik Sari", status: "won", closedValue: 12_500_000 },
  hours_recorded: { recordId: id(13), memberId: id(5), memberName: "Budi Santoso", hours: 1.5, description: "Review merek" },
  hours_decided: { recordId: id(13), memberId: id(5), memberName: "Budi Santoso", hours: 2, status: "confirmed" },
  event_promoted: { eventId: id(14), title: "Malam Kurasi Produk", spaceName: "Ruang Kopi", timezone: "Asia/Makassar", start: booking.start, end: booking.end },
  legacy: { title: "Something happened", body: "as it was written", link: "/bookings" },
};
const kinds = Object.keys(NotificationData) as NotificationKind[];
const note = <K extends NotificationKind>(kind: K, data: NotificationFacts[K] = samples[kind]) =>
  ({ id: id(99), kind, data, createdAt: "2026-12-01T00:00:00.000Z", readAt: null }) as NotificationOut;
const render = (n: NotificationOut, locale: Locale) => notificationText(n, translator(locale), locale);
const plain = (s: string) => s.replace(/\u00a0|\u202f/g, " ");

describe("notification words", () => {
  it("has a sample for every kind, valid against the kind's facts", () => {
    expect(Object.keys(samples).sort()).toEqual([...kinds].sort());
    for (const k of kinds) expect(() => NotificationData[k].strict().parse(samples[k]), k).not.toThrow();
  });

  it.each(kinds.flatMap((k) => (["id", "en"] as const).map((l) => [k, l] as const)))("renders %s in %s with no placeholder left", (kind, locale) => {
    const text = render(note(kind), locale);
    expect(text.title.trim()).not.toBe("");
    for (const part of [text.title, text.body, text.hint ?? ""]) expect(part, part).not.toMatch(/[{}#]|undefined|NaN/);
    expect(text.link).toBe(notificationLink(note(kind)));
    // The words come from the reader's dictionary: the two languages differ (a legacy row keeps its stored text).
    const other = render(note(kind), locale === "id" ? "en" : "id");
    if (kind !== "legacy") expect(text.title).not.toBe(other.title);
  });

  it("says it in the reader's language, with instants in the space's zone", () => {
    expect(render(note("booking_cancelled"), "en")).toEqual({
      title: "Ruang Kopi is closed: your booking of D-01 was cancelled",
      body: expect.stringContaining("— Renovasi lantai"),
      link: "/bookings",
    });
    expect(render(note("booking_cancelled"), "id").title).toBe("Ruang Kopi tutup: pemesanan D-01 Anda dibatalkan");
    // 01:00Z is 09:00 in Makassar (UTC+8), whatever zone this process runs in.
    expect(plain(render(note("waitlist_promoted"), "id").body)).toMatch(/^D-01 di Ruang Kopi, Kam, 3 Des 2026,? 09\.00–11\.00 WITA$/);
    expect(plain(render(note("waitlist_promoted"), "en").body)).toMatch(/^D-01 at Ruang Kopi, Thu, 3 Dec 2026,? 09:00–11:00 GMT\+8$/);
    expect(render(note("mention"), "id")).toEqual({ title: "Budi Santoso menyebut Anda di Kopi Kemasan", body: "@Ani lihat ini", link: `/projects/${id(4)}#m12` });
    expect(render(note("introduction"), "en").title).toBe("Meet Budi Santoso — Fotografer produk");
    expect(render(note("introduction", { ...samples.introduction, headline: "" }), "en").title).toBe("Meet Budi Santoso");
    expect(render(note("legacy"), "id")).toEqual({ title: "Something happened", body: "as it was written", link: "/bookings", hint: "Notifikasi lama, ditampilkan seperti aslinya." });
  });

  it("counts with the right plural in both languages", () => {
    const operator = (count: number) => note("booking_cancelled", { ...booking, reason: "operator", count });
    expect(render(operator(1), "en").title).toBe("Your booking of D-01 was cancelled by an operator");
    expect(render(operator(3), "en").title).toBe("3 bookings of D-01 were cancelled by an operator");
    expect(render(operator(1), "id").title).toBe("Pemesanan D-01 Anda dibatalkan oleh operator");
    expect(render(operator(3), "id").title).toBe("3 pemesanan D-01 Anda dibatalkan oleh operator");
    const meeting = (count: number) => note("project_meeting", { ...samples.project_meeting, count });
    expect(render(meeting(1), "en").title).toBe("Budi Santoso booked a meeting for Kopi Kemasan");
    expect(render(meeting(4), "en").title).toBe("Budi Santoso booked 4 weekly meetings for Kopi Kemasan");
    expect(render(meeting(4), "id").title).toBe("Budi Santoso memesan 4 rapat mingguan untuk Kopi Kemasan");
  });

  it("derives today's links from kind and facts", () => {
    expect(notificationLink(note("booking_moved"))).toBe("/bookings");
    expect(notificationLink(note("booking_released"))).toBe("/bookings");
    expect(notificationLink(note("project_added"))).toBe(`/projects/${id(4)}`);
    expect(notificationLink(note("project_meeting"))).toBe(`/projects/${id(4)}`);
    expect(notificationLink(note("task_assigned"))).toBe(`/projects/${id(4)}`);
    expect(notificationLink(note("connection_requested"))).toBe("/network/connections");
    expect(notificationLink(note("connection_accepted"))).toBe(`/members/${id(5)}`);
    expect(notificationLink(note("introduction"))).toBe(`/members/${id(5)}?introduction=${id(11)}`);
    expect(notificationLink(note("legacy", { title: "x", body: "", link: null }))).toBeNull();
  });
});

describe("match reason words", () => {
  const say = (r: MatchReason, locale: Locale) => matchReasonText(r, translator(locale));
  it("lists tags the way each language does and counts projects with the right plural", () => {
    const offers: MatchReason = { kind: "offers_what_you_need", data: { tags: ["desain kemasan", "foto produk"] } };
    expect(say(offers, "en")).toBe("Offers what you need: desain kemasan and foto produk");
    expect(say(offers, "id")).toBe("Menawarkan yang Anda butuhkan: desain kemasan dan foto produk");
    expect(say({ kind: "shared_specialty", data: { tags: ["batik"] } }, "en")).toBe("Same specialty: batik");
    expect(say({ kind: "shared_specialty", data: { tags: ["batik", "tenun"] } }, "en")).toBe("Same specialties: batik and tenun");
    expect(say({ kind: "shared_project", data: { count: 1 } }, "en")).toBe("Works on a project with you");
    expect(say({ kind: "shared_project", data: { count: 2 } }, "en")).toBe("Works on 2 projects with you");
    expect(say({ kind: "shared_project", data: { count: 1 } }, "id")).toBe("Satu proyek dengan Anda");
    expect(say({ kind: "shared_project", data: { count: 2 } }, "id")).toBe("2 proyek bersama Anda");
    expect(say({ kind: "here_today", data: {} }, "id")).toBe("Hadir hari ini di ruang Anda");
  });
});
