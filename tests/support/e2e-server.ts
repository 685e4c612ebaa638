/**
 * The app for the Playwright run (started by `webServer` in playwright.config.ts):
 * the built Remix UI served in production mode on a fresh, seeded database.
 *
 * - DATABASE_URL set: a new database `jj_e2e_<random>` on that server, dropped WITH (FORCE) on exit.
 * - otherwise: embedded PGlite in a fresh temporary DATA_DIR, removed on exit.
 *
 * Run with `node --import tsx tests/support/e2e-server.ts` (or `npx tsx …`).
 * Env: E2E_PORT (default 3210), E2E_LOG_LEVEL (default warn).
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, fstatSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { loadConfig } from "../../server/config.js";
import { startServer, type RunningServer } from "../../server/index.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// The server resolves build/ and public/ against the working directory.
process.chdir(root);

// The runner may close our output pipes before we finish cleaning up: never die of EPIPE.
process.stdout.on("error", () => {});
process.stderr.on("error", () => {});
const log = (line: string) => process.stdout.write(`[e2e-server] ${line}\n`);

function newestMtime(target: string): number {
  const st = statSync(target);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** Builds the UI when build/index.js is missing or older than app/ (as `npm start` does). */
function ensureBuild(): void {
  const buildFile = path.join(root, "build/index.js");
  const sources = Math.max(newestMtime(path.join(root, "app")), newestMtime(path.join(root, "remix.config.js")));
  if (existsSync(buildFile) && statSync(buildFile).mtimeMs >= sources) return;
  log("building the UI (remix build)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error(`remix build failed (exit ${result.status ?? "signal"})`);
}

/** Whether a file descriptor is a pipe or socket (what a parent process such as Playwright hands us). */
function isPipe(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    return st.isFIFO() || st.isSocket();
  } catch {
    return false;
  }
}

type Database = { env: Record<string, string>; cleanup: () => Promise<void> };

async function freshPostgres(baseUrl: string): Promise<Database> {
  const name = `jj_e2e_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const target = new URL(baseUrl);
  target.pathname = `/${name}`;
  log(`PostgreSQL database ${name}`);
  return {
    env: { DATABASE_URL: target.toString() },
    cleanup: async () => {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        log(`dropped ${name}`);
      } finally {
        await admin.end().catch(() => {});
      }
    },
  };
}

function freshPglite(): Database {
  const dir = mkdtempSync(path.join(tmpdir(), "jj-e2e-"));
  log(`PGlite in ${dir}`);
  return {
    env: { DATA_DIR: dir },
    cleanup: async () => {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      log(`removed ${dir}`);
    },
  };
}

async function main(): Promise<void> {
  ensureBuild();
  const baseUrl = process.env.DATABASE_URL;
  const database = baseUrl ? await freshPostgres(baseUrl) : freshPglite();

  let server: RunningServer | undefined;
  let stopping: Promise<void> | undefined;
  // A signal can arrive more than once (Playwright signals the whole process group; `npx tsx` relays it again):
  // handle every delivery, shut down once.
  const stop = (reason: string) =>
    (stopping ??= (async () => {
      log(`stopping (${reason})`);
      let code = 0;
      try {
        await server?.close();
      } catch (error) {
        code = 1;
        process.stderr.write(`[e2e-server] close failed: ${String(error)}\n`);
      }
      try {
        await database.cleanup();
      } catch (error) {
        code = 1;
        process.stderr.write(`[e2e-server] cleanup failed: ${String(error)}\n`);
      }
      process.exit(code);
    })());
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(signal, () => void stop(signal));
  // Playwright keeps our stdin open: if the runner dies without signalling (killed, crashed), stdin ends and
  // the server cleans up instead of lingering on the port (where the next run would reuse its stale data).
  if (process.env.E2E_EXIT_WITH_STDIN === "1" && isPipe(0)) {
    process.stdin.on("end", () => void stop("stdin closed")).resume();
  }

  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...database.env,
      NODE_ENV: "production",
      PORT: process.env.E2E_PORT ?? "3210",
      HOST: "127.0.0.1",
      SEED_DEMO: "always",
      JOBS: "off",
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
      SESSION_SECRET: randomBytes(24).toString("hex"),
    };
    // Settings of a real install that would change what the browser sees (origins, live reload, shared adapter).
    for (const key of ["ORIGIN", "PUBLIC_ORIGIN", "REMIX_DEV_ORIGIN", "REDIS_URL", "TRUST_PROXY", "COOKIE_SECURE"]) delete env[key];
    // As behind a reverse proxy on this host: the Playwright fixtures sign each fresh member up with an
    // X-Forwarded-For address of their own (tests/e2e/support.ts), since sign-ups are limited per client address.
    // The browser sends no such header: what it sees is unchanged.
    env.TRUST_PROXY = "loopback";
    // The outbox e2e (tests/e2e/admin-outbox.spec.ts) receives webhooks on loopback, as an install's own network
    // would with WEBHOOK_ALLOW_PRIVATE=true; the SSRF refusals themselves are tested in tests/integration/webhooks.test.ts.
    env.WEBHOOK_ALLOW_PRIVATE = "true";
    const config = loadConfig(env);
    const started = Date.now();
    server = await startServer({ config });
    log(`listening on ${server.url} (${server.connection.kind}, ${Date.now() - started} ms)`);
  } catch (error) {
    process.stderr.write(`[e2e-server] failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    await database.cleanup().catch(() => {});
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[e2e-server] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
