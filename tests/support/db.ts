import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import pg from "pg";
import { inject } from "vitest";
import { connect, type Connection } from "../../db/connect.js";
import { migrateToLatest } from "../../db/migrate.js";
import { syncTaxonomy } from "../../db/taxonomy.js";

/**
 * The tests run on embedded PGlite (TEST_DB=pglite, or no DATABASE_URL). PGlite runs one transaction at a time, so
 * a race, storm or parallel test cannot fail there: such tests run on PostgreSQL only (`it.skipIf(onPglite)`),
 * skipped rather than passed vacuously.
 */
export const onPglite = process.env.TEST_DB === "pglite" || !process.env.DATABASE_URL;

export type TestDb = Connection & {
  /** Empties every table (between tests). */
  truncate: () => Promise<void>;
  /** The number of rows in every table, in one statement (to prove that refused requests wrote nothing). */
  rowCounts: () => Promise<Record<string, number>>;
  /** A connection string to this database (PostgreSQL only), for child processes. */
  url: string | null;
};

/** The one test database factory: a clone of the migrated template (PostgreSQL) or a fresh in-memory PGlite. */
export async function createTestDb(): Promise<TestDb> {
  const template = inject("templateDb");
  const base = process.env.TEST_DB === "pglite" ? undefined : process.env.DATABASE_URL;
  let conn: Connection;
  let url: string | null = null;
  let drop = async () => {};
  if (template && base) {
    const name = `${template.replace(/_tpl$/, "")}_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    const target = new URL(base);
    target.pathname = `/${name}`;
    url = target.toString();
    conn = await connect({ databaseUrl: url, poolSize: 20 });
    drop = async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  } else {
    conn = await connect({ dataDir: "memory://" });
    await migrateToLatest(conn.db);
  }
  const tables = async () => {
    const { rows } = await sql<{ tablename: string }>`
      SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely_%'`.execute(conn.db);
    return rows.map((r) => `"${r.tablename}"`);
  };
  return {
    ...conn,
    url,
    async truncate() {
      const names = await tables();
      if (names.length) await sql.raw(`TRUNCATE ${names.join(", ")} RESTART IDENTITY CASCADE`).execute(conn.db);
      // The data every install holds (as after migrating): the specialties taxonomy.
      await syncTaxonomy(conn.db);
    },
    async rowCounts() {
      const names = await tables();
      if (!names.length) return {};
      const union = names.map((n) => `SELECT '${n.replaceAll('"', "")}' AS t, count(*)::int AS n FROM ${n}`).join(" UNION ALL ");
      const { rows } = await sql.raw<{ t: string; n: number }>(union).execute(conn.db);
      return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
    },
    async close() {
      await conn.close();
      await drop();
    },
  };
}

/** Pairs of live bookings (confirmed or checked in) of one resource whose times overlap: always 0 if the constraint holds. */
export async function countOverlaps(db: Connection["db"]): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM bookings a JOIN bookings b
      ON a.resource_id = b.resource_id AND a.id < b.id AND a.during && b.during
     WHERE a.status IN ('confirmed','checked_in') AND b.status IN ('confirmed','checked_in')`.execute(db);
  return rows[0]!.n;
}
