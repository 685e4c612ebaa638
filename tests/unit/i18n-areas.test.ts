import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The dictionaries are split by area; a key defined in two areas would silently shadow the other when merged.
describe("dictionary areas", () => {
  it.each(["en", "id"])("no key is defined in two %s areas, and each area has its twin", async (locale) => {
    const dir = join(process.cwd(), "app/i18n", locale);
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const file of files) {
      const mod = (await import(join(dir, file))) as Record<string, Record<string, string>>;
      for (const key of Object.keys(Object.values(mod)[0]!)) {
        const before = seen.get(key);
        if (before) clashes.push(`${key}: ${before} and ${file}`);
        seen.set(key, file);
      }
    }
    expect(clashes).toEqual([]);
    expect(files.sort()).toEqual(readdirSync(join(process.cwd(), "app/i18n", locale === "en" ? "id" : "en")).filter((f) => f.endsWith(".ts")).sort());
  });
});
