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

type Import = { file: string; spec: string; typeOnly: boolean };

/** Every module a source file names: static imports, re-exports (`export … from`) and dynamic `import()`. */
function importsOf(dir: string): Import[] {
  return filesUnder(path.join(root, dir))
    .filter((f) => /\.(ts|tsx)$/.test(f))
    .flatMap((file) => {
      const source = readFileSync(file, "utf8");
      const rel = path.relative(root, file);
      const found: Import[] = [];
      for (const m of source.matchAll(/^\s*(?:import|export)\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gm)) {
        found.push({ file: rel, spec: m[2]!, typeOnly: Boolean(m[1]) });
      }
      for (const m of source.matchAll(/^\s*import\s+["']([^"']+)["']/gm)) found.push({ file: rel, spec: m[1]!, typeOnly: false });
      for (const m of source.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) found.push({ file: rel, spec: m[1]!, typeOnly: false });
      return found;
    });
}

/** The repository folder an import lands in ("app", "server/contract", …), or the package name. */
function target({ file, spec }: Import): string {
  if (spec.startsWith("~/")) return path.join("app", spec.slice(2));
  if (!spec.startsWith(".")) return spec;
  return path.relative(root, path.resolve(root, path.dirname(file), spec));
}

const show = (i: Import) => `${i.file} → ${i.spec}`;

describe("architecture", () => {
  // One narrow exception: server/http/problem.ts words problem+json and socket acks with the dictionaries, so it
  // imports app/i18n's pure modules (translate.ts, errors.ts); those import nothing but app/i18n's own plain files.
  const WORDING = /^app\/i18n\/(translate|errors)\.js$/;
  it("server/ imports nothing from app/, not even types (but server/http/problem.ts: the pure dictionaries)", () => {
    // The invoice PDF (server/http/invoice-pdf.ts) words an invoice the same way, with the money and number formats.
    const PDF_WORDING = /^app\/i18n\/(translate|format|invoice-words)\.js$/;
    // Mail (server/domain/messaging/mail.templates.ts) says what the in-app notifications say, in the same words:
    // it renders each kind from the dictionaries with the translator and the money format, nothing else of app/.
    const MAIL_WORDING = /^app\/i18n\/(translate|format)\.js$/;
    const offenders = importsOf("server").filter(
      (i) =>
        /^app(\/|$)/.test(target(i)) &&
        !(i.file === "server/http/problem.ts" && WORDING.test(target(i))) &&
        !(i.file === "server/http/invoice-pdf.ts" && PDF_WORDING.test(target(i))) &&
        !(i.file === "server/domain/messaging/mail.templates.ts" && MAIL_WORDING.test(target(i))) &&
        // WhatsApp's local rendering (what an admin reads when no WhatsApp account is configured): the same two.
        !(i.file === "server/domain/messaging/whatsapp.templates.ts" && MAIL_WORDING.test(target(i))),
    );
    expect(offenders.map(show)).toEqual([]);
  });

  it("the dictionaries' pure modules import nothing outside app/i18n and no index.ts (React)", () => {
    const pure = importsOf("app/i18n").filter((i) => !i.file.endsWith("app/i18n/index.ts"));
    const offenders = pure.filter((i) => {
      const to = target(i);
      return !/^app\/i18n\//.test(to) || /^app\/i18n\/index(\.js)?$/.test(to);
    });
    expect(offenders.map(show)).toEqual([]);
  });

  it("the realtime contract imports only types, only from server/contract or a context's *.schemas.ts", () => {
    const offenders = importsOf("server/contract").filter((i) => {
      const to = target(i);
      const allowed = /^server\/contract\//.test(to) || /^server\/domain\/[\w-]+\/[\w-]+\.schemas\.js$/.test(to);
      return !i.typeOnly || !allowed;
    });
    expect(offenders.map(show)).toEqual([]);
  });

  it("db/ imports nothing from server/ (the entry points live in server/cli.ts)", () => {
    expect(importsOf("db").filter((i) => /^server(\/|$)/.test(target(i))).map(show)).toEqual([]);
  });

  // One narrow exception: server/contract/pricing.ts, pure price arithmetic that imports nothing (the space page
  // shows what a chosen time costs with the same function the server charges with).
  const PURE_SHARED = /^(\.\.\/)+server\/contract\/pricing(\.js)?$/;
  it("server/contract/pricing.ts imports nothing (the browser runs it)", () => {
    expect(importsOf("server/contract").filter((i) => i.file === "server/contract/pricing.ts").map(show)).toEqual([]);
  });

  it("app/ imports nothing but types from server/ or db/ (but the pure pricing module)", () => {
    const offenders: string[] = [];
    for (const file of filesUnder(path.join(root, "app")).filter((f) => /\.(ts|tsx)$/.test(f))) {
      const source = readFileSync(file, "utf8");
      for (const m of source.matchAll(/^\s*import\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gm)) {
        const [, isType, spec] = m;
        if (!isType && /^(\.\.\/)+(server|db)(\/|$)/.test(spec ?? "") && !PURE_SHARED.test(spec ?? "")) offenders.push(`${path.relative(root, file)} → ${spec}`);
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
