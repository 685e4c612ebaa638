// Lighthouse, mobile profile (its default: a mid-range phone on a slow 4G link, simulated throttling), on the main
// pages of the built app with the demo network, logged in as a demo member. Debian's Chromium, no Playwright.
// Baseline, measured in the same run with the same browser and throttling: a static page with no JavaScript, served
// from this process — the best score this machine gives, so the ratio shows what our pages cost.
// `npm run build` first; run alone with `npx tsx tests/bench/lighthouse.bench.ts` (BENCH_LH_PAGES=space,project for
// some of the pages only; BENCH_LH_SAVE=<dir> keeps each run's Lighthouse JSON there, to see why a figure is what it is).
// Each figure is the median of its own runs, with the range (min–max) beside it: the median run by score may not
// hold the median TBT or LCP.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import lighthouse from "lighthouse";
import type { Row } from "./support.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PORT = Number(process.env.BENCH_LH_PORT ?? 3490);
const ORIGIN = `http://localhost:${PORT}`;
const RUNS = Number(process.env.BENCH_LH_RUNS ?? 3);
const ONLY = process.env.BENCH_LH_PAGES?.split(",").map((p) => p.trim()).filter(Boolean);
const SAVE = process.env.BENCH_LH_SAVE;
const MEMBER = { email: "bayu@demo.jejaring.id", password: "jejaring-demo" };

function waitFor(child: ChildProcess, stream: "stdout" | "stderr", pattern: RegExp, what: string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`${what}: timed out; output: ${seen.slice(-2000)}`)), 180_000);
    child[stream]!.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    child.once("exit", (code) => reject(new Error(`${what}: exited ${code}; output: ${seen.slice(-2000)}`)));
  });
}

async function startApp(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/e2e-server.ts"], {
    env: { ...process.env, E2E_PORT: String(PORT), E2E_EXIT_WITH_STDIN: "1", E2E_LOG_LEVEL: "warn" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stderr!.on("data", () => {});
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode})`);
    const up = await fetch(`${ORIGIN}/healthz`).then((r) => r.ok, () => false);
    if (up) return child;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the app did not come up");
}

async function startChromium(): Promise<{ port: number; stop: () => Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), "jj-lh-"));
  const child = spawn(CHROMIUM, [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--remote-debugging-port=0", `--user-data-dir=${profile}`, "about:blank",
  ], { stdio: ["ignore", "ignore", "pipe"] });
  const match = await waitFor(child, "stderr", /DevTools listening on ws:\/\/[^:]+:(\d+)\//, "chromium");
  const stop = async () => {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  };
  return { port: Number(match[1]), stop };
}

/** A session cookie for the demo member, from the plain log-in form (as a browser without JavaScript sends it). */
async function logIn(): Promise<string> {
  const res = await fetch(`${ORIGIN}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
    body: new URLSearchParams({ ...MEMBER, redirectTo: "/" }),
  });
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  if (!cookies) throw new Error(`log-in gave no cookie (${res.status})`);
  return cookies;
}

