import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../server/domain/clock.js";
import { createMailSender } from "../../server/domain/messaging/mail.sender.js";
import type { OutboundMessage } from "../../server/domain/messaging/messages.schemas.js";
import type { Sender } from "../../server/domain/messaging/senders.js";
import { unsubscribeToken } from "../../server/domain/messaging/unsubscribe.js";
import { createOutboxWorker } from "../../server/domain/messaging/worker.js";
import { expectProblem, json, useTestApp } from "../support/app.js";
import { createMember, type TestMember } from "../support/factories.js";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink.js";

// Mail end to end: rows written by reach/outbox, worded by the templates, sent by the real sender (nodemailer) to a
// real SMTP server on loopback; without SMTP_URL kept for the admin's outbox; the unsubscribe page switches a kind off.
const NOW = "2026-12-06T10:00:00.000Z";
const clock = fixedClock(NOW);
const app = useTestApp({ remix: true, clock, now: NOW });
const SECRET = "test-secret-test-secret-test-secret-0123"; // the test app's SESSION_SECRET

let sink: SmtpSink;
beforeAll(async () => {
  // A held mail (the timeout test) keeps its connection open: closing the sink cuts it after half a second.
  sink = await startSmtpSink({ closeTimeout: 500 });
});
afterAll(async () => {
  await sink.close();
});
afterEach(() => {
  sink.mails.length = 0;
  sink.setPolicy(() => "accept");
});

const ID = "0b8f2c1e-6a3d-4f5b-9c2e-1d4a7b8c9e0f";
const request = (memberName: string): OutboundMessage => ({ kind: "connection_requested", data: { connectionId: ID, memberId: ID, memberName, note: "Satu ruang kerja" } });

/** A member whose address is verified, in a language. */
async function reader(locale: "id" | "en", overrides: { role?: "admin" | "member"; email?: string } = {}): Promise<TestMember> {
  const m = await createMember(app.db.db, app.services, overrides);
  await app.db.db.updateTable("members").set({ locale, email_verified_at: new Date(NOW) }).where("id", "=", m.id).execute();
  return m;
}

/** The product's mail sender pointed at the sink, and a worker over the test's database with it. */
function smtpWorker(options: { sendTimeoutMs?: number } = {}) {
  const mail = createMailSender({
    secret: SECRET,
    clock,
    config: { mail: { smtpUrl: sink.url, from: "Jejaring <no-reply@jejaring.test>" }, publicOrigin: () => "https://jejaring.example", worker: {} },
  });
  const unused: Sender = { send: async () => ({ outcome: "failed", retryable: false, error: "not in this test" }) };
  const worker = createOutboxWorker({ db: app.db.db, clock, senders: { email: mail, whatsapp: unused, webhook: unused }, options });
  return { worker, close: () => mail.close() };
}

const toMember = (memberId: string, message: OutboundMessage) =>
  app.db.db.transaction().execute((tx) => app.services.messaging.reach.toMember(tx, memberId, message));

const rowsOf = () => app.db.db.selectFrom("outbox").selectAll().orderBy("created_at").orderBy("address").execute();

