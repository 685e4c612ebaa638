import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
// Issue 14, item 0: operators run the spaces they are assigned to (admins run every space). One row per (space,
// operator), with who assigned it and when. A space or member that goes takes its rows with it.
// Existing installs: every current operator is assigned to every existing space, so nobody loses a space they run
// today; an admin then narrows the assignments (README, "Operators run their own spaces").
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("space_operators")
    .addColumn("space_id", "uuid", (c) => c.notNull().references("spaces.id").onDelete("cascade"))
    .addColumn("member_id", "uuid", (c) => c.notNull().references("members.id").onDelete("cascade"))
    .addColumn("assigned_by", "uuid", (c) => c.references("members.id").onDelete("set null"))
    .addColumn("assigned_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("space_operators_pkey", ["space_id", "member_id"])
    .execute();
  // "Which spaces does this operator run": the console's list and every check start from the member.
  await db.schema.createIndex("space_operators_member_idx").on("space_operators").columns(["member_id", "space_id"]).execute();
  await sql`INSERT INTO space_operators (space_id, member_id)
    SELECT s.id, m.id FROM spaces s CROSS JOIN members m WHERE m.role = 'operator'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("space_operators").execute();
}
