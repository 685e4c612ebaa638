// Analytics benchmark (issue 6): a 90-day occupancy report for a space with 1,000 resources and ~200,000 bookings,
// in Europe/Berlin across the 2026-03-29 DST change. Our service (the same call the API makes: by day, weekday ×
// hour, kind, zone, top members, counts) against a bare SQL sum over the same bookings, same run, same pool; and the
// streamed raw CSV export of all of them against a bare SELECT of the same rows.
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx tests/bench/insights.bench.ts
import { sql } from "kysely";
import { fixedClock } from "../../server/domain/clock.js";
import { createEventBus } from "../../server/events.js";
import { createServices } from "../../server/services.js";
import { openBenchDb, percentile, printTable, timeIt, writeResults, type Row } from "./support.js";

const RESOURCES = 1_000;
const FROM = "2026-03-01";
const TO = "2026-05-29"; // 90 local days
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 20);
const EXPORT_ITERATIONS = Number(process.env.BENCH_EXPORT_ITERATIONS ?? 3);
const TZ = "Europe/Berlin";

export async function benchInsights(): Promise<Row[]> {
  const { conn, drop } = await openBenchDb();
  const db = conn.db;
  try {
    const services = createServices({ db, bus: createEventBus(), secret: "bench-secret", clock: fixedClock("2026-06-01T00:00:00Z") });
    await sql`INSERT INTO members (email, name, password_hash)
      SELECT 'bench' || g || '@example.com', 'Bench member ' || g, 'x' FROM generate_series(1, 500) g`.execute(db);
    const space = await services.spaces.create({ id: "00000000-0000-4000-8000-00000000ad01", role: "admin" }, {
      name: "Bench space",
      timezone: TZ,
      openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: "08:00", closes: "20:00" })),
    });
    await sql`INSERT INTO resources (space_id, name, kind, zone, x, y)
      SELECT ${space.id}::uuid, 'R-' || lpad(g::text, 4, '0'), CASE WHEN g % 20 = 0 THEN 'room' WHEN g % 20 = 1 THEN 'booth' ELSE 'desk' END,
             'Z' || (g % 10), (g % 40) * 24, (g / 40) * 24
      FROM generate_series(1, ${RESOURCES}) g`.execute(db);
    // Every resource, every local day: 09:00–12:00 and 13:00–17:00; about a fifth also 18:00–19:30. Statuses ~75%
    // confirmed, 15% checked in, 5% no-show, 5% cancelled; members spread over 500.
    await sql`INSERT INTO bookings (resource_id, space_id, member_id, during, status)
      SELECT r.id, r.space_id, m.ids[1 + (abs(hashtext(r.id::text || d::text || s.a::text)) % 500)],
             tstzrange((d + s.a) AT TIME ZONE ${TZ}, (d + s.z) AT TIME ZONE ${TZ}, '[)'),
             CASE WHEN random() < 0.05 THEN 'cancelled' WHEN random() < 0.0526 THEN 'no_show'
                  WHEN random() < 0.167 THEN 'checked_in' ELSE 'confirmed' END
        FROM (SELECT r.*, row_number() OVER (ORDER BY r.name) AS n FROM resources r WHERE r.space_id = ${space.id}::uuid) r
       CROSS JOIN generate_series(${FROM}::date::timestamp, ${TO}::date::timestamp, interval '1 day') d
       CROSS JOIN (VALUES (time '09:00', time '12:00', 0), (time '13:00', time '17:00', 0), (time '18:00', time '19:30', 1)) s(a, z, evening)
       CROSS JOIN (SELECT array_agg(id ORDER BY email) AS ids FROM members) m
       WHERE s.evening = 0 OR r.n % 45 < 10`.execute(db);
    await sql`ANALYZE`.execute(db);
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM bookings`.execute(db);
    process.stdout.write(`insights: ${RESOURCES} resources, ${count.rows[0]!.n} bookings, ${FROM}…${TO} in ${TZ}\n`);

    // An admin runs every space (an operator would need an assignment row first).
    const actor = { id: "00000000-0000-4000-8000-000000000000", role: "admin" as const };
    const report = () => services.insights.occupancy(actor, space.id, { from: FROM, to: TO });
    const ours = await timeIt(ITERATIONS, report, 2);
    // The floor: one aggregate over the same bookings (no clipping, no days, no hours, no grouping).
    const bare = () =>
      sql<{ minutes: string }>`SELECT sum(extract(epoch FROM upper(during) - lower(during))) / 60 AS minutes
            FROM bookings
           WHERE space_id = ${space.id}::uuid AND status IN ('confirmed', 'checked_in')
             AND during && tstzrange((${FROM}::date::timestamp) AT TIME ZONE ${TZ}, ((${TO}::date + 1)::timestamp) AT TIME ZONE ${TZ}, '[)')`.execute(db);
    const raw = await timeIt(ITERATIONS, bare, 2);

    // Every booking lies inside the opening hours and there is no closure, so the two totals must agree.
    const check = await report();
    const floor = Number((await bare()).rows[0]!.minutes);
    if (check.days.length !== 90 || check.totals.bookedMinutes !== floor || check.byHour.length !== 168) {
      throw new Error(`occupancy returned the wrong data: ${check.totals.bookedMinutes} vs ${floor}`);
    }
    const dst = check.days.find((d) => d.date === "2026-03-29")!;
    if (dst.openMinutes !== RESOURCES * 720) throw new Error(`DST day open minutes: ${dst.openMinutes}`);

    // The raw export: all ~200k rows streamed as CSV (to a sink) vs a bare SELECT of the same rows into memory.
    let bytes = 0;
    const exportAll = async () => {
      const exp = await services.insights.bookingsExport(actor, space.id, { from: FROM, to: TO });
      bytes = 0;
      await exp.run(async (chunk) => {
        bytes += chunk.length;
      });
    };
    const exported = await timeIt(EXPORT_ITERATIONS, exportAll, 1);
    const selectAll = await timeIt(
      EXPORT_ITERATIONS,
      () =>
        sql`SELECT bk.*, r.name, m.name FROM bookings bk JOIN resources r ON r.id = bk.resource_id JOIN members m ON m.id = bk.member_id
             WHERE bk.space_id = ${space.id}::uuid ORDER BY lower(bk.during), r.name, bk.id`.execute(db),
      1,
    );
    process.stdout.write(`insights: export ${(bytes / 1e6).toFixed(1)} MB of CSV\n`);

    const rows: Row[] = [
      { benchmark: "occupancy 90 days", metric: "p50", ours: percentile(ours, 50), baseline: percentile(raw, 50), unit: "ms", ratio: percentile(ours, 50) / percentile(raw, 50) },
      { benchmark: "occupancy 90 days", metric: "p95", ours: percentile(ours, 95), baseline: percentile(raw, 95), unit: "ms", ratio: percentile(ours, 95) / percentile(raw, 95), target: "p95 < 2 s" },
      { benchmark: "bookings CSV 90 days", metric: "p50", ours: percentile(exported, 50), baseline: percentile(selectAll, 50), unit: "ms", ratio: percentile(exported, 50) / percentile(selectAll, 50) },
    ];
    writeResults("insights", { database: conn.kind, resources: RESOURCES, bookings: count.rows[0]!.n, from: FROM, to: TO, iterations: ITERATIONS, rows });
    return rows;
  } finally {
    await conn.close();
    await drop();
  }
}

if (process.argv[1]?.endsWith("insights.bench.ts")) {
  const rows = await benchInsights();
  printTable(rows);
}
