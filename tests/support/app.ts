import type { KyselyPlugin } from "kysely";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { loadConfig, type Config } from "../../server/config.js";
import type { Clock, FixedClock } from "../../server/domain/clock.js";
import { startServer, type RunningServer } from "../../server/index.js";
import type { Logger } from "../../server/logger.js";
import { createTestDb, type TestDb } from "./db.js";

/** A logger that stays quiet but turns every logged error into console.error, which fails the test. */
export function testLogger(): Logger {
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (msg, fields) => console.error(msg, fields),
    child: () => logger,
  };
  return logger;
}

export type TestApp = RunningServer & {
  db: TestDb;
  /** fetch against the app with a JSON body and an optional bearer token. */
  api: (path: string, init?: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> }) => Promise<Response>;
  stop: () => Promise<void>;
};

export async function startTestApp(
  options: {
    clock?: Clock;
    remix?: boolean;
    env?: Record<string, string>;
    db?: TestDb;
    logger?: Logger;
    /** Kysely plugins on the app's connection (e.g. one that records the SQL the app runs). */
    plugins?: KyselyPlugin[];
  } = {},
): Promise<TestApp> {
  const owned = options.db ?? (await createTestDb());
  const db = { ...owned, db: (options.plugins ?? []).reduce((conn, plugin) => conn.withPlugin(plugin), owned.db) };
  const config: Config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    SEED_DEMO: "never",
    JOBS: "off",
    // Tests send what is due with services.messaging.worker.drain(), or pass OUTBOX_WORKER: "on".
    OUTBOX_WORKER: "off",
    SESSION_SECRET: "test-secret-test-secret-test-secret-0123",
    ...options.env,
  });
  const server = await startServer({
    config,
    clock: options.clock,
    logger: options.logger ?? testLogger(),
    remix: options.remix ?? false,
    connection: db,
  });
  const url = `http://127.0.0.1:${server.port}`;
  return {
    ...server,
    url,
    db,
    api: (path, init = {}) =>
      fetch(`${url}${path}`, {
        method: init.method ?? (init.body === undefined ? "GET" : "POST"),
        headers: {
          // A fresh connection per request: an idle keep-alive socket can be closed by the server just as fetch
          // reuses it (ECONNRESET), a race unrelated to what the tests prove.
          connection: "close",
          ...(init.body === undefined ? {} : { "content-type": "application/json" }),
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
          ...init.headers,
        },
        body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
      }),
    async stop() {
      await server.close();
      if (!options.db) await owned.close();
    },
  };
}

type StartOptions = NonNullable<Parameters<typeof startTestApp>[0]>;

/**
 * The one set-up of an integration file: starts the app before all tests, empties every table (and puts a fixed
 * clock back to `now`) before each test, and stops it after all. The returned object is the running app once
 * `beforeAll` has run; read its fields inside hooks and tests, not at the top of the file.
 */
export function useTestApp(options: StartOptions & { clock?: FixedClock; now?: string | Date } = {}): TestApp {
  const app = {} as TestApp;
  beforeAll(async () => {
    Object.assign(app, await startTestApp(options));
  });
  afterAll(async () => {
    await app.stop?.();
  });
  beforeEach(async () => {
    if (options.clock && options.now !== undefined) options.clock.set(options.now);
    await app.db.truncate();
  });
  return app;
}

/** The JSON body of a response that must have `status` (the body is shown when it does not). */
export async function json<T>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status, `${res.status} ${text}`).toBe(status);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A problem+json response with this status and code. */
export async function expectProblem(res: Response, status: number, code: string): Promise<void> {
  const body = await json<{ code: string }>(res, status);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(body.code).toBe(code);
}
