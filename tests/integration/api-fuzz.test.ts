import { createHash, randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import http from "node:http";
import fc from "fast-check";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATUS_BY_CODE } from "../../server/domain/errors.js";
import { apiRoutes } from "../../server/http/api/routes.js";
import { json, startTestApp, type TestApp } from "../support/app.js";
import { createMember, createSpace, TEST_PASSWORD, type TestMember } from "../support/factories.js";
import {
  badBodies,
  breaksPolicy,
  CRAFTED_CURSORS,
  JUNK_SEGMENTS,
  junkQueryValue,
  malformedJson,
  surelyInvalid,
  type JsonSchema,
} from "../support/fuzz.js";

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
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_101);
const OTHERS = Math.max(10, Math.round(RUNS / 30));
const GET_RUNS = Math.max(20, Math.round(RUNS / 10));
const CONCURRENCY = 8;
/** Plain node:http with keep-alive: a third of fetch's CPU per request, and client and server share this process. */
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY, timeout: 2_000 });
/** How many failing cases to show per operation (the rest are counted). */
const SHOW = 3;

type Param = { name: string; in: "path" | "query" | "header"; required?: boolean; schema: JsonSchema };
type Operation = {
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
type Client = "anonymous" | "member" | "admin";
type Sent = { method: string; url: string; headers: Record<string, string>; body?: string | Buffer };
type Answer = { status: number; contentType: string; text: string } | { error: string };

const CODES = new Set(Object.keys(STATUS_BY_CODE));

let app: TestApp;
let ops: Operation[];
let member: TestMember;
let other: TestMember;
let admin: TestMember;
/** Real ids by the path segment before the parameter: [0] is the member's own (or visible), [1] someone else's. */
let ids: Record<string, string[]>;
let examples: Record<string, unknown>;
/** A valid query string per GET operation that takes one (values as they would appear, before encoding). */
let queryExamples: Record<string, Record<string, string>>;

const opSeed = (key: string, salt: string) => SEED ^ createHash("sha256").update(`${key}|${salt}`).digest().readUInt32BE(0);

function send(req: Sent): Promise<Answer> {
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
async function pool<T>(items: T[], run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

/** Why an answer breaks the contract, or null: no 5xx, no acceptance of what must be refused, errors as problems. */
function fault(answer: Answer, mustRefuse: boolean): string | null {
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
function collector() {
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

function headersFor(client: Client, extra: Record<string, string> = {}): Record<string, string> {
  const token = client === "member" ? member.token : client === "admin" ? admin.token : undefined;
  return { ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra };
}

/** The path with each parameter replaced: a real id (own or someone else's), a random uuid, or junk. */
function pathWith(op: Operation, choice: (param: Param, real: string[]) => string): string {
  return op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const param = op.params.find((p) => p.name === name)!;
    const segment = op.path.split("/")[op.path.split("/").indexOf(`{${name}}`) - 1] ?? "";
    const real = name === "memberId" ? ids.members! : ids[segment] ?? [];
    return choice(param, real);
  });
}

const writeOps = () => ops.filter((o) => o.method !== "GET");

/** The member's and the admin's tokens still work: a bad request to DELETE /auth/tokens/current must not revoke them. */
async function expectTokensAlive(after: string) {
  for (const client of ["member", "admin"] as const) {
    const answer = await send({ method: "GET", url: "/api/v1/me", headers: headersFor(client) });
    expect("status" in answer && answer.status, `${client}'s token after ${after}`).toBe(200);
  }
}

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
  ids = {
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
    "GET /tags": { field: "offers", q: "des" },
    "GET /spaces/{id}/closures/preview": later,
    "GET /spaces/{id}/closures": { when: "upcoming" },
    "GET /spaces/{id}/availability": { date: day, from: "08:00", to: "12:00" },
    "GET /bookings": { ...slot, limit: "50" },
    "GET /projects/{id}/messages": { afterSeq: "0", limit: "20" },
    "GET /spaces/{id}/occupancy": { from: day, to: start.plus({ days: 30 }).toISODate()!, format: "json", section: "days" },
    "GET /spaces/{id}/bookings.csv": { from: day, to: start.plus({ days: 7 }).toISODate()!, status: "confirmed" },
  };
  examples = {
    "POST /auth/signup": { email: "fuzz.signup@example.com", password: "correct horse battery staple", name: "Fuzz Signup" },
    "POST /auth/tokens": { email: member.email, password: TEST_PASSWORD, label: "fuzz" },
    "PATCH /members/{id}/role": { role: "member" },
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
    "POST /introductions": { memberIds: [member.id, other.id], note: "You should meet" },
    "POST /spaces": {
      name: "Fuzz space",
      timezone: "Asia/Jakarta",
      address: "Jl. Sudirman 1",
      openingHours: [{ weekday: 1, opens: "08:00", closes: "17:00" }],
      rules: { maxBookingMinutes: 120, maxAdvanceDays: 30, minNoticeMinutes: 0, checkInGraceMinutes: 15 },
      capacity: 10,
    },
    "PATCH /spaces/{id}": { name: "Renamed", address: "Jl. Thamrin 2", capacity: 40, acceptOverCapacity: false },
    "POST /spaces/{id}/resources": { name: "D-99", kind: "desk", capacity: 1, zone: "B", x: 10, y: 20, amenities: ["monitor"] },
    "PUT /spaces/{id}/floor-plan": { positions: [{ resourceId: desk1!.id, x: 5, y: 6 }] },
    "PATCH /resources/{id}": { name: "D-01b", capacity: 2, zone: "C", x: 1, y: 2, amenities: ["lamp"] },
    "POST /resources/{id}/deactivate": { futureBookings: "move" },
    "POST /spaces/{id}/closures": { ...later, reason: "Renovation" },
    "PATCH /closures/{id}": { ...later, reason: "Painting" },
    "POST /bookings": { resourceId: desk1!.id, ...later, note: "Quiet please", recurrence: { freq: "weekly", count: 2 } },
    "PATCH /bookings/{id}": { ...later, resourceId: desk1!.id },
    "POST /waitlist": { resourceId: desk1!.id, ...later },
    "POST /me/notifications/read": { ids: [randomUUID()] },
    "POST /projects": { name: "Fuzz project", description: "Line one\nLine two" },
    "PATCH /projects/{id}": { name: "Renamed project", description: "New" },
    "POST /projects/{id}/members": { memberId: other.id, role: "member" },
    "PATCH /projects/{id}/members/{memberId}": { role: "member" },
    "POST /projects/{id}/messages": { body: "Hi @all", clientId: "fuzz-client-1" },
    "PATCH /messages/{id}": { body: "Edited" },
    "POST /projects/{id}/read": { seq: 1 },
    "POST /projects/{id}/tasks": { title: "Fuzz task", status: "todo", assigneeId: null },
    "PATCH /tasks/{id}": { title: "Renamed task", status: "doing", assigneeId: null, position: 1.5, version: 1 },
    "POST /projects/{id}/bookings": { resourceId: desk1!.id, ...later },
  };
});

afterAll(async () => {
  agent.destroy();
  await app?.stop();
});

const routeOf = (key: string) => apiRoutes.find((r) => `${r.method.toUpperCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}` === key);

describe("API fuzz: the operations of the OpenAPI document", () => {
  it("finds the write operations in the served document, each body with a valid example", () => {
    const withBody = writeOps().filter((o) => o.body);
    expect(withBody.length).toBeGreaterThan(20);
    expect(writeOps().filter((o) => !o.body).length).toBeGreaterThan(5);
    // A new write operation needs an example here, so that the fuzzer covers it (and a GET with a query one too).
    expect(withBody.map((o) => o.key).sort()).toEqual(Object.keys(examples).sort());
    const withQuery = ops.filter((o) => o.method === "GET" && o.query.length);
    expect(withQuery.map((o) => o.key).sort()).toEqual(Object.keys(queryExamples).sort());
    for (const op of withBody) {
      const example = examples[op.key];
      expect(surelyInvalid(op.body, example), `${op.key}: the example breaks the document's schema`).toBe(false);
      expect(breaksPolicy(op.body, example), op.key).toBe(false);
      const parsed = routeOf(op.key)?.body?.safeParse(example);
      expect(parsed?.success, `${op.key}: ${JSON.stringify(parsed?.error?.issues)}`).toBe(true);
    }
  });

  it("generated bad bodies to every write operation are refused with a problem, and write nothing", { timeout: 240_000 }, async () => {
    const faults = collector();
    for (const op of writeOps()) {
      const cases = (["anonymous", "member", "admin"] as const).flatMap((client) =>
        casesFor(op, client, client === op.reaches ? RUNS : OTHERS).map((req) => ({ client, req })),
      );
      expect(cases.filter((c) => c.client === op.reaches).length).toBeGreaterThanOrEqual(RUNS);
      const before = await app.db.rowCounts();
      await pool(cases, async ({ client, req }) => {
        const why = fault(await send(req), true);
        if (why) faults.add(`${client} ${op.key}`, req, why);
      });
      expect.soft(await app.db.rowCounts(), `${op.key}: row counts changed`).toEqual(before);
      await expectTokensAlive(op.key);
    }
    expect(faults.report()).toEqual([]);
  });

  it("malformed JSON, wrong content types, bad encodings and bodies over the limit are refused with a problem", { timeout: 120_000 }, async () => {
    const faults = collector();
    for (const op of writeOps()) {
      const cases: Array<{ client: Client; req: Sent; mustRefuse: boolean }> = [];
      for (const client of ["anonymous", "member", "admin"] as const) {
        // Real ids, so that only the body is wrong (a bodiless operation ignores its body: junk ids there).
        const path = `/api/v1${pathWith(op, (_p, real) => (op.body ? real[0] ?? randomUUID() : "not-a-uuid"))}`;
        const json = (body: string | Buffer, extra: Record<string, string> = {}) =>
          ({ method: op.method, url: path, headers: headersFor(client, { "content-type": "application/json", ...extra }), body }) as Sent;
        const add = (req: Sent, mustRefuse: boolean) => cases.push({ client, req, mustRefuse });
        for (const text of fc.sample(malformedJson, { seed: opSeed(op.key, `malformed ${client}`), numRuns: 4 })) add(json(text), true);
        const example = JSON.stringify(examples[op.key] ?? {});
        add(json(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d, 0x7d])), true);
        add(json(`{"name":"${"x".repeat(70_000)}"}`), true);
        add(json(Buffer.alloc(600_000, 0x20)), true);
        add(json(example, { "content-type": "application/json; charset=latin1" }), true);
        add(json(example, { "content-encoding": "x-unknown" }), true);
        add(json(example, { "content-encoding": "gzip" }), true);
        add(json(example, { "content-encoding": "deflate" }), true);
        // A bodiless operation without parameters would simply run with any of these: not there.
        if (op.body || op.params.length) {
          // JSON null is not an object.
          add(json("null"), true);
          // An empty object: refused, or (an all-optional PATCH) a no-op; never a 5xx, never a row.
          add(json("{}"), false);
          // Wrong content types: the body is not read as JSON, so it is as if empty.
          for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "application/octet-stream", ""]) {
            add(json(type.startsWith("application/x-www") ? "name=x&__proto__[admin]=1" : example, { "content-type": type }), false);
          }
        }
      }
      const before = await app.db.rowCounts();
      await pool(cases, async ({ client, req, mustRefuse }) => {
        const why = fault(await send(req), mustRefuse);
        if (why) faults.add(`${client} ${op.key}`, req, why);
      });
      expect.soft(await app.db.rowCounts(), `${op.key}: row counts changed`).toEqual(before);
      await expectTokensAlive(op.key);
    }
    expect(faults.report()).toEqual([]);
  });

  it("pages: junk path ids and query text (NUL, impossible dates, crafted cursors) never answer 5xx", { timeout: 120_000 }, async () => {
    const faults = collector();
    const cookies = {
      anonymous: {},
      member: { cookie: `jj_session=${await app.services.identity.startSession(member.id, "web")}` },
      admin: { cookie: `jj_session=${await app.services.identity.startSession(admin.id, "web")}` },
    };
    const pageRuns = Math.max(4, Math.round(RUNS / 50));
    for (const page of PAGES) {
      const cases = (["anonymous", "member", "admin"] as const).flatMap((client) =>
        fc
          .sample(pageUrl(page), { seed: opSeed(page, `page ${client}`), numRuns: client === "anonymous" ? 2 : pageRuns })
          .map((url) => ({ client, req: { method: "GET", url, headers: cookies[client] } as Sent })),
      );
      // And always: the own ids with NUL in the search, a cursor no page handed out, and impossible dates.
      const own = page.replace(/\{(\w+)\}/, (_m, kind: string) => ids[kind]?.[0] ?? "0123456789abcdef0123456789abcdef");
      for (const client of ["member", "admin"] as const) {
        const url = `${own}?q=a%00b&cursor=ew&from=0000-01-01&to=2026-02-30&date=9999-13-01&before=-1&edit=%00`;
        cases.push({ client, req: { method: "GET", url, headers: cookies[client] } as Sent });
        cases.push({ client, req: { method: "GET", url: `${own}?cursor=${CRAFTED_CURSORS[0]}`, headers: cookies[client] } as Sent });
      }
      await pool(cases, async ({ client, req }) => {
        const answer = await send(req);
        const why = "error" in answer ? `no answer (${answer.error})` : answer.status >= 500 ? `${answer.status}` : null;
        if (why) faults.add(`${client} page ${page}`, req, why);
      });
    }
    expect(faults.report()).toEqual([]);
  });

  it("fuzzed query strings and path parameters to every GET operation never answer 5xx", { timeout: 120_000 }, async () => {
    const faults = collector();
    const gets = ops.filter((o) => o.method === "GET" && o.path !== "/openapi.json");
    expect(gets.length).toBeGreaterThan(20);
    for (const op of gets) {
      for (const client of ["anonymous", "member", "admin"] as const) {
        const runs = client === op.reaches ? GET_RUNS : Math.ceil(GET_RUNS / 4);
        const queries = fc.sample(queryString(op), { seed: opSeed(op.key, `query ${client}`), numRuns: runs });
        const paths = fc.sample(pathChoice(op), { seed: opSeed(op.key, `path ${client}`), numRuns: runs });
        const cases = queries.map((q, i) => ({ method: "GET", url: `/api/v1${paths[i]}${q}`, headers: headersFor(client) }) as Sent);
        // Every date or instant of the example query at the edges of time (year 0000, 9999, impossible days), the rest valid.
        const example = queryExamples[op.key];
        if (example && client === op.reaches) {
          for (const [key, value] of Object.entries(example)) {
            if (!/^\d{4}-\d{2}-\d{2}/.test(value)) continue;
            for (const edge of ["0000-01-01", "0001-01-01", "1969-12-31", "9999-12-31", "2026-02-30"]) {
              const query = new URLSearchParams({ ...example, [key]: `${edge}${value.slice(10)}` }).toString();
              cases.push({ method: "GET", url: `/api/v1${pathWith(op, (_p, real) => real[0] ?? randomUUID())}?${query}`, headers: headersFor(client) });
            }
          }
        }
        // Cursors crafted to decode into what the server never issued, with and without a search (two cursor kinds).
        if (op.query.some((p) => p.name === "cursor") && client === op.reaches) {
          const { q, ...plain } = queryExamples[op.key]!;
          for (const base of [{ ...plain, q: q ?? "x" }, plain]) {
            const query = new URLSearchParams(base).toString();
            for (const cursor of CRAFTED_CURSORS) cases.push({ method: "GET", url: `/api/v1${op.path}?${query}&cursor=${cursor}`, headers: headersFor(client) });
          }
        }
        await pool(cases, async (req) => {
          const why = fault(await send(req), false);
          if (why) faults.add(`${client} ${op.key}`, req, why);
        });
      }
    }
    expect(faults.report()).toEqual([]);
  });
});

