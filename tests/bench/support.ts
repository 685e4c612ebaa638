import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { connect, type Connection } from "../../db/connect.js";
import { migrateToLatest } from "../../db/migrate.js";

/** A fresh, migrated database for one benchmark: a new PostgreSQL database (DATABASE_URL) or in-memory PGlite. */
export async function openBenchDb(): Promise<{ conn: Connection; drop: () => Promise<void>; url: string | null }> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const conn = await connect({ dataDir: "memory://" });
    await migrateToLatest(conn.db);
    return { conn, drop: async () => {}, url: null };
  }
  const name = `jj_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const conn = await connect({ databaseUrl: url.toString(), poolSize: 8 });
  await migrateToLatest(conn.db);
  return {
    conn,
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

/** Runs `fn` `n` times (after `warmup` runs) and returns sorted latencies in ms. */
export async function timeIt(n: number, fn: (i: number) => Promise<unknown>, warmup = 10): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await fn(i);
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out.sort((a, b) => a - b);
}

/** A figure beside its baseline; `*_range` is the [min, max] over the trials when the figure is a median of several. */
export type Row = {
  benchmark: string;
  metric: string;
  ours: number;
  baseline: number;
  unit: string;
  ratio: number;
  target?: string;
  ours_range?: [number, number];
  baseline_range?: [number, number];
};

const cell = (value: number, unit: string, range?: [number, number]) =>
  `${value.toFixed(2)} ${unit}${range ? ` (${range.map((v) => (Number.isInteger(v) ? String(v) : v.toFixed(1))).join("–")})` : ""}`;

export function printTable(rows: Row[]): void {
  const header = ["benchmark", "metric", "ours", "baseline", "ratio", "target"];
  const lines = rows.map((r) => [r.benchmark, r.metric, cell(r.ours, r.unit, r.ours_range), cell(r.baseline, r.unit, r.baseline_range), r.ratio.toFixed(2), r.target ?? ""]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  process.stdout.write(`${fmt(header)}\n| ${widths.map((w) => "-".repeat(w)).join(" | ")} |\n${lines.map(fmt).join("\n")}\n`);
}

export function writeResults(name: string, data: unknown): string {
  const dir = path.resolve("tests/bench/results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(data, null, 2));
  return file;
}
