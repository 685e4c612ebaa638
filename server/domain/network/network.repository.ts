import { sql, type RawBuilder, type SqlBool } from "kysely";
import type { DB } from "../../../db/connect.js";
import type { ProfileUpdate } from "../../../db/schema.js";
import type { SearchTerms } from "./search-terms.js";

export function findProfile(db: DB, memberId: string) {
  return db
    .selectFrom("profiles as p")
    .innerJoin("members as m", "m.id", "p.member_id")
    .selectAll("p")
    .select("m.name")
    .where("p.member_id", "=", memberId)
    .executeTakeFirst();
}

export function updateProfile(db: DB, memberId: string, changes: ProfileUpdate) {
  return db.updateTable("profiles").set(changes).where("member_id", "=", memberId).returningAll().executeTakeFirst();
}

/** The name on a member's profile (the members row; its trigger refreshes the profile's search text). */
export function renameMember(db: DB, memberId: string, name: string) {
  return db.updateTable("members").set({ name }).where("id", "=", memberId).where("name", "<>", name).execute();
}

/**
 * A card's photo version: only for members who are not hidden, so that every list shows a photo its reader may
 * load (a hidden member's photo follows their profile's rule: see `findCard`). Needs `m` and `p` in the query.
 */
const cardPhotoVersion = sql<string | null>`(SELECT ph.version FROM member_photos ph WHERE ph.member_id = m.id AND NOT p.hidden)`;

const cardColumns = [
  "m.id",
  "m.name",
  "p.headline",
  "p.business_name",
  "p.city",
  "p.specialties",
  "p.offers",
  "p.needs",
  cardPhotoVersion.as("photo_version"),
] as const;

export type CardRow = {
  id: string;
  name: string;
  headline: string;
  business_name: string;
  city: string;
  specialties: string[];
  offers: string[];
  needs: string[];
  photo_version: string | null;
};

function members(db: DB) {
  return db
    .selectFrom("profiles as p")
    .innerJoin("members as m", "m.id", "p.member_id")
    .where("m.suspended_at", "is", null);
}

/** Members checked in at a space right now who allow being shown (the presence rule, as a subquery). */
function presentAt(db: DB, spaceId: string, now: Date) {
  return db
    .selectFrom("bookings as b")
    .innerJoin("profiles as bp", "bp.member_id", "b.member_id")
    .select("b.member_id")
    .where("b.space_id", "=", spaceId)
    .where("b.status", "=", "checked_in")
    .where("bp.show_presence", "=", true)
    .where(sql<SqlBool>`b.checked_in_at <= ${now.toISOString()}::timestamptz AND upper(b.during) > ${now.toISOString()}::timestamptz`);
}

export type DirectoryFilter = {
  terms?: SearchTerms;
  specialty?: string;
  offer?: string;
  need?: string;
  city?: string;
  /** The taxonomy concepts of the query and of the tag filters (`conceptsOf`), null when they map onto none. */
  concepts?: { q?: number | null; specialty?: number | null; offer?: number | null; need?: number | null };
  /** Only members checked in at this space at `now`. */
  hereAt?: { spaceId: string; now: Date };
  viewerId: string;
  limit: number;
  after?: { score: number; id: string } | { name: string; id: string };
};

/**
 * How close a text must be, in pg_trgm's strict word similarity (0–1): one word of the query to some words of the
 * text, or a whole query of several words to a run of words of the text ("dwi kartka" ~ "dewi kartika" is 0.41,
 * while "ani" ~ "anyaman" is 0.2). Words shorter than three letters match as prefixes only.
 */
export const FUZZY = { word: 0.5, phrase: 0.4 } as const;

