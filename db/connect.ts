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
  /** Errors of idle pooled connections (the server restarted or dropped them); they must never crash the process. */
  onIdleError?: (error: Error) => void;
};

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
    });
    // An idle client whose server connection dies emits 'error' on the pool; unhandled, it would crash us.
    pool.on("error", (error) => options.onIdleError?.(error));
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
