// Day-view benchmark: a space with 1,000 resources and 200,000 bookings. Our availability service (the same call
// the API and the space page make) against one hand-written SQL query returning the same rows, same run, same pool.
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx tests/bench/availability.bench.ts
import { sql } from "kysely";
import { fixedClock } from "../../server/domain/clock.js";
import { createEventBus } from "../../server/events.js";
import { createServices } from "../../server/services.js";
import { openBenchDb, percentile, printTable, timeIt, writeResults, type Row } from "./support.js";

const RESOURCES = 1_000;
const DAYS = 200;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);

export async function benchAvailability(): Promise<Row[]> {
  const { conn, drop } = await openBenchDb();
  const db = conn.db;
  try {
    const clock = fixedClock("2027-01-01T00:00:00Z");
    const services = createServices({ db, bus: createEventBus(), secret: "bench-secret", clock });
    const member = await db.insertInto("members").values({ email: "bench@example.com", name: "Bench", password_hash: "x" }).returning("id").executeTakeFirstOrThrow();
    const space = await services.spaces.create({ id: "00000000-0000-4000-8000-00000000ad01", role: "admin" }, {
      name: "Bench space",
      timezone: "Asia/Jakarta",
      openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: "07:00", closes: "21:00" })),
    });
    await sql`INSERT INTO resources (space_id, name, kind, zone, x, y)
      SELECT ${space.id}::uuid, 'R-' || lpad(g::text, 4, '0'), CASE WHEN g % 20 = 0 THEN 'room' ELSE 'desk' END,
             'Z' || (g % 10), (g % 40) * 24, (g / 40) * 24
      FROM generate_series(1, ${RESOURCES}) g`.execute(db);
    // One booking per resource per day, 09:00–17:00 Jakarta, over 200 days: 200,000 rows.
    await sql`INSERT INTO bookings (resource_id, space_id, member_id, during, status)
      SELECT r.id, r.space_id, ${member.id}::uuid,
             tstzrange((d + time '09:00') AT TIME ZONE 'Asia/Jakarta', (d + time '17:00') AT TIME ZONE 'Asia/Jakarta', '[)'),
             CASE WHEN random() < 0.1 THEN 'checked_in' ELSE 'confirmed' END
      FROM resources r CROSS JOIN generate_series(timestamp '2027-01-01', timestamp '2027-01-01' + make_interval(days => ${DAYS - 1}::int), interval '1 day') d`.execute(db);
    await sql`ANALYZE`.execute(db);
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM bookings`.execute(db);
    process.stdout.write(`availability: ${RESOURCES} resources, ${count.rows[0]!.n} bookings\n`);

    const dates = Array.from({ length: 50 }, (_, i) => `2027-${String(2 + (i % 5)).padStart(2, "0")}-${String(1 + ((i * 7) % 28)).padStart(2, "0")}`);
    const viewer = { id: member.id, role: "member" as const };
    const ours = await timeIt(ITERATIONS, (i) => services.bookings.availability(viewer, space.id, { date: dates[i % dates.length] }));
    // The physical floor: one query returning every active resource with its busy intervals that day.
    const raw = await timeIt(ITERATIONS, (i) =>
      sql`SELECT r.id, r.name, r.kind, r.zone, r.capacity, r.x, r.y,
                 coalesce(json_agg(json_build_object('start', lower(b.during), 'end', upper(b.during), 'status', b.status))
                          FILTER (WHERE b.id IS NOT NULL), '[]') AS busy
            FROM resources r
            LEFT JOIN bookings b ON b.resource_id = r.id AND b.status IN ('confirmed','checked_in')
                 AND b.during && tstzrange((${dates[i % dates.length]}::date)::timestamp AT TIME ZONE 'Asia/Jakarta',
                                           ((${dates[i % dates.length]}::date) + 1)::timestamp AT TIME ZONE 'Asia/Jakarta', '[)')
           WHERE r.space_id = ${space.id} AND r.active
           GROUP BY r.id ORDER BY r.kind, r.zone, r.name`.execute(db),
    );
    const check = await services.bookings.availability(viewer, space.id, { date: dates[0] });
    if (check.resources.length !== RESOURCES || check.resources.some((r) => r.busy.length !== 1)) {
      throw new Error("availability returned the wrong data");
    }
    const rows: Row[] = [
      { benchmark: "availability day view", metric: "p50", ours: percentile(ours, 50), baseline: percentile(raw, 50), unit: "ms", ratio: percentile(ours, 50) / percentile(raw, 50) },
      { benchmark: "availability day view", metric: "p95", ours: percentile(ours, 95), baseline: percentile(raw, 95), unit: "ms", ratio: percentile(ours, 95) / percentile(raw, 95), target: "p95 < 50 ms" },
    ];
    writeResults("availability", { database: conn.kind, resources: RESOURCES, bookings: count.rows[0]!.n, iterations: ITERATIONS, rows });
    return rows;
  } finally {
    await conn.close();
    await drop();
  }
}

if (process.argv[1]?.endsWith("availability.bench.ts")) {
  const rows = await benchAvailability();
  printTable(rows);
}
