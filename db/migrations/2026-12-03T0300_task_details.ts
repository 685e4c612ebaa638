import { sql, type Kysely } from "kysely";

/**
 * Tasks get what a Trello card has: a description, a due date (a plain local date), archiving and deleting (soft:
 * a deleted task stays as a tombstone with its seq, so a rejoining client learns of it from the catch-up), and
 * comments. A comment takes the room's next seq like every room event and moves its task's seq (not its version:
 * a comment never conflicts with an edit), so the task as the board knows it carries its comments live.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("tasks")
    .addColumn("description", "text", (c) => c.notNull().defaultTo("").check(sql`char_length(description) <= 4000`))
    .addColumn("due_date", "date")
    .addColumn("archived_at", "timestamptz")
    .addColumn("deleted_at", "timestamptz")
    .addColumn("comment_count", "integer", (c) => c.notNull().defaultTo(0).check(sql`comment_count >= 0`))
    .execute();

  await db.schema
    .createTable("task_comments")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("task_id", "uuid", (c) => c.notNull().references("tasks.id").onDelete("cascade"))
    .addColumn("project_id", "uuid", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("author_id", "uuid", (c) => c.references("members.id").onDelete("set null"))
    .addColumn("client_id", "text", (c) => c.check(sql`char_length(client_id) BETWEEN 1 AND 64`))
    .addColumn("body", "text", (c) => c.notNull().check(sql`char_length(body) BETWEEN 1 AND 2000`))
    .addColumn("seq", "bigint", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // A retried comment (same client id on the same task) is stored once.
  await sql`CREATE UNIQUE INDEX task_comments_client_idx ON task_comments (task_id, client_id) WHERE client_id IS NOT NULL`.execute(db);
  await db.schema.createIndex("task_comments_task_idx").on("task_comments").columns(["task_id", "seq"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("task_comments").ifExists().execute();
  await db.schema
    .alterTable("tasks")
    .dropColumn("description")
    .dropColumn("due_date")
    .dropColumn("archived_at")
    .dropColumn("deleted_at")
    .dropColumn("comment_count")
    .execute();
}
