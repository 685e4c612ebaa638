import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  admin,
  app,
  collector,
  fault,
  GET_RUNS,
  headersFor,
  ids,
  member,
  ops,
  opSeed,
  pathChoice,
  pathWith,
  pool,
  queryExamples,
  queryString,
  randomUUIDFrom,
  RUNS,
  send,
  useFuzzWorld,
  type Sent,
} from "../support/api-fuzz.js";
import { CRAFTED_CURSORS, JUNK_SEGMENTS, junkQueryValue } from "../support/fuzz.js";

// Issue 11, item 10 (HTTP side), reads: every GET operation of the app's own OpenAPI document and every page gets
// junk path ids and query text (NUL, impossible dates, crafted cursors, qs nesting): nothing answers 5xx, and the
// API's refusals are problem+json with a known code.
useFuzzWorld();

describe("API fuzz: junk queries and path ids to the GET operations and the pages", () => {
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

