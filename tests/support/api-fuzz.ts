import { createHash, randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import http from "node:http";
import fc from "fast-check";
import { DateTime } from "luxon";
import { afterAll, beforeAll, expect } from "vitest";
import { STATUS_BY_CODE } from "../../server/domain/errors.js";
import { apiRoutes } from "../../server/http/api/routes.js";
import { json, startTestApp, type TestApp } from "./app.js";
import { createMember, createSpace, TEST_PASSWORD, type TestMember } from "./factories.js";
import {
  badBodies,
  JUNK_SEGMENTS,
  junkQueryValue,
  malformedJson,
  type JsonSchema,
} from "./fuzz.js";

/**
 * Issue 11, item 10 (HTTP side): every operation of the app's own OpenAPI document gets generated bad input, as an
 * anonymous client, a member and an admin. Nothing may answer 5xx, every error is problem+json with a code, and
 * refused writes leave every table's row count as it was; the pages get junk ids and query text too. Fixed seed;
 * FUZZ_RUNS=3000 (and FUZZ_SEED=<n>) for a longer run, FUZZ_REPORT=<file> to keep the whole list of faults.
 *
 * Each operation gets RUNS bad bodies from the client that gets as far as its validation (anonymous for sign-up and
 * log-in, the admin for operator and admin operations, the member otherwise) and a thirtieth as many (at least 10)
 * from each other client, which must be refused before the body matters (401, 403).
 */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
export const SEED = Number(process.env.FUZZ_SEED ?? 20_261_101);
export const OTHERS = Math.max(10, Math.round(RUNS / 30));
export const GET_RUNS = Math.max(20, Math.round(RUNS / 10));
const CONCURRENCY = 8;
/** Plain node:http with keep-alive: a third of fetch's CPU per request, and client and server share this process. */
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY, timeout: 2_000 });
/** How many failing cases to show per operation (the rest are counted). */
const SHOW = 3;

export type Param = { name: string; in: "path" | "query" | "header"; required?: boolean; schema: JsonSchema };
export type Operation = {
  method: string;
  /** As in the document, below /api/v1: `/projects/{id}/members/{memberId}`. */
  path: string;
  key: string;
  body?: JsonSchema;
  params: Param[];
  query: Param[];
  idempotent: boolean;
  /** Who gets as far as validating the input. */
  reaches: Client;
};
export type Client = "anonymous" | "member" | "admin";
export type Sent = { method: string; url: string; headers: Record<string, string>; body?: string | Buffer };
type Answer = { status: number; contentType: string; text: string } | { error: string };

const CODES = new Set(Object.keys(STATUS_BY_CODE));

export let app: TestApp;
export let ops: Operation[];
export let member: TestMember;
export let other: TestMember;
export let admin: TestMember;
/** Real ids by the path segment before the parameter: [0] is the member's own (or visible), [1] someone else's. */
export let ids: Record<string, string[]>;
export let examples: Record<string, unknown>;
/** A valid query string per GET operation that takes one (values as they would appear, before encoding). */
export let queryExamples: Record<string, Record<string, string>>;

export const opSeed = (key: string, salt: string) => SEED ^ createHash("sha256").update(`${key}|${salt}`).digest().readUInt32BE(0);

export function send(req: Sent): Promise<Answer> {
  return new Promise((resolve) => {
    // An explicit length: node frames a DELETE body by Content-Length only (no chunking by default).
    const length = req.body === undefined ? {} : { "content-length": String(Buffer.byteLength(req.body)) };
    const headers = { ...req.headers, ...length };
    const request = http.request(`${app.url}${req.url}`, { method: req.method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? ""), text: Buffer.concat(chunks).toString() }),
      );
      res.on("error", (error) => resolve({ error: String(error) }));
    });
    request.on("error", (error) => resolve({ error: String(error) }));
    request.end(req.body);
  });
}

