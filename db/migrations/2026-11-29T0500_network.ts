import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("profiles")
    .addColumn("hidden", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("search_text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("search_doc", sql`tsvector`, (c) => c.notNull().defaultTo(sql`''::tsvector`))
    .execute();

  // The directory's search document, kept current by triggers: language-neutral ('simple') full-text for words,
  // trigram text for typos and partial words. Indonesian and English live side by side.
  await sql`
    CREATE FUNCTION profiles_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      member_name text;
      tags text;
    BEGIN
      SELECT name INTO member_name FROM members WHERE id = NEW.member_id;
      tags := array_to_string(NEW.specialties, ' ') || ' ' || array_to_string(NEW.offers, ' ') || ' ' || array_to_string(NEW.needs, ' ');
      NEW.search_text := lower(concat_ws(' ', member_name, NEW.headline, NEW.business_name, NEW.city, tags, NEW.bio));
      NEW.search_doc :=
        setweight(to_tsvector('simple', coalesce(member_name, '')), 'A') ||
        setweight(to_tsvector('simple', tags), 'A') ||
        setweight(to_tsvector('simple', NEW.headline || ' ' || NEW.business_name), 'B') ||
        setweight(to_tsvector('simple', NEW.city || ' ' || NEW.bio), 'C');
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER profiles_search_refresh BEFORE INSERT OR UPDATE ON profiles
    FOR EACH ROW EXECUTE FUNCTION profiles_search_refresh()`.execute(db);
  await sql`
    CREATE FUNCTION members_name_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE profiles SET updated_at = updated_at WHERE member_id = NEW.id;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER members_name_search_refresh AFTER UPDATE OF name ON members
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION members_name_search_refresh()`.execute(db);
  await sql`UPDATE profiles SET updated_at = updated_at`.execute(db);

  await sql`CREATE INDEX profiles_search_doc_idx ON profiles USING gin (search_doc)`.execute(db);
  await sql`CREATE INDEX profiles_search_trgm_idx ON profiles USING gin (search_text gin_trgm_ops)`.execute(db);
  await sql`CREATE INDEX profiles_specialties_idx ON profiles USING gin (specialties)`.execute(db);
  await sql`CREATE INDEX profiles_offers_idx ON profiles USING gin (offers)`.execute(db);
  await sql`CREATE INDEX profiles_needs_idx ON profiles USING gin (needs)`.execute(db);
  await sql`CREATE INDEX profiles_city_idx ON profiles (lower(city))`.execute(db);

  await db.schema
    .createTable("introductions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("created_by", "uuid", (c) => c.references("members.id").onDelete("set null"))
    .addColumn("member_a", "uuid", (c) => c.notNull().references("members.id").onDelete("cascade"))
    .addColumn("member_b", "uuid", (c) => c.notNull().references("members.id").onDelete("cascade"))
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("introductions_two_people", sql`member_a <> member_b`)
    .execute();

  await db.schema
    .createTable("connections")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("requester_id", "uuid", (c) => c.notNull().references("members.id").onDelete("cascade"))
    .addColumn("addressee_id", "uuid", (c) => c.notNull().references("members.id").onDelete("cascade"))
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending").check(sql`status IN ('pending','accepted','declined')`))
    .addColumn("introduction_id", "uuid", (c) => c.references("introductions.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("responded_at", "timestamptz")
    .addCheckConstraint("connections_two_people", sql`requester_id <> addressee_id`)
    .execute();
  // One live connection (pending or accepted) per pair of members, whoever asked.
  await sql`CREATE UNIQUE INDEX connections_pair_idx ON connections
    (least(requester_id, addressee_id), greatest(requester_id, addressee_id)) WHERE status IN ('pending','accepted')`.execute(db);
  await db.schema.createIndex("connections_addressee_idx").on("connections").columns(["addressee_id", "status"]).execute();
  await db.schema.createIndex("connections_requester_idx").on("connections").columns(["requester_id", "status"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("connections").ifExists().execute();
  await db.schema.dropTable("introductions").ifExists().execute();
  await sql`DROP TRIGGER IF EXISTS members_name_search_refresh ON members`.execute(db);
  await sql`DROP TRIGGER IF EXISTS profiles_search_refresh ON profiles`.execute(db);
  await sql`DROP FUNCTION IF EXISTS members_name_search_refresh()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS profiles_search_refresh()`.execute(db);
  await db.schema.alterTable("profiles").dropColumn("search_doc").dropColumn("search_text").dropColumn("hidden").execute();
}
