import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
// Issue 14, plans: one live subscription per member and plan. A subscription waiting for its first payment, running,
// or running to its period's end counts; an ended one does not (a credit package may be bought again once the last
// purchase is settled). The database holds the invariant however many requests race.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE UNIQUE INDEX subscriptions_live_key ON subscriptions (member_id, plan_id)
    WHERE status IN ('pending_payment','active','cancelling')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX subscriptions_live_key`.execute(db);
}
