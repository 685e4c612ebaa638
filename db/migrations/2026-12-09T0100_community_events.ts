import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
// Issue 16, item 3: community events at a space.
// - events: one occurrence each (a weekly series shares `series_id`); start/end instants in UTC (the space's zone
//   reads them); `capacity` seats; with a room, `booking_id` is the room's booking made in the same transaction.
// - event_rsvps: one row per event and member (a cancelled RSVP is reused when they come back). `going` never
//   exceeds the event's capacity: RSVPs are written under the event's row lock (SELECT … FOR UPDATE). A waitlisted
//   row has a position (1, 2, …): unique per event (deferred, so the renumbering after a promotion can move them
//   all up in one statement); only waitlisted rows have one.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("events")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("space_id", "uuid", (c) => c.notNull().references("spaces.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull().check(sql`char_length(title) BETWEEN 1 AND 200`))
    .addColumn("description", "text", (c) => c.notNull().defaultTo("").check(sql`char_length(description) <= 5000`))
    .addColumn("start_at", "timestamptz", (c) => c.notNull())
    .addColumn("end_at", "timestamptz", (c) => c.notNull())
    .addColumn("capacity", "integer", (c) => c.notNull().check(sql`capacity > 0 AND capacity <= 10000`))
    .addColumn("resource_id", "uuid", (c) => c.references("resources.id").onDelete("set null"))
    .addColumn("booking_id", "uuid", (c) => c.references("bookings.id").onDelete("set null"))
    .addColumn("visibility", "text", (c) => c.notNull().check(sql`visibility IN ('members','public')`))
    .addColumn("series_id", "uuid")
    .addColumn("created_by", "uuid", (c) => c.references("members.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("cancelled_at", "timestamptz")
    .addCheckConstraint("events_end_after_start", sql`end_at > start_at`)
    .execute();
  await db.schema.createIndex("events_space_start_idx").on("events").columns(["space_id", "start_at", "id"]).execute();
  await db.schema.createIndex("events_start_idx").on("events").columns(["start_at", "id"]).execute();
  await db.schema.createIndex("events_series_idx").on("events").column("series_id").execute();

  await db.schema
    .createTable("event_rsvps")
    .addColumn("event_id", "uuid", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("member_id", "uuid", (c) => c.notNull().references("members.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status IN ('going','waitlisted','cancelled')`))
    .addColumn("position", "integer", (c) => c.check(sql`position > 0`))
    .addColumn("checked_in_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("event_rsvps_pk", ["event_id", "member_id"])
    .addCheckConstraint("event_rsvps_position", sql`(status = 'waitlisted') = (position IS NOT NULL)`)
    .addCheckConstraint("event_rsvps_checked_in_going", sql`checked_in_at IS NULL OR status = 'going'`)
    .execute();
  await sql`ALTER TABLE event_rsvps ADD CONSTRAINT event_rsvps_position_unique UNIQUE (event_id, position) DEFERRABLE INITIALLY DEFERRED`.execute(db);
  await db.schema.createIndex("event_rsvps_member_idx").on("event_rsvps").columns(["member_id", "status"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("event_rsvps").execute();
  await db.schema.dropTable("events").execute();
}
