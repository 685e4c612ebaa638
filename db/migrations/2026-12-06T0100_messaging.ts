import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
// Issue 15: reaching people outside the browser.
// - outbox: every mail, WhatsApp message and webhook delivery, written in the transaction of the change that causes
//   it and drained by workers that claim rows with FOR UPDATE SKIP LOCKED (a lease lets a crashed worker's rows be
//   claimed again); every attempt is recorded; what keeps failing is parked ('dead') until an admin retries it.
// - notification_preferences (email/WhatsApp, a verified phone, kinds switched off) and phone_verifications.
// - account_tokens: password reset and email verification links, stored as SHA-256 hashes, single use, expiring.
// - invitations: single-use expiring sign-up links that set a role, a space or a project.
// - webhook_endpoints: an admin's registered receivers with their signing secret.
// - members.email_verified_at; spaces.reminder_minutes (how long before a booking its reminder goes; 0: none).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("members").addColumn("email_verified_at", "timestamptz").execute();
  await db.schema
    .alterTable("spaces")
    .addColumn("reminder_minutes", "integer", (c) => c.notNull().defaultTo(60).check(sql`reminder_minutes BETWEEN 0 AND 10080`))
    .execute();

  await db.schema
    .createTable("notification_preferences")
    .addColumn("member_id", "uuid", (c) => c.primaryKey().references("members.id").onDelete("cascade"))
    .addColumn("email", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("whatsapp", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("phone", "text", (c) => c.check(sql`phone ~ '^\\+[1-9][0-9]{6,14}$'`))
    .addColumn("phone_verified_at", "timestamptz")
    .addColumn("kinds", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("phone_verifications")
    .addColumn("member_id", "uuid", (c) => c.primaryKey().references("members.id").onDelete("cascade"))
    .addColumn("phone", "text", (c) => c.notNull())
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("account_tokens")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("purpose", "text", (c) => c.notNull().check(sql`purpose IN ('password_reset','email_verification')`))
    .addColumn("member_id", "uuid", (c) => c.notNull().references("members.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("account_tokens_member").on("account_tokens").columns(["member_id", "purpose"]).execute();

  await db.schema
    .createTable("invitations")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("email", "text")
    .addColumn("phone", "text", (c) => c.check(sql`phone ~ '^\\+[1-9][0-9]{6,14}$'`))
    .addColumn("role", "text", (c) => c.notNull().defaultTo("member").check(sql`role IN ('member','operator','admin')`))
    .addColumn("space_id", "uuid", (c) => c.references("spaces.id").onDelete("cascade"))
    .addColumn("project_id", "uuid", (c) => c.references("projects.id").onDelete("cascade"))
    .addColumn("invited_by", "uuid", (c) => c.references("members.id").onDelete("set null"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("accepted_at", "timestamptz")
    .addColumn("accepted_by", "uuid", (c) => c.references("members.id").onDelete("set null"))
    .addColumn("revoked_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("invitations_reach", sql`email IS NOT NULL OR phone IS NOT NULL`)
    .execute();

  await db.schema
    .createTable("webhook_endpoints")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("events", sql`text[]`, (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("enabled", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("disabled_at", "timestamptz")
    .addColumn("disabled_reason", "text", (c) => c.check(sql`disabled_reason IN ('gone','failing','admin')`))
    .addColumn("created_by", "uuid", (c) => c.references("members.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE INDEX webhook_endpoints_events ON webhook_endpoints USING gin (events) WHERE enabled`.execute(db);

  await db.schema
    .createTable("outbox")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("channel", "text", (c) => c.notNull().check(sql`channel IN ('email','whatsapp','webhook')`))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("member_id", "uuid", (c) => c.references("members.id").onDelete("cascade"))
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("endpoint_id", "uuid", (c) => c.references("webhook_endpoints.id").onDelete("cascade"))
    .addColumn("locale", "text", (c) => c.notNull().defaultTo("id").check(sql`locale IN ('id','en')`))
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .addColumn("dedupe_key", "text")
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("pending").check(sql`status IN ('pending','sending','sent','kept','skipped','dead')`),
    )
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("max_attempts", "integer", (c) => c.notNull().defaultTo(8).check(sql`max_attempts BETWEEN 1 AND 20`))
    .addColumn("available_at", "timestamptz", (c) => c.notNull())
    .addColumn("lease_until", "timestamptz")
    .addColumn("last_error", "text")
    .addColumn("response_status", "integer")
    .addColumn("rendered", "jsonb")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("sent_at", "timestamptz")
    .execute();
  await sql`CREATE UNIQUE INDEX outbox_dedupe ON outbox (dedupe_key) WHERE dedupe_key IS NOT NULL`.execute(db);
  await sql`CREATE INDEX outbox_due ON outbox (available_at) WHERE status IN ('pending','sending')`.execute(db);
  await db.schema.createIndex("outbox_channel_recent").on("outbox").columns(["channel", "created_at desc", "id"]).execute();
  await sql`CREATE INDEX outbox_endpoint_recent ON outbox (endpoint_id, created_at DESC) WHERE endpoint_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX outbox_dead ON outbox (created_at DESC) WHERE status = 'dead'`.execute(db);

  await db.schema
    .createTable("outbox_attempts")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("outbox_id", "uuid", (c) => c.notNull().references("outbox.id").onDelete("cascade"))
    .addColumn("attempt", "integer", (c) => c.notNull())
    .addColumn("started_at", "timestamptz", (c) => c.notNull())
    .addColumn("duration_ms", "integer", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull().check(sql`outcome IN ('sent','kept','skipped','retry','dead')`))
    .addColumn("response_status", "integer")
    .addColumn("error", "text")
    .execute();
  await db.schema.createIndex("outbox_attempts_row").on("outbox_attempts").columns(["outbox_id", "attempt"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("outbox_attempts").execute();
  await db.schema.dropTable("outbox").execute();
  await db.schema.dropTable("webhook_endpoints").execute();
  await db.schema.dropTable("invitations").execute();
  await db.schema.dropTable("account_tokens").execute();
  await db.schema.dropTable("phone_verifications").execute();
  await db.schema.dropTable("notification_preferences").execute();
  await db.schema.alterTable("spaces").dropColumn("reminder_minutes").execute();
  await db.schema.alterTable("members").dropColumn("email_verified_at").execute();
}