describe("mail over SMTP", () => {
  it("a mail in Indonesian and one in English reach a real SMTP server with text and HTML, one-click List-Unsubscribe and the row's id as Message-ID", async () => {
    const ida = await reader("id");
    const eng = await reader("en");
    await toMember(ida.id, request("Dewi <b>"));
    await toMember(eng.id, request("Dewi <b>"));
    const { worker, close } = smtpWorker();
    try {
      const settled = await worker.drain();
      expect(settled.map((s) => s.status)).toEqual(["sent", "sent"]);
    } finally {
      close();
    }
    const mails = await sink.waitFor(2);
    const rows = await rowsOf();
    for (const [member, subject] of [
      [ida, "Dewi <b> ingin terhubung"],
      [eng, "Dewi <b> wants to connect"],
    ] as const) {
      const mail = mails.find((m) => m.to.includes(member.email))!;
      const row = rows.find((r) => r.member_id === member.id)!;
      expect(mail.subject).toBe(subject);
      expect(mail.from).toBe("no-reply@jejaring.test");
      expect(mail.messageId).toBe(`<${row.id}@jejaring.test>`);
      expect(mail.text).toContain("https://jejaring.example/network/connections");
      expect(mail.html).toContain(`<html lang="${member === ida ? "id" : "en"}">`);
      expect(mail.html).toContain("Dewi &lt;b&gt;");
      const unsubscribe = `https://jejaring.example/unsubscribe?token=${unsubscribeToken(SECRET, member.id, "connection_requested")}`;
      // mailparser reads the List-* headers as one `list` header: {unsubscribe: {url}, "unsubscribe-post": {name}}.
      const list = mail.headers.get("list") as { unsubscribe?: { url?: string }; "unsubscribe-post"?: { name?: string } } | undefined;
      expect(list?.unsubscribe?.url).toBe(unsubscribe);
      expect(mail.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
      expect(mail.html).toContain(`href="${unsubscribe}"`);
      expect(row.status).toBe("sent");
      expect(row.rendered?.subject).toBe(subject);
    }
    expect(mails[0]!.raw).toMatch(/Content-Type: multipart\/alternative/i);
  });

  it("a password reset goes with its link, and what is kept of it once sent has no token (and no unsubscribe link)", async () => {
    const m = await reader("en");
    const message: OutboundMessage = { kind: "password_reset", data: { memberName: m.name, token: "tok-SECRET-reset", expiresAt: "2026-12-06T11:00:00.000Z" } };
    await app.db.db.transaction().execute((tx) => app.services.messaging.outbox.enqueue(tx, { channel: "email", memberId: m.id, to: m.email, locale: "en", message }));
    const { worker, close } = smtpWorker();
    try {
      await worker.drain();
    } finally {
      close();
    }
    const [mail] = await sink.waitFor(1);
    expect(mail!.text).toContain("https://jejaring.example/reset-password?token=tok-SECRET-reset");
    expect(mail!.text).toContain("1 hour");
    expect(mail!.headers.get("list")).toBeUndefined();
    expect(mail!.raw).not.toMatch(/^List-Unsubscribe/m);
    const [row] = await rowsOf();
    expect(JSON.stringify(row!.rendered)).not.toContain("tok-SECRET-reset");
    expect(JSON.stringify(row!.payload)).not.toContain("tok-SECRET-reset");
  });

  it("a 451 from the server is tried again later (the attempt recorded); a 550 parks the row at once; a server that never answers times out and is retried", async () => {
    const temp = await reader("id", { email: "temp@test.jejaring.id" });
    const perm = await reader("id", { email: "perm@test.jejaring.id" });
    const slow = await reader("id", { email: "slow@test.jejaring.id" });
    for (const m of [temp, perm, slow]) await toMember(m.id, request("Dewi"));
    sink.setPolicy((_seen, mail) => (mail.to.includes(temp.email) ? "fail" : mail.to.includes(perm.email) ? "reject" : mail.to.includes(slow.email) ? "hold" : "accept"));
    const { worker, close } = smtpWorker({ sendTimeoutMs: 1_000 });
    try {
      await worker.drain();
      const byAddress = Object.fromEntries((await rowsOf()).map((r) => [r.address, r]));
      expect(byAddress[temp.email]).toMatchObject({ status: "pending", attempts: 1, response_status: 451 });
      expect(new Date(byAddress[temp.email]!.available_at).getTime()).toBe(new Date(NOW).getTime() + 5_000);
      expect(byAddress[perm.email]).toMatchObject({ status: "dead", attempts: 1, response_status: 550 });
      expect(byAddress[slow.email]).toMatchObject({ status: "pending", attempts: 1, last_error: "timed out" });
      const attempts = await app.db.db.selectFrom("outbox_attempts").selectAll().execute();
      const of = (email: string) => attempts.filter((a) => a.outbox_id === byAddress[email]!.id).map((a) => [a.attempt, a.outcome, a.response_status]);
      expect(of(temp.email)).toEqual([[1, "retry", 451]]);
      expect(of(perm.email)).toEqual([[1, "dead", 550]]);
      expect(of(slow.email)).toEqual([[1, "retry", null]]);

      // Not due yet: nothing is sent. Five seconds later the server accepts both retries.
      expect(await worker.drain()).toEqual([]);
      sink.setPolicy(() => "accept");
      clock.advance(5_000);
      expect((await worker.drain()).map((s) => s.status)).toEqual(["sent", "sent"]);
      expect((await sink.waitFor(2)).map((m) => m.to[0]).sort()).toEqual([slow.email, temp.email].sort());
      expect((await rowsOf()).find((r) => r.address === perm.email)!.status).toBe("dead");
    } finally {
      close();
    }
  });
});

describe("mail without SMTP_URL, and the admin's outbox", () => {
  it("is kept in the outbox (rendered) and the admin API lists it with counts, filters, pages and opens it with its attempts", async () => {
    const admin = await reader("en", { role: "admin" });
    const m = await reader("id");
    await toMember(m.id, request("Dewi"));
    await toMember(m.id, request("Budi"));
    const settled = await app.services.messaging.worker.drain();
    expect(settled.map((s) => s.status)).toEqual(["kept", "kept"]);

    const list = await json<{ items: Array<{ id: string; status: string; kind: string }>; nextCursor: string | null; counts: Record<string, number> }>(
      await app.api("/api/v1/admin/outbox?channel=email&status=kept&limit=1", { token: admin.token }),
      200,
    );
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ status: "kept", kind: "connection_requested" });
    expect(list.items[0]).not.toHaveProperty("rendered");
    expect(list.counts).toEqual({ kept: 2 });
    const second = await json<typeof list>(await app.api(`/api/v1/admin/outbox?channel=email&limit=1&cursor=${list.nextCursor}`, { token: admin.token }), 200);
    expect(second.items).toHaveLength(1);
    expect(second.items[0]!.id).not.toBe(list.items[0]!.id);
    expect(second.nextCursor).toBeNull();
    expect((await json<typeof list>(await app.api("/api/v1/admin/outbox?status=dead", { token: admin.token }), 200)).items).toEqual([]);
    await expectProblem(await app.api("/api/v1/admin/outbox?cursor=nonsense", { token: admin.token }), 400, "validation_failed");
    await expectProblem(await app.api("/api/v1/admin/outbox?channel=fax", { token: admin.token }), 400, "validation_failed");
    await expectProblem(await app.api("/api/v1/admin/outbox?extra=1", { token: admin.token }), 400, "validation_failed");

    const detail = await json<{ status: string; rendered: { subject: string; text: string; html: string; headers: Record<string, string> }; attemptLog: Array<{ outcome: string }> }>(
      await app.api(`/api/v1/admin/outbox/${list.items[0]!.id}`, { token: admin.token }),
      200,
    );
    expect(detail.status).toBe("kept");
    expect(detail.rendered.subject).toMatch(/ingin terhubung$/);
    expect(detail.rendered.html).toContain('<html lang="id">');
    expect(detail.rendered.headers["List-Unsubscribe"]).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?token=/);
    expect(detail.attemptLog.map((a) => a.outcome)).toEqual(["kept"]);

    // Not an admin: nothing here. Not signed in: 401.
    await expectProblem(await app.api("/api/v1/admin/outbox", { token: m.token }), 404, "not_found");
    await expectProblem(await app.api(`/api/v1/admin/outbox/${list.items[0]!.id}`, { token: m.token }), 404, "not_found");
    await expectProblem(await app.api(`/api/v1/admin/outbox/${list.items[0]!.id}/retry`, { method: "POST", token: m.token }), 404, "not_found");
    await expectProblem(await app.api("/api/v1/admin/outbox"), 401, "unauthenticated");
    await expectProblem(await app.api(`/api/v1/admin/outbox/${ID}`, { token: admin.token }), 404, "not_found");
  });

  it("retry puts a parked row back in the queue; a row that is not parked → 422 not_dead", async () => {
    const admin = await reader("en", { role: "admin" });
    const m = await reader("id");
    await toMember(m.id, request("Dewi"));
    const [row] = await rowsOf();
    await app.db.db.updateTable("outbox").set({ status: "dead", attempts: 8, last_error: "550 mailbox unavailable" }).where("id", "=", row!.id).execute();
    const retried = await json<{ status: string; attempts: number }>(await app.api(`/api/v1/admin/outbox/${row!.id}/retry`, { method: "POST", token: admin.token }), 200);
    expect(retried).toMatchObject({ status: "pending", attempts: 0 });
    const again = await app.api(`/api/v1/admin/outbox/${row!.id}/retry`, { method: "POST", token: admin.token });
    const problem = await json<{ code: string; reason: string }>(again, 422);
    expect(problem.code).toBe("invalid_transition");
    expect(JSON.stringify(problem)).toContain("not_dead");
    expect((await app.services.messaging.worker.drain()).map((s) => s.status)).toEqual(["kept"]);
  });
});