/** Runs `run` over `items` with a bounded number in flight. */
export async function pool<T>(items: T[], run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

/** Why an answer breaks the contract, or null: no 5xx, no acceptance of what must be refused, errors as problems. */
export function fault(answer: Answer, mustRefuse: boolean): string | null {
  if ("error" in answer) return `no answer (${answer.error})`;
  const { status, contentType, text } = answer;
  if (status >= 500) return `${status} ${text.slice(0, 160)}`;
  if (mustRefuse && status < 400) return `accepted with ${status}: ${text.slice(0, 160)}`;
  if (status < 400) return null;
  if (!/^application\/problem\+json/.test(contentType)) return `${status} as ${contentType || "no content type"}: ${text.slice(0, 120)}`;
  let problem: { code?: unknown; status?: unknown };
  try {
    problem = JSON.parse(text) as typeof problem;
  } catch {
    return `${status} problem that is not JSON: ${text.slice(0, 120)}`;
  }
  if (typeof problem.code !== "string" || !CODES.has(problem.code)) return `${status} problem without a known code: ${text.slice(0, 160)}`;
  if (problem.status !== status) return `${status} problem that says status ${String(problem.status)}`;
  return null;
}

const show = (req: Sent) => {
  const body = req.body === undefined ? "" : typeof req.body === "string" ? req.body : `<${req.body.length} bytes>`;
  const type = req.headers["content-type"] ? ` [${req.headers["content-type"]}]` : "";
  return `${req.method} ${req.url.length > 160 ? `${req.url.slice(0, 160)}…` : req.url}${type} ${body.length > 200 ? `${body.slice(0, 200)}… (${body.length} chars)` : body}`;
};

/** Collects faults per operation, showing a few and counting the rest. */
export function collector() {
  const byOp = new Map<string, string[]>();
  const counts = new Map<string, number>();
  return {
    add(label: string, req: Sent, why: string) {
      counts.set(label, (counts.get(label) ?? 0) + 1);
      const list = byOp.get(label) ?? [];
      if (list.length < SHOW) list.push(`${label}: ${why}\n    sent ${show(req)}`);
      byOp.set(label, list);
    },
    report(): string[] {
      const lines = [...byOp].flatMap(([label, list]) => {
        const more = counts.get(label)! - list.length;
        return more > 0 ? [...list, `${label}: … and ${more} more`] : list;
      });
      // FUZZ_REPORT=<file> keeps the whole list (the assertion's diff is long and coloured).
      if (process.env.FUZZ_REPORT && lines.length) appendFileSync(process.env.FUZZ_REPORT, `${lines.join("\n")}\n`);
      return lines;
    },
  };
}

export function headersFor(client: Client, extra: Record<string, string> = {}): Record<string, string> {
  const token = client === "member" ? member.token : client === "admin" ? admin.token : undefined;
  return { ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra };
}

/** The path with each parameter replaced: a real id (own or someone else's), a random uuid, or junk. */
export function pathWith(op: Operation, choice: (param: Param, real: string[]) => string): string {
  return op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const param = op.params.find((p) => p.name === name)!;
    const segment = op.path.split("/")[op.path.split("/").indexOf(`{${name}}`) - 1] ?? "";
    const real = name === "memberId" ? ids.members! : ids[segment] ?? [];
    return choice(param, real);
  });
}

export const writeOps = () => ops.filter((o) => o.method !== "GET");

/** The member's and the admin's tokens still work: a bad request to DELETE /auth/tokens/current must not revoke them. */
export async function expectTokensAlive(after: string) {
  for (const client of ["member", "admin"] as const) {
    const answer = await send({ method: "GET", url: "/api/v1/me", headers: headersFor(client) });
    expect("status" in answer && answer.status, `${client}'s token after ${after}`).toBe(200);
  }
}