/**
 * The one matching rule of every search (directory, global search): each word is a prefix of a word of `doc` or
 * close to a word of `core`; or, for several words, the whole query is close to a run of `core`. Written with the
 * operators the indexes answer — `@@` prefix on the full-text index; `<<%` (strict word similarity ≥ its threshold,
 * `FUZZY.word`: pg_trgm's default, and what `useFuzzyThreshold` sets) and `<%` (word similarity, never below the
 * strict one, so a superset) on the trigram index — so the candidates come from the indexes; the phrase's function
 * call decides at `FUZZY.phrase`.
 */
export function fuzzyMatch(terms: SearchTerms, doc: RawBuilder<unknown>, core: RawBuilder<unknown>): RawBuilder<SqlBool> {
  if (terms.words.length === 0) return sql<SqlBool>`false`;
  const perWord = terms.words.map((w) =>
    [...w].length >= 3
      ? sql`(${doc} @@ to_tsquery('simple', ${`${w}:*`}) OR ${w} <<% ${core})`
      : sql`${doc} @@ to_tsquery('simple', ${`${w}:*`})`,
  );
  const all = sql`(${sql.join(perWord, sql` AND `)})`;
  if (terms.words.length === 1) return sql<SqlBool>`${all}`;
  return sql<SqlBool>`(${all} OR (${terms.text} <% ${core} AND strict_word_similarity(${terms.text}, ${core}) >= ${FUZZY.phrase}))`;
}

/**
 * For the rest of the transaction: the trigram operators' thresholds at the ones `fuzzyMatch` decides with (so the
 * index hands over as few candidates as it can), and no sequential scan. The planner costs pg_trgm's operators like
 * a comparison, so it would rather compute trigram similarity for every profile (~20 µs each, 200 ms at 10,000
 * members) than probe the trigram and full-text indexes.
 */
export async function useFuzzyThreshold(trx: DB) {
  await sql`SELECT set_config('pg_trgm.strict_word_similarity_threshold', ${String(FUZZY.word)}, true),
                   set_config('pg_trgm.word_similarity_threshold', ${String(FUZZY.phrase)}, true),
                   set_config('enable_seqscan', 'off', true)`.execute(trx);
}

/** The directory's filters other than the words, as conditions on `p` (profiles). */
function directoryFilters(db: DB, f: DirectoryFilter): RawBuilder<SqlBool> {
  const where = [sql<SqlBool>`(NOT p.hidden OR p.member_id = ${f.viewerId})`];
  // A tag filter finds the tag as typed or any tag of its concept (`concepts` is indexed; the field's own array decides).
  const tagFilter = (tags: RawBuilder<unknown>, tag: string, concepts: RawBuilder<unknown>, concept: number | null | undefined) =>
    concept == null
      ? sql<SqlBool>`${tags} @> ARRAY[${tag}]::text[]`
      : sql<SqlBool>`(${tags} @> ARRAY[${tag}]::text[] OR (p.concepts @> ARRAY[${concept}::int] AND ${concepts} @> ARRAY[${concept}::int]))`;
  if (f.specialty) where.push(tagFilter(sql`p.specialties`, f.specialty, sql`p.specialty_concepts`, f.concepts?.specialty));
  if (f.offer) where.push(tagFilter(sql`p.offers`, f.offer, sql`p.offer_concepts`, f.concepts?.offer));
  if (f.need) where.push(tagFilter(sql`p.needs`, f.need, sql`p.need_concepts`, f.concepts?.need));
  if (f.city) where.push(sql<SqlBool>`lower(p.city) = lower(${f.city})`);
  if (f.hereAt) where.push(sql<SqlBool>`p.member_id IN (${presentAt(db, f.hereAt.spaceId, f.hereAt.now)})`);
  return sql<SqlBool>`(${sql.join(where, sql` AND `)})`;
}

/**
 * The directory: a fuzzy search (typos, partial words, prefixes; see `fuzzyMatch`) ranked by relevance — the name
 * counts most, then what they offer and their specialties, then the rest (needs, city, headline), then full text —
 * with combinable filters and keyset pagination on (score, id), or (name, id) without a query, so pages stay stable.
 * Run it in a transaction after `useFuzzyThreshold`.
 */
