import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  app,
  casesFor,
  collector,
  examples,
  expectTokensAlive,
  fault,
  headersFor,
  ops,
  opSeed,
  OTHERS,
  pathWith,
  pool,
  queryExamples,
  routeOf,
  RUNS,
  send,
  useFuzzWorld,
  writeOps,
  type Client,
  type Sent,
} from "../support/api-fuzz.js";
import { breaksPolicy, malformedJson, surelyInvalid } from "../support/fuzz.js";

// Issue 11, item 10 (HTTP side), writes: every write operation of the app's own OpenAPI document gets generated bad
// bodies, malformed JSON, wrong content types, bad encodings and bodies over the limit, as each client (see
// tests/support/api-fuzz.ts for RUNS, FUZZ_SEED and FUZZ_REPORT). Nothing answers 5xx, every refusal is problem+json
// with a known code, no table's row count changes and the tokens stay alive.
useFuzzWorld();

/**
 * Every table's row count except the rate limiter's buckets: a well-formed request with a wrong current password
 * (PUT /me/password, DELETE /me) is a guess, and counting guesses is what the limiter is for.
 */
async function dataRows(): Promise<Record<string, number>> {
  const { rate_limit_buckets: _guesses, ...rest } = await app.db.rowCounts();
  return rest;
}

describe("API fuzz: bad bodies to the write operations of the OpenAPI document", () => {
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
      const before = await dataRows();
      await pool(cases, async ({ client, req }) => {
        const why = fault(await send(req), true);
        if (why) faults.add(`${client} ${op.key}`, req, why);
      });
      expect.soft(await dataRows(), `${op.key}: row counts changed`).toEqual(before);
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
      const before = await dataRows();
      await pool(cases, async ({ client, req, mustRefuse }) => {
        const why = fault(await send(req), mustRefuse);
        if (why) faults.add(`${client} ${op.key}`, req, why);
      });
      expect.soft(await dataRows(), `${op.key}: row counts changed`).toEqual(before);
      await expectTokensAlive(op.key);
    }
    expect(faults.report()).toEqual([]);
  });
});
