import { sql } from "kysely";
import type { DB } from "../../../db/connect.js";
import type { OutboxRow } from "../../../db/schema.js";
import type { Clock } from "../clock.js";
import { needsVerifiedAddress, PREFERENCE_KINDS, type MessageFacts, type OutboundMessage, type PreferenceKind } from "./messages.schemas.js";
import type { Outbox } from "./outbox.service.js";

/** A mention's mail waits this long: a member who reads the room meanwhile gets none. */
export const MENTION_DELAY_MS = 10 * 60_000;

const isPreferenceKind = (kind: string): kind is PreferenceKind => Object.prototype.hasOwnProperty.call(PREFERENCE_KINDS, kind);

/** What other contexts call, in their own transactions (the bookings and billing services take this). */
export type ReachHooks = {
  /** Bookings a member just made (one confirmation for a series, with its count; a reminder for each). */
  booked(tx: DB, bookingIds: string[]): Promise<void>;
  /**
   * Bookings just moved (another time or resource): a reminder for where and when each is now. The one written for
   * its old time or resource is skipped when its turn comes (`stillWanted`: "booking moved").
   */
  moved(tx: DB, bookingIds: string[]): Promise<void>;
  /** Bookings handed over from the waitlist (their own message, `waitlist_promoted`, told the member): a reminder for each. */
  promoted(tx: DB, bookingIds: string[]): Promise<void>;
  /** An invoice just issued. */
  invoiceIssued(tx: DB, invoiceId: string): Promise<void>;
};

type BookingFacts = MessageFacts["booking_reminder"];

/**
 * "What gets sent": given a message for a member, writes the mail and WhatsApp rows their preferences allow, in
 * the caller's transaction. In-app notifications are written by the notifications context as before; this is
 * only what leaves the process. `stillWanted` asks again when a row's turn comes.
 */