export function searchDirectory(db: DB, f: DirectoryFilter) {
  return directoryQuery(db, f).execute();
}

/** The statement `searchDirectory` runs (exported for the test of its plan). */
export function directoryQuery(db: DB, f: DirectoryFilter) {
  if (f.terms) {
    const t = f.terms.text;
    // A query that names a concept ("product photo") also finds every member with a tag of it, in either language.
    const concept = f.concepts?.q;
    const rank = f.terms.prefixQuery ? sql`ts_rank(p.search_doc, to_tsquery('simple', ${f.terms.prefixQuery}))` : sql`0`;
    // Three trigram comparisons per hit (each costs tens of microseconds): the name, what they offer and do, and
    // the whole identifying text (needs, city, headline); then the full-text rank.
    const score = sql<number>`round((
        3 * strict_word_similarity(${t}, lower(m.name))
      + 2 * strict_word_similarity(${t}, lower(array_to_string(p.specialties || p.offers, ' ')))
      + strict_word_similarity(${t}, p.search_core)
      + ${concept == null ? sql`0` : sql`2 * (p.concepts @> ARRAY[${concept}::int])::int`}
      + ${rank})::numeric, 6)::float8`;
    // The matching profiles first, on their own (a materialized CTE is planned apart): only the indexes can find
    // them, and the rule decides on those candidates alone. Joined with members, the planner would walk the primary
    // key in member order and compute the rule for every profile.
    let q = db
      .with(
        (cte) => cte("hits").materialized(),
        (qb) =>
          qb
            .selectFrom("profiles")
            .select("member_id")
            .where(
              concept == null
                ? fuzzyMatch(f.terms!, sql`search_doc`, sql`search_core`)
                : sql<SqlBool>`(${fuzzyMatch(f.terms!, sql`search_doc`, sql`search_core`)} OR concepts @> ARRAY[${concept}::int])`,
            ),
      )
      .selectFrom("hits as h")
      .innerJoin("profiles as p", "p.member_id", "h.member_id")
      .innerJoin("members as m", "m.id", "p.member_id")
      .select(cardColumns)
      .select(score.as("score"))
      .where("m.suspended_at", "is", null)
      .where(directoryFilters(db, f));
    if (f.after && "score" in f.after) {
      q = q.where(sql<SqlBool>`(${score} < ${f.after.score} OR (${score} = ${f.after.score} AND m.id > ${f.after.id}))`);
    }
    return q.orderBy("score", "desc").orderBy("m.id").limit(f.limit + 1);
  }
  let q = members(db).select(cardColumns).where(directoryFilters(db, f));
  if (f.after && "name" in f.after) {
    q = q.where(sql<SqlBool>`(m.name, m.id) > (${f.after.name}, ${f.after.id}::uuid)`);
  }
  return q.select(sql<number>`0::float8`.as("score")).orderBy("m.name").orderBy("m.id").limit(f.limit + 1);
}

/**
 * Which of `texts` match the terms (the same rule as the directory), best first: for lists another context hands
 * over (spaces, my projects), compared in the database so one matcher serves every search.
 */
export async function rankTexts(db: DB, terms: SearchTerms, texts: string[]) {
  if (texts.length === 0 || terms.words.length === 0) return [];
  const doc = sql`to_tsvector('simple', x.t)`;
  const core = sql`lower(x.t)`;
  const { rows } = await sql<{ i: number; score: number }>`
    SELECT (x.i - 1)::int AS i,
           (strict_word_similarity(${terms.text}, lower(x.t)) + ts_rank(${doc}, to_tsquery('simple', ${terms.prefixQuery})))::float8 AS score
      FROM unnest(${texts}::text[]) WITH ORDINALITY AS x(t, i)
     WHERE ${fuzzyMatch(terms, doc, core)}
     ORDER BY score DESC, i`.execute(db);
  return rows;
}

