import type { Kysely } from "kysely";
import { afterAll, beforeAll, expect } from "vitest";
import { createMigrator } from "../../db/migrate.js";
import { createTestDb, type TestDb } from "./db.js";

// Between `back` and `forward` the tables are not db/schema.ts's, so the database is untyped (as in migrations).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type UntypedDb = Kysely<any>;

export type MigrationTest = {
  /** The database, untyped: between `back` and `forward` its tables are not db/schema.ts's. */
  db: UntypedDb;
  /** Walks back to the migration just before this one (its down, and every later one's, run). */
  back: () => Promise<void>;
  /** Runs every migration not applied, this one included. */
  forward: () => Promise<void>;
  /** Inserts a row and returns its id. */
  insert: (table: string, values: Record<string, unknown>) => Promise<string>;
  /** A bare member row (no profile) with this name. */
  member: (name: string) => Promise<string>;
};

/**
 * The set-up of a migration test: its own test database (PostgreSQL or PGlite), walked back to before migration
 * `name` to write rows as the old code wrote them, then forward to read what the migration made of them.
 */
export function useMigrationTest(name: string): MigrationTest {
  let test: TestDb | undefined;
  const run = async (step: "back" | "forward") => {
    const migrator = createMigrator(test!.db);
    const names = (await migrator.getMigrations()).map((m) => m.name);
    const previous = names[names.indexOf(name) - 1];
    expect(previous, `no migration before ${name}`).toBeTruthy();
    const { error, results } = step === "back" ? await migrator.migrateTo(previous!) : await migrator.migrateToLatest();
    expect(error, JSON.stringify(results)).toBeUndefined();
  };
  const t: MigrationTest = {
    db: undefined as unknown as UntypedDb,
    back: () => run("back"),
    forward: () => run("forward"),
    insert: async (table, values) => ((await t.db.insertInto(table).values(values).returning("id").executeTakeFirstOrThrow()) as { id: string }).id,
    member: (memberName) =>
      t.insert("members", { email: `${memberName.toLowerCase().replace(/\W/g, "")}-${Math.random()}@t.id`, name: memberName, password_hash: "x" }),
  };
  beforeAll(async () => {
    test = await createTestDb();
    t.db = test.db as unknown as UntypedDb;
  });
  afterAll(async () => {
    await test?.close();
  });
  return t;
}
