import { describe, expect, it } from "vitest";
import type { OutboxRow } from "../../db/schema.js";
import { runExclusive } from "../../server/jobs/index.js";
import { MENTION_DELAY_MS } from "../../server/domain/messaging/reach.service.js";
import { createOutboxWorker } from "../../server/domain/messaging/worker.js";
import type { Sender, Senders } from "../../server/domain/messaging/senders.js";
import { json } from "../support/app.js";
import { alice, bob, bookingApi, clock, jkt, operator, useBookingApp } from "../support/bookings.js";
import { createMember, createSpace, type TestMember } from "../support/factories.js";
import { issueInvoice, saveBillingSettings } from "../support/invoices.js";
import { roomApi } from "../support/rooms.js";

// "What gets sent": the mail and WhatsApp rows that bookings, invoices and notifications write in their own
// transactions, and the worker's last look (stillWanted) just before each goes. Time is the fixed clock.
const app = useBookingApp();
const { book, cancel } = bookingApi(app);
const { projectWith, send } = roomApi(app);

const verify = (m: TestMember) => app.db.db.updateTable("members").set({ email_verified_at: new Date() }).where("id", "=", m.id).execute();
const rowsOf = (m: TestMember, kind?: string) => {
  let q = app.db.db.selectFrom("outbox").selectAll().where("member_id", "=", m.id);
  if (kind) q = q.where("kind", "=", kind);
  return q.orderBy("available_at").execute();
};
/** A worker whose senders record what they were handed (the worker and stillWanted are the app's own). */
function recordingWorker() {
  const sent: OutboxRow[] = [];
  const ok: Sender = { send: async (row) => (sent.push(row), { outcome: "sent" }) };
  const senders: Senders = { email: ok, whatsapp: ok, webhook: ok };
  const worker = createOutboxWorker({ db: app.db.db, clock, senders, stillWanted: (row) => app.services.messaging.reach.stillWanted(row) });
  return { sent, worker };
}

