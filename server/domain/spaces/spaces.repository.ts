import { sql } from "kysely";
import type { DB } from "../../../db/connect.js";
import type { NewOpeningHours, NewResource, NewSpace, Resource, ResourceUpdate, SpaceUpdate } from "../../../db/schema.js";

export function listSpaces(db: DB) {
  return db
    .selectFrom("spaces")
    .selectAll("spaces")
    .select([
      sql<number>`(select count(*)::int from resources r where r.space_id = spaces.id and r.kind = 'desk' and r.active)`.as("desks"),
      sql<number>`(select count(*)::int from resources r where r.space_id = spaces.id and r.kind = 'room' and r.active)`.as("rooms"),
      sql<number>`(select count(*)::int from resources r where r.space_id = spaces.id and r.kind = 'booth' and r.active)`.as("booths"),
      sql<Date | null>`(select f.updated_at from floor_plan_images f where f.space_id = spaces.id)`.as("floor_image_at"),
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

export function insertSpace(db: DB, space: NewSpace) {
  return db.insertInto("spaces").values(space).returningAll().executeTakeFirstOrThrow();
}

export function insertOpeningHours(db: DB, rows: NewOpeningHours[]) {
  if (rows.length === 0) return Promise.resolve();
  return db.insertInto("opening_hours").values(rows).execute().then(() => undefined);
}

export function insertResource(db: DB, resource: NewResource) {
  return db.insertInto("resources").values(resource).returningAll().executeTakeFirstOrThrow();
}

export function findResource(db: DB, id: string) {
  return db.selectFrom("resources").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findResourceByToken(db: DB, token: string) {
  return db.selectFrom("resources").selectAll().where("checkin_token", "=", token).executeTakeFirst();
}

export function listResources(db: DB, spaceId: string, opts: { activeOnly?: boolean } = {}) {
  let q = db.selectFrom("resources").selectAll().where("space_id", "=", spaceId);
  if (opts.activeOnly) q = q.where("active", "=", true);
  return q.orderBy("kind").orderBy("zone").orderBy("name").execute();
}

export function updateSpace(db: DB, id: string, changes: SpaceUpdate) {
  if (Object.keys(changes).length === 0) return Promise.resolve();
  return db.updateTable("spaces").set(changes).where("id", "=", id).execute().then(() => undefined);
}

export async function replaceOpeningHours(db: DB, spaceId: string, rows: NewOpeningHours[]) {
  await db.deleteFrom("opening_hours").where("space_id", "=", spaceId).execute();
  await insertOpeningHours(db, rows);
}

export function updateResource(db: DB, id: string, changes: ResourceUpdate) {
  // An UPDATE with nothing to SET is not SQL: read the row instead.
  if (Object.keys(changes).length === 0) return findResource(db, id);
  return db.updateTable("resources").set(changes).where("id", "=", id).returningAll().executeTakeFirst();
}

/** Moves the given resources of one space; returns how many were found in that space. */
export async function setPositions(db: DB, spaceId: string, positions: Array<{ resourceId: string; x: number; y: number }>) {
  const result = await sql<{ id: string }>`
    UPDATE resources r SET x = p.x, y = p.y
    FROM jsonb_to_recordset(${JSON.stringify(positions)}::jsonb) AS p("resourceId" uuid, x int, y int)
    WHERE r.id = p."resourceId" AND r.space_id = ${spaceId}
    RETURNING r.id`.execute(db);
  return result.rows.length;
}

export function upsertFloorImage(db: DB, spaceId: string, contentType: "image/png" | "image/jpeg" | "image/webp", data: Uint8Array, at: Date) {
  return db
    .insertInto("floor_plan_images")
    .values({ space_id: spaceId, content_type: contentType, data, updated_at: at })
    .onConflict((oc) => oc.column("space_id").doUpdateSet({ content_type: contentType, data, updated_at: at }))
    .execute();
}

export function deleteFloorImage(db: DB, spaceId: string) {
  return db.deleteFrom("floor_plan_images").where("space_id", "=", spaceId).execute();
}

export function findFloorImage(db: DB, spaceId: string) {
  return db.selectFrom("floor_plan_images").select(["content_type", "data", "updated_at"]).where("space_id", "=", spaceId).executeTakeFirst();
}

const hoursOfSpace = sql<Array<{ weekday: number; opens: string; closes: string }>>`coalesce((
  select json_agg(json_build_object('weekday', h.weekday, 'opens', h.opens::text, 'closes', h.closes::text) order by h.weekday)
  from opening_hours h where h.space_id = spaces.id), '[]'::json)`;

/** A space with its opening hours in one round trip (rule checks run on every booking write). */
export function findSpaceWithHours(db: DB, id: string) {
  return db.selectFrom("spaces").selectAll("spaces").select(hoursOfSpace.as("hours")).where("id", "=", id).executeTakeFirst();
}

/** A resource with its space and that space's opening hours, in one round trip (a booking by resource id). */
export function findResourceWithSpace(db: DB, resourceId: string) {
  return db
    .selectFrom("resources")
    .innerJoin("spaces", "spaces.id", "resources.space_id")
    .select(sql<Resource>`to_jsonb(resources.*)`.as("resource"))
    .selectAll("spaces")
    .select(hoursOfSpace.as("hours"))
    .where("resources.id", "=", resourceId)
    .executeTakeFirst();
}