describe("unsubscribe", () => {
  const form = (body: string, headers: Record<string, string> = {}) => ({ method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });

  it("a mail client's one-click POST switches the kind's mail off: reach writes no second mail of that kind (others still go)", async () => {
    const m = await reader("id");
    const token = unsubscribeToken(SECRET, m.id, "connection_requested");
    const page = await app.api(`/unsubscribe?token=${token}`, { headers: { "accept-language": "en" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("connection requests");
    expect(html).toContain("Stop these mails");

    const res = await app.api(`/unsubscribe?token=${token}`, form("List-Unsubscribe=One-Click"));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("tidak ada lagi email tentang permintaan koneksi");
    const prefs = await app.db.db.selectFrom("notification_preferences").selectAll().where("member_id", "=", m.id).executeTakeFirstOrThrow();
    expect(prefs.kinds).toEqual({ connection_requested: false });
    expect(prefs.email).toBe(true);

    // Twice is the same; another kind switched off keeps the first.
    expect((await app.api(`/unsubscribe?token=${token}`, form("List-Unsubscribe=One-Click"))).status).toBe(200);
    await app.api(`/unsubscribe?token=${unsubscribeToken(SECRET, m.id, "mention")}`, form(""));
    const after = await app.db.db.selectFrom("notification_preferences").select("kinds").where("member_id", "=", m.id).executeTakeFirstOrThrow();
    expect(after.kinds).toEqual({ connection_requested: false, mention: false });

    await toMember(m.id, request("Dewi"));
    await toMember(m.id, { kind: "connection_accepted", data: { connectionId: ID, memberId: ID, memberName: "Dewi" } });
    await toMember(m.id, { kind: "project_added", data: { projectId: ID, projectName: "Batik", actorId: ID, actorName: "Sari" } });
    expect((await rowsOf()).map((r) => r.kind)).toEqual([]); // connection_accepted and project_added are off by default
    await toMember(m.id, { kind: "introduction", data: { introductionId: ID, memberId: ID, memberName: "Andi", headline: "", note: "" } });
    expect((await rowsOf()).map((r) => r.kind)).toEqual(["introduction"]);
  });

  it("the page's own form (same origin, no login) switches it off too", async () => {
    const m = await reader("en");
    const token = unsubscribeToken(SECRET, m.id, "invoice_issued");
    const res = await app.api(`/unsubscribe?token=${encodeURIComponent(token)}`, form(`token=${encodeURIComponent(token)}`, { origin: app.url, "accept-language": "en" }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Done: no more mails about new invoices.");
    const prefs = await app.db.db.selectFrom("notification_preferences").select("kinds").where("member_id", "=", m.id).executeTakeFirstOrThrow();
    expect(prefs.kinds).toEqual({ invoice_issued: false });
  });

  it("a forged, edited or missing token is a 400 page in the reader's language and changes nothing", async () => {
    const m = await reader("id");
    const good = unsubscribeToken(SECRET, m.id, "connection_requested");
    const forged = [
      unsubscribeToken("another-secret-another-secret-another-secret", m.id, "connection_requested"),
      good.replace("connection_requested", "mention"),
      good.slice(0, -2),
      `${m.id}.password_reset.${good.split(".")[2]}`,
      "",
    ];
    for (const token of forged) {
      const en = await app.api(`/unsubscribe?token=${encodeURIComponent(token)}`, { headers: { "accept-language": "en" } });
      expect(en.status).toBe(400);
      expect(await en.text()).toContain("This link does not work");
      const id = await app.api(`/unsubscribe?token=${encodeURIComponent(token)}`, form("List-Unsubscribe=One-Click", { "accept-language": "id" }));
      expect(id.status).toBe(400);
      expect(await id.text()).toContain("Tautan ini tidak berfungsi");
    }
    expect((await app.api("/unsubscribe")).status).toBe(400);
    expect(await app.db.db.selectFrom("notification_preferences").selectAll().execute()).toEqual([]);
  });
});
