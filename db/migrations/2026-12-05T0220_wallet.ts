import type { Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
// The wallet's movements: one thing that happened to a wallet (a booking paid, an adjustment, a lot lapsing) may
// write several ledger entries (one per lot it draws on, one per unit); they share a movement id, which is what the
// wallet's history lists as one line. Null on an entry written alone (its own id is then its movement).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("wallet_entries").addColumn("movement_id", "uuid").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("wallet_entries").dropColumn("movement_id").execute();
}
