import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS btree_gist`.execute(db);
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);

  await db.schema
    .createTable("members")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull().defaultTo("member").check(sql`role IN ('member','operator','admin')`))
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("locale", "text", (c) => c.check(sql`locale IN ('id','en')`))
    .addColumn("suspended_at", "timestamptz")
    .addColumn("last_seen_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("members_email_lower", sql`email = lower(email)`)
    .execute();
  await db.schema.createIndex("members_email_key").on("members").column("email").unique().execute();

  await db.schema
    .createTable("profiles")
    .addColumn("member_id", "uuid", (c) => c.primaryKey().references("members.id").onDelete("cascade"))
    .addColumn("headline", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("bio", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("business_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("city", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("specialties", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("offers", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("needs", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("links", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("show_presence", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // One table for browser sessions and API tokens: both are random secrets stored only as a keyed hash,
  // revoked by deleting the row.
  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("member_id", "uuid", (c) => c.notNull().references("members.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind IN ('web','api')`))
    .addColumn("label", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("last_used_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("sessions_member_idx").on("sessions").column("member_id").execute();

  // Sliding-window rate limiting shared by every node (login throttling).
  await db.schema
    .createTable("rate_limit_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("bucket", "text", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("rate_limit_events_bucket_at_idx").on("rate_limit_events").columns(["bucket", "at"]).execute();

  await db.schema
    .createTable("idempotency_keys")
    .addColumn("member_id", "uuid", (c) => c.notNull().references("members.id").onDelete("cascade"))
    .addColumn("key", "text", (c) => c.notNull().check(sql`char_length(key) BETWEEN 1 AND 255`))
    .addColumn("fingerprint", "text", (c) => c.notNull())
    .addColumn("status", "integer")
    .addColumn("body", "jsonb")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("idempotency_keys_pkey", ["member_id", "key"])
    .execute();

  await db.schema
    .createTable("spaces")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("timezone", "text", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("max_booking_minutes", "integer", (c) => c.notNull().defaultTo(600).check(sql`max_booking_minutes > 0`))
    .addColumn("max_advance_days", "integer", (c) => c.notNull().defaultTo(60).check(sql`max_advance_days >= 0`))
    .addColumn("min_notice_minutes", "integer", (c) => c.notNull().defaultTo(0).check(sql`min_notice_minutes >= 0`))
    .addColumn("check_in_grace_minutes", "integer", (c) => c.notNull().defaultTo(30).check(sql`check_in_grace_minutes >= 0`))
    .addColumn("capacity", "integer", (c) => c.check(sql`capacity > 0`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("opening_hours")
    .addColumn("space_id", "uuid", (c) => c.notNull().references("spaces.id").onDelete("cascade"))
    .addColumn("weekday", "smallint", (c) => c.notNull().check(sql`weekday BETWEEN 1 AND 7`))
    .addColumn("opens", "time", (c) => c.notNull())
    .addColumn("closes", "time", (c) => c.notNull())
    .addPrimaryKeyConstraint("opening_hours_pkey", ["space_id", "weekday"])
    .addCheckConstraint("opening_hours_order", sql`opens < closes`)
    .execute();

  await db.schema
    .createTable("resources")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("space_id", "uuid", (c) => c.notNull().references("spaces.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind IN ('desk','room','booth')`))
    .addColumn("capacity", "integer", (c) => c.notNull().defaultTo(1).check(sql`capacity > 0`))
    .addColumn("zone", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("x", "integer")
    .addColumn("y", "integer")
    .addColumn("amenities", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("checkin_token", "text", (c) => c.notNull().unique().defaultTo(sql`md5(gen_random_uuid()::text)`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("resources_space_name_key", ["space_id", "name"])
    .execute();
  await db.schema.createIndex("resources_space_idx").on("resources").columns(["space_id", "kind", "zone"]).execute();

  await db.schema
    .createTable("projects")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_by", "uuid", (c) => c.references("members.id").onDelete("set null"))
    .addColumn("last_seq", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("project_members")
    .addColumn("project_id", "uuid", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("member_id", "uuid", (c) => c.notNull().references("members.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull().defaultTo("member").check(sql`role IN ('owner','member')`))
    .addColumn("joined_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("project_members_pkey", ["project_id", "member_id"])
    .execute();
  await db.schema.createIndex("project_members_member_idx").on("project_members").column("member_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "project_members",
    "projects",
    "resources",
    "opening_hours",
    "spaces",
    "idempotency_keys",
    "rate_limit_events",
    "sessions",
    "profiles",
    "members",
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