/** The concept each text maps onto (the rule of tag_concepts: name, synonym, similar label), or null; read only. */
export async function conceptsOf(db: DB, texts: string[]): Promise<Array<number | null>> {
  if (texts.length === 0) return [];
  const { rows } = await sql<{ concept_id: number | null }>`
    SELECT (concept_lookup(tag_fold(x.t))).concept_id FROM unnest(${texts}::text[]) WITH ORDINALITY AS x(t, i) ORDER BY x.i`.execute(db);
  return rows.map((r) => r.concept_id);
}

export function findCard(db: DB, memberId: string) {
  return members(db)
    .select([...cardColumns, "p.bio", "p.links", "p.hidden", sql<string | null>`(SELECT ph.version FROM member_photos ph WHERE ph.member_id = m.id)`.as("profile_photo_version")])
    .where("m.id", "=", memberId)
    .executeTakeFirst();
}

/**
 * Their tags (as they typed them) that meet mine: the same words, or words of a concept among mine (the taxonomy
 * maps "product photo" and "foto produk" onto one concept; see tag_concepts).
 */
function tagsMeeting(theirs: RawBuilder<unknown>, mine: RawBuilder<unknown>, myConcepts: RawBuilder<unknown>) {
  return sql<string[]>`ARRAY(SELECT DISTINCT t.tag FROM unnest(${theirs}) t(tag) LEFT JOIN tag_concepts tc ON tc.tag = tag_fold(t.tag)
                             WHERE t.tag = ANY(${mine}) OR tc.concept_id = ANY(${myConcepts}) ORDER BY 1)`;
}

export type MatchWeights = { perOffer: number; perNeed: number; bothWays: number; sharedSpecialty: number; sharedProject: number; hereToday: number };

/**
 * "My matches", scored and ranked in SQL: anyone whose offers meet my needs, needs meet my offers, shares a
 * specialty or a project with me, or is checked in at my space now. Only the top `limit` rows leave the database.
 */
export function topMatches(db: DB, me: string, spaceId: string | null, now: Date, w: MatchWeights, limit: number) {
  return sql<
    CardRow & { they_offer: string[]; they_need: string[]; shared_specialties: string[]; shared_projects: number; here: boolean; score: number }
  >`
    WITH me AS (SELECT offers, needs, specialties, offer_concepts, need_concepts, specialty_concepts FROM profiles WHERE member_id = ${me}),
    proj AS (
      SELECT pm2.member_id, count(*)::int AS n
        FROM project_members pm1 JOIN project_members pm2 ON pm2.project_id = pm1.project_id AND pm2.member_id <> pm1.member_id
        JOIN projects p ON p.id = pm1.project_id AND p.kind = 'team'
       WHERE pm1.member_id = ${me}
       GROUP BY pm2.member_id),
    here AS (
      SELECT DISTINCT b.member_id FROM bookings b JOIN profiles bp ON bp.member_id = b.member_id
       WHERE ${spaceId}::uuid IS NOT NULL AND b.space_id = ${spaceId}::uuid AND b.status = 'checked_in' AND bp.show_presence
         AND b.checked_in_at <= ${now.toISOString()}::timestamptz AND upper(b.during) > ${now.toISOString()}::timestamptz),
    candidates AS (
      SELECT m.id, m.name, p.headline, p.business_name, p.city, p.specialties, p.offers, p.needs, ${cardPhotoVersion} AS photo_version,
             ${tagsMeeting(sql`p.offers`, sql`me.needs`, sql`me.need_concepts`)} AS they_offer,
             ${tagsMeeting(sql`p.needs`, sql`me.offers`, sql`me.offer_concepts`)} AS they_need,
             ${tagsMeeting(sql`p.specialties`, sql`me.specialties`, sql`me.specialty_concepts`)} AS shared_specialties,
             coalesce(proj.n, 0) AS shared_projects,
             (here.member_id IS NOT NULL) AS here
        FROM profiles p
        JOIN members m ON m.id = p.member_id
        CROSS JOIN me
        LEFT JOIN proj ON proj.member_id = p.member_id
        LEFT JOIN here ON here.member_id = p.member_id
       WHERE p.member_id <> ${me} AND NOT p.hidden AND m.suspended_at IS NULL
         AND (p.offers && me.needs OR p.needs && me.offers OR p.specialties && me.specialties
              OR p.offer_concepts && me.need_concepts OR p.need_concepts && me.offer_concepts OR p.specialty_concepts && me.specialty_concepts
              OR proj.member_id IS NOT NULL OR here.member_id IS NOT NULL))
    SELECT c.*,
           (cardinality(they_offer) * ${w.perOffer} + cardinality(they_need) * ${w.perNeed}
            + CASE WHEN cardinality(they_offer) > 0 AND cardinality(they_need) > 0 THEN ${w.bothWays} ELSE 0 END
            + cardinality(shared_specialties) * ${w.sharedSpecialty} + least(shared_projects, 3) * ${w.sharedProject}
            + CASE WHEN here THEN ${w.hereToday} ELSE 0 END)::int AS score
      FROM candidates c
     ORDER BY score DESC, name, id
     LIMIT ${limit}`.execute(db);
}

