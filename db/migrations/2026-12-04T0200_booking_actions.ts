import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
// Issue 13, "the member's day": ending a booking early and favourite desks.
// - `checked_out_at`: when the member ended the booking early (check-out). The booking's range is cut at the next
//   grid time in the same statement; the column tells "ended early" from "runs until then", so the booking shows as
//   ended, the member is no longer here, and the no-show job leaves it alone. Never before the booking began.
// - `favourite_resources`: a member's starred desks and rooms, once each (the primary key), gone with the member or
//   the resource (foreign keys cascade: deleting an account deletes them).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("bookings").addColumn("checked_out_at", "timestamptz").execute();
  await db.schema
    .alterTable("bookings")
    .addCheckConstraint("bookings_checked_out_after_start", sql`checked_out_at IS NULL OR checked_out_at >= lower(during)`)
    .execute();
  await db.schema
    .createTable("favourite_resources")
    .addColumn("member_id", "uuid", (c) => c.notNull().references("members.id").onDelete("cascade"))
    .addColumn("resource_id", "uuid", (c) => c.notNull().references("resources.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("favourite_resources_pkey", ["member_id", "resource_id"])
    .execute();
  // "Which members starred this resource" is not asked; the cascade from resources finds rows through this index.
  await db.schema.createIndex("favourite_resources_resource_idx").on("favourite_resources").column("resource_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("favourite_resources").execute();
  await db.schema.alterTable("bookings").dropConstraint("bookings_checked_out_after_start").execute();
  await db.schema.alterTable("bookings").dropColumn("checked_out_at").execute();
}
