import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
// Issue 15, item 5: email verification. Members who signed up before verification existed were never sent a link;
// their address counts as confirmed from the day they joined, so invoices and reminders keep reaching them (the
// README, "Email verification"). Everyone who signs up from now on confirms their address through a link.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`UPDATE members SET email_verified_at = created_at WHERE email_verified_at IS NULL`.execute(db);
}

// Nothing to undo safely: which addresses were confirmed by this migration and which by a link is not recorded.
export async function down(_db: Kysely<any>): Promise<void> {}
