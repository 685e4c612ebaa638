// All Kysely of billing's settings.
import type { DB } from "../../../db/connect.js";
import type { NewBillingSettings } from "../../../db/schema.js";

type Columns = Omit<NewBillingSettings, "space_id" | "updated_at">;

/**
 * Saves a space's settings in one statement: the first save inserts `row` (the defaults with the changes), later
 * ones change only `changes` (two first saves at once cannot lose either's fields).
 */
export async function upsert(db: DB, spaceId: string, row: Required<Pick<Columns, "code" | "tax_rate">> & Columns, changes: Partial<Columns>, now: Date) {
  await db
    .insertInto("billing_settings")
    .values({ ...row, space_id: spaceId, updated_at: now })
    .onConflict((oc) => oc.column("space_id").doUpdateSet({ ...changes, updated_at: now }))
    .execute();
}
