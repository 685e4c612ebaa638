import { Kysely, PGliteDialect, PostgresDialect, type KyselyConfig } from "kysely";
import type { Database } from "./schema.js";

export type DB = Kysely<Database>;

export type ConnectOptions = {
  /** PostgreSQL connection string; when absent, embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory; `memory://` for an in-memory database. */
  dataDir?: string;
  /** Max pool size for PostgreSQL. */
  poolSize?: number;
  /** PostgreSQL: a statement running longer than this is cancelled by the server (ms; 0 = no limit). */
  statementTimeoutMs?: number;
  /** PostgreSQL: a session idle inside a transaction this long is terminated by the server (ms; 0 = no limit). */
  idleInTransactionTimeoutMs?: number;
  /** PostgreSQL: how long a query waits for a pooled connection before it fails (ms; 0 = forever). */
  connectionTimeoutMs?: number;
  /** PostgreSQL: shown in pg_stat_activity, so a DBA can tell the app's backends apart. */
  applicationName?: string;
  /**
   * Errors of pooled connections, idle or checked out (a failover, a restart, a DBA's pg_terminate_backend).
   * They never crash the process: the query that was using the connection fails, the pool drops the client
   * and opens a new one on the next checkout.
   */
  onConnectionError?: (error: Error) => void;
};

/** The pool's limits unless told otherwise (server/config.ts exposes them as DB_* variables). */
export const DB_DEFAULTS = {
  statementTimeoutMs: 30_000,
  idleInTransactionTimeoutMs: 60_000,
  connectionTimeoutMs: 10_000,
} as const;

export type Connection = {
  db: DB;
  kind: "postgres" | "pglite";
  close: () => Promise<void>;
};

/**
 * Opens the database: a pg Pool when a URL is given, otherwise PGlite in a data directory with the
 * btree_gist and pg_trgm extensions loaded (they must be passed on every open).
 */
export async function connect(options: ConnectOptions): Promise<Connection> {
  const log: KyselyConfig["log"] = undefined;
  if (options.databaseUrl) {
    const pg = await import("pg");
    // Return timestamptz/date as strings we parse ourselves? No: timestamptz → Date is what Kysely expects.
    // `date` (OID 1082) stays a plain YYYY-MM-DD string: it has no time zone and must not be shifted.
    pg.default.types.setTypeParser(1082, (v: string) => v);
    const pool = new pg.default.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // Sent as startup parameters: the server enforces them on every pooled session.
      statement_timeout: options.statementTimeoutMs ?? DB_DEFAULTS.statementTimeoutMs,
      idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? DB_DEFAULTS.idleInTransactionTimeoutMs,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? DB_DEFAULTS.connectionTimeoutMs,
      ...(options.applicationName ? { application_name: options.applicationName } : {}),
    });
    const onError = (error: Error) => options.onConnectionError?.(error);
    // pg-pool listens for 'error' only while a client is idle (it removes that listener on checkout), so a
    // checked-out client whose backend is terminated would emit an unhandled 'error' and kill the process. Every
    // client gets its own listener for its whole life; the failed query still rejects, and on release pg-pool
    // sees the client is no longer queryable and discards it.
    pool.on("connect", (client) => client.on("error", onError));
    // pg-pool re-emits an idle client's error here (already reported by the client's listener above); without
    // a listener that re-emit would itself be an unhandled 'error'.
    pool.on("error", () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
    return { db, kind: "postgres", close: () => db.destroy() };
  }
  const { PGlite, types } = await import("@electric-sql/pglite");
  const { btree_gist } = await import("@electric-sql/pglite/contrib/btree_gist");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const dataDir = options.dataDir ?? "memory://";
  const pglite = await PGlite.create(dataDir, {
    extensions: { btree_gist, pg_trgm },
    parsers: { [types.DATE]: (v: string) => v },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }), log });
  return {
    db,
    kind: "pglite",
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