/**
 * The one set-up of the fuzz files: before all tests, the app with the UI (page loaders read query strings and
 * path ids too) and a small world of real rows (a member's own and another member's, so ids can be real, foreign,
 * random or junk), the operations of the served OpenAPI document and a valid example per body and query; after all,
 * the app stops. Tables are never emptied in between: every fuzz test must leave them as they were.
 */
export function useFuzzWorld(): void {
  beforeAll(async () => {
    // With the UI: page loaders read query strings and path ids too.
    app = await startTestApp({ remix: true });
    const doc = await json<{ paths: Record<string, Record<string, Record<string, unknown>>> }>(await app.api("/api/v1/openapi.json"), 200);
    ops = Object.entries(doc.paths).flatMap(([full, methods]) =>
      Object.entries(methods).map(([method, op]) => {
        const parameters = (op.parameters ?? []) as Param[];
        const path = full.replace(/^\/api\/v1/, "");
        const key = `${method.toUpperCase()} ${path}`;
        const body = (op.requestBody as { content: Record<string, { schema: JsonSchema }> } | undefined)?.content["application/json"]?.schema;
        // The document says public or not; which role an operation needs is in the route table.
        const access = routeOf(key)?.access;
        const reaches: Client = Array.isArray(op.security) && op.security.length === 0 ? "anonymous" : access === "member" ? "member" : "admin";
        return {
          method: method.toUpperCase(),
          path,
          key,
          body,
          params: parameters.filter((p) => p.in === "path"),
          query: parameters.filter((p) => p.in === "query"),
          idempotent: parameters.some((p) => p.in === "header" && p.name === "Idempotency-Key"),
          reaches,
        };
      }),
    );

    // Real rows: some the member owns, some of another member's they may not see.
    admin = await createMember(app.db.db, app.services, { role: "admin" });
    member = await createMember(app.db.db, app.services);
    other = await createMember(app.db.db, app.services);
    const space = await createSpace(app.services, { desks: 2 });
    const [desk1, desk2] = space.resources;
    const as = (m: TestMember) => async (path: string, body?: unknown, method?: string) =>
      app.api(`/api/v1${path}`, { token: m.token, body, method });
    const created = async <T>(res: Promise<Response>) => json<T>(await res, 201);
    const start = DateTime.now().setZone("Asia/Jakarta").plus({ days: 2 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    const at = (d: DateTime) => d.toISO({ suppressMilliseconds: true })!;
    const slot = { start: at(start), end: at(start.plus({ hours: 1 })) };
    const own = { project: "", message: "", task: "", booking: "", connection: "" };
    const theirs = { ...own };
    for (const [m, into, desk] of [[member, own, desk1!], [other, theirs, desk2!]] as const) {
      const api = as(m);
      into.project = (await created<{ id: string }>(api("/projects", { name: `Fuzz ${m.name}` }))).id;
      into.message = (await created<{ id: string }>(api(`/projects/${into.project}/messages`, { body: "hello", clientId: randomUUID() }))).id;
      into.task = (await created<{ id: string }>(api(`/projects/${into.project}/tasks`, { title: "First task" }))).id;
      into.booking = (await created<{ id: string }>(api("/bookings", { resourceId: desk.id, ...slot }))).id;
    }
    own.connection = (await created<{ id: string }>(as(other)("/connections", { memberId: member.id }))).id;
    theirs.connection = (await created<{ id: string }>(as(admin)("/connections", { memberId: other.id }))).id;
    const feed = (await json<{ url: string }>(await as(member)("/me/calendar"), 200)).url.split("/").pop()!;
    const closedFrom = start.plus({ days: 20 });
    const closure = (
      await created<{ id: string }>(as(admin)(`/spaces/${space.id}/closures`, { start: at(closedFrom), end: at(closedFrom.plus({ days: 1 })), reason: "Fuzz" }))
    ).id;
    // A members' event and a public one, made by the admin at the space (a fuzzed request never books its room).
    const eventAt = { spaceId: space.id, start: at(start.plus({ days: 3 })), end: at(start.plus({ days: 3, hours: 1 })), capacity: 5 };
    const memberEvent = (await created<{ id: string }>(as(admin)("/events", { ...eventAt, title: "Fuzz members", visibility: "members" }))).id;
    const publicEvent = (await created<{ id: string }>(as(admin)("/events", { ...eventAt, title: "Fuzz public", visibility: "public" }))).id;
    ids = {
      events: [memberEvent, publicEvent],
      projects: [own.project, theirs.project],
      messages: [own.message, theirs.message],
      tasks: [own.task, theirs.task],
      bookings: [own.booking, theirs.booking],
      connections: [own.connection, theirs.connection],
      members: [member.id, other.id, admin.id],
      spaces: [space.id],
      resources: [desk1!.id, desk2!.id],
      calendar: [feed],
      closures: [closure],
    };

    const later = { start: at(start.plus({ days: 1 })), end: at(start.plus({ days: 1, hours: 1 })) };
    const day = start.toISODate()!;
    queryExamples = {
      "GET /admin/members": { q: "member", role: "member", suspended: "false", limit: "10" },
      "GET /members": { q: "design", specialty: "packaging", offer: "design", need: "export", city: "Makassar", hereAt: space.id, limit: "10" },
      "GET /me/matches": { limit: "5", spaceId: space.id },
      "GET /members/{id}/photo": { size: "64", v: "0123456789abcdef" },
      "GET /tags": { field: "offers", q: "des" },
      "GET /search": { q: "packaging", limit: "5" },
      "GET /spaces/{id}/closures/preview": later,
      "GET /spaces/{id}/closures": { when: "upcoming" },
      "GET /spaces/{id}/availability": { date: day, from: "08:00", to: "12:00" },
      "GET /bookings": { ...slot, limit: "50" },
      "GET /bookings/{id}/move-options": { date: day, from: "12:00", to: "13:00" },
      "GET /bookings/quote": { resourceId: desk1!.id, ...slot },
      "GET /projects/{id}/messages": { afterSeq: "0", limit: "20" },
      "GET /conversations/{memberId}/messages": { beforeSeq: "10", limit: "20" },
      "GET /me/week": { date: day },
      "GET /spaces/{id}/week": { date: day },
      "GET /spaces/{id}/occupancy": { from: day, to: start.plus({ days: 30 }).toISODate()!, format: "json", section: "days" },
      "GET /spaces/{id}/revenue": { from: day.slice(0, 7), to: start.plus({ months: 2 }).toISODate()!.slice(0, 7) },
      "GET /spaces/{id}/bookings.csv": { from: day, to: start.plus({ days: 7 }).toISODate()!, status: "confirmed" },
      "GET /plans": { spaceId: space.id },
      "GET /plans/{id}/quote": { startDate: day },
      "GET /spaces/{id}/subscriptions": { status: "active" },
      "GET /me/wallet": { limit: "10" },
      "GET /invoices/{id}": { format: "json" },
      "GET /me/invoices": { status: "issued", limit: "10" },
      "GET /spaces/{id}/invoices": { status: "issued", from: day, to: day, memberId: member.id, limit: "10", format: "json" },
      "GET /admin/outbox": { channel: "email", status: "dead", limit: "10" },
      "GET /invitations/preview": { token: "C".repeat(43) },
      "GET /invitations": { spaceId: space.id },
      "GET /webhooks/{id}/deliveries": { limit: "10" },
      "GET /referrals": { side: "given", status: "won" },
      "GET /network/health": { from: day, to: day, format: "json", section: "summary" },
      "GET /ledger/hours": { side: "received", status: "pending" },
      "GET /events": { spaceId: space.id, from: slot.start, to: later.end, limit: "10" },
    };
    examples = {
      "POST /auth/signup": { email: "fuzz.signup@example.com", password: "correct horse battery staple", name: "Fuzz Signup" },
      "POST /auth/tokens": { email: member.email, password: TEST_PASSWORD, label: "fuzz" },
      "PATCH /members/{id}/role": { role: "member" },
      // Wrong passwords on purpose: a fuzzed request that slipped through must never change or delete the account.
      "PUT /me/password": { currentPassword: "not the password", newPassword: "another long password" },
      "PUT /me/locale": { locale: "en" },
      // A wrong password on purpose: a fuzzed request that slipped through must never start an email change.
      "PUT /me/email": { email: "new.fuzz@example.com", password: "not the password" },
      "DELETE /me": { password: "not the password" },
      "POST /members/{id}/suspend": { suspended: false },
      "PATCH /me/profile": {
        headline: "Packaging designer",
        bio: "Ten years of boxes.\nNow bottles.",
        businessName: "Kemas",
        city: "Makassar",
        specialties: ["packaging"],
        offers: ["design"],
        needs: ["export"],
        links: ["https://example.com/portfolio"],
        showPresence: true,
        hidden: false,
      },
      "POST /connections": { memberId: other.id, note: "Hello" },
      "POST /introductions": { memberIds: [member.id, other.id], note: "You should meet", meeting: { resourceId: desk1!.id, ...later } },
      "POST /introductions/{id}/feedback": { met: true, useful: true },
      "PUT /me/introductions/opt-in": { thisWeek: true },
      "POST /spaces": {
        name: "Fuzz space",
        timezone: "Asia/Jakarta",
        address: "Jl. Sudirman 1",
        openingHours: [{ weekday: 1, opens: "08:00", closes: "17:00" }],
        rules: { maxBookingMinutes: 120, maxAdvanceDays: 30, minNoticeMinutes: 0, checkInGraceMinutes: 15 },
        capacity: 10,
        reminderMinutes: 120,
      },
      "PATCH /spaces/{id}": { name: "Renamed", address: "Jl. Thamrin 2", capacity: 40, reminderMinutes: 30, acceptOverCapacity: false },
      "POST /spaces/{id}/resources": { name: "D-99", kind: "desk", capacity: 1, zone: "B", x: 10, y: 20, amenities: ["monitor"] },
      "PUT /spaces/{id}/floor-plan": { positions: [{ resourceId: desk1!.id, x: 5, y: 6 }] },
      // The space has no operator: an empty set is valid, and changes nothing.
      "PUT /spaces/{id}/operators": { memberIds: [] },
      "PATCH /resources/{id}": { name: "D-01b", capacity: 2, zone: "C", x: 1, y: 2, amenities: ["lamp"] },
      "POST /resources/{id}/deactivate": { futureBookings: "move" },
      "POST /spaces/{id}/closures": { ...later, reason: "Renovation" },
      "PATCH /closures/{id}": { ...later, reason: "Painting" },
      "POST /bookings": { resourceId: desk1!.id, ...later, note: "Quiet please", recurrence: { freq: "weekly", count: 2 }, pay: "auto" },
      "PATCH /bookings/{id}": { ...later, resourceId: desk1!.id },
      "POST /waitlist": { resourceId: desk1!.id, ...later },
      "POST /me/notifications/read": { ids: [randomUUID()] },
      "POST /projects": { name: "Fuzz project", description: "Line one\nLine two" },
      "PATCH /projects/{id}": { name: "Renamed project", description: "New" },
      "POST /projects/{id}/members": { memberId: other.id, role: "member" },
      "PATCH /projects/{id}/members/{memberId}": { role: "member" },
      "POST /projects/{id}/messages": { body: "Hi @all", clientId: "fuzz-client-1" },
      "PATCH /messages/{id}": { body: "Edited" },
      "POST /conversations/{memberId}/messages": { body: "Halo", clientId: "fuzz-direct-1" },
      "POST /projects/{id}/read": { seq: 1 },
      "POST /projects/{id}/tasks": { title: "Fuzz task", status: "todo", assigneeId: null },
      "PATCH /tasks/{id}": {
        title: "Renamed task",
        status: "doing",
        assigneeId: null,
        position: 1.5,
        description: "Line one\nLine two",
        dueDate: "2026-12-24",
        archived: false,
        version: 1,
      },
      "POST /tasks/{id}/comments": { body: "Fuzz comment", clientId: "fuzz-comment-1" },
      "POST /projects/{id}/bookings": { resourceId: desk1!.id, ...later },
      "POST /plans": { spaceId: space.id, name: "Fuzz plan", kind: "hot_desk", price: 1_250_000, interval: "month", creditsPerCycle: 10, description: "Line one\nLine two" },
      "PATCH /plans/{id}": { name: "Renamed plan", price: 1_300_000, public: true },
      "POST /subscriptions": { planId: randomUUID(), startDate: day },
      "POST /members/{id}/wallet/adjustments": { spaceId: space.id, credits: 2, dayPasses: 1, reason: "Fuzz\ncorrection" },
      "POST /spaces/{id}/invoices": { memberId: member.id, lines: [{ description: "Fuzz line", quantity: 1, unitPrice: 1000 }], note: "Fuzz" },
      "POST /invoices/{id}/payments": { amount: 1000, method: "transfer", reference: "Fuzz ref", paidAt: day, withheld: 0 },
      "POST /invoices/{id}/void": { reason: "Fuzz" },
      "PATCH /me/notification-preferences": { email: true, kinds: { booking_reminder: true } },
      "POST /me/phone-verification": { code: "123456" },
      "POST /auth/password-reset": { email: "nobody.fuzz@example.com" },
      // Tokens no one was ever given: a fuzzed request that slipped through changes no password and verifies no one.
      "POST /auth/password-reset/confirm": { token: "A".repeat(43), password: "correct horse battery staple" },
      "POST /auth/verify-email": { token: "B".repeat(43) },
      "POST /invitations": { email: "invitee.fuzz@example.com", role: "member" },
      "POST /webhooks": { url: "https://example.com/hooks/fuzz", events: ["booking.created"], description: "Fuzz" },
      "PATCH /webhooks/{id}": { description: "Renamed hook", enabled: true },
      // Members no one is: a fuzzed request that slipped through passes no business and records no hours (404).
      "POST /referrals": { toMemberId: randomUUID(), prospect: "Toko Fuzz", description: "Needs\nphotos", estimatedValue: 1_000_000 },
      "PATCH /referrals/{id}": { status: "won", closedValue: 1_000_000 },
      "POST /ledger/hours": { toMemberId: randomUUID(), hours: 1.5, description: "Fuzz review" },
      "POST /ledger/hours/{id}/reverse": { reason: "Fuzz correction" },
      "PUT /ledger/settings": { creditLimitHours: -20 },
      // At a space nobody runs as a member: a fuzzed create by the admin lands (rooms: none), never a 5xx.
      "POST /events": { spaceId: space.id, title: "Fuzz event", description: "Line one\nLine two", start: later.start, end: later.end, capacity: 3, visibility: "public", recurrence: { freq: "weekly", count: 2 } },
      "POST /events/{id}/check-in": { memberId: member.id },
    };
  });

  afterAll(async () => {
    agent.destroy();
    await app?.stop();
  });
}

export const routeOf = (key: string) => apiRoutes.find((r) => `${r.method.toUpperCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}` === key);

/** A path for `op`: each parameter a real id (own or another's), a random uuid, or junk. */
export function pathChoice(op: Operation): fc.Arbitrary<string> {
  return fc.array(fc.tuple(fc.nat({ max: 9 }), fc.nat()), { minLength: op.params.length, maxLength: op.params.length }).map((picks) => {
    let i = 0;
    return pathWith(op, (_param, real) => {
      const [kind, n] = picks[i++]!;
      if (kind < 4 && real.length) return real[n % real.length]!;
      if (kind < 6) return randomUUIDFrom(n);
      return JUNK_SEGMENTS[n % JUNK_SEGMENTS.length]!;
    });
  });
}

/** A deterministic (seeded) v4-shaped uuid. */
export function randomUUIDFrom(n: number): string {
  const hex = createHash("sha256").update(String(n)).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * `?…`: the operation's valid example query with one or two of its values replaced by junk (so the others still
 * get the request as far as the service), or only junk: its own parameters and unknown ones, repeated keys, qs
 * nesting.
 */
export function queryString(op: Operation): fc.Arbitrary<string> {
  const names = [...op.query.map((p) => p.name), "__proto__", "constructor", "extra", "q"];
  const pair = fc.tuple(fc.constantFrom(...names), fc.nat({ max: 9 }), junkQueryValue).map(([name, shape, value]) => {
    if (shape === 0) return `${name}[]=${value}&${name}[]=${value}`;
    if (shape === 1) return `${name}[a][b]=${value}`;
    if (shape === 2) return `${name}=${value}&${name}=${value}`;
    if (shape === 3) return `${name}[__proto__][x]=${value}`;
    return `${name}=${value}`;
  });
  const onlyJunk = fc.array(pair, { minLength: 1, maxLength: 4 }).map((pairs) => `?${pairs.join("&")}`);
  const example = queryExamples[op.key];
  if (!example) return onlyJunk;
  const keys = Object.keys(example);
  const mutated = fc
    .array(fc.tuple(fc.nat({ max: keys.length - 1 }), fc.oneof(junkQueryValue, fc.constant(null))), { minLength: 1, maxLength: 2 })
    .map((changes) => {
      const q: Record<string, string | null> = { ...example };
      for (const [i, value] of changes) q[keys[i]!] = value;
      const given = Object.entries(q).filter(([, v]) => v !== null);
      return `?${given.map(([k, v]) => `${k}=${k in example && v === example[k] ? encodeURIComponent(v!) : v}`).join("&")}`;
    });
  return fc.oneof({ arbitrary: mutated, weight: 3 }, { arbitrary: onlyJunk, weight: 1 });
}

/** The generated bad requests for one operation and client, each invalid by construction. */
export function casesFor(op: Operation, client: Client, runs: number): Sent[] {
  const seed = opSeed(op.key, client);
  const idempotencyKey = fc.option(fc.constantFrom("k-1", "x".repeat(256), "", "é-latin1", " "), { freq: 3 });
  const pathGood = pathChoice(op);
  const url = (path: string) => `/api/v1${path}`;
  if (op.body) {
    const arb = fc.tuple(badBodies(op.body, examples[op.key]), pathGood, idempotencyKey, fc.constantFrom("application/json", "application/json; charset=utf-8", "application/merge-patch+json"));
    return fc.sample(arb, { seed, numRuns: runs }).map(([body, path, key, type]) => ({
      method: op.method,
      url: url(path),
      headers: headersFor(client, { "content-type": type, ...(op.idempotent && key !== null ? { "idempotency-key": key } : {}) }),
      body: body.text,
    }));
  }
  // No body: a junk path makes the request bad (its body is ignored); without path parameters, malformed JSON does.
  if (op.params.length) {
    const junkPath = fc.array(fc.nat(), { minLength: op.params.length, maxLength: op.params.length }).map((picks) => {
      let i = 0;
      return pathWith(op, () => JUNK_SEGMENTS[picks[i++]! % JUNK_SEGMENTS.length]!);
    });
    const body = fc.oneof(malformedJson, fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)));
    return fc.sample(fc.tuple(junkPath, body), { seed, numRuns: runs }).map(([path, text]) => ({
      method: op.method,
      url: url(path),
      headers: headersFor(client, { "content-type": "application/json" }),
      body: text,
    }));
  }
  return fc.sample(malformedJson, { seed, numRuns: runs }).map((text) => ({
    method: op.method,
    url: url(op.path),
    headers: headersFor(client, { "content-type": "application/json" }),
    body: text,
  }));
}
