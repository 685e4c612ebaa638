// The browser downloads only the reader's dictionary (app/i18n/load.ts): a first visit in Indonesian carries no
// English sentence and the other way round. Reads the production build (`npm run build`; skipped without one).
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { en, type MessageKey } from "../../app/i18n/en.js";
import { id } from "../../app/i18n/id.js";
import { firstLoadSource, readManifest } from "../bench/bundle.bench.js";

const built = existsSync("public/build") && existsSync("public/build/_shared");
const dictionaries = { en, id } as const;
// Long sentences that differ between the languages and are written into the bundle as they are (plain ASCII).
const sentences = (Object.keys(en) as MessageKey[])
  .filter(
    (k) =>
      en[k] !== id[k] &&
      [en[k], id[k]].every(
        (v) => v.length >= 30 && /^[ -~]+$/.test(v) && !/["'\\]/.test(v)
      )
  )
  .slice(0, 40);

describe.skipIf(!built)("the first load's dictionary", () => {
  for (const [locale, other] of [
    ["id", "en"],
    ["en", "id"],
  ] as const) {
    it(`ships the ${locale} words and none of the ${other} ones`, () => {
      expect(sentences.length).toBeGreaterThan(20);
      const manifest = readManifest();
      for (const route of [
        "routes/_index",
        "routes/spaces.$spaceId",
        "routes/bookings",
      ]) {
        const code = firstLoadSource(manifest, route, locale);
        expect(
          sentences.filter((k) => !code.includes(dictionaries[locale][k]))
        ).toEqual([]);
        expect(
          sentences.filter((k) => code.includes(dictionaries[other][k]))
        ).toEqual([]);
      }
    });
  }
});
