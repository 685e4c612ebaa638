import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
// The raw bookings export pages by keyset (issue 11): each page is one short query
// `WHERE space_id = $1 AND (lower(during), id) > ($2, $3) ORDER BY lower(during), id LIMIT n`, and no transaction
// spans the wait for the client. The btree serves that order within a space for every status (the gist on
// (space_id, during) holds only active bookings and gives no order), so a page reads its n rows and stops.
// The first page must also find the bookings already running when the range begins (they started before it, by
// any amount): the existing gist finds the active ones, and a gist over the other statuses (cancelled, no-show)
// finds the rest, so the first scan starts at the earliest of them instead of at the space's oldest booking. That
// gist is partial so that creating a booking (always active) never writes to it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX bookings_space_start_id_idx ON bookings (space_id, lower(during), id)`.execute(db);
  await sql`CREATE INDEX bookings_space_during_inactive_idx ON bookings USING gist (space_id, during)
    WHERE status IN ('cancelled','no_show')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS bookings_space_during_inactive_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS bookings_space_start_id_idx`.execute(db);
}