export function createReach({ db, clock, outbox }: { db: DB; clock: Clock; outbox: Outbox }) {
  async function toMember(
    tx: DB,
    memberId: string,
    message: OutboundMessage,
    opts: { dedupeKey?: string; availableAt?: Date } = {},
  ): Promise<void> {
    const member = await tx
      .selectFrom("members")
      .leftJoin("notification_preferences as p", "p.member_id", "members.id")
      .select([
        "members.email",
        "members.locale",
        "members.email_verified_at",
        "members.suspended_at",
        "p.email as wantsEmail",
        "p.whatsapp as wantsWhatsapp",
        "p.phone",
        "p.phone_verified_at",
        "p.kinds",
      ])
      .where("members.id", "=", memberId)
      .executeTakeFirst();
    if (!member || member.suspended_at) return;
    const locale = member.locale ?? "id";
    const preference = PREFERENCE_KINDS[message.kind as PreferenceKind];
    const kindOn = preference ? (member.kinds?.[message.kind] ?? preference.byDefault) : true;
    if (!kindOn) return;
    const emailOk = (member.wantsEmail ?? true) && (!needsVerifiedAddress(message.kind) || member.email_verified_at !== null);
    if (emailOk) {
      await outbox.enqueue(tx, {
        channel: "email",
        memberId,
        to: member.email,
        locale,
        message,
        ...(opts.dedupeKey ? { dedupeKey: `${opts.dedupeKey}:email` } : {}),
        ...(opts.availableAt ? { availableAt: opts.availableAt } : {}),
      });
    }
    const whatsappOk = preference?.whatsapp && member.wantsWhatsapp && member.phone && member.phone_verified_at;
    if (whatsappOk) {
      await outbox.enqueue(tx, {
        channel: "whatsapp",
        memberId,
        to: member.phone!,
        locale,
        message,
        ...(opts.dedupeKey ? { dedupeKey: `${opts.dedupeKey}:whatsapp` } : {}),
        ...(opts.availableAt ? { availableAt: opts.availableAt } : {}),
      });
    }
  }

  /** Bookings with what their messages name, and the space's reminder lead time. */
  function bookingsById(tx: DB, ids: string[]) {
    return tx
      .selectFrom("bookings as b")
      .innerJoin("resources as r", "r.id", "b.resource_id")
      .innerJoin("spaces as s", "s.id", "b.space_id")
      .select([
        "b.id",
        "b.member_id",
        sql<Date>`lower(b.during)`.as("start"),
        sql<Date>`upper(b.during)`.as("end"),
        "b.status",
        "b.resource_id",
        "r.name as resourceName",
        "s.id as spaceId",
        "s.name as spaceName",
        "s.timezone",
        "s.reminder_minutes",
      ])
      .where("b.id", "in", ids)
      .orderBy(sql`lower(b.during)`)
      .execute();
  }

  async function invoiceFacts(tx: DB, invoiceId: string) {
    const inv = await tx
      .selectFrom("invoices as i")
      .innerJoin("spaces as s", "s.id", "i.space_id")
      .select(["i.id", "i.member_id", "i.status", "i.number", "i.total", "i.paid", "i.withheld", "i.due_on", "i.space_id", "s.name as spaceName"])
      .where("i.id", "=", invoiceId)
      .executeTakeFirst();
    if (!inv) return null;
    const facts: MessageFacts["invoice_issued"] = {
      invoiceId: inv.id,
      spaceId: inv.space_id,
      spaceName: inv.spaceName,
      number: inv.number,
      total: Number(inv.total),
      balance: Number(inv.total) - Number(inv.paid) - Number(inv.withheld),
      dueOn: String(inv.due_on).slice(0, 10),
    };
    return { row: inv, facts };
  }

  /** Why a row no longer should go (the member, their preferences, or what it is about changed), or null. */
  async function stillWanted(row: OutboxRow): Promise<string | null> {
    if (row.channel === "webhook" || !row.member_id || !isPreferenceKind(row.kind)) return null;
    const member = await db
      .selectFrom("members")
      .leftJoin("notification_preferences as p", "p.member_id", "members.id")
      .select(["members.email", "members.email_verified_at", "members.suspended_at", "p.email as wantsEmail", "p.whatsapp as wantsWhatsapp", "p.phone", "p.phone_verified_at", "p.kinds"])
      .where("members.id", "=", row.member_id)
      .executeTakeFirst();
    if (!member) return "member gone";
    if (member.suspended_at) return "member suspended";
    const kindOn = member.kinds?.[row.kind] ?? PREFERENCE_KINDS[row.kind].byDefault;
    if (!kindOn) return "kind switched off";
    if (row.channel === "email") {
      if (member.wantsEmail === false) return "email switched off";
      if (member.email !== row.address || member.email_verified_at === null) return "address changed or unconfirmed";
    } else if (!member.wantsWhatsapp || member.phone !== row.address || member.phone_verified_at === null) {
      return "whatsapp switched off";
    }
    const data = (row.payload as { data?: Record<string, unknown> }).data ?? {};
    if (row.kind === "mention") {
      const mark = await db
        .selectFrom("project_members")
        .select("last_read_seq")
        .where("project_id", "=", String(data.projectId))
        .where("member_id", "=", row.member_id)
        .executeTakeFirst();
      if (!mark) return "no longer in the project";
      if (Number(mark.last_read_seq) >= Number(data.seq)) return "read in the app";
    }
    if (row.kind === "booking_reminder") {
      const [b] = await bookingsById(db, [String(data.bookingId)]);
      if (!b || b.status !== "confirmed") return "booking cancelled";
      if (new Date(b.start).toISOString() !== data.start || new Date(b.end).toISOString() !== data.end || b.resource_id !== data.resourceId) return "booking moved";
    }
    if (row.kind === "invoice_overdue" || row.kind === "invoice_issued") {
      const inv = await invoiceFacts(db, String(data.invoiceId));
      if (!inv || inv.row.status === "void") return "invoice void";
      if (row.kind === "invoice_overdue" && inv.row.status !== "issued") return "invoice paid";
    }
    return null;
  }

  type BookingRow = Awaited<ReturnType<typeof bookingsById>>[number];
  const facts = (b: BookingRow): BookingFacts => ({
    bookingId: b.id,
    spaceId: b.spaceId,
    spaceName: b.spaceName,
    resourceId: b.resource_id,
    resourceName: b.resourceName,
    timezone: b.timezone,
    start: new Date(b.start).toISOString(),
    end: new Date(b.end).toISOString(),
  });

  /**
   * A reminder per booking, its space's `reminder_minutes` before the start (none when that is 0 or already past).
   * Keyed by booking, start and resource: the same booking at a new time or place gets a reminder of its own, and
   * writing it twice for one time and place writes one.
   */
  async function remind(tx: DB, rows: BookingRow[]): Promise<void> {
    const now = clock.now().getTime();
    for (const b of rows) {
      if (b.status !== "confirmed" || b.reminder_minutes <= 0 || !b.member_id) continue;
      const data = facts(b);
      const at = new Date(b.start).getTime() - b.reminder_minutes * 60_000;
      if (at <= now) continue; // starts sooner than the lead time: no reminder
      await toMember(tx, b.member_id, { kind: "booking_reminder", data }, { dedupeKey: `reminder:${b.id}:${data.start}:${data.end}:${b.resource_id}`, availableAt: new Date(at) });
    }
  }

  const hooks: ReachHooks = {
    async booked(tx, bookingIds) {
      if (bookingIds.length === 0) return;
      const rows = await bookingsById(tx, bookingIds);
      const first = rows[0];
      if (!first?.member_id) return;
      await toMember(tx, first.member_id, { kind: "booking_confirmed", data: { ...facts(first), count: rows.length } }, { dedupeKey: `confirmed:${first.id}` });
      await remind(tx, rows);
    },

    async moved(tx, bookingIds) {
      if (bookingIds.length === 0) return;
      await remind(tx, await bookingsById(tx, bookingIds));
    },

    async promoted(tx, bookingIds) {
      await hooks.moved(tx, bookingIds);
    },

    async invoiceIssued(tx, invoiceId) {
      const inv = await invoiceFacts(tx, invoiceId);
      if (!inv?.row.member_id || inv.row.status !== "issued") return;
      await toMember(tx, inv.row.member_id, { kind: "invoice_issued", data: inv.facts }, { dedupeKey: `issued:${invoiceId}` });
    },
  };

  return {
    stillWanted,
    toMember,
    ...hooks,

    /**
     * What a notification also sends (the notifications context calls this in the same transaction): preference
     * kinds only; a mention's mail waits MENTION_DELAY_MS to see whether the member reads the room first.
     */
    async notified(tx: DB, memberId: string, message: { kind: string; data: unknown }): Promise<void> {
      if (!isPreferenceKind(message.kind)) return;
      const availableAt = message.kind === "mention" ? new Date(clock.now().getTime() + MENTION_DELAY_MS) : undefined;
      await toMember(tx, memberId, message as OutboundMessage, availableAt ? { availableAt } : {});
    },

    /**
     * The overdue job: every issued invoice past its due date (in its space's zone) and not paid in full, once each
     * (`overdue:<invoiceId>`). Returns how many invoices it looked at.
     */
    async remindOverdue(tx: DB): Promise<number> {
      const now = clock.now();
      const due = await tx
        .selectFrom("invoices as i")
        .innerJoin("spaces as s", "s.id", "i.space_id")
        .select("i.id")
        .where("i.status", "=", "issued")
        .where("i.member_id", "is not", null)
        .where(sql<boolean>`i.due_on < (${now}::timestamptz at time zone s.timezone)::date`)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom("outbox").select("outbox.id").where("outbox.dedupe_key", "like", sql<string>`'overdue:' || i.id::text || ':%'`))),
        )
        .limit(500)
        .execute();
      for (const { id } of due) {
        const inv = await invoiceFacts(tx, id);
        if (!inv?.row.member_id) continue;
        await toMember(tx, inv.row.member_id, { kind: "invoice_overdue", data: inv.facts }, { dedupeKey: `overdue:${id}` });
      }
      return due.length;
    },
  };
}

export type Reach = ReturnType<typeof createReach>;
