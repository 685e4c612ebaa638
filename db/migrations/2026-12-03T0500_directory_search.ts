import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
// The directory's fuzzy search (issue 13, item 11) compares a query with what identifies a member — name, headline,
// business, city and tags — and not with the bio, whose many words made trigram similarity noisy and let easy typos
// ("pakaging", "Dwi Kartka") fall under the threshold. `search_core` is that text, kept by the same trigger as
// `search_text` and `search_doc` (both unchanged), with its own trigram index for the word-similarity operators.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("profiles").addColumn("search_core", "text", (c) => c.notNull().defaultTo("")).execute();
  await sql`
    CREATE OR REPLACE FUNCTION profiles_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      member_name text;
      tags text;
    BEGIN
      SELECT name INTO member_name FROM members WHERE id = NEW.member_id;
      tags := array_to_string(NEW.specialties, ' ') || ' ' || array_to_string(NEW.offers, ' ') || ' ' || array_to_string(NEW.needs, ' ');
      NEW.search_text := lower(concat_ws(' ', member_name, NEW.headline, NEW.business_name, NEW.city, tags, NEW.bio));
      NEW.search_core := lower(concat_ws(' ', member_name, NEW.headline, NEW.business_name, NEW.city, tags));
      NEW.search_doc :=
        setweight(to_tsvector('simple', coalesce(member_name, '')), 'A') ||
        setweight(to_tsvector('simple', tags), 'A') ||
        setweight(to_tsvector('simple', NEW.headline || ' ' || NEW.business_name), 'B') ||
        setweight(to_tsvector('simple', NEW.city || ' ' || NEW.bio), 'C');
      RETURN NEW;
    END $$`.execute(db);
  await sql`UPDATE profiles SET updated_at = updated_at`.execute(db);
  await sql`CREATE INDEX profiles_search_core_trgm_idx ON profiles USING gin (search_core gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS profiles_search_core_trgm_idx`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION profiles_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
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
  await db.schema.alterTable("profiles").dropColumn("search_core").execute();
}
