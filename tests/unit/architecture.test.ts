import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe("architecture", () => {
  it("app/ imports nothing but types from server/ or db/", () => {
    const offenders: string[] = [];
    for (const file of filesUnder(path.join(root, "app")).filter((f) => /\.(ts|tsx)$/.test(f))) {
      const source = readFileSync(file, "utf8");
      for (const m of source.matchAll(/^\s*import\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gm)) {
        const [, isType, spec] = m;
        if (!isType && /^(\.\.\/)+(server|db)(\/|$)/.test(spec ?? "")) offenders.push(`${path.relative(root, file)} → ${spec}`);
      }
      for (const m of source.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) {
        if (/^(\.\.\/)+(server|db)(\/|$)/.test(m[1] ?? "")) offenders.push(`${path.relative(root, file)} → import(${m[1]})`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("the Remix server build carries no copy of the domain or the database layer", () => {
    const build = path.join(root, "build/index.js");
    expect(existsSync(build), "run `npm run build` first (npm test does)").toBe(true);
    const source = readFileSync(build, "utf8");
    for (const marker of ["createIdentityService", "hashPassword", "migrateToLatest", "PGliteDialect", "insertInto("]) {
      expect(source, marker).not.toContain(marker);
    }
  });

  it("keeps socket.io-client out of the first-load browser bundle (it is loaded lazily)", () => {
    const manifestFile = readdirSync(path.join(root, "public/build")).find((f) => /^manifest-.*\.js$/.test(f));
    expect(manifestFile).toBeDefined();
    const manifest = readFileSync(path.join(root, "public/build", manifestFile!), "utf8");
    const parsed = JSON.parse(manifest.replace(/^window\.__remixManifest\s*=\s*/, "").replace(/;\s*$/, "")) as {
      entry: { module: string; imports: string[] };
      routes: Record<string, { module: string; imports?: string[] }>;
    };
    const firstLoad = [parsed.entry.module, ...parsed.entry.imports, parsed.routes.root!.module, ...(parsed.routes.root!.imports ?? [])];
    for (const file of firstLoad) {
      const code = readFileSync(path.join(root, "public", file), "utf8");
      expect(code, file).not.toContain("engine.io");
    }
  });
});