async function firstIds(): Promise<{ spaceId: string; projectId: string }> {
  const { token } = (await (await fetch(`${ORIGIN}/api/v1/auth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...MEMBER, label: "lighthouse bench" }),
  })).json()) as { token: string };
  const get = async <T>(p: string) => (await (await fetch(`${ORIGIN}${p}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
  const spaces = await get<{ items: { id: string }[] }>("/api/v1/spaces");
  const projects = await get<{ items: { id: string }[] }>("/api/v1/projects");
  return { spaceId: spaces.items[0]!.id, projectId: projects.items[0]!.id };
}

type Score = { performance: number; accessibility: number; tbt: number; lcp: number };
type Figure = { median: number; min: number; max: number };
type Figures = Record<keyof Score, Figure>;

function figure(values: number[]): Figure {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

async function audit(name: string, url: string, port: number, cookie?: string): Promise<Figures> {
  const scores: Score[] = [];
  // A run Lighthouse could not finish (a runtimeError, e.g. no paint in time on a loaded machine) scores 0 and
  // would drag the median: it is reported, left out, and made up for (at most RUNS more attempts).
  for (let attempt = 0; scores.length < RUNS && attempt < 2 * RUNS; attempt++) {
    const result = await lighthouse(url, {
      port,
      logLevel: "error",
      output: "json",
      onlyCategories: ["performance", "accessibility"],
      ...(cookie ? { extraHeaders: { cookie } } : {}),
    });
    const lhr = result!.lhr;
    if (SAVE) {
      mkdirSync(SAVE, { recursive: true });
      writeFileSync(path.join(SAVE, `${name}-${attempt + 1}.json`), JSON.stringify(lhr));
    }
    if (lhr.runtimeError || lhr.categories.performance?.score == null) {
      process.stderr.write(`lighthouse ${url}: run failed (${lhr.runtimeError?.code ?? "no score"}), left out\n`);
      continue;
    }
    scores.push({
      performance: (lhr.categories.performance?.score ?? 0) * 100,
      accessibility: (lhr.categories.accessibility?.score ?? 0) * 100,
      tbt: lhr.audits["total-blocking-time"]?.numericValue ?? NaN,
      lcp: lhr.audits["largest-contentful-paint"]?.numericValue ?? NaN,
    });
    const last = scores[scores.length - 1]!;
    process.stderr.write(`lighthouse ${url}: performance ${last.performance.toFixed(0)}, TBT ${last.tbt.toFixed(0)} ms, LCP ${last.lcp.toFixed(0)} ms\n`);
  }
  if (scores.length === 0) throw new Error(`lighthouse ${url}: every run failed`);
  const of = (key: keyof Score) => figure(scores.map((s) => s[key]));
  return { performance: of("performance"), accessibility: of("accessibility"), tbt: of("tbt"), lcp: of("lcp") };
}

const range = (f: Figure): [number, number] => [Math.round(f.min), Math.round(f.max)];

export async function benchLighthouse(): Promise<Row[]> {
  const staticPage = createServer((_req, res) => {
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Baseline</title><meta name="description" content="A static page."></head><body><main><h1>Baseline</h1><p>${"A static page with no script. ".repeat(20)}</p></main></body></html>`);
  });
  await new Promise<void>((r) => staticPage.listen(0, "127.0.0.1", r));
  const app = await startApp();
  const chromium = await startChromium();
  try {
    const baseline = await audit("baseline", `http://127.0.0.1:${(staticPage.address() as AddressInfo).port}/`, chromium.port);
    const cookie = await logIn();
    const { spaceId, projectId } = await firstIds();
    const pages: [string, string][] = [["home", "/"], ["space", `/spaces/${spaceId}`], ["project", `/projects/${projectId}`], ["bookings", "/bookings"]];
    const rows: Row[] = [];
    for (const [name, p] of pages.filter(([name]) => !ONLY?.length || ONLY.includes(name))) {
      const s = await audit(name, `${ORIGIN}${p}`, chromium.port, cookie);
      const benchmark = `lighthouse mobile ${name} (median of ${RUNS})`;
      rows.push({ benchmark, metric: "performance", ours: s.performance.median, ours_range: range(s.performance), baseline: baseline.performance.median, baseline_range: range(baseline.performance), unit: "pts", ratio: s.performance.median / baseline.performance.median, target: "≥ 90" });
      rows.push({ benchmark, metric: "accessibility", ours: s.accessibility.median, ours_range: range(s.accessibility), baseline: 100, unit: "pts", ratio: s.accessibility.median / 100, target: "= 100" });
      rows.push({ benchmark, metric: "total blocking time", ours: s.tbt.median, ours_range: range(s.tbt), baseline: baseline.tbt.median, baseline_range: range(baseline.tbt), unit: "ms", ratio: baseline.tbt.median > 0 ? s.tbt.median / baseline.tbt.median : NaN, target: "≤ 200 ms" });
      rows.push({ benchmark, metric: "largest contentful paint", ours: s.lcp.median, ours_range: range(s.lcp), baseline: baseline.lcp.median, baseline_range: range(baseline.lcp), unit: "ms", ratio: s.lcp.median / baseline.lcp.median, target: "≤ 2500 ms" });
    }
    return rows;
  } finally {
    await chromium.stop();
    app.stdin!.end();
    app.kill("SIGTERM");
    staticPage.close();
  }
}

if (process.argv[1]?.endsWith("lighthouse.bench.ts")) {
  const { printTable } = await import("./support.js");
  printTable(await benchLighthouse());
}
