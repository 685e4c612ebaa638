import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
// Throttling reserves an attempt atomically before the work it guards (issue 11): one row per bucket holding the
// instants of the attempts still inside its sliding window, updated by a single INSERT … ON CONFLICT DO UPDATE
// (which locks the row), so parallel requests can never all pass a count taken before any of them was recorded.
// It replaces the event rows, which were counted first and written after the ~100 ms password check.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("rate_limit_buckets")
    .addColumn("bucket", "text", (c) => c.primaryKey().check(sql`char_length(bucket) BETWEEN 1 AND 400`))
    .addColumn("hits", sql`timestamptz[]`, (c) => c.notNull().defaultTo(sql`'{}'::timestamptz[]`))
    // When the newest hit leaves its window: the row means nothing after that and housekeeping drops it.
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("rate_limit_buckets_expires_at_idx").on("rate_limit_buckets").column("expires_at").execute();
  await db.schema.dropTable("rate_limit_events").ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("rate_limit_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("bucket", "text", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("rate_limit_events_bucket_at_idx").on("rate_limit_events").columns(["bucket", "at"]).execute();
  await db.schema.dropTable("rate_limit_buckets").ifExists().execute();
}
