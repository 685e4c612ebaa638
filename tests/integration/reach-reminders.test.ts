import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { formatInstantRange } from "../../app/lib/time.js";
import { createMailSender } from "../../server/domain/messaging/mail.sender.js";
import type { Sender } from "../../server/domain/messaging/senders.js";
import { createOutboxWorker } from "../../server/domain/messaging/worker.js";
import { json } from "../support/app.js";
import { alice, bob, bookingApi, clock, jkt, operator, useBookingApp, type Booking } from "../support/bookings.js";
import { createSpace, type TestMember } from "../support/factories.js";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink.js";

// Issue 15, reminders: the lead time each space sets (PATCH /spaces/:id reminderMinutes), and a moved booking's
// reminder for its new time and place, sent by the product's worker and mail sender to a real SMTP server on
// loopback. The clock is fixed (Monday 2027-03-01 07:00 in Jakarta) and only moves when a test moves it.
const app = useBookingApp();
const { book, cancel } = bookingApi(app);
const SECRET = "test-secret-test-secret-test-secret-0123"; // the test app's SESSION_SECRET

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.close();
});
afterEach(() => {
  sink.mails.length = 0;
});

type Problem = { code: string; detail: string; errors?: Array<{ path: string; message: string }> };

const verify = (m: TestMember) => app.db.db.updateTable("members").set({ email_verified_at: new Date(), locale: "en" }).where("id", "=", m.id).execute();
const reminders = (m: TestMember) =>
  app.db.db.selectFrom("outbox").selectAll().where("member_id", "=", m.id).where("kind", "=", "booking_reminder").orderBy("available_at").execute();
const patchSpace = (spaceId: string, body: unknown, headers: Record<string, string> = {}) =>
  app.api(`/api/v1/spaces/${spaceId}`, { method: "PATCH", token: operator.token, body, headers });
const move = async (who: TestMember, id: string, body: Record<string, unknown>) =>
  json<Booking>(await app.api(`/api/v1/bookings/${id}`, { method: "PATCH", token: who.token, body }), 200);

/** The product's worker with its mail sender pointed at the sink (WhatsApp and webhooks are not in these tests). */
async function drainBySmtp() {
  const mail = createMailSender({
    secret: SECRET,
    clock,
    config: { mail: { smtpUrl: sink.url, from: "Jejaring <no-reply@jejaring.test>" }, publicOrigin: () => "https://jejaring.example", worker: {} },
  });
  const unused: Sender = { send: async () => ({ outcome: "failed", retryable: false, error: "not in this test" }) };
  const worker = createOutboxWorker({
    db: app.db.db,
    clock,
    senders: { email: mail, whatsapp: unused, webhook: unused },
    stillWanted: (row) => app.services.messaging.reach.stillWanted(row),
  });
  try {
    return await worker.drain();
  } finally {
    mail.close();
  }
}
const remindersIn = (mails: SmtpSink["mails"]) => mails.filter((m) => m.subject.startsWith("Soon:"));

