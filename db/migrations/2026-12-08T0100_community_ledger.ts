import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
// Issue 16, items 1 and 2: what the network produces.
// - referrals: business one member passes to another. The receiver moves it given → contacted → meeting → won or
//   lost, forward only (the service updates with `WHERE status IN (<earlier>)`, so two racing steps cannot both
//   land); `won` carries the closed value in whole rupiah without tax. referral_steps keeps every step.
//   A member who deletes their account leaves the referral behind without a name (set null).
// - hour_records: hours one member says they gave another (pending → confirmed or rejected by the receiver).
// - hour_entries: the append-only hours ledger. Each entry credits one member and debits another the same minutes,
//   so all balances (credits minus debits) sum to zero by construction. A correction is a reversal entry (the
//   opposite direction, `reverses_id` → the entry, at most one per entry); a trigger refuses updates and deletes.
//   The debited member's limit is checked under their hours lock (the service). An account with ledger entries
//   cannot be deleted (no ON DELETE: the sum would break).
// - community_settings: one row, the network's hours credit limit (minutes, ≤ 0; default −20 h).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("referrals")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("from_member_id", "uuid", (c) => c.references("members.id").onDelete("set null"))
    .addColumn("to_member_id", "uuid", (c) => c.references("members.id").onDelete("set null"))
    .addColumn("prospect", "text", (c) => c.notNull().check(sql`char_length(prospect) BETWEEN 1 AND 200`))
    .addColumn("description", "text", (c) => c.notNull().check(sql`char_length(description) <= 2000`))
    .addColumn("estimated_value", "bigint", (c) => c.check(sql`estimated_value >= 0`))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("given").check(sql`status IN ('given','contacted','meeting','won','lost')`))
    .addColumn("closed_value", "bigint", (c) => c.check(sql`closed_value >= 0`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("closed_at", "timestamptz")
    .addCheckConstraint("referrals_not_self", sql`from_member_id IS NULL OR to_member_id IS NULL OR from_member_id <> to_member_id`)
    .addCheckConstraint("referrals_won_value", sql`(status = 'won') = (closed_value IS NOT NULL)`)
    .addCheckConstraint("referrals_closed_at", sql`(status IN ('won','lost')) = (closed_at IS NOT NULL)`)
    .execute();
  await db.schema.createIndex("referrals_from_idx").on("referrals").columns(["from_member_id", "created_at"]).execute();
  await db.schema.createIndex("referrals_to_idx").on("referrals").columns(["to_member_id", "created_at"]).execute();
  await db.schema.createIndex("referrals_closed_idx").on("referrals").column("closed_at").execute();

  await db.schema
    .createTable("referral_steps")
    .addColumn("referral_id", "uuid", (c) => c.notNull().references("referrals.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status IN ('given','contacted','meeting','won','lost')`))
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("referral_steps_pk", ["referral_id", "status"])
    .execute();

  await db.schema
    .createTable("hour_records")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("giver_id", "uuid", (c) => c.notNull().references("members.id").onDelete("cascade"))
    .addColumn("receiver_id", "uuid", (c) => c.notNull().references("members.id").onDelete("cascade"))
    .addColumn("minutes", "integer", (c) => c.notNull().check(sql`minutes > 0 AND minutes <= 6000`))
    .addColumn("description", "text", (c) => c.notNull().check(sql`char_length(description) BETWEEN 1 AND 500`))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending").check(sql`status IN ('pending','confirmed','rejected')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("decided_at", "timestamptz")
    .addCheckConstraint("hour_records_not_self", sql`giver_id <> receiver_id`)
    .addCheckConstraint("hour_records_decided", sql`(status = 'pending') = (decided_at IS NULL)`)
    .execute();
  await db.schema.createIndex("hour_records_receiver_idx").on("hour_records").columns(["receiver_id", "status"]).execute();
  await db.schema.createIndex("hour_records_giver_idx").on("hour_records").columns(["giver_id", "created_at"]).execute();

  await db.schema
    .createTable("hour_entries")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("record_id", "uuid", (c) => c.notNull().references("hour_records.id"))
    .addColumn("creditor_id", "uuid", (c) => c.notNull().references("members.id"))
    .addColumn("debtor_id", "uuid", (c) => c.notNull().references("members.id"))
    .addColumn("minutes", "integer", (c) => c.notNull().check(sql`minutes > 0`))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind IN ('transfer','reversal')`))
    .addColumn("reverses_id", "uuid", (c) => c.references("hour_entries.id").unique())
    .addColumn("reason", "text", (c) => c.check(sql`char_length(reason) <= 500`))
    .addColumn("created_by", "uuid", (c) => c.references("members.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("hour_entries_two_sides", sql`creditor_id <> debtor_id`)
    .addCheckConstraint("hour_entries_reversal", sql`(kind = 'reversal') = (reverses_id IS NOT NULL)`)
    .execute();
  await db.schema.createIndex("hour_entries_record_transfer_idx").on("hour_entries").column("record_id").where(sql.ref("kind"), "=", "transfer").unique().execute();
  await db.schema.createIndex("hour_entries_creditor_idx").on("hour_entries").columns(["creditor_id", "created_at"]).execute();
  await db.schema.createIndex("hour_entries_debtor_idx").on("hour_entries").columns(["debtor_id", "created_at"]).execute();
  await sql`CREATE FUNCTION hour_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'hour entries are append-only: correct with a reversal' USING ERRCODE = '55000';
    END $$`.execute(db);
  await sql`CREATE TRIGGER hour_entries_append_only BEFORE UPDATE OR DELETE ON hour_entries
    FOR EACH ROW EXECUTE FUNCTION hour_entries_append_only()`.execute(db);

  await db.schema
    .createTable("community_settings")
    .addColumn("id", "boolean", (c) => c.primaryKey().defaultTo(true).check(sql`id`))
    .addColumn("hours_credit_limit_minutes", "integer", (c) => c.notNull().defaultTo(-1200).check(sql`hours_credit_limit_minutes BETWEEN -60000 AND 0`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`INSERT INTO community_settings (id) VALUES (true)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("community_settings").execute();
  await db.schema.dropTable("hour_entries").execute();
  await sql`DROP FUNCTION hour_entries_append_only()`.execute(db);
  await db.schema.dropTable("hour_records").execute();
  await db.schema.dropTable("referral_steps").execute();
  await db.schema.dropTable("referrals").execute();
}
