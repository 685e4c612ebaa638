import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
// Specialties that understand both languages (issue 16, item 4). A curated taxonomy of concepts, each with labels in
// Indonesian and English (its names and synonyms; `normalized` is unique across all concepts), a cache mapping every
// tag a member ever typed onto a concept (exact name, then synonym, then trigram similarity, else none), and on each
// profile the concepts of its tags (profiles keep the words as typed). The labels come from db/seed/specialties.json,
// upserted by slug after every migration run (db/taxonomy.ts), so a fresh database and an upgraded one hold the same.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE concepts (
      id serial PRIMARY KEY,
      slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      name_id text NOT NULL,
      name_en text NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE concept_labels (
      id serial PRIMARY KEY,
      concept_id int NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
      lang text NOT NULL CHECK (lang IN ('id', 'en')),
      label text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('name', 'synonym')),
      source text NOT NULL DEFAULT 'taxonomy' CHECK (source IN ('taxonomy', 'admin')),
      normalized text NOT NULL UNIQUE CHECK (normalized <> '')
    )`.execute(db);
  await sql`CREATE INDEX concept_labels_concept_idx ON concept_labels (concept_id)`.execute(db);
  await sql`CREATE TABLE taxonomy_state (id int PRIMARY KEY CHECK (id = 1), hash text NOT NULL)`.execute(db);
  await sql`
    CREATE TABLE tag_concepts (
      tag text PRIMARY KEY,
      concept_id int REFERENCES concepts(id) ON DELETE SET NULL,
      method text NOT NULL CHECK (method IN ('name', 'synonym', 'similar', 'none')),
      similarity real NOT NULL DEFAULT 0
    )`.execute(db);
  await sql`CREATE INDEX tag_concepts_concept_idx ON tag_concepts (concept_id)`.execute(db);

  // One folding for labels and tags: lower case, common Latin accents dropped, white space trimmed and collapsed.
  await sql`
    CREATE FUNCTION tag_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT btrim(regexp_replace(translate(lower(t), 'áàâäãåāéèêëēíìîïīóòôöõōúùûüūçñ', 'aaaaaaaeeeeeiiiiioooooouuuuucn'), '\\s+', ' ', 'g'))
    $$`.execute(db);
  // The concept of one folded tag: its label (a name or a synonym), else the most similar label of about its length
  // (within 2 letters or a quarter: a typo, not a longer phrase that contains it — "marketing" is not "kol marketing")
  // at trigram similarity >= 0.5. Measured on the taxonomy's 1,253 labels with 2,303 typos (one letter dropped in the
  // middle or replaced at the start): 0.45 → 95.7% right concept, 0.2% wrong; 0.5 → 92.9% / 0.2%; 0.55 → 81.3% / 0%;
  // 0.6 → 73.8% / 0%; of 25 generic or unrelated tags ("konsultan", "kopi susu", "usaha kecil"…) 4 map at 0.45,
  // 1 at 0.5. Else none (the admin page lists those).
  await sql`
    CREATE FUNCTION concept_lookup(n text, OUT concept_id int, OUT method text, OUT similarity real) LANGUAGE sql STABLE AS $$
      SELECT x.concept_id, x.method, x.similarity FROM (
        SELECT 1 AS rank, l.concept_id, CASE l.kind WHEN 'name' THEN 'name' ELSE 'synonym' END AS method, 1::real AS similarity
          FROM concept_labels l WHERE l.normalized = n
        UNION ALL
        (SELECT 2, l.concept_id, 'similar', similarity(l.normalized, n)
           FROM concept_labels l
          WHERE l.normalized <> n AND similarity(l.normalized, n) >= 0.5
            AND abs(length(l.normalized) - length(n)) <= greatest(2, length(n) / 4)
          ORDER BY similarity(l.normalized, n) DESC, l.id LIMIT 1)
        UNION ALL
        SELECT 3, NULL::int, 'none', 0::real
      ) x ORDER BY x.rank LIMIT 1
    $$`.execute(db);
  await sql`
    CREATE FUNCTION tags_to_concepts(tags text[]) RETURNS int[] LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      t text;
    BEGIN
      -- Only a tag never seen is looked up (a scan of the labels); the rest come from the cache.
      FOR t IN SELECT DISTINCT tag_fold(x) FROM unnest(tags) x LOOP
        IF t <> '' AND NOT EXISTS (SELECT 1 FROM tag_concepts tc WHERE tc.tag = t) THEN
          INSERT INTO tag_concepts (tag, concept_id, method, similarity)
            SELECT t, c.concept_id, c.method, c.similarity FROM concept_lookup(t) c
          ON CONFLICT (tag) DO NOTHING;
        END IF;
      END LOOP;
      RETURN coalesce((SELECT array_agg(DISTINCT tc.concept_id ORDER BY tc.concept_id)
                         FROM unnest(tags) x JOIN tag_concepts tc ON tc.tag = tag_fold(x)
                        WHERE tc.concept_id IS NOT NULL), '{}');
    END $$`.execute(db);
  await db.schema
    .alterTable("profiles")
    .addColumn("specialty_concepts", sql`int[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("offer_concepts", sql`int[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("need_concepts", sql`int[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("concepts", sql`int[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
  await sql`
    CREATE FUNCTION profiles_concepts_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.specialty_concepts := tags_to_concepts(NEW.specialties);
      NEW.offer_concepts := tags_to_concepts(NEW.offers);
      NEW.need_concepts := tags_to_concepts(NEW.needs);
      NEW.concepts := ARRAY(SELECT DISTINCT unnest(NEW.specialty_concepts || NEW.offer_concepts || NEW.need_concepts) ORDER BY 1);
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER profiles_concepts BEFORE INSERT OR UPDATE OF specialties, offers, needs ON profiles
      FOR EACH ROW EXECUTE FUNCTION profiles_concepts_refresh()`.execute(db);
  // After labels change: every cached tag looked up again, and the profiles whose concepts moved.
  await sql`
    CREATE FUNCTION concepts_remap() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE tag_concepts tc SET concept_id = c.concept_id, method = c.method, similarity = c.similarity
        FROM tag_concepts t CROSS JOIN LATERAL concept_lookup(t.tag) c
       WHERE t.tag = tc.tag AND (tc.concept_id IS DISTINCT FROM c.concept_id OR tc.method <> c.method);
      UPDATE profiles SET specialties = specialties
       WHERE specialty_concepts IS DISTINCT FROM tags_to_concepts(specialties)
          OR offer_concepts IS DISTINCT FROM tags_to_concepts(offers)
          OR need_concepts IS DISTINCT FROM tags_to_concepts(needs);
    END $$`.execute(db);
  await sql`CREATE INDEX profiles_concepts_idx ON profiles USING gin (concepts)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS profiles_concepts ON profiles`.execute(db);
  await sql`DROP FUNCTION IF EXISTS profiles_concepts_refresh()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS concepts_remap()`.execute(db);
  await db.schema.alterTable("profiles").dropColumn("specialty_concepts").dropColumn("offer_concepts").dropColumn("need_concepts").dropColumn("concepts").execute();
  await sql`DROP FUNCTION IF EXISTS tags_to_concepts(text[])`.execute(db);
  await sql`DROP FUNCTION IF EXISTS concept_lookup(text)`.execute(db);
  await sql`DROP FUNCTION IF EXISTS tag_fold(text)`.execute(db);
  await sql`DROP TABLE IF EXISTS tag_concepts, taxonomy_state, concept_labels, concepts`.execute(db);
}
