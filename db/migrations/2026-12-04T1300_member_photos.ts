import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
// A member's profile photo: one row per member, already resized and re-encoded by the server (a 256 px square and
// a 64 px thumb, WebP, no metadata). `version` is a hash of the photo: it changes with every new photo, so URLs
// carrying it may be cached for good. Deleting the member deletes the photo.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("member_photos")
    .addColumn("member_id", "uuid", (c) => c.primaryKey().references("members.id").onDelete("cascade"))
    .addColumn("content_type", "text", (c) => c.notNull().check(sql`content_type IN ('image/webp','image/jpeg')`))
    .addColumn("full", "bytea", (c) => c.notNull().check(sql`octet_length("full") BETWEEN 1 AND 262144`))
    .addColumn("thumb", "bytea", (c) => c.notNull().check(sql`octet_length(thumb) BETWEEN 1 AND 65536`))
    .addColumn("version", "text", (c) => c.notNull().check(sql`version ~ '^[0-9a-f]{16}$'`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("member_photos").ifExists().execute();
}
