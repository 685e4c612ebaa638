import { sql } from "kysely";
import type { DB } from "../../../db/connect.js";

export function listSpaces(db: DB) {
  return db
    .selectFrom("spaces")
    .selectAll("spaces")
    .select([
      sql<number>`(select count(*)::int from resources r where r.space_id = spaces.id and r.kind = 'desk' and r.active)`.as("desks"),
      sql<number>`(select count(*)::int from resources r where r.space_id = spaces.id and r.kind = 'room' and r.active)`.as("rooms"),
      sql<number>`(select count(*)::int from resources r where r.space_id = spaces.id and r.kind = 'booth' and r.active)`.as("booths"),
    ])
    .orderBy("name")
    .execute();
}

export function listOpeningHours(db: DB, spaceIds: string[]) {
  if (spaceIds.length === 0) return Promise.resolve([]);
  return db.selectFrom("opening_hours").selectAll().where("space_id", "in", spaceIds).orderBy("weekday").execute();
}

export function findSpace(db: DB, id: string) {
  return db.selectFrom("spaces").selectAll().where("id", "=", id).executeTakeFirst();
}