/** The space where the member is checked in now, if any. */
export async function currentSpaceOf(db: DB, memberId: string, now: Date) {
  const row = await db
    .selectFrom("bookings")
    .select("space_id")
    .where("member_id", "=", memberId)
    .where("status", "=", "checked_in")
    .where(sql<SqlBool>`checked_in_at <= ${now.toISOString()}::timestamptz AND upper(during) > ${now.toISOString()}::timestamptz`)
    .orderBy("checked_in_at", "desc")
    .executeTakeFirst();
  return row?.space_id ?? null;
}

// --- tags ------------------------------------------------------------------------------------------------

export function tagSuggestions(db: DB, field: "specialties" | "offers" | "needs", prefix: string | undefined) {
  const column = field === "specialties" ? sql`p.specialties` : field === "offers" ? sql`p.offers` : sql`p.needs`;
  return sql<{ tag: string; count: number }>`
    SELECT t.tag, count(*)::int AS count
      FROM profiles p CROSS JOIN LATERAL unnest(${column}) AS t(tag)
     WHERE NOT p.hidden AND (${prefix ?? null}::text IS NULL OR t.tag LIKE ${`${(prefix ?? "").replace(/[\\%_]/g, (c) => `\\${c}`)}%`})
     GROUP BY t.tag ORDER BY count(*) DESC, t.tag LIMIT 15`.execute(db);
}

// --- connections ----------------------------------------------------------------------------------------

