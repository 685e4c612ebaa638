import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../server/domain/clock.js";
import { RETRY_DELAYS_MS } from "../../server/domain/messaging/retry.js";
import { expectProblem, json, startTestApp, useTestApp, type TestApp } from "../support/app.js";
import { createMember, createSpace, type TestMember } from "../support/factories.js";

// Webhooks (issue 15 item 7) against a real HTTP receiver on loopback: this app allows private addresses
// (WEBHOOK_ALLOW_PRIVATE=true), a second app on the same database does not. The clock is fixed at the real time
// (receivers check the timestamp against theirs) and advanced past retry delays; the worker is driven by drain().

const TIMEOUT_MS = 400;
const clock = fixedClock(new Date());
const app = useTestApp({ clock, env: { WEBHOOK_ALLOW_PRIVATE: "true", WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS) } });
let strict: TestApp;

type Seen = { path: string; headers: http.IncomingHttpHeaders; body: string };
type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
let seen: Seen[] = [];
let handler: Handler = (_req, res) => res.writeHead(204).end();
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    seen.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
    handler(req, res);
  });
});
let base = "";

beforeAll(async () => {
  receiver.listen(0, "127.0.0.1");
  await once(receiver, "listening");
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  strict = await startTestApp({ db: app.db, clock });
});
afterAll(async () => {
  await strict?.stop();
  receiver.closeAllConnections();
  receiver.close();
});

let admin: TestMember;
let member: TestMember;
beforeEach(async () => {
  clock.set(new Date());
  seen = [];
  handler = (_req, res) => res.writeHead(204).end();
  admin = await createMember(app.db.db, app.services, { role: "admin" });
  member = await createMember(app.db.db, app.services);
});

type Endpoint = { id: string; secret?: string; url: string; events: string[]; enabled: boolean; disabledReason: string | null };
async function register(events: string[] = ["booking.created"], path = "/hook"): Promise<Required<Endpoint>> {
  return json<Required<Endpoint>>(await app.api("/api/v1/webhooks", { token: admin.token, body: { url: `${base}${path}`, events, description: "test receiver" } }), 201);
}

