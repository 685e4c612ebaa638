import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
// An optional background image per space for the floor plan (a scanned plan or a sketch), served to members.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("floor_plan_images")
    .addColumn("space_id", "uuid", (c) => c.primaryKey().references("spaces.id").onDelete("cascade"))
    .addColumn("content_type", "text", (c) => c.notNull().check(sql`content_type IN ('image/png','image/jpeg','image/webp')`))
    .addColumn("data", "bytea", (c) => c.notNull().check(sql`octet_length(data) <= 2097152`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("floor_plan_images").ifExists().execute();
}
