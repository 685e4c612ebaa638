import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import pg from "pg";
import { connect } from "../../db/connect.js";
import { migrateToLatest } from "../../db/migrate.js";

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string | null;
  }
}

/**
 * One migrated template database per run (PostgreSQL); each test file clones it. Without DATABASE_URL the
 * tests use in-memory PGlite — except under CI, where a missing PostgreSQL is a failure, never a skip.
 */
export default async function setup(project: TestProject) {
  // TEST_DB=pglite runs the suite on embedded PGlite even where DATABASE_URL is set (CI runs both).
  const url = process.env.TEST_DB === "pglite" ? undefined : process.env.DATABASE_URL;
  if (!url) {
    if (process.env.CI && process.env.TEST_DB !== "pglite") {
      throw new Error("CI must run the tests against PostgreSQL: set DATABASE_URL (or TEST_DB=pglite on purpose).");
    }
    project.provide("templateDb", null);
    return;
  }
  const run = `jj_test_${randomBytes(4).toString("hex")}`;
  const template = `${run}_tpl`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  const target = new URL(url);
  target.pathname = `/${template}`;
  const conn = await connect({ databaseUrl: target.toString(), poolSize: 2 });
  await migrateToLatest(conn.db);
  await conn.close();
  project.provide("templateDb", template);

  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE $1",
      [`${run}%`],
    );
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
    await admin.end();
  };
}
