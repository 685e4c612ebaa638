// First-load JavaScript per main route (gzip bytes, from the production build): the entry, the root route and the
// route's own module with every chunk they import, plus the reader's dictionary (app/i18n/load.ts fetches it before
// hydrating; the larger of the two languages is counted). Run `npm run build` first.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Locale } from "../../app/i18n/format.js";
import type { Row } from "./support.js";

type Manifest = { entry: { module: string; imports: string[] }; routes: Record<string, { module: string; imports?: string[] }> };

const ROUTES = ["routes/_index", "routes/login", "routes/spaces.$spaceId", "routes/bookings", "routes/network._index", "routes/projects._index", "routes/admin._index"];
const LIMIT = 150 * 1024;

const source = (url: string) => readFileSync(path.resolve("public", `.${url}`), "utf8");

export function readManifest(): Manifest {
  const dir = path.resolve("public/build");
  const file = readdirSync(dir).find((f) => /^manifest-.*\.js$/.test(f));
  if (!file) throw new Error("No build found: run `npm run build` first.");
  return JSON.parse(readFileSync(path.join(dir, file), "utf8").replace(/^window\.__remixManifest\s*=\s*/, "").replace(/;\s*$/, "")) as Manifest;
}

/** The files a first visit to a route downloads in a locale: its modules and chunks, and that locale's dictionary. */
export function firstLoadFiles(manifest: Manifest, routeId: string, locale: Locale): string[] {
  const route = manifest.routes[routeId]!;
  const files = [manifest.entry.module, ...manifest.entry.imports, manifest.routes.root!.module, ...(manifest.routes.root!.imports ?? []), route.module, ...(route.imports ?? [])];
  const dictionaries = new Set(files.flatMap((f) => [...source(f).matchAll(/import\("(\/build\/_shared\/(?:en|id)-[A-Z0-9]+\.js)"\)/g)].map((m) => m[1]!)));
  const mine = [...dictionaries].filter((f) => path.basename(f).startsWith(`${locale}-`));
  if (mine.length !== 1) throw new Error(`Expected one ${locale} dictionary chunk, found ${mine.length}.`);
  return [...new Set([...files, ...mine])];
}

export function firstLoadSource(manifest: Manifest, routeId: string, locale: Locale): string {
  return firstLoadFiles(manifest, routeId, locale).map(source).join("\n");
}

export function benchBundle(): Row[] {
  const manifest = readManifest();
  const gz = (url: string) => gzipSync(readFileSync(path.resolve("public", `.${url}`))).length;
  return ROUTES.filter((id) => manifest.routes[id]).map((id) => {
    const bytes = Math.max(...(["id", "en"] as const).map((l) => firstLoadFiles(manifest, id, l).reduce((sum, f) => sum + gz(f), 0)));
    return { benchmark: `first-load JS ${id.replace("routes/", "/")}`, metric: "gzip", ours: bytes / 1024, baseline: LIMIT / 1024, unit: "KB", ratio: bytes / LIMIT, target: "≤ 150 KB" };
  });
}

if (process.argv[1]?.endsWith("bundle.bench.ts")) {
  const { printTable } = await import("./support.js");
  printTable(benchBundle());
}
