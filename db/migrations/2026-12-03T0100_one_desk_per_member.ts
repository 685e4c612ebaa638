import type { Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
// Issue 13, defect 7: one member could hold two desks at the same time. A space's rule "one desk per member at a
// time" (rooms and booths are exempt) is on by default, also for the spaces that exist already. It is enforced
// under the space's write lock by the booking writes (server/domain/bookings/placement.ts), not by a constraint:
// the rule can be switched off per space, and bookings made before it was switched on stay as they are. The check
// reads the member's bookings through bookings_member_idx (member_id first): a member holds few bookings.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("spaces").addColumn("one_desk_per_member", "boolean", (c) => c.notNull().defaultTo(true)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("spaces").dropColumn("one_desk_per_member").execute();
}
