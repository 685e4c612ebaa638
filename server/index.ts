import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { connect, type Connection } from "../db/connect.js";
import { migrateToLatest } from "../db/migrate.js";
import { loadConfig, type Config } from "./config.js";
import { systemClock, type Clock } from "./domain/clock.js";
import { createEventBus, type EventBus } from "./events.js";
import { createHttpApp } from "./http/app.js";
import { startJobs } from "./jobs/index.js";
import { createLogger, type Logger } from "./logger.js";
import { redisAdapter } from "./realtime/adapter.js";
import { createRealtime, type IO } from "./realtime/index.js";
import { createServices, type Services } from "./services.js";

const VERSION = "0.1.0";
const BUILD_PATH = path.resolve("build/index.js");

export type StartOptions = {
  config: Config;
  clock?: Clock;
  logger?: Logger;
  /** Serve the Remix UI from ./build (default true). API-only tests pass false. */
  remix?: boolean;
  /** An already-open database (tests); otherwise one is opened from the config. */
  connection?: Connection;
};

export type RunningServer = {
  url: string;
  port: number;
  services: Services;
  /** The process's event bus (tests listen for the domain's events). */
  bus: EventBus;
  io: IO;
  httpServer: HttpServer;
  connection: Connection;
  /** The demo network's logins when this is a demo install (`created` on the start that seeded it). */
  demo: { created: boolean; logins: Array<{ email: string; name: string; role: string }>; password: string } | null;
  close: () => Promise<void>;
};

/**
 * Embedded installs keep a random per-install secret beside their data; PostgreSQL installs configure one
 * (loadConfig refuses DATABASE_URL without SESSION_SECRET).
 */
