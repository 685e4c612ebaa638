import { promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Migrator, type Migration, type MigrationProvider } from "kysely/migration";
import type { DB } from "./connect.js";
import { syncTaxonomy } from "./taxonomy.js";

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/** Loads `db/migrations/*.ts` in name order (file names start with a date-time). */
class FolderProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(migrationsDir)).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith(".d.ts")).sort();
    const out: Record<string, Migration> = {};
    for (const file of files) {
      const mod = (await import(pathToFileURL(path.join(migrationsDir, file)).href)) as Migration;
      out[file.replace(/\.(ts|js)$/, "")] = mod;
    }
    return out;
  }
}

/** A migrator over `db/migrations` (a migration test also walks it back with `migrateTo`). */
export const createMigrator = (db: DB) => new Migrator({ db, provider: new FolderProvider() });

/** Applies every migration not yet applied, in name order; returns the names applied (`npm run db:migrate` runs it
 * through server/cli.ts). */
export async function migrateToLatest(db: DB): Promise<string[]> {
  const { error, results } = await createMigrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error");
    throw new Error(`Migration ${failed?.migrationName ?? "?"} failed: ${String((error as Error).message ?? error)}`, {
      cause: error,
    });
  }
  // The data every install holds whatever its history: the specialties taxonomy (upserted by slug).
  await syncTaxonomy(db);
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

