// First-load JavaScript per main route (gzip bytes, from the production build): the entry, the root route and the
// route's own module with every chunk they import. Run `npm run build` first.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Row } from "./support.js";

type Manifest = { entry: { module: string; imports: string[] }; routes: Record<string, { module: string; imports?: string[] }> };

const ROUTES = ["routes/_index", "routes/login", "routes/spaces.$spaceId", "routes/bookings", "routes/network._index", "routes/projects._index", "routes/admin._index"];
const LIMIT = 150 * 1024;

export function benchBundle(): Row[] {
  const dir = path.resolve("public/build");
  const file = readdirSync(dir).find((f) => /^manifest-.*\.js$/.test(f));
  if (!file) throw new Error("No build found: run `npm run build` first.");
  const manifest = JSON.parse(readFileSync(path.join(dir, file), "utf8").replace(/^window\.__remixManifest\s*=\s*/, "").replace(/;\s*$/, "")) as Manifest;
  const gz = (url: string) => gzipSync(readFileSync(path.resolve("public", `.${url}`))).length;
  const base = [manifest.entry.module, ...manifest.entry.imports, manifest.routes.root!.module, ...(manifest.routes.root!.imports ?? [])];
  return ROUTES.filter((id) => manifest.routes[id]).map((id) => {
    const route = manifest.routes[id]!;
    const files = new Set([...base, route.module, ...(route.imports ?? [])]);
    const bytes = [...files].reduce((sum, f) => sum + gz(f), 0);
    return { benchmark: `first-load JS ${id.replace("routes/", "/")}`, metric: "gzip", ours: bytes / 1024, baseline: LIMIT / 1024, unit: "KB", ratio: bytes / LIMIT, target: "≤ 150 KB" };
  });
}

if (process.argv[1]?.endsWith("bundle.bench.ts")) {
  const { printTable } = await import("./support.js");
  printTable(benchBundle());
}
