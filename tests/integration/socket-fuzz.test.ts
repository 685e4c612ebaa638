import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { z } from "zod";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Ack, MessagePayload, TaskPayload } from "../../server/contract/realtime.js";
import { STATUS_BY_CODE } from "../../server/domain/errors.js";
import { clientEventSchemas, type ClientEvent } from "../../server/realtime/schemas.js";
import { json, startTestApp, type TestApp } from "../support/app.js";
import { createMember, createSpace, type TestMember } from "../support/factories.js";
import { badBodies, breaksPolicy, surelyInvalid, type JsonSchema } from "../support/fuzz.js";
import { connectMember, disconnectAll, EVENT_TIMEOUT_MS, type Client, type Inbox } from "../support/sockets.js";

/**
 * Issue 11, item 10 (socket side): every client event gets generated bad payloads from an authenticated member
 * (wrong types, missing and unknown keys, nulls, 100 KB strings, `__proto__`/`constructor` keys, arrays for
 * objects, huge numbers), sent with an ack, without one, with a non-function in its place, with the ack alone and
 * with extra arguments; then unknown event names, packets over the 64 KB limit and malformed raw packets. Each is
 * answered with an error ack whose code is a 4xx of the contract, or refused by the transport (the socket is
 * closed); the server never logs an error (testLogger fails the test) and keeps serving, and no table changes.
 * Payloads are judged invalid by the JSON Schema of the very zod schema the handler parses with (sockets have no
 * OpenAPI document), plus an unknown key whenever a mutation happened to stay valid.
 * Fixed seed; FUZZ_RUNS (per event, default 80) and FUZZ_SEED for a longer run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 80);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_111);
/** A fresh socket after this many events: each socket may send 30 at once (server/realtime/rate-limit.ts). */
const PER_SOCKET = 24;
const MAX_BUFFER = 64 * 1024;

const FOUR_XX = new Set(Object.entries(STATUS_BY_CODE).flatMap(([code, status]) => (status >= 400 && status < 500 ? [code] : [])));

let app: TestApp;
let fuzzer: TestMember;
let observer: { socket: Client; inbox: Inbox };
let examples: Record<ClientEvent, Record<string, unknown>>;
let rowsBefore: Record<string, number>;

/** Hands out a connected socket of the fuzzer, a fresh one before the event budget runs low or after a refusal. */
const sockets = {
  current: null as Client | null,
  sent: 0,
  async get(): Promise<Client> {
    if (!this.current?.connected || this.sent >= PER_SOCKET) {
      this.current?.disconnect();
      this.current = (await connectMember(app.url, fuzzer.token, [])).socket;
      this.sent = 0;
    }
    this.sent += 1;
    return this.current;
  },
};

/** Proves the server still answers this socket (or, when it was closed, a fresh one). */
async function stillServing(socket: Client): Promise<void> {
  const s = socket.connected ? socket : await sockets.get();
  if (s === sockets.current) sockets.sent += 1;
  const ack: Ack = await s.timeout(EVENT_TIMEOUT_MS).emitWithAck("space:unwatch", { spaceId: "00000000-0000-4000-8000-000000000000" });
  expect(ack).toEqual({ ok: true });
}

/** The ack must be an error with a 4xx code of the contract. */
function expectRefusal(ack: unknown, what: string): void {
  const a = ack as Ack;
  expect(a.ok, `${what}: ${JSON.stringify(ack)?.slice(0, 300)}`).toBe(false);
  if (a.ok) return;
  expect(FOUR_XX, `${what}: ${JSON.stringify(ack).slice(0, 300)}`).toContain(a.error.code);
}

