import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
// Project rooms: chat and the task board. Every persisted room event (a message posted, edited or deleted, a task
// created or changed) takes the next `projects.last_seq` in the transaction that writes it, so a client that
// reconnects can ask for everything after the last seq it saw.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("project_members")
    .addColumn("last_read_seq", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable("messages")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("project_id", "uuid", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("seq", "bigint", (c) => c.notNull())
    // The seq of the last change (edit, delete); equal to `seq` until then.
    .addColumn("updated_seq", "bigint", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().defaultTo("text").check(sql`kind IN ('text','system')`))
    .addColumn("author_id", "uuid", (c) => c.references("members.id").onDelete("set null"))
    .addColumn("client_id", "text", (c) => c.check(sql`char_length(client_id) BETWEEN 1 AND 64`))
    .addColumn("body", "text", (c) => c.notNull().check(sql`char_length(body) <= 4000`))
    .addColumn("data", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("mentions", sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("edited_at", "timestamptz")
    .addColumn("deleted_at", "timestamptz")
    .addUniqueConstraint("messages_project_seq_key", ["project_id", "seq"])
    // Delivery dedupe: a retried send with the same client id never stores a second row.
    .addUniqueConstraint("messages_project_client_key", ["project_id", "client_id"])
    .addCheckConstraint("messages_updated_seq_check", sql`updated_seq >= seq`)
    .execute();
  await db.schema.createIndex("messages_project_updated_idx").on("messages").columns(["project_id", "updated_seq"]).execute();

  await db.schema
    .createTable("tasks")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("project_id", "uuid", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull().check(sql`char_length(title) BETWEEN 1 AND 200`))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("todo").check(sql`status IN ('todo','doing','done')`))
    .addColumn("assignee_id", "uuid", (c) => c.references("members.id").onDelete("set null"))
    .addColumn("position", "double precision", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("seq", "bigint", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("members.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("tasks_project_idx").on("tasks").columns(["project_id", "status", "position"]).execute();
  await sql`CREATE INDEX bookings_project_idx ON bookings (project_id) WHERE project_id IS NOT NULL`.execute(db);
  await db.schema.createIndex("tasks_project_seq_idx").on("tasks").columns(["project_id", "seq"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS bookings_project_idx`.execute(db);
  await db.schema.dropTable("tasks").ifExists().execute();
  await db.schema.dropTable("messages").ifExists().execute();
  await db.schema.alterTable("project_members").dropColumn("last_read_seq").execute();
}
