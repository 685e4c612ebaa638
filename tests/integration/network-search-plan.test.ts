import { CompiledQuery, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { directoryQuery, useFuzzyThreshold } from "../../server/domain/network/network.repository.js";
import { searchTerms } from "../../server/domain/network/search-terms.js";
import { createTestDb, type TestDb } from "../support/db.js";

// Issue 13: the directory's typo-tolerant search computed trigram similarity for every profile (the planner costs
// pg_trgm's operators like a comparison and walked the primary key), 10,000 of them for each search. The matching
// rule must be decided on the candidates the full-text and trigram indexes hand over, never on the whole table.
// Measured in rows, from the plan PostgreSQL actually ran (EXPLAIN ANALYZE), not in milliseconds.

const PROFILES = 2000;
const BATIK = 20; // profiles with "batik" among their specialties; the rest never come near it

type PlanNode = {
  "Relation Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  "Rows Removed by Index Recheck"?: number;
  Plans?: PlanNode[];
};

/** How many profile rows the statement looked at: what every node reading `profiles` returned or threw away. */
function profileRowsRead(node: PlanNode): number {
  const own =
    node["Relation Name"] === "profiles"
      ? (node["Actual Rows"] ?? 0) * (node["Actual Loops"] ?? 1) + (node["Rows Removed by Filter"] ?? 0) + (node["Rows Removed by Index Recheck"] ?? 0)
      : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + profileRowsRead(child), 0);
}

let db: TestDb;
let viewerId: string;

beforeAll(async () => {
  db = await createTestDb();
  await sql`INSERT INTO members (email, name, password_hash)
    SELECT 'm' || g || '@plan.example', 'Member ' || g || ' ' || (ARRAY['Sari','Bayu','Dewi','Rizky'])[1 + g % 4], 'x'
      FROM generate_series(1, ${PROFILES}) g`.execute(db.db);
  await sql`INSERT INTO profiles (member_id, headline, city, specialties, offers)
    SELECT m.id, 'Specialist ' || m.email, (ARRAY['Jakarta','Makassar','Bandung'])[1 + n % 3],
           CASE WHEN n <= ${BATIK} THEN ARRAY['batik', 'tenun'] ELSE ARRAY['coffee roasting', 'logistics'] END,
           ARRAY['web development']
      FROM (SELECT id, email, row_number() OVER (ORDER BY email) AS n FROM members) m`.execute(db.db);
  await sql`ANALYZE profiles`.execute(db.db);
  await sql`ANALYZE members`.execute(db.db);
  viewerId = (await db.db.selectFrom("members").select("id").executeTakeFirstOrThrow()).id;
}, 120_000);

afterAll(async () => {
  await db?.close();
});

async function explain(q: string) {
  return db.db.transaction().execute(async (trx) => {
    await useFuzzyThreshold(trx);
    const compiled = directoryQuery(trx, { terms: searchTerms(q), viewerId, limit: 20 }).compile();
    const { rows } = await trx.executeQuery<{ "QUERY PLAN": Array<{ Plan: PlanNode }> }>(
      CompiledQuery.raw(`EXPLAIN (ANALYZE, FORMAT JSON) ${compiled.sql}`, [...compiled.parameters]),
    );
    return rows[0]!["QUERY PLAN"][0]!.Plan;
  });
}

describe("directory search at 2,000 profiles", () => {
  it.each([
    ["a word", "batik"],
    ["a typo", "batk"],
    ["a prefix", "bati"],
    ["two words, one a typo", "jakrta batik"],
    ["two words, both typos", "btik tenn"],
  ])("decides %s on the index's candidates only (%s)", async (_what, q) => {
    const plan = await explain(q);
    // The 20 batik makers, and what the trigram index cannot tell from them (a few times as many: a tenth of the table, at most a quarter).
    expect(profileRowsRead(plan)).toBeLessThanOrEqual(PROFILES / 4);
  });
});
