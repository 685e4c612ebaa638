import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
// Issue 15, item 4: changing one's email re-verifies. A change waits as a link of purpose `email_change` whose
// `email` is the new address; the address changes only when that link is opened (a typo cannot lock anyone out).
async function purposeChecks(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT conname AS name FROM pg_constraint
    WHERE conrelid = 'account_tokens'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%purpose%'`.execute(db);
  return rows.map((r) => r.name);
}

export async function up(db: Kysely<any>): Promise<void> {
  for (const name of await purposeChecks(db)) await db.schema.alterTable("account_tokens").dropConstraint(name).execute();
  await db.schema
    .alterTable("account_tokens")
    .addCheckConstraint("account_tokens_purpose", sql`purpose IN ('password_reset','email_verification','email_change')`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DELETE FROM account_tokens WHERE purpose = 'email_change'`.execute(db);
  for (const name of await purposeChecks(db)) await db.schema.alterTable("account_tokens").dropConstraint(name).execute();
  await db.schema
    .alterTable("account_tokens")
    .addCheckConstraint("account_tokens_purpose", sql`purpose IN ('password_reset','email_verification')`)
    .execute();
}
