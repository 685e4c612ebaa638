import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
// Issue 16, item 5: introductions that happen. The network manager may suggest a room and a time to meet with an
// introduction; each of the two says afterwards whether they met and whether it was useful (what the network
// health counts and matches learn from); members opt in, week by week, to be introduced.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("introductions")
    .addColumn("resource_id", "uuid", (c) => c.references("resources.id").onDelete("set null"))
    .addColumn("meet_start", "timestamptz")
    .addColumn("meet_end", "timestamptz")
    .execute();
  await db.schema
    .alterTable("introductions")
    .addCheckConstraint("introductions_meeting", sql`(meet_start IS NULL) = (meet_end IS NULL) AND (meet_end IS NULL OR meet_end > meet_start)`)
    .execute();

  await db.schema
    .createTable("introduction_feedback")
    .addColumn("introduction_id", "uuid", (c) => c.notNull().references("introductions.id").onDelete("cascade"))
    .addColumn("member_id", "uuid", (c) => c.notNull().references("members.id").onDelete("cascade"))
    .addColumn("met", "boolean", (c) => c.notNull())
    .addColumn("useful", "boolean")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("introduction_feedback_pk", ["introduction_id", "member_id"])
    .execute();
  await db.schema.createIndex("introduction_feedback_member_idx").on("introduction_feedback").column("member_id").execute();

  await db.schema
    .createTable("introduction_opt_ins")
    .addColumn("member_id", "uuid", (c) => c.notNull().references("members.id").onDelete("cascade"))
    /** The Monday of the week (Asia/Jakarta) the member asked to be introduced in. */
    .addColumn("week", "date", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("introduction_opt_ins_pk", ["member_id", "week"])
    .execute();
  await db.schema.createIndex("introduction_opt_ins_week_idx").on("introduction_opt_ins").column("week").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("introduction_opt_ins").ifExists().execute();
  await db.schema.dropTable("introduction_feedback").ifExists().execute();
  await db.schema.alterTable("introductions").dropConstraint("introductions_meeting").execute();
  await db.schema.alterTable("introductions").dropColumn("meet_end").dropColumn("meet_start").dropColumn("resource_id").execute();
}
