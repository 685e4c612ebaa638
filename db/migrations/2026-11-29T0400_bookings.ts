import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("bookings")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("resource_id", "uuid", (c) => c.notNull().references("resources.id").onDelete("cascade"))
    .addColumn("space_id", "uuid", (c) => c.notNull().references("spaces.id").onDelete("cascade"))
    .addColumn("member_id", "uuid", (c) => c.notNull().references("members.id").onDelete("cascade"))
    .addColumn("project_id", "uuid", (c) => c.references("projects.id").onDelete("set null"))
    .addColumn("series_id", "uuid")
    .addColumn("during", sql`tstzrange`, (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("confirmed").check(sql`status IN ('confirmed','checked_in','cancelled','no_show')`),
    )
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("checked_in_at", "timestamptz")
    .addColumn("cancelled_at", "timestamptz")
    .addColumn("cancelled_reason", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("bookings_during_valid", sql`NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during) AND NOT lower_inf(during) AND NOT upper_inf(during)`)
    .execute();
  // The guarantee: two active bookings of one resource never overlap (half-open ranges, so back-to-back is fine).
  await sql`ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap
    EXCLUDE USING gist (resource_id WITH =, during WITH &&) WHERE (status IN ('confirmed','checked_in'))`.execute(db);
  await sql`CREATE INDEX bookings_space_during_idx ON bookings USING gist (space_id, during) WHERE status IN ('confirmed','checked_in')`.execute(db);
  await db.schema.createIndex("bookings_member_idx").on("bookings").columns(["member_id", "created_at"]).execute();
  await db.schema.createIndex("bookings_series_idx").on("bookings").column("series_id").where(sql.ref("series_id"), "is not", null).execute();
  await sql`CREATE INDEX bookings_pending_checkin_idx ON bookings (lower(during)) WHERE status = 'confirmed'`.execute(db);

  await db.schema
    .createTable("closures")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("space_id", "uuid", (c) => c.notNull().references("spaces.id").onDelete("cascade"))
    .addColumn("during", sql`tstzrange`, (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_by", "uuid", (c) => c.references("members.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE INDEX closures_space_during_idx ON closures USING gist (space_id, during)`.execute(db);

  await db.schema
    .createTable("waitlist_entries")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("member_id", "uuid", (c) => c.notNull().references("members.id").onDelete("cascade"))
    .addColumn("space_id", "uuid", (c) => c.notNull().references("spaces.id").onDelete("cascade"))
    .addColumn("resource_id", "uuid", (c) => c.references("resources.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.check(sql`kind IN ('desk','room','booth')`))
    .addColumn("zone", "text")
    .addColumn("during", sql`tstzrange`, (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("waiting").check(sql`status IN ('waiting','promoted','cancelled','expired')`))
    .addColumn("booking_id", "uuid", (c) => c.references("bookings.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("waitlist_target", sql`resource_id IS NOT NULL OR kind IS NOT NULL`)
    .execute();
  await sql`CREATE INDEX waitlist_waiting_idx ON waitlist_entries USING gist (space_id, during) WHERE status = 'waiting'`.execute(db);
  // One live wait per member, target and time.
  await sql`CREATE UNIQUE INDEX waitlist_once_idx ON waitlist_entries
    (member_id, space_id, coalesce(resource_id::text, kind || ':' || coalesce(zone, '')), during) WHERE status = 'waiting'`.execute(db);

  await db.schema
    .createTable("notifications")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("member_id", "uuid", (c) => c.notNull().references("members.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("link", "text")
    .addColumn("data", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("read_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("notifications_member_idx").on("notifications").columns(["member_id", "created_at"]).execute();

  // Secret calendar feeds: the URL's token is an HMAC of (member, version); rotating bumps the version,
  // so the old URL stops working and no secret is stored.
  await db.schema
    .createTable("calendar_feeds")
    .addColumn("member_id", "uuid", (c) => c.primaryKey().references("members.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("rotated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["calendar_feeds", "notifications", "waitlist_entries", "closures", "bookings"]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