/** Resolves with the reason of the socket's next disconnect (a deadline fails the test instead of hanging it). */
function closed(socket: Client): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the socket was not closed")), EVENT_TIMEOUT_MS);
    socket.once("disconnect", (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** Either the socket still answers, or the transport closed it; in both cases the server serves a fresh socket. */
async function answeredOrClosed(socket: Client, what: string): Promise<void> {
  try {
    await stillServing(socket);
  } catch (error) {
    if (socket.connected) throw new Error(`${what}: ${String(error)}`);
  }
  await stillServing(await sockets.get());
}

const packetBytes = (event: string, args: unknown[]) => Buffer.byteLength(JSON.stringify([event, ...args])) + 16;

type Mode = "ack" | "no ack" | "non-function ack" | "ack alone" | "extra arguments";
const MODES: Mode[] = ["ack", "ack", "ack", "ack", "ack", "ack", "no ack", "non-function ack", "ack alone", "extra arguments", "extra arguments"];
const junkAck = fc.constantFrom<unknown>(42, "ack", null, { then: 1 }, [() => 1], true);

/** Sends one event the way `mode` says and checks the answer: an error ack, or a refusal by the transport. */
async function sendBad(event: string, payload: unknown, mode: Mode, junk: unknown, what: string): Promise<void> {
  const socket = await sockets.get();
  const acks = event !== "typing"; // typing is volatile: never acked, whatever it carries
  const args: unknown[] = mode === "ack alone" ? [] : mode === "extra arguments" ? [payload, junk] : mode === "non-function ack" ? [payload, junk] : [payload];
  const bytes = packetBytes(event, args);
  if (bytes > MAX_BUFFER + 64) {
    // Over the transport's limit: the socket is closed before any handler runs.
    const gone = closed(socket);
    (socket as unknown as { emit: (...a: unknown[]) => void }).emit(event, ...args, () => {});
    expect(await gone, what).toMatch(/^transport (close|error)$/);
    return;
  }
  if (acks && (mode === "ack" || mode === "ack alone" || mode === "extra arguments") && bytes < MAX_BUFFER - 64) {
    const ack: unknown = await (socket.timeout(EVENT_TIMEOUT_MS) as unknown as { emitWithAck: (...a: unknown[]) => Promise<unknown> })
      .emitWithAck(event, ...args)
      .catch((error: Error) => {
        throw new Error(`${what}: ${error.message}`);
      });
    expectRefusal(ack, what);
    return;
  }
  (socket as unknown as { emit: (...a: unknown[]) => void }).emit(event, ...args);
  if (bytes < MAX_BUFFER - 64) await stillServing(socket);
  else await answeredOrClosed(socket, what); // at the limit: either is fine
}

const EVENTS = Object.keys(clientEventSchemas) as ClientEvent[];

beforeAll(async () => {
  app = await startTestApp();
  fuzzer = await createMember(app.db.db, app.services);
  const other = await createMember(app.db.db, app.services);
  const space = await createSpace(app.services, { desks: 1 });
  const project = await json<{ id: string }>(await app.api("/api/v1/projects", { token: fuzzer.token, body: { name: "Fuzz" } }), 201);
  await json(await app.api(`/api/v1/projects/${project.id}/members`, { token: fuzzer.token, body: { memberId: other.id } }), 201);
  const message = await json<MessagePayload>(
    await app.api(`/api/v1/projects/${project.id}/messages`, { token: fuzzer.token, body: { body: "hello", clientId: randomUUID() } }),
    201,
  );
  const seed = await connectMember(app.url, fuzzer.token, []);
  const created: Ack<{ task: TaskPayload }> = await seed.socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("task:create", { projectId: project.id, title: "Seed task" });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  seed.socket.disconnect();
  const projectId = project.id;
  examples = {
    "project:join": { projectId, afterSeq: 0 },
    "project:leave": { projectId },
    "project:read": { projectId, seq: 1 },
    "message:send": { projectId, body: "a new message", clientId: randomUUID() },
    "message:edit": { messageId: message.id, body: "edited" },
    "message:delete": { messageId: message.id },
    typing: { projectId, typing: true },
    "task:create": { projectId, title: "A task", status: "todo", assigneeId: null },
    "task:update": { taskId: created.task.id, changes: { title: "Renamed", status: "doing", assigneeId: other.id, position: 1 }, version: 1 },
    "task:delete": { taskId: created.task.id, version: 1 },
    "task:comment": { taskId: created.task.id, body: "a comment", clientId: randomUUID() },
    "space:watch": { spaceId: space.id },
    "space:unwatch": { spaceId: space.id },
  };
  // Someone else in the room sees whatever the bad payloads would have caused (nothing, it must be).
  observer = await connectMember(app.url, other.token, ["message:new", "message:updated", "task:changed", "typing", "presence"]);
  const joined: Ack = await observer.socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("project:join", { projectId });
  expect(joined.ok).toBe(true);
  rowsBefore = await app.db.rowCounts();
});
afterAll(async () => {
  sockets.current?.disconnect();
  disconnectAll();
  await app?.stop();
});
afterEach(async () => {
  const seen = observer.inbox.seen.splice(0); // one failure is reported once, not in every test after it
  expect(await app.db.rowCounts()).toEqual(rowsBefore);
  expect(seen).toEqual([]);
});

/**
 * The payload as the server receives it: socket.io sends JSON, so a number JSON cannot hold in JavaScript (1e999
 * parsed to Infinity) arrives as null. When that happens to make the payload valid, an unknown key makes sure.
 */
function onTheWire(schema: JsonSchema, value: unknown): unknown {
  const wire = JSON.parse(JSON.stringify(value) ?? "null") as unknown;
  if (surelyInvalid(schema, wire) || breaksPolicy(schema, wire)) return wire;
  return wire !== null && typeof wire === "object" && !Array.isArray(wire) ? { ...wire, __fuzz_unknown__: 1 } : [wire];
}

describe("socket events under generated bad input", () => {
  it.each(EVENTS)("%s: every bad payload is refused with a 4xx ack or by the transport", async (event) => {
    const schema = z.toJSONSchema(clientEventSchemas[event], { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as JsonSchema;
    const seed = SEED ^ [...event].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7);
    const cases = fc.sample(fc.tuple(badBodies(schema, examples[event]), fc.constantFrom(...MODES), junkAck), { seed, numRuns: RUNS });
    for (const [i, [bad, mode, junk]] of cases.entries()) {
      await sendBad(event, onTheWire(schema, bad.value), mode, junk, `${event} #${i} (${mode}) ${bad.text.slice(0, 200)}`);
    }
    // The valid example is answered too (the socket and the handler still work), unless it writes.
    await stillServing(await sockets.get());
  });

  it("a number is a JSON number over the socket: null, strings, booleans or arrays where a seq belongs are refused", async () => {
    const { projectId } = examples["project:read"];
    for (const junk of [null, "1", "", " ", true, false, [], [1], {}, "1e3", "0x10"]) {
      for (const [event, payload] of [
        ["project:join", { projectId, afterSeq: junk }],
        ["project:read", { projectId, seq: junk }],
      ] as const) {
        const socket = await sockets.get();
        const ack: unknown = await (socket.timeout(EVENT_TIMEOUT_MS) as unknown as { emitWithAck: (...a: unknown[]) => Promise<unknown> }).emitWithAck(
          event,
          payload,
        );
        expect(ack, `${event} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code: "validation_failed" } });
      }
    }
  });

  it("unknown event names get a 4xx error ack, with or without a payload", async () => {
    const reserved = new Set(["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"]);
    const names = fc.sample(
      fc
        .oneof(
          fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "error", "message:new", "MESSAGE:SEND", "project:join\u0000", "", " ", "x".repeat(2000)),
          fc.string({ maxLength: 30 }),
        )
        .filter((n) => !reserved.has(n) && !Object.hasOwn(clientEventSchemas, n)),
      { seed: SEED, numRuns: RUNS },
    );
    for (const [i, name] of names.entries()) {
      const socket = await sockets.get();
      const ack: unknown = await (socket.timeout(EVENT_TIMEOUT_MS) as unknown as { emitWithAck: (...a: unknown[]) => Promise<unknown> }).emitWithAck(
        name,
        ...(i % 2 ? [{ projectId: examples.typing.projectId }] : []),
      );
      expectRefusal(ack, `unknown event ${JSON.stringify(name).slice(0, 60)}`);
    }
  });

  it("packets over 64 KB close the socket, for every event, and the server keeps serving", async () => {
    for (const event of EVENTS) {
      const socket = await sockets.get();
      const gone = closed(socket);
      socket.emit(event as "space:watch", { ...examples[event], spaceId: "x".repeat(MAX_BUFFER + 1) } as never, () => {});
      expect(await gone, event).toMatch(/^transport (close|error)$/);
      await stillServing(await sockets.get());
    }
  });

  it("malformed raw packets are refused by the transport or ignored, never a crash", async () => {
    const raw = [
      '2[123,{"a":1}]', // an event name that is a number
      '2["message:send"', // truncated JSON
      '2{"a":1}', // not an array
      "2[]", // no event name
      '2["disconnecting"]', // a reserved name
      '2["message:send",{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}]',
      '3999["x"]', // an ack nobody asked for
      "9", // no such packet type
      '0{"token":5}', // a second CONNECT with junk credentials
      '51-["message:send",{"_placeholder":true,"num":7}]', // a binary event whose attachment never comes
      '2/nope,["space:watch",{}]', // a namespace that does not exist
    ];
    for (const packet of raw) {
      const socket = await sockets.get();
      socket.io.engine.write(packet);
      await answeredOrClosed(socket, packet);
      expect(({} as Record<string, unknown>).polluted, packet).toBeUndefined();
    }
  });
});