/** The pages (Remix routes) with the path ids and query keys their loaders read. */
const PAGES = [
  "/",
  "/account",
  "/admin",
  "/admin/members",
  "/bookings",
  "/checkin/{token}",
  "/login",
  "/signup",
  "/members/{members}",
  "/network",
  "/network/connections",
  "/network/directory",
  "/network/profile",
  "/notifications",
  "/operator",
  "/operator/spaces/new",
  "/operator/spaces/{spaces}",
  "/operator/spaces/{spaces}/analytics",
  "/operator/spaces/{spaces}/closures",
  "/operator/spaces/{spaces}/now",
  "/operator/spaces/{spaces}/plan",
  "/operator/spaces/{spaces}/qr",
  "/operator/spaces/{spaces}/resources",
  "/projects",
  "/projects/{projects}",
  "/spaces",
  "/spaces/{spaces}",
  "/no-such-page/{projects}",
];
const PAGE_QUERY_KEYS = ["q", "cursor", "role", "suspended", "specialty", "offer", "need", "city", "hereAt", "from", "to", "date", "before", "edit", "redirectTo", "lng"];

/** A path for `op`: each parameter a real id (own or another's), a random uuid, or junk. */
function pathChoice(op: Operation): fc.Arbitrary<string> {
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

/** A page URL: each id real, random or junk, and one to four of the loaders' query keys with junk values. */
function pageUrl(template: string): fc.Arbitrary<string> {
  const id = fc.tuple(fc.nat({ max: 9 }), fc.nat());
  const pair = fc.tuple(fc.constantFrom(...PAGE_QUERY_KEYS), junkQueryValue).map(([k, v]) => `${k}=${v}`);
  return fc.tuple(id, fc.array(pair, { minLength: 1, maxLength: 4 }), fc.constantFrom(...CRAFTED_CURSORS)).map(([[kind, n], pairs, cursor]) => {
    const path = template.replace(/\{(\w+)\}/, (_m, kind2: string) => {
      const real = kind2 === "token" ? [] : ids[kind2] ?? [];
      if (kind < 4 && real.length) return real[n % real.length]!;
      if (kind < 6) return randomUUIDFrom(n);
      return JUNK_SEGMENTS[n % JUNK_SEGMENTS.length]!;
    });
    return `${path}?${pairs.join("&")}${kind % 3 === 0 ? `&cursor=${cursor}` : ""}`;
  });
}

/** A deterministic (seeded) v4-shaped uuid. */
function randomUUIDFrom(n: number): string {
  const hex = createHash("sha256").update(String(n)).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * `?…`: the operation's valid example query with one or two of its values replaced by junk (so the others still
 * get the request as far as the service), or only junk: its own parameters and unknown ones, repeated keys, qs
 * nesting.
 */
function queryString(op: Operation): fc.Arbitrary<string> {
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
function casesFor(op: Operation, client: Client, runs: number): Sent[] {
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
