// Directory search and matches at 10,000 members, through the network service, each beside a hand-written SQL
// query doing the same search in the same run.
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx tests/bench/network.bench.ts
import { sql } from "kysely";
import { fixedClock } from "../../server/domain/clock.js";
import { createEventBus } from "../../server/events.js";
import { createServices } from "../../server/services.js";
import { openBenchDb, percentile, printTable, timeIt, writeResults, type Row } from "./support.js";

const MEMBERS = 10_000;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const VOCAB = [
  "batik", "tenun", "packaging design", "digital marketing", "product photography", "pembukuan", "ekspedisi", "coffee roasting",
  "halal certification", "copywriting", "web development", "perizinan", "export", "social media", "videography", "interior design",
  "anyaman", "catering", "tax consulting", "branding", "keripik", "sambal", "fotografi produk", "kemasan", "marketplace ads",
  "legal", "accounting", "logistics", "printing", "sablon", "kopi", "teh", "madu", "rotan", "kayu", "kulit", "perak", "keramik",
];

export async function benchNetwork(): Promise<Row[]> {
  const { conn, drop } = await openBenchDb();
  const db = conn.db;
  try {
    const services = createServices({ db, bus: createEventBus(), secret: "bench-secret", clock: fixedClock("2027-01-01T00:00:00Z") });
    // 10,000 members with 2–4 specialties, offers and needs each from the vocabulary (deterministic).
    await sql`INSERT INTO members (email, name, password_hash)
      SELECT 'm' || g || '@bench.example', 'Member ' || g || ' ' || (ARRAY['Sari','Bayu','Dewi','Rizky','Putri','Agus','Wulan','Eko'])[1 + g % 8], 'x'
      FROM generate_series(1, ${MEMBERS}) g`.execute(db);
    let seed = 42;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff) / 0x7fffffff);
    const pick = (n: number) => [...new Set(Array.from({ length: n }, () => VOCAB[Math.floor(rand() * VOCAB.length)]!))];
    const cities = ["Jakarta", "Makassar", "Bandung", "Yogyakarta", "Surabaya"];
    const all = await db.selectFrom("members").select("id").execute();
    for (let i = 0; i < all.length; i += 1000) {
      await db
        .insertInto("profiles")
        .values(
          all.slice(i, i + 1000).map((m, j) => ({
            member_id: m.id,
            headline: `Specialist ${i + j}`,
            city: cities[(i + j) % cities.length]!,
            specialties: pick(2),
            offers: pick(1 + Math.floor(rand() * 3)),
            needs: pick(1 + Math.floor(rand() * 3)),
          })),
        )
        .execute();
    }
    await sql`ANALYZE`.execute(db);
    const ids = (await db.selectFrom("members").select("id").limit(200).execute()).map((r) => r.id);
    const queries = ["fotograffi", "kemasan", "batik", "Sari", "digital marketng", "kopi", "sambal", "ekspedisi"];

    const viewer = (i: number) => ({ id: ids[i % ids.length]!, role: "member" as const });
    const dirOurs = await timeIt(ITERATIONS, (i) => services.network.directory(viewer(i), { q: queries[i % queries.length], limit: 20 }));
    const dirRaw = await timeIt(ITERATIONS, (i) => {
      const q = queries[i % queries.length]!.toLowerCase();
      return sql`SELECT m.id, m.name, p.headline, p.business_name, p.city, p.specialties, p.offers, p.needs,
                        ts_rank(p.search_doc, plainto_tsquery('simple', ${q})) + word_similarity(${q}, p.search_text) AS score
                   FROM profiles p JOIN members m ON m.id = p.member_id
                  WHERE NOT p.hidden AND (p.search_doc @@ plainto_tsquery('simple', ${q}) OR ${q} <% p.search_text)
                  ORDER BY score DESC, m.id LIMIT 21`.execute(db);
    });
    const matchOurs = await timeIt(ITERATIONS, (i) => services.network.matches(viewer(i), { limit: 10 }));
    const matchRaw = await timeIt(ITERATIONS, (i) =>
      sql`WITH me AS (SELECT offers, needs, specialties FROM profiles WHERE member_id = ${viewer(i).id})
          SELECT p.member_id,
                 3 * cardinality(ARRAY(SELECT unnest(p.offers) INTERSECT SELECT unnest(me.needs)))
               + 3 * cardinality(ARRAY(SELECT unnest(p.needs) INTERSECT SELECT unnest(me.offers)))
               + cardinality(ARRAY(SELECT unnest(p.specialties) INTERSECT SELECT unnest(me.specialties))) AS score
            FROM profiles p CROSS JOIN me
           WHERE p.member_id <> ${viewer(i).id} AND NOT p.hidden
             AND (p.offers && me.needs OR p.needs && me.offers OR p.specialties && me.specialties)
           ORDER BY score DESC LIMIT 10`.execute(db),
    );
    const row = (benchmark: string, metric: "p50" | "p95", ours: number[], raw: number[], target?: string): Row => {
      const p = metric === "p50" ? 50 : 95;
      return { benchmark, metric, ours: percentile(ours, p), baseline: percentile(raw, p), unit: "ms", ratio: percentile(ours, p) / percentile(raw, p), target };
    };
    const rows = [
      row("directory search, 10k members", "p50", dirOurs, dirRaw),
      row("directory search, 10k members", "p95", dirOurs, dirRaw),
      row("matches, 10k members", "p50", matchOurs, matchRaw),
      row("matches, 10k members", "p95", matchOurs, matchRaw),
    ];
    writeResults("network", { database: conn.kind, members: MEMBERS, iterations: ITERATIONS, rows });
    return rows;
  } finally {
    await conn.close();
    await drop();
  }
}

if (process.argv[1]?.endsWith("network.bench.ts")) printTable(await benchNetwork());