describe("a space's reminder lead time", () => {
  it("the operator sets it with PATCH /spaces/:id; a booking's reminder is scheduled that long before its start; 0 writes none", async () => {
    await verify(alice);
    const space = await createSpace(app.services, { operator });
    const saved = await json<{ space: { reminderMinutes: number } }>(await patchSpace(space.id, { reminderMinutes: 1440 }), 200);
    expect(saved.space.reminderMinutes).toBe(1440);
    expect((await json<{ reminderMinutes: number }>(await app.api(`/api/v1/spaces/${space.id}`, { token: alice.token }), 200)).reminderMinutes).toBe(1440);

    const b = await book(alice, { resourceId: space.resources[0]!.id, start: jkt("2027-03-03T14:00"), end: jkt("2027-03-03T15:00") });
    const [row] = await reminders(alice);
    expect(new Date(row!.available_at).toISOString()).toBe(new Date(jkt("2027-03-02T14:00")).toISOString());
    expect(row!.dedupe_key).toContain(b.id);

    await json(await patchSpace(space.id, { reminderMinutes: 15 }), 200);
    await book(alice, { resourceId: space.resources[1]!.id, start: jkt("2027-03-03T16:00"), end: jkt("2027-03-03T17:00") });
    expect((await reminders(alice)).map((r) => new Date(r.available_at).toISOString())).toEqual([
      new Date(jkt("2027-03-02T14:00")).toISOString(),
      new Date(jkt("2027-03-03T15:45")).toISOString(),
    ]);

    await json(await patchSpace(space.id, { reminderMinutes: 0 }), 200);
    await book(alice, { resourceId: space.resources[2]!.id, start: jkt("2027-03-03T18:00"), end: jkt("2027-03-03T19:00") });
    expect(await reminders(alice)).toHaveLength(2);
  });

  it("out of range (below 0, above a week, not a whole number) is 400 problem+json in the reader's language and changes nothing", async () => {
    const space = await createSpace(app.services, { operator });
    const before = await app.db.db.selectFrom("spaces").select("reminder_minutes").where("id", "=", space.id).executeTakeFirstOrThrow();
    for (const [value, lang, words] of [
      [10_081, "en", "Use 10,080 or less."],
      [10_081, "id", "Maksimal 10.080."],
      [-1, "en", "Use 0 or more."],
      [-1, "id", "Minimal 0."],
      [7.5, "en", null],
      ["60", "id", null],
    ] as const) {
      const res = await patchSpace(space.id, { reminderMinutes: value }, { "Accept-Language": lang });
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      const problem = await json<Problem>(res, 400);
      expect(problem.code).toBe("validation_failed");
      const field = problem.errors?.find((e) => e.path === "reminderMinutes");
      expect(field, JSON.stringify(problem)).toBeDefined();
      if (words) expect(field!.message).toBe(words);
    }
    // A member may not change it at all.
    expect((await app.api(`/api/v1/spaces/${space.id}`, { method: "PATCH", token: alice.token, body: { reminderMinutes: 30 } })).status).toBe(403);
    expect(await app.db.db.selectFrom("spaces").select("reminder_minutes").where("id", "=", space.id).executeTakeFirstOrThrow()).toEqual(before);
  });
});