export function insertConnection(db: DB, c: { requesterId: string; addresseeId: string; note: string; introductionId: string | null }) {
  return db
    .insertInto("connections")
    .values({ requester_id: c.requesterId, addressee_id: c.addresseeId, note: c.note, introduction_id: c.introductionId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function liveConnectionBetween(db: DB, a: string, b: string) {
  return db
    .selectFrom("connections")
    .selectAll()
    .where("status", "in", ["pending", "accepted"])
    .where((eb) =>
      eb.or([
        eb.and([eb("requester_id", "=", a), eb("addressee_id", "=", b)]),
        eb.and([eb("requester_id", "=", b), eb("addressee_id", "=", a)]),
      ]),
    )
    .executeTakeFirst();
}

/** The accepted connection of a pair, share-locked: removing it waits for the caller's transaction. */
export function lockAcceptedConnectionBetween(db: DB, a: string, b: string) {
  return db
    .selectFrom("connections")
    .select("id")
    .where("status", "=", "accepted")
    .where((eb) =>
      eb.or([
        eb.and([eb("requester_id", "=", a), eb("addressee_id", "=", b)]),
        eb.and([eb("requester_id", "=", b), eb("addressee_id", "=", a)]),
      ]),
    )
    .forShare()
    .executeTakeFirst();
}

export function findConnectionForUpdate(db: DB, id: string) {
  return db.selectFrom("connections").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

export function respond(db: DB, id: string, status: "accepted" | "declined", at: Date) {
  return db.updateTable("connections").set({ status, responded_at: at }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}

export function deleteConnection(db: DB, id: string) {
  return db.deleteFrom("connections").where("id", "=", id).execute();
}

export function listConnections(db: DB, memberId: string) {
  return db
    .selectFrom("connections as c")
    .innerJoin("members as m", (j) =>
      j.on(sql<SqlBool>`m.id = CASE WHEN c.requester_id = ${memberId}::uuid THEN c.addressee_id ELSE c.requester_id END`),
    )
    .innerJoin("profiles as p", "p.member_id", "m.id")
    .select([
      "c.id as connection_id",
      "c.status",
      "c.note",
      "c.requester_id",
      "c.created_at",
      "c.responded_at",
      ...cardColumns,
    ])
    .where((eb) => eb.or([eb("c.requester_id", "=", memberId), eb("c.addressee_id", "=", memberId)]))
    .orderBy("c.created_at", "desc")
    .limit(500)
    .execute();
}

// --- introductions --------------------------------------------------------------------------------------

export function insertIntroduction(db: DB, i: { createdBy: string; a: string; b: string; note: string; at: Date; meeting: { room: { id: string }; start: Date; end: Date } | null }) {
  return db
    .insertInto("introductions")
    .values({
      created_by: i.createdBy,
      member_a: i.a,
      member_b: i.b,
      note: i.note,
      created_at: i.at,
      resource_id: i.meeting?.room.id ?? null,
      meet_start: i.meeting?.start ?? null,
      meet_end: i.meeting?.end ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Introductions with their outcome: did the two connect afterwards, do they share a project. */
export function listIntroductions(db: DB, limit: number) {
  return sql<{
    id: string; note: string; created_at: Date; member_a: string; member_b: string; connected: boolean; shared_project: boolean; met: boolean; useful: string | number;
    resource_id: string | null; resource_name: string | null; space_id: string | null; space_name: string | null; timezone: string | null; meet_start: Date | null; meet_end: Date | null;
  }>`
    SELECT i.id, i.note, i.created_at, i.member_a, i.member_b,
           i.resource_id, r.name AS resource_name, s.id AS space_id, s.name AS space_name, s.timezone, i.meet_start, i.meet_end,
           EXISTS (SELECT 1 FROM introduction_feedback f WHERE f.introduction_id = i.id AND f.met) AS met,
           (SELECT count(*) FROM introduction_feedback f WHERE f.introduction_id = i.id AND f.useful) AS useful,
           EXISTS (SELECT 1 FROM connections c WHERE c.status = 'accepted'
                     AND least(c.requester_id, c.addressee_id) = least(i.member_a, i.member_b)
                     AND greatest(c.requester_id, c.addressee_id) = greatest(i.member_a, i.member_b)) AS connected,
           EXISTS (SELECT 1 FROM project_members x JOIN project_members y ON y.project_id = x.project_id
                     JOIN projects p ON p.id = x.project_id AND p.kind = 'team'
                    WHERE x.member_id = i.member_a AND y.member_id = i.member_b) AS shared_project
      FROM introductions i
      LEFT JOIN resources r ON r.id = i.resource_id
      LEFT JOIN spaces s ON s.id = r.space_id
     ORDER BY i.created_at DESC LIMIT ${limit}`.execute(db);
}

export function cardsByIds(db: DB, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([] as CardRow[]);
  return members(db).select(cardColumns).where("m.id", "in", ids).execute();
}

// --- network health -------------------------------------------------------------------------------------

export async function healthCounts(db: DB, now: Date) {
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const { rows } = await sql<{
    members: number;
    active: number;
    accepted: number;
    pending: number;
    this_week: number;
    intros: number;
    intros_connected: number;
  }>`
    SELECT (SELECT count(*)::int FROM members WHERE suspended_at IS NULL) AS members,
           (SELECT count(DISTINCT member_id)::int FROM sessions WHERE last_used_at > ${weekAgo}::timestamptz) AS active,
           (SELECT count(*)::int FROM connections WHERE status = 'accepted') AS accepted,
           (SELECT count(*)::int FROM connections WHERE status = 'pending') AS pending,
           (SELECT count(*)::int FROM connections WHERE status = 'accepted' AND responded_at > ${weekAgo}::timestamptz) AS this_week,
           (SELECT count(*)::int FROM introductions) AS intros,
           (SELECT count(*)::int FROM introductions i WHERE EXISTS (
               SELECT 1 FROM connections c WHERE c.status = 'accepted'
                  AND least(c.requester_id, c.addressee_id) = least(i.member_a, i.member_b)
                  AND greatest(c.requester_id, c.addressee_id) = greatest(i.member_a, i.member_b))) AS intros_connected`.execute(db);
  return rows[0]!;
}

/** Per tag: how many members need it and how many offer it. */
export function tagBalance(db: DB) {
  return sql<{ tag: string; needed: number; offered: number }>`
    WITH live AS (SELECT p.* FROM profiles p JOIN members m ON m.id = p.member_id WHERE m.suspended_at IS NULL),
    n AS (SELECT t.tag, count(*)::int AS c FROM live CROSS JOIN LATERAL unnest(live.needs) t(tag) GROUP BY t.tag),
    o AS (SELECT t.tag, count(*)::int AS c FROM live CROSS JOIN LATERAL unnest(live.offers) t(tag) GROUP BY t.tag)
    SELECT coalesce(n.tag, o.tag) AS tag, coalesce(n.c, 0) AS needed, coalesce(o.c, 0) AS offered
      FROM n FULL JOIN o ON o.tag = n.tag
     ORDER BY coalesce(n.c, 0) DESC, coalesce(o.tag, n.tag)`.execute(db);
}

/**
 * Needs nobody offers, on concepts: needs grouped by concept (or by the tag itself when it maps onto none), minus
 * every group someone offers; the most needed first, with the words most needers typed.
 */
export function conceptGaps(db: DB, limit: number) {
  return sql<{ tag: string; members: number; slug: string | null; name_id: string | null; name_en: string | null }>`
    WITH live AS (SELECT p.* FROM profiles p JOIN members m ON m.id = p.member_id WHERE m.suspended_at IS NULL),
    n AS (SELECT live.member_id, t.tag, tc.concept_id FROM live CROSS JOIN LATERAL unnest(live.needs) t(tag)
            LEFT JOIN tag_concepts tc ON tc.tag = tag_fold(t.tag)),
    o AS (SELECT t.tag, tc.concept_id FROM live CROSS JOIN LATERAL unnest(live.offers) t(tag)
            LEFT JOIN tag_concepts tc ON tc.tag = tag_fold(t.tag)),
    g AS (SELECT n.concept_id, CASE WHEN n.concept_id IS NULL THEN n.tag END AS raw,
                 count(DISTINCT n.member_id)::int AS members, mode() WITHIN GROUP (ORDER BY n.tag) AS tag
            FROM n GROUP BY 1, 2)
    SELECT g.tag, g.members, c.slug, c.name_id, c.name_en
      FROM g LEFT JOIN concepts c ON c.id = g.concept_id
     WHERE NOT EXISTS (SELECT 1 FROM o WHERE o.concept_id = g.concept_id OR o.tag = g.raw)
     ORDER BY g.members DESC, g.tag
     LIMIT ${limit}`.execute(db);
}
