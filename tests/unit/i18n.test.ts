import { describe, expect, it } from "vitest";
import { en, type MessageKey } from "../../app/i18n/en.js";
import { formatList, formatMessage, formatMoney, formatNumber } from "../../app/i18n/format.js";
import { id } from "../../app/i18n/id.js";
import { makeTranslator, translator } from "../../app/i18n/translate.js";

// Intl separates "Rp" and the amount with a no-break space; compare with plain spaces.
const plain = (s: string) => s.replace(/\u00a0|\u202f/g, " ");

describe("translator", () => {
  it("picks the English plural form by count and keeps Indonesian's one form", () => {
    const t = translator("en");
    expect(t("projects.members", { count: 1 })).toBe("1 member");
    expect(t("projects.members", { count: 2 })).toBe("2 members");
    expect(t("projects.members", { count: 0 })).toBe("0 members");
    const ti = translator("id");
    expect(ti("projects.members", { count: 1 })).toBe("1 anggota");
    expect(ti("projects.members", { count: 2 })).toBe("2 anggota");
  });

  it("selects plurals on any number variable, several in one message", () => {
    const t = translator("en");
    expect(t("spaces.counts", { desks: 1, rooms: 2, booths: 0 })).toBe("1 desk · 2 rooms · 0 booths");
    expect(t("op.close.affected", { count: 1, waitlisted: 1 })).toBe("1 booking will be cancelled; 1 waitlist entry dropped.");
    expect(t("op.close.affected", { count: 3, waitlisted: 0 })).toBe("3 bookings will be cancelled; 0 waitlist entries dropped.");
  });

  it("formats every number variable with Intl in the reader's locale", () => {
    expect(translator("id")("projects.members", { count: 1110000 })).toBe("1.110.000 anggota");
    expect(translator("en")("projects.members", { count: 1110000 })).toBe("1,110,000 members");
    expect(translator("en")("space.waiting", { position: 1234 })).toBe("You are number 1,234 on the waitlist.");
    expect(formatNumber(1110000, "id")).toBe("1.110.000");
    expect(formatNumber(1110000, "en")).toBe("1,110,000");
  });

  it("writes rupiah with Intl's IDR currency and no cents", () => {
    expect(plain(formatMoney(1110000, "id"))).toBe("Rp 1.110.000");
    expect(plain(formatMoney(1110000, "en"))).toBe("IDR 1,110,000");
    expect(plain(formatMoney(0, "id"))).toBe("Rp 0");
  });

  it("joins lists the way each language does", () => {
    expect(formatList(["desain", "kemasan", "foto"], "id")).toBe("desain, kemasan, dan foto");
    expect(formatList(["design", "packaging", "photos"], "en")).toBe("design, packaging and photos");
    expect(formatMessage("Offers: {tags}", "en", { tags: ["a", "b"] })).toBe("Offers: a and b");
  });

  it("falls back to English for a key the dictionary lacks, and shows an unknown key and unknown variables", () => {
    const partial = makeTranslator("id", { "nav.home": "Beranda" });
    expect(partial("nav.home")).toBe("Beranda");
    expect(partial("nav.spaces")).toBe("Spaces");
    expect(translator("id")("no.such.key" as MessageKey)).toBe("no.such.key");
    expect(translator("en")("home.welcome")).toBe("Welcome back, {name}");
    expect(formatMessage("{n, plural, one {# x} other {# xs}}", "en", {})).toBe("{n, plural, one {# x} other {# xs}}");
  });

  it("takes an exact =N form before the category, and nests placeholders inside a form", () => {
    const m = "{count, plural, =0 {nobody} one {only {name}} other {{name} and # more}}";
    expect(formatMessage(m, "en", { count: 0, name: "Ani" })).toBe("nobody");
    expect(formatMessage(m, "en", { count: 1, name: "Ani" })).toBe("only Ani");
    expect(formatMessage(m, "en", { count: 1500, name: "Ani" })).toBe("Ani and 1,500 more");
  });

  it("has the same keys in both dictionaries, and every plural message is well formed with an other form", () => {
    expect(Object.keys(id).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of [...Object.entries(en), ...Object.entries(id)]) {
      if (!text.includes(", plural,")) continue;
      const vars = Object.fromEntries([...text.matchAll(/\{(\w+)/g)].map((m) => [m[1]!, 2]));
      const out = formatMessage(text, "en", vars);
      expect(out, key).not.toMatch(/[{}#]/);
    }
  });
});
