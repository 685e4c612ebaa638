import { sql, type SqlBool } from "kysely";
import type { DB } from "../../../db/connect.js";
import type { ProfileUpdate } from "../../../db/schema.js";

export function findProfile(db: DB, memberId: string) {
  return db.selectFrom("profiles").selectAll().where("member_id", "=", memberId).executeTakeFirst();
}

export function updateProfile(db: DB, memberId: string, changes: ProfileUpdate) {
  return db.updateTable("profiles").set(changes).where("member_id", "=", memberId).returningAll().executeTakeFirst();
}

const cardColumns = [
  "m.id",
  "m.name",
  "p.headline",
  "p.business_name",
  "p.city",
  "p.specialties",
  "p.offers",
  "p.needs",
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
  q?: string;
  specialty?: string;
  offer?: string;
  need?: string;
  city?: string;
  hereAt?: string;
  viewerId: string;
  now: Date;
  limit: number;
  after?: { score: number; id: string } | { name: string; id: string };
};

/**
 * The directory: full-text ('simple') plus trigram word similarity for typos and partial words, combinable
 * filters, keyset pagination on (score, id) — or (name, id) without a query — so pages stay stable.
 */
export async function searchDirectory(db: DB, f: DirectoryFilter) {
  let q = members(db)
    .select(cardColumns)
    .where((eb) => eb.or([eb("p.hidden", "=", false), eb("p.member_id", "=", f.viewerId)]));
  if (f.specialty) q = q.where(sql<SqlBool>`p.specialties @> ARRAY[${f.specialty}]::text[]`);
  if (f.offer) q = q.where(sql<SqlBool>`p.offers @> ARRAY[${f.offer}]::text[]`);
  if (f.need) q = q.where(sql<SqlBool>`p.needs @> ARRAY[${f.need}]::text[]`);
  if (f.city) q = q.where(sql<SqlBool>`lower(p.city) = lower(${f.city})`);
  if (f.hereAt) q = q.where("p.member_id", "in", presentAt(db, f.hereAt, f.now));

  if (f.q) {
    const text = f.q.toLowerCase();
    const score = sql<number>`round((ts_rank(p.search_doc, plainto_tsquery('simple', ${text})) + word_similarity(${text}, p.search_text))::numeric, 6)::float8`;
    let sq = q
      .select(score.as("score"))
      .where(
        sql<SqlBool>`(p.search_doc @@ plainto_tsquery('simple', ${text}) OR ${text} <% p.search_text OR p.search_text LIKE ${`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`})`,
      );
    if (f.after && "score" in f.after) {
      sq = sq.where(sql<SqlBool>`(${score} < ${f.after.score} OR (${score} = ${f.after.score} AND m.id > ${f.after.id}))`);
    }
    return sq.orderBy("score", "desc").orderBy("m.id").limit(f.limit + 1).execute();
  }
  if (f.after && "name" in f.after) {
    q = q.where(sql<SqlBool>`(m.name, m.id) > (${f.after.name}, ${f.after.id}::uuid)`);
  }
  return q.select(sql<number>`0::float8`.as("score")).orderBy("m.name").orderBy("m.id").limit(f.limit + 1).execute();
}

export function findCard(db: DB, memberId: string) {
  return members(db).select([...cardColumns, "p.bio", "p.links", "p.hidden"]).where("m.id", "=", memberId).executeTakeFirst();
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
    WITH me AS (SELECT offers, needs, specialties FROM profiles WHERE member_id = ${me}),
    proj AS (
      SELECT pm2.member_id, count(*)::int AS n
        FROM project_members pm1 JOIN project_members pm2 ON pm2.project_id = pm1.project_id AND pm2.member_id <> pm1.member_id
       WHERE pm1.member_id = ${me}
       GROUP BY pm2.member_id),
    here AS (
      SELECT DISTINCT b.member_id FROM bookings b JOIN profiles bp ON bp.member_id = b.member_id
       WHERE ${spaceId}::uuid IS NOT NULL AND b.space_id = ${spaceId}::uuid AND b.status = 'checked_in' AND bp.show_presence
         AND b.checked_in_at <= ${now.toISOString()}::timestamptz AND upper(b.during) > ${now.toISOString()}::timestamptz),
    candidates AS (
      SELECT m.id, m.name, p.headline, p.business_name, p.city, p.specialties, p.offers, p.needs,
             ARRAY(SELECT unnest(p.offers) INTERSECT SELECT unnest(me.needs) ORDER BY 1) AS they_offer,
             ARRAY(SELECT unnest(p.needs) INTERSECT SELECT unnest(me.offers) ORDER BY 1) AS they_need,
             ARRAY(SELECT unnest(p.specialties) INTERSECT SELECT unnest(me.specialties) ORDER BY 1) AS shared_specialties,
             coalesce(proj.n, 0) AS shared_projects,
             (here.member_id IS NOT NULL) AS here
        FROM profiles p
        JOIN members m ON m.id = p.member_id
        CROSS JOIN me
        LEFT JOIN proj ON proj.member_id = p.member_id
        LEFT JOIN here ON here.member_id = p.member_id
       WHERE p.member_id <> ${me} AND NOT p.hidden AND m.suspended_at IS NULL
         AND (p.offers && me.needs OR p.needs && me.offers OR p.specialties && me.specialties
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

export function findConnectionForUpdate(db: DB, id: string) {
  return db.selectFrom("connections").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

export function respond(db: DB, id: string, status: "accepted" | "declined", at: Date) {
  return db.updateTable("connections").set({ status, responded_at: at }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
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

export function insertIntroduction(db: DB, i: { createdBy: string; a: string; b: string; note: string }) {
  return db
    .insertInto("introductions")
    .values({ created_by: i.createdBy, member_a: i.a, member_b: i.b, note: i.note })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Introductions with their outcome: did the two connect afterwards, do they share a project. */
export function listIntroductions(db: DB, limit: number) {
  return sql<{ id: string; note: string; created_at: Date; member_a: string; member_b: string; connected: boolean; shared_project: boolean }>`
    SELECT i.id, i.note, i.created_at, i.member_a, i.member_b,
           EXISTS (SELECT 1 FROM connections c WHERE c.status = 'accepted'
                     AND least(c.requester_id, c.addressee_id) = least(i.member_a, i.member_b)
                     AND greatest(c.requester_id, c.addressee_id) = greatest(i.member_a, i.member_b)) AS connected,
           EXISTS (SELECT 1 FROM project_members x JOIN project_members y ON y.project_id = x.project_id
                    WHERE x.member_id = i.member_a AND y.member_id = i.member_b) AS shared_project
      FROM introductions i ORDER BY i.created_at DESC LIMIT ${limit}`.execute(db);
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