function resolveSecret(config: Config): string {
  if (config.sessionSecret) return config.sessionSecret;
  if (config.databaseUrl) throw new Error("SESSION_SECRET is required on PostgreSQL.");
  mkdirSync(config.dataDir, { recursive: true });
  const file = path.join(config.dataDir, ".session-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

/** The address the server listens on, as an origin (for absolute URLs when no PUBLIC_ORIGIN is configured). */
function listeningOrigin(host: string, port: number): string {
  const name = host === "0.0.0.0" || host === "::" || host === "" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

async function loadBuild(): Promise<ServerBuild> {
  // Cache-busting query so `remix dev` rebuilds are picked up without a restart.
  return (await import(`${pathToFileURL(BUILD_PATH).href}?t=${Date.now()}`)) as ServerBuild;
}

/** The composition root: config → db → services → http → realtime → jobs → listen. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  for (const warning of config.warnings) logger.warn(warning);
  const secret = resolveSecret(config);

  const connection =
    options.connection ??
    (await connect({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      statementTimeoutMs: config.dbStatementTimeoutMs,
      idleInTransactionTimeoutMs: config.dbIdleInTransactionTimeoutMs,
      connectionTimeoutMs: config.dbConnectionTimeoutMs,
      applicationName: "jejaring",
      onConnectionError: (error) =>
        logger.warn("database connection lost", { error: error.message, code: (error as { code?: unknown }).code }),
    }));
  await migrateToLatest(connection.db);

  let demo: RunningServer["demo"] = null;
  const wantDemo = config.seedDemo === "always" || (config.seedDemo === "auto" && connection.kind === "pglite");
  if (wantDemo) {
    const { demoLogins, isEmpty, seedDemo, DEMO_PASSWORD } = await import("../db/seed.js");
    if (await isEmpty(connection.db)) {
      const { hashPassword } = await import("./domain/identity/index.js");
      const { logins } = await seedDemo(connection.db, { passwordHash: await hashPassword(DEMO_PASSWORD) });
      demo = { created: true, logins, password: DEMO_PASSWORD };
    } else {
      const logins = await demoLogins(connection.db);
      demo = logins.length ? { created: false, logins, password: DEMO_PASSWORD } : null;
    }
  }

  const bus = createEventBus((event, error) => logger.error("event handler failed", { event, error }));
  // Known once listening (PORT=0 picks a port); until then nothing builds absolute URLs.
  let publicOrigin = config.publicOrigin ?? listeningOrigin(config.host, config.port);
  const services = createServices({
    db: connection.db,
    bus,
    clock,
    secret,
    gateway: config.gateway,
    logger,
    messaging: {
      mail: config.mail,
      whatsapp: config.whatsapp,
      webhooks: config.webhooks,
      worker: { pollMs: config.outbox.pollMs, leaseMs: config.outbox.leaseMs, batchSize: config.outbox.batchSize, concurrency: config.outbox.concurrency },
      publicOrigin: () => publicOrigin,
    },
  });
  // A new demo install also gets its money: plans, subscriptions, wallets, paid and outstanding invoices.
  if (demo?.created) {
    const { seedMoneyDemo } = await import("./demo-money.js");
    await seedMoneyDemo(connection.db, services);
  }

  let remixBuild: ServerBuild | (() => Promise<ServerBuild>) | undefined;
  if (options.remix !== false) {
    if (!existsSync(BUILD_PATH)) throw new Error("No Remix build found: run `npm run build` (npm start does it for you).");
    remixBuild = config.remixDevOrigin ? loadBuild : await loadBuild();
  }
  const app = createHttpApp({
    config,
    services,
    logger,
    remixBuild,
    version: VERSION,
    publicOrigin: () => publicOrigin,
    devConnectSrc: config.remixDevOrigin ? [config.remixDevOrigin.replace(/^http/, "ws"), "ws://localhost:*"] : [],
  });
  const httpServer = createServer(app);
  // Node's default keep-alive (5 s) is shorter than load balancers' idle timeouts (60 s and up): the balancer
  // would reuse a connection the server is just closing ("other side closed"). Headers timeout stays above it.
  httpServer.keepAliveTimeout = config.keepAliveTimeoutMs;
  httpServer.headersTimeout = config.headersTimeoutMs;

  const redis = config.redisUrl ? await redisAdapter(config.redisUrl, logger) : undefined;
  const io = createRealtime({ httpServer, config, services, bus, logger, adapter: redis?.adapter });

  const jobs = config.jobs
    ? startJobs(
        connection.db,
        [
          {
            name: "no-show-release",
            everyMs: 60_000,
            run: async (trx) => (await services.bookings.releaseNoShows(trx)).effects,
          },
          {
            // Credits and day passes past their last valid day lapse (an expiry entry for what is left of each lot).
            name: "wallet-expiry",
            everyMs: 60 * 60_000,
            run: async (trx) => {
              await services.billing.wallet.expireLapsed(trx);
            },
          },
          {
            // Bookings charged to the member's next invoice are billed once a month ended (each space's zone).
            name: "invoice-usage",
            everyMs: 60 * 60_000,
            run: async (trx) => {
              const effects: Array<() => void> = [];
              await services.billing.invoices.runUsage(trx, {}, effects);
              return effects;
            },
          },
          {
            // Plans: each new cycle's invoice and credits; cancelled subscriptions end at their period's end.
            name: "billing-renewal",
            everyMs: 15 * 60_000,
            run: async (trx) => (await services.billing.plans.renew(trx)).effects,
          },
          {
            // Issued invoices past their due date: one invoice_overdue message each (dedupe key overdue:<id>).
            name: "invoice-overdue",
            everyMs: 60 * 60_000,
            run: async (trx) => {
              await services.messaging.reach.remindOverdue(trx);
            },
          },
          {
            name: "housekeeping",
            everyMs: 60 * 60_000,
            run: async (trx) => {
              await services.identity.prune(trx);
              await services.idempotency.prune(new Date(clock.now().getTime() - 7 * 86_400_000), trx);
            },
          },
        ],
        logger,
      )
    : { stop: async () => {} };

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  publicOrigin = config.publicOrigin ?? listeningOrigin(config.host, port);
  // The outbox worker runs on every node (SKIP LOCKED shares the rows).
  if (config.outbox.worker) services.messaging.worker.start();

  if (config.remixDevOrigin && remixBuild) {
    const { broadcastDevReady } = await import("@remix-run/node");
    void broadcastDevReady(await loadBuild());
  }

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Stop accepting, drain sockets, let in-flight requests finish, then close the database.
      const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      // Close the transports without a disconnect packet: clients see "transport close" and reconnect to the
      // next server (an explicit server disconnect would tell them to stay away).
      await new Promise<void>((resolve) => io.close(() => resolve()));
      const forceTimer = setTimeout(() => httpServer.closeAllConnections(), 10_000).unref();
      await httpClosed;
      clearTimeout(forceTimer);
      await jobs.stop();
      await services.messaging.worker.stop();
      await redis?.close();
      if (!options.connection) await connection.close();
    })());

  return { url, port, services, bus, io, httpServer, connection, demo, close };
}

export async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  const started = Date.now();
  const server = await startServer({ config, logger });
  logger.info("listening", {
    url: server.url,
    database: server.connection.kind === "pglite" ? `PGlite in ${config.dataDir}` : "PostgreSQL",
    realtime: config.redisUrl ? "redis-streams adapter" : "in-memory adapter",
    startupMs: Date.now() - started,
  });
  if (server.demo) {
    const lines = server.demo.logins.map((l) => `  ${l.role.padEnd(9)} ${l.email}`).join("\n");
    process.stdout.write(
      `\nJejaring is running at ${server.url}\n${server.demo.created ? "Demo network created. " : ""}` +
        `Log in with any of these (password: ${server.demo.password}):\n${lines}\n\n`,
    );
  } else {
    process.stdout.write(`\nJejaring is running at ${server.url}\n\n`);
  }
  const shutdown = (signal: string) => {
    logger.info("shutting down", { signal });
    server.close().then(
      () => process.exit(0),
      (error) => {
        logger.error("shutdown failed", { error });
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error) => {
    process.stderr.write(`Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