describe("a moved booking's reminder", () => {
  it("rescheduled to another time and then another desk: exactly one reminder reaches the member, for where and when it is now", async () => {
    await verify(alice);
    const space = await createSpace(app.services, { operator }); // the default lead time: 60 minutes
    const [deskA, deskB] = space.resources;
    const b = await book(alice, { resourceId: deskA!.id, start: jkt("2027-03-01T14:00"), end: jkt("2027-03-01T15:00") });
    await move(alice, b.id, { start: jkt("2027-03-01T16:00"), end: jkt("2027-03-01T17:00") });
    await move(alice, b.id, { resourceId: deskB!.id, start: jkt("2027-03-01T16:00"), end: jkt("2027-03-01T17:00") });
    // One row per time and place; each is for the booking.
    const rows = await reminders(alice);
    expect(rows.map((r) => new Date(r.available_at).toISOString())).toEqual([
      new Date(jkt("2027-03-01T13:00")).toISOString(),
      new Date(jkt("2027-03-01T15:00")).toISOString(),
      new Date(jkt("2027-03-01T15:00")).toISOString(),
    ]);

    clock.set(jkt("2027-03-01T13:00"));
    await drainBySmtp();
    clock.set(jkt("2027-03-01T15:00"));
    await drainBySmtp();
    const mails = remindersIn(sink.mails);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toContain(alice.email);
    const when = formatInstantRange(new Date(jkt("2027-03-01T16:00")).toISOString(), new Date(jkt("2027-03-01T17:00")).toISOString(), "en", "Asia/Jakarta");
    expect(mails[0]!.text).toContain(when);
    expect(mails[0]!.text).toContain(deskB!.name);
    const after = await reminders(alice);
    expect(after.filter((r) => r.status === "sent")).toHaveLength(1);
    expect(after.filter((r) => r.status === "skipped").map((r) => r.last_error)).toEqual(["booking moved", "booking moved"]);
  });

  it("made longer at the same start and desk: the one reminder says the new end", async () => {
    await verify(alice);
    const space = await createSpace(app.services, { operator });
    const [deskA] = space.resources;
    const b = await book(alice, { resourceId: deskA!.id, start: jkt("2027-03-02T09:00"), end: jkt("2027-03-02T10:00") });
    await move(alice, b.id, { start: jkt("2027-03-02T09:00"), end: jkt("2027-03-02T12:00") });
    clock.set(jkt("2027-03-02T08:00"));
    await drainBySmtp();
    const mails = remindersIn(sink.mails);
    expect(mails).toHaveLength(1);
    const when = formatInstantRange(new Date(jkt("2027-03-02T09:00")).toISOString(), new Date(jkt("2027-03-02T12:00")).toISOString(), "en", "Asia/Jakarta");
    expect(mails[0]!.text).toContain(when);
  });

  it("moved back to where it was: still one reminder; moved by an operator taking the desk out of service: one for the new desk", async () => {
    await verify(alice);
    const space = await createSpace(app.services, { operator });
    const [deskA] = space.resources;
    const b = await book(alice, { resourceId: deskA!.id, start: jkt("2027-03-01T14:00"), end: jkt("2027-03-01T15:00") });
    await move(alice, b.id, { start: jkt("2027-03-01T18:00"), end: jkt("2027-03-01T19:00") });
    await move(alice, b.id, { start: jkt("2027-03-01T14:00"), end: jkt("2027-03-01T15:00") });
    // Take desk A out of service: the booking moves to a free desk of the same kind.
    const out = await json<{ moved: number }>(
      await app.api(`/api/v1/resources/${deskA!.id}/deactivate`, { token: operator.token, body: { futureBookings: "move" } }),
      200,
    );
    expect(out.moved).toBe(1);
    const now = await app.db.db.selectFrom("bookings").select("resource_id").where("id", "=", b.id).executeTakeFirstOrThrow();
    expect(now.resource_id).not.toBe(deskA!.id);
    const newDesk = space.resources.find((r) => r.id === now.resource_id)!;

    clock.set(jkt("2027-03-01T13:00"));
    await drainBySmtp();
    clock.set(jkt("2027-03-01T17:00"));
    await drainBySmtp();
    const mails = remindersIn(sink.mails);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(newDesk.name);
  });

  it("a cancelled booking, moved first, sends no reminder at all", async () => {
    await verify(alice);
    const space = await createSpace(app.services, { operator });
    const b = await book(alice, { resourceId: space.resources[0]!.id, start: jkt("2027-03-01T14:00"), end: jkt("2027-03-01T15:00") });
    await move(alice, b.id, { start: jkt("2027-03-01T16:00"), end: jkt("2027-03-01T17:00") });
    expect((await cancel(alice, b.id)).status).toBe(204);
    clock.set(jkt("2027-03-01T15:00"));
    await drainBySmtp();
    expect(remindersIn(sink.mails)).toEqual([]);
    // Both rows (the old time's and the new one's) are dropped when their turn comes.
    expect((await reminders(alice)).map((r) => [r.status, r.last_error])).toEqual([
      ["skipped", "booking cancelled"],
      ["skipped", "booking cancelled"],
    ]);
  });
});

describe("a booking handed over from the waitlist", () => {
  it("is reminded like any booking: the member who waited is told once that it is theirs, then reminded before it starts", async () => {
    const { wait, waitlistRow } = bookingApi(app);
    await verify(bob);
    const space = await createSpace(app.services, { operator });
    const [desk] = space.resources;
    const slot = { resourceId: desk!.id, start: jkt("2027-03-01T14:00"), end: jkt("2027-03-01T15:00") };
    const taken = await book(alice, slot);
    const waiting = await json<{ id: string; status: string }>(await wait(bob, slot), 201);
    expect(waiting.status).toBe("waiting");
    expect(await reminders(bob)).toEqual([]);

    expect((await cancel(alice, taken.id)).status).toBe(204);
    const promoted = await waitlistRow(waiting.id);
    expect(promoted.status).toBe("promoted");
    const [row] = await reminders(bob);
    expect(row?.dedupe_key).toContain(promoted.booking_id!);

    clock.set(jkt("2027-03-01T13:00"));
    await drainBySmtp();
    const mails = sink.mails.filter((m) => m.to.includes(bob.email));
    // Told once that the desk is theirs (the waitlist's own message), then reminded before it starts.
    expect(mails.map((m) => m.subject.split(" ")[0])).toEqual(["You", "Soon:"]);
    expect(remindersIn(mails)[0]!.text).toContain(desk!.name);
  });
});