/** A day after tomorrow at `hh:mm` in Jakarta (the factory space's zone), as a local date-time. */
function localSoon(hhmm: string): string {
  const day = new Date(Date.now() + 2 * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
  return `${day}T${hhmm}`;
}

async function book(deskId: string, from = "09:00", to = "10:00") {
  return json<{ id: string }>(await app.api("/api/v1/bookings", { token: member.token, body: { resourceId: deskId, start: localSoon(from), end: localSoon(to) } }), 201);
}

const webhookRows = () => app.db.db.selectFrom("outbox").selectAll().where("channel", "=", "webhook").orderBy("created_at").execute();

describe("webhooks: delivery", () => {
  it("booking.created arrives signed per Standard Webhooks; the delivery log shows it sent", async () => {
    const ep = await register();
    expect(ep.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const space = await createSpace(app.services);
    const booking = await book(space.resources[0]!.id);
    const settled = await app.services.messaging.worker.drain();
    expect(settled.map((s) => [s.row.channel, s.status])).toEqual([["webhook", "sent"]]);
    expect(seen).toHaveLength(1);
    const got = seen[0]!;
    expect(got.path).toBe("/hook");
    expect(got.headers["content-type"]).toBe("application/json");
    const verified = new Webhook(ep.secret).verify(got.body, got.headers as Record<string, string>) as { type: string; timestamp: string; data: Record<string, string> };
    expect(verified).toEqual({
      type: "booking.created",
      timestamp: expect.any(String),
      data: { bookingId: booking.id, spaceId: space.id, resourceId: space.resources[0]!.id, memberId: member.id },
    });
    expect(Object.keys(JSON.parse(got.body))).toEqual(["type", "timestamp", "data"]);
    expect(got.headers["webhook-id"]).toBe(settled[0]!.row.id);
    expect(Number(got.headers["webhook-timestamp"])).toBe(Math.floor(clock.now().getTime() / 1000));
    // A wrong secret does not verify.
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString("base64")}`).verify(got.body, got.headers as Record<string, string>)).toThrow();

    const log = await json<{ items: Array<Record<string, unknown>>; nextCursor: string | null }>(await app.api(`/api/v1/webhooks/${ep.id}/deliveries`, { token: admin.token }), 200);
    expect(log.items).toEqual([
      expect.objectContaining({ id: settled[0]!.row.id, type: "booking.created", attempt: 1, status: "sent", responseStatus: 204, nextAttemptAt: null }),
    ]);
    expect(log.nextCursor).toBeNull();
  });

  it("only endpoints subscribed to the type and enabled get a row", async () => {
    const created = await register(["booking.created"]);
    const other = await register(["invoice.paid"]);
    const off = await register(["booking.created", "booking.cancelled"]);
    await json(await app.api(`/api/v1/webhooks/${off.id}`, { method: "PATCH", token: admin.token, body: { enabled: false } }), 200);
    const space = await createSpace(app.services);
    const b = await book(space.resources[0]!.id);
    expect((await webhookRows()).map((r) => r.endpoint_id)).toEqual([created.id]);
    expect(other.id).not.toBe(created.id);
    // Cancelling: booking.cancelled goes to nobody enabled; switched back on, the next one arrives.
    await json(await app.api(`/api/v1/webhooks/${off.id}`, { method: "PATCH", token: admin.token, body: { enabled: true } }), 200);
    expect((await app.api(`/api/v1/bookings/${b.id}`, { method: "DELETE", token: member.token })).status).toBeLessThan(300);
    const rows = await webhookRows();
    // Same fixed instant for both rows: compare them by type.
    expect(rows.map((r) => [r.endpoint_id, r.kind]).sort((a, b) => a[1]!.localeCompare(b[1]!))).toEqual([
      [off.id, "booking.cancelled"],
      [created.id, "booking.created"],
    ]);
  });

  it("a receiver answering 500 gets a retry with the same webhook-id after the retry delay", async () => {
    await register();
    const space = await createSpace(app.services);
    await book(space.resources[0]!.id);
    handler = (_req, res) => res.writeHead(500).end("boom");
    const first = await app.services.messaging.worker.drain();
    expect(first.map((s) => s.status)).toEqual(["pending"]);
    const row = (await webhookRows())[0]!;
    expect(row).toMatchObject({ status: "pending", attempts: 1, response_status: 500, last_error: "HTTP 500" });
    expect(new Date(row.available_at).getTime() - clock.now().getTime()).toBe(RETRY_DELAYS_MS[0]);
    // Not due yet: nothing is sent.
    expect(await app.services.messaging.worker.drain()).toEqual([]);
    clock.advance(RETRY_DELAYS_MS[0] + 1_000);
    handler = (_req, res) => res.writeHead(200).end("ok");
    const second = await app.services.messaging.worker.drain();
    expect(second.map((s) => s.status)).toEqual(["sent"]);
    expect(seen).toHaveLength(2);
    expect(seen[1]!.headers["webhook-id"]).toBe(seen[0]!.headers["webhook-id"]);
    expect(Number(seen[1]!.headers["webhook-timestamp"])).toBeGreaterThan(Number(seen[0]!.headers["webhook-timestamp"]));
    const attempts = await app.db.db.selectFrom("outbox_attempts").select(["attempt", "outcome", "response_status"]).orderBy("attempt").execute();
    expect(attempts).toEqual([
      { attempt: 1, outcome: "retry", response_status: 500 },
      { attempt: 2, outcome: "sent", response_status: 200 },
    ]);
  });

  it("410 switches the endpoint off (gone), tells its admin by mail, and what is still queued for it is skipped", async () => {
    const ep = await register();
    const space = await createSpace(app.services, { desks: 2 });
    await book(space.resources[0]!.id);
    await book(space.resources[1]!.id);
    handler = (_req, res) => res.writeHead(410).end();
    // One claim at a time, so the second delivery comes after the first has switched the endpoint off.
    const worker = app.services.messaging.worker;
    const settled = await worker.drain();
    const byStatus = settled.map((s) => s.status).sort();
    expect(seen.length).toBeGreaterThanOrEqual(1);
    const got = await json<Endpoint>(await app.api(`/api/v1/webhooks/${ep.id}`, { token: admin.token }), 200);
    expect(got).toMatchObject({ enabled: false, disabledReason: "gone" });
    expect(byStatus).toContain("dead");
    const mail = await app.db.db.selectFrom("outbox").selectAll().where("channel", "=", "email").execute();
    expect(mail.map((m) => [m.kind, m.member_id, (m.payload as { data: { reason: string } }).data.reason])).toEqual([["webhook_disabled", admin.id, "gone"]]);
    // Nothing new is written for it; a queued one is skipped.
    await book(space.resources[0]!.id, "11:00", "12:00");
    expect((await webhookRows()).filter((r) => r.status === "pending")).toHaveLength(0);
    // Switching it on again clears why it was off.
    const on = await json<Endpoint>(await app.api(`/api/v1/webhooks/${ep.id}`, { method: "PATCH", token: admin.token, body: { enabled: true } }), 200);
    expect(on).toMatchObject({ enabled: true, disabledReason: null });
  });

  it("a delivery to a switched-off endpoint is skipped when its turn comes", async () => {
    const ep = await register();
    const space = await createSpace(app.services);
    await book(space.resources[0]!.id);
    await json(await app.api(`/api/v1/webhooks/${ep.id}`, { method: "PATCH", token: admin.token, body: { enabled: false } }), 200);
    const settled = await app.services.messaging.worker.drain();
    expect(settled.map((s) => s.status)).toEqual(["skipped"]);
    expect(seen).toHaveLength(0);
  });

  it("a delivery that runs out of attempts switches the endpoint off (failing) and tells its admin", async () => {
    const ep = await register();
    const space = await createSpace(app.services);
    await book(space.resources[0]!.id);
    handler = (_req, res) => res.writeHead(503).end();
    const worker = app.services.messaging.worker;
    const statuses: string[] = [];
    for (let i = 0; i <= RETRY_DELAYS_MS.length; i++) {
      statuses.push(...(await worker.drain()).map((s) => s.status));
      clock.advance((RETRY_DELAYS_MS[i] ?? 0) + 1_000);
    }
    expect(statuses).toEqual([...Array<string>(RETRY_DELAYS_MS.length).fill("pending"), "dead"]);
    expect(seen).toHaveLength(RETRY_DELAYS_MS.length + 1);
    expect(new Set(seen.map((s) => s.headers["webhook-id"])).size).toBe(1);
    expect(await json<Endpoint>(await app.api(`/api/v1/webhooks/${ep.id}`, { token: admin.token }), 200)).toMatchObject({ enabled: false, disabledReason: "failing" });
    const mail = await app.db.db.selectFrom("outbox").select(["kind", "member_id"]).where("channel", "=", "email").execute();
    expect(mail).toEqual([{ kind: "webhook_disabled", member_id: admin.id }]);
  });

  it("a hanging receiver times out: a retryable failure, not a stuck row", async () => {
    await register();
    const space = await createSpace(app.services);
    await book(space.resources[0]!.id);
    handler = () => {}; // never answers
    const t0 = performance.now();
    const settled = await app.services.messaging.worker.drain();
    const took = performance.now() - t0;
    expect(settled.map((s) => s.status)).toEqual(["pending"]);
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(took).toBeLessThan(TIMEOUT_MS + 3_000);
    const row = (await webhookRows())[0]!;
    expect(row).toMatchObject({ status: "pending", attempts: 1, response_status: null, last_error: `timed out after ${TIMEOUT_MS} ms` });
    receiver.closeAllConnections();
  });

  it("a redirect is not followed: a 3xx is a failure tried again later", async () => {
    await register();
    const space = await createSpace(app.services);
    await book(space.resources[0]!.id);
    handler = (_req, res) => res.writeHead(307, { location: `${base}/elsewhere` }).end();
    const settled = await app.services.messaging.worker.drain();
    expect(settled.map((s) => s.status)).toEqual(["pending"]);
    expect(seen.map((s) => s.path)).toEqual(["/hook"]);
    expect((await webhookRows())[0]).toMatchObject({ response_status: 307, last_error: "redirect not followed (307)" });
  });

  it("a rolled-back booking sends nothing; a refused one writes nothing", async () => {
    await register(["booking.created"]);
    const space = await createSpace(app.services);
    const viewer = { id: member.id, role: "member" as const, email: member.email, name: member.name, sessionId: "x", sessionKind: "api" as const, locale: null };
    await app.db.db
      .transaction()
      .execute(async (tx) => {
        await app.services.bookings.create(viewer, { resourceId: space.resources[0]!.id, start: localSoon("09:00"), end: localSoon("10:00") } as never, { tx, defer: () => {} });
        expect(await tx.selectFrom("outbox").select("id").where("channel", "=", "webhook").execute()).toHaveLength(1);
        throw new Error("roll back");
      })
      .catch((e: Error) => expect(e.message).toBe("roll back"));
    expect(await webhookRows()).toHaveLength(0);
    await book(space.resources[0]!.id);
    const clash = await app.api("/api/v1/bookings", { token: member.token, body: { resourceId: space.resources[0]!.id, start: localSoon("09:30"), end: localSoon("10:30") } });
    expect(clash.status).toBe(409);
    expect(await webhookRows()).toHaveLength(1);
    await app.services.messaging.worker.drain();
    expect(seen).toHaveLength(1);
  });

  it("ping goes through the outbox with its row id as webhook-id; a sign-up emits member.joined", async () => {
    const ep = await register(["booking.checked_in", "member.joined"]);
    const ping = await json<{ id: string }>(await app.api(`/api/v1/webhooks/${ep.id}/ping`, { method: "POST", token: admin.token }), 202);
    await app.services.messaging.worker.drain();
    expect(JSON.parse(seen[0]!.body)).toMatchObject({ type: "ping", data: { endpointId: ep.id } });
    expect(seen[0]!.headers["webhook-id"]).toBe(ping.id);
    const signup = await app.api("/api/v1/auth/signup", { body: { email: `new-${Date.now()}@test.jejaring.id`, name: "Baru", password: "correct horse battery" } });
    expect(signup.status).toBeLessThan(300);
    const joined = (await webhookRows()).find((r) => r.kind === "member.joined");
    expect(joined?.payload).toMatchObject({ type: "member.joined", data: { memberId: expect.any(String) } });
  });
});

describe("webhooks: URL rules and access", () => {
  it.each(["http://127.0.0.1/x", "http://169.254.169.254/", "http://2130706433/", "http://[::1]/", "http://10.0.0.1/", "http://localhost:9/hook"])(
    "registering %s without the flag → 422 private_address",
    async (url) => {
      await expectProblem(await strict.api("/api/v1/webhooks", { token: admin.token, body: { url, events: ["booking.created"] } }), 422, "rule_violation");
      const res = await strict.api("/api/v1/webhooks", { token: admin.token, body: { url, events: ["booking.created"] } });
      expect(((await res.json()) as { reason: string }).reason).toBe("private_address");
      expect(await app.db.db.selectFrom("webhook_endpoints").select("id").execute()).toHaveLength(0);
    },
  );

  it("without the flag, a delivery whose URL now points at a private address is refused at send, for good", async () => {
    // Registered through the permissive app; the strict app's worker refuses it (as if DNS had changed).
    await register();
    const space = await createSpace(app.services);
    await book(space.resources[0]!.id);
    const settled = await strict.services.messaging.worker.drain();
    expect(settled.map((s) => s.status)).toEqual(["dead"]);
    expect(seen).toHaveLength(0);
    expect((await webhookRows())[0]!.last_error).toMatch(/^refused: 127\.0\.0\.1 is a loopback address/);
  });

  it.each([
    [{ url: "ftp://example.com/", events: ["booking.created"] }, 422, "webhook_url"],
    [{ url: "https://user:pw@example.com/", events: ["booking.created"] }, 422, "webhook_url"],
    [{ url: "https://example.com/", events: ["booking.exploded"] }, 422, "webhook_event"],
    [{ url: "https://example.com/", events: [] }, 400, undefined],
    [{ url: "https://example.com/", events: ["booking.created"], secret: "mine" }, 400, undefined],
  ])("refuses %j", async (body, status, reason) => {
    const res = await strict.api("/api/v1/webhooks", { token: admin.token, body });
    const problem = await json<{ reason?: string }>(res, status);
    if (reason) expect(problem.reason).toBe(reason);
  });

  it("non-admins get 404 on every webhook path; the secret is never shown again", async () => {
    const ep = await register();
    const operator = await createMember(app.db.db, app.services, { role: "operator" });
    for (const who of [member, operator]) {
      await expectProblem(await app.api("/api/v1/webhooks", { token: who.token }), 404, "not_found");
      await expectProblem(await app.api("/api/v1/webhooks", { token: who.token, body: { url: `${base}/x`, events: ["booking.created"] } }), 404, "not_found");
      await expectProblem(await app.api(`/api/v1/webhooks/${ep.id}`, { token: who.token }), 404, "not_found");
      await expectProblem(await app.api(`/api/v1/webhooks/${ep.id}`, { method: "PATCH", token: who.token, body: { enabled: false } }), 404, "not_found");
      await expectProblem(await app.api(`/api/v1/webhooks/${ep.id}`, { method: "DELETE", token: who.token }), 404, "not_found");
      await expectProblem(await app.api(`/api/v1/webhooks/${ep.id}/deliveries`, { token: who.token }), 404, "not_found");
      await expectProblem(await app.api(`/api/v1/webhooks/${ep.id}/ping`, { method: "POST", token: who.token }), 404, "not_found");
    }
    const list = await json<{ items: Endpoint[] }>(await app.api("/api/v1/webhooks", { token: admin.token }), 200);
    expect(list.items.map((i) => i.id)).toEqual([ep.id]);
    expect(JSON.stringify(list)).not.toContain("whsec_");
    expect(JSON.stringify(await (await app.api(`/api/v1/webhooks/${ep.id}`, { token: admin.token })).json())).not.toContain("whsec_");
    expect((await app.api(`/api/v1/webhooks/${ep.id}`, { method: "DELETE", token: admin.token })).status).toBe(204);
    await expectProblem(await app.api(`/api/v1/webhooks/${ep.id}`, { token: admin.token }), 404, "not_found");
  });
});