describe("reach: what gets sent", () => {
  it("a booking writes its confirmation now and its reminder reminder_minutes before the start", async () => {
    await verify(alice);
    const space = await createSpace(app.services);
    const b = await book(alice, { resourceId: space.resources[0]!.id, start: jkt("2027-03-01T14:00"), end: jkt("2027-03-01T16:00") });
    const confirmed = await rowsOf(alice, "booking_confirmed");
    expect(confirmed).toHaveLength(1);
    expect(confirmed[0]).toMatchObject({ channel: "email", address: alice.email, dedupe_key: `confirmed:${b.id}:email` });
    expect((confirmed[0]!.payload as { data: { count: number; bookingId: string } }).data).toMatchObject({ count: 1, bookingId: b.id });
    const [reminder] = await rowsOf(alice, "booking_reminder");
    // Keyed by the booking, its start and its resource: a moved booking gets a reminder of its own.
    expect(reminder!.dedupe_key).toBe(`reminder:${b.id}:${new Date(b.start).toISOString()}:${new Date(b.end).toISOString()}:${b.resourceId}:email`);
    // The factory space keeps the default 60 minutes.
    expect(new Date(reminder!.available_at).toISOString()).toBe(new Date(Date.parse(jkt("2027-03-01T14:00")) - 60 * 60_000).toISOString());

    // Now: only the confirmation is due. At 13:00 the reminder goes.
    const { sent, worker } = recordingWorker();
    await worker.drain();
    expect(sent.map((r) => r.kind)).toEqual(["booking_confirmed"]);
    clock.set(jkt("2027-03-01T13:00"));
    await worker.drain();
    expect(sent.map((r) => r.kind)).toEqual(["booking_confirmed", "booking_reminder"]);
  });

  it("a series: one confirmation with its count, one reminder per week; a booking starting sooner than the lead time gets none", async () => {
    await verify(alice);
    const space = await createSpace(app.services);
    await json(
      await app.api("/api/v1/bookings", {
        token: alice.token,
        body: { resourceId: space.resources[0]!.id, start: jkt("2027-03-02T09:00"), end: jkt("2027-03-02T10:00"), recurrence: { freq: "weekly", count: 3 } },
      }),
      201,
    );
    const confirmed = await rowsOf(alice, "booking_confirmed");
    expect(confirmed).toHaveLength(1);
    expect((confirmed[0]!.payload as { data: { count: number } }).data.count).toBe(3);
    expect(await rowsOf(alice, "booking_reminder")).toHaveLength(3);

    // 07:30 today, 30 minutes ahead: less than the 60-minute lead time.
    await book(alice, { resourceId: space.resources[1]!.id, start: jkt("2027-03-01T07:30"), end: jkt("2027-03-01T08:00") });
    expect(await rowsOf(alice, "booking_reminder")).toHaveLength(3);
    expect(await rowsOf(alice, "booking_confirmed")).toHaveLength(2);
  });

  it("reminder_minutes 0: no reminder; cancel → the reminder is skipped when its turn comes", async () => {
    await verify(alice);
    const off = await createSpace(app.services);
    await app.db.db.updateTable("spaces").set({ reminder_minutes: 0 }).where("id", "=", off.id).execute();
    await book(alice, { resourceId: off.resources[0]!.id, start: jkt("2027-03-01T14:00"), end: jkt("2027-03-01T15:00") });
    expect(await rowsOf(alice, "booking_reminder")).toHaveLength(0);

    const space = await createSpace(app.services);
    const b = await book(alice, { resourceId: space.resources[0]!.id, start: jkt("2027-03-01T16:00"), end: jkt("2027-03-01T17:00") });
    expect((await cancel(alice, b.id)).status).toBe(204);
    clock.set(jkt("2027-03-01T15:30"));
    const { sent, worker } = recordingWorker();
    await worker.drain();
    expect(sent.map((r) => r.kind)).not.toContain("booking_reminder");
    const [reminder] = await rowsOf(alice, "booking_reminder");
    expect(reminder).toMatchObject({ status: "skipped", last_error: "booking cancelled" });
  });

  it("a kind switched off writes no row; switched off after, the row is skipped; unverified email gets no preference mail", async () => {
    const space = await createSpace(app.services);
    // Bob's address is not confirmed: no preference mail at all.
    await book(bob, { resourceId: space.resources[0]!.id, start: jkt("2027-03-01T14:00"), end: jkt("2027-03-01T15:00") });
    expect(await rowsOf(bob)).toHaveLength(0);

    await verify(alice);
    await json(await app.api("/api/v1/me/notification-preferences", { method: "PATCH", token: alice.token, body: { kinds: { booking_confirmed: false } } }), 200);
    await book(alice, { resourceId: space.resources[1]!.id, start: jkt("2027-03-01T14:00"), end: jkt("2027-03-01T15:00") });
    expect(await rowsOf(alice, "booking_confirmed")).toHaveLength(0);
    expect(await rowsOf(alice, "booking_reminder")).toHaveLength(1);
    await json(await app.api("/api/v1/me/notification-preferences", { method: "PATCH", token: alice.token, body: { kinds: { booking_reminder: false } } }), 200);
    clock.set(jkt("2027-03-01T13:00"));
    const { sent, worker } = recordingWorker();
    await worker.drain();
    expect(sent).toEqual([]);
    expect((await rowsOf(alice, "booking_reminder"))[0]).toMatchObject({ status: "skipped", last_error: "kind switched off" });
  });

  it("a mention's mail waits; read in the room before then, it is skipped; unread, it goes", async () => {
    const sari = await createMember(app.db.db, app.services, { name: "Sari Wulandari" });
    const budi = await createMember(app.db.db, app.services, { name: "Budi Santoso" });
    await verify(sari);
    await verify(budi);
    const project = await projectWith(alice, [sari, budi]);
    const res = await send(alice.token, project.id, "Tolong cek ya @sari dan @budi");
    const message = await json<{ seq: number }>(res, 201);
    const [sariRow] = await rowsOf(sari, "mention");
    expect(new Date(sariRow!.available_at).getTime()).toBe(clock.now().getTime() + MENTION_DELAY_MS);
    expect(await rowsOf(budi, "mention")).toHaveLength(1);
    // In-app notification as before.
    expect(await app.db.db.selectFrom("notifications").select("kind").where("member_id", "=", sari.id).where("kind", "=", "mention").execute()).toHaveLength(1);

    const { sent, worker } = recordingWorker();
    await worker.drain();
    expect(sent).toEqual([]); // not yet due
    await app.services.projects.markRead(sari.id, project.id, message.seq);
    clock.advance(MENTION_DELAY_MS);
    await worker.drain();
    expect(sent.map((r) => r.member_id)).toEqual([budi.id]);
    expect((await rowsOf(sari, "mention"))[0]).toMatchObject({ status: "skipped", last_error: "read in the app" });
  });

  it("an issued invoice writes invoice_issued; the overdue job writes invoice_overdue once", async () => {
    await verify(alice);
    const space = await createSpace(app.services, { operator });
    await saveBillingSettings(app.db.db, space.id, { paymentTermsDays: 7 });
    const inv = await issueInvoice(app.services, app.db.db, { spaceId: space.id, memberId: alice.id });
    const [issued] = await rowsOf(alice, "invoice_issued");
    expect(issued).toMatchObject({ channel: "email", dedupe_key: `issued:${inv.id}:email` });
    expect((issued!.payload as { data: Record<string, unknown> }).data).toMatchObject({ invoiceId: inv.id, number: inv.number, total: inv.total, balance: inv.total, dueOn: inv.dueOn });

    const tick = () => runExclusive(app.db.db, { name: "invoice-overdue", run: async (trx) => void (await app.services.messaging.reach.remindOverdue(trx)) });
    await tick();
    expect(await rowsOf(alice, "invoice_overdue")).toHaveLength(0); // not due yet
    clock.set("2027-03-10T00:00:00Z");
    await tick();
    await tick();
    const overdue = await rowsOf(alice, "invoice_overdue");
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.dedupe_key).toBe(`overdue:${inv.id}:email`);
  });

  it("a suspended member's rows are skipped", async () => {
    await verify(alice);
    const space = await createSpace(app.services);
    await book(alice, { resourceId: space.resources[0]!.id, start: jkt("2027-03-01T14:00"), end: jkt("2027-03-01T15:00") });
    await app.db.db.updateTable("members").set({ suspended_at: new Date() }).where("id", "=", alice.id).execute();
    const { sent, worker } = recordingWorker();
    await worker.drain();
    expect(sent).toEqual([]);
    expect((await rowsOf(alice, "booking_confirmed"))[0]).toMatchObject({ status: "skipped", last_error: "member suspended" });
  });
});
