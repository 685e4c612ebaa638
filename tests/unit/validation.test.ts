import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { multiline, text, textProblem } from "../../server/domain/validation.js";
import { apiRoutes } from "../../server/http/api/routes.js";
import { clientEventSchemas } from "../../server/realtime/schemas.js";

const SEED = 20_261_101;

const C0 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i));
const C1 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0x80 + i));
const LONE_SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff", "a\ud83d", "\ude00b", "\ude00\ud83d"];
/** Text people really write: Indonesian, Arabic (RTL) with marks, CJK, emoji with ZWJ and skin tones, combining marks. */
const FINE = [
  "Kopi Toraja, Makassar",
  "Desainer kemasan — 10 tahun",
  "مرحبا بالعالم",
  "\u200fRTL mark and \u200dzero-width joiner",
  "中文 日本語 한국어",
  "👩🏽‍💻 👨‍👩‍👧",
  "e\u0301 (combining acute)",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 outside the BMP",
  "\ufeffbyte order mark",
];

/** The first character of a string that PostgreSQL text, or a person reading one line, should never get. */
const badSingle = (s: string) =>
  [...s].some((ch) => {
    const c = ch.codePointAt(0)!;
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || (c >= 0xd800 && c <= 0xdfff);
  });

describe("text(): single-line text from outside", () => {
  const name = text().trim().min(1).max(100);
  const params = (issue: unknown) => (issue as { params?: Record<string, unknown> }).params;

  it("refuses every C0 and C1 control character, DEL, U+2028/U+2029 and lone surrogates, naming the character", () => {
    for (const ch of [...C0, "\u007f", ...C1, "\u2028", "\u2029"]) {
      const result = name.safeParse(`ab${ch}cd`);
      expect(result.success, JSON.stringify(ch)).toBe(false);
      const code = `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
      // The message is the reason the dictionaries word (zod.line_break, zod.control_character); the character is a fact.
      expect(result.error!.issues[0]!.message).toMatch(/^(line_break|control_character)$/);
      expect(params(result.error!.issues[0])).toEqual({ char: code, position: 3 });
    }
    for (const s of LONE_SURROGATES) {
      const result = name.safeParse(s);
      expect(result.success, JSON.stringify(s)).toBe(false);
      expect(result.error!.issues.map((i) => i.message)).toContain("lone_surrogate");
    }
  });

  it("says where the character is, and calls a newline a line break", () => {
    expect(textProblem("abc\u0000")).toEqual({
      reason: "control_character",
      char: "U+0000",
      position: 4,
      message: "Control characters are not allowed (U+0000 at character 4)",
    });
    expect(textProblem("one\ntwo")).toMatchObject({ reason: "line_break", char: "U+000A", position: 4 });
    expect(textProblem("fine")).toBeNull();
  });

  it("keeps real-world text, RTL and zero-width characters, emoji and astral characters as they are", () => {
    for (const s of FINE) expect(name.parse(s)).toBe(s.trim());
  });

  it("still trims and counts length as the caller chained it", () => {
    expect(name.parse("   Sari  ")).toBe("Sari");
    expect(name.safeParse("   ").success).toBe(false);
    expect(name.safeParse("x".repeat(101)).success).toBe(false);
  });

  it("accepts exactly the strings with no forbidden character (generated, any UTF-16)", () => {
    const bare = text();
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 10 }), (a, b) => {
        for (const s of [a, b, a + b]) {
          const ok = bare.safeParse(s).success;
          expect(ok, JSON.stringify(s)).toBe(!badSingle(s));
          if (ok) {
            // Safe for PostgreSQL text and for UTF-8: no NUL, and it survives an encoding round trip unchanged.
            expect(s.includes("\u0000")).toBe(false);
            expect(Buffer.from(s, "utf8").toString("utf8")).toBe(s);
          }
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("checks a 1 MB string in linear time without a stack overflow", () => {
    const big = "a😀".repeat(350_000);
    const started = performance.now();
    expect(text().safeParse(big).success).toBe(true);
    expect(text().safeParse(`${big}\u0000`).success).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("multiline(): bios, descriptions, notes and chat", () => {
  const bio = multiline().trim().max(20);

  it("keeps line feeds and tabs, and turns CRLF and a lone CR into LF (a textarea sends CRLF)", () => {
    expect(bio.parse("one\ntwo\tthree")).toBe("one\ntwo\tthree");
    expect(bio.parse("one\r\ntwo\rthree\r\n")).toBe("one\ntwo\nthree");
    // Lengths count one character per line break, as the reader sees it.
    expect(bio.safeParse(`${"a\r\n".repeat(10)}`).success).toBe(true);
  });

  it("refuses the other control characters, separators and lone surrogates", () => {
    for (const ch of [...C0.filter((c) => !"\t\n\r".includes(c)), "\u007f", ...C1, "\u2028", "\u2029", ...LONE_SURROGATES]) {
      expect(multiline().safeParse(`a${ch}b`).success, JSON.stringify(ch)).toBe(false);
    }
    const issue = multiline().safeParse("a\u0000b").error!.issues[0]!;
    expect([issue.message, (issue as { params?: unknown }).params]).toEqual(["control_character", { char: "U+0000", position: 2 }]);
  });
});

type JsonSchema = {
  type?: string | string[];
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $defs?: Record<string, JsonSchema>;
};

/** Paths of string-typed inputs that neither the text types, a regex, an enum nor a constant pins down. */
function unguardedStrings(schema: z.ZodType): string[] {
  const root = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const out: string[] = [];
  const seen = new Set<JsonSchema>();
  const walk = (node: JsonSchema | boolean | undefined, at: string) => {
    if (!node || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    if (node.$ref?.startsWith("#/$defs/")) walk(root.$defs?.[node.$ref.slice(8)], at);
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (types.includes("string") && node.pattern === undefined && node.enum === undefined && node.const === undefined) out.push(at || "(root)");
    for (const [k, v] of Object.entries(node.properties ?? {})) walk(v, `${at}.${k}`);
    walk(node.additionalProperties, `${at}.*`);
    walk(node.items, `${at}[]`);
    node.prefixItems?.forEach((v, i) => walk(v, `${at}[${i}]`));
    for (const v of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])]) walk(v, at);
  };
  walk(root, "");
  return out;
}

/** Passwords are only hashed (never stored, searched or shown), and log-in must take an old password as typed. */
const EXEMPT = new Set([
  "POST /auth/signup body.password",
  "POST /auth/tokens body.password",
  "PUT /me/password body.currentPassword",
  "PUT /me/password body.newPassword",
  "DELETE /me body.password",
  "PUT /me/email body.password",
  "POST /auth/password-reset/confirm body.password",
]);

describe("every string that comes from outside passes a guarded type", () => {
  it("holds for every body, query and path parameter of the API", () => {
    const offenders: string[] = [];
    for (const r of apiRoutes) {
      for (const [where, schema] of [["body", r.body], ["query", r.query], ["params", r.params]] as const) {
        if (!schema) continue;
        for (const p of unguardedStrings(schema)) offenders.push(`${r.method.toUpperCase()} ${r.path} ${where}${p}`);
      }
    }
    // Exactly the exempt fields are left: a new unguarded string fails here, and so does a stale exemption.
    expect(offenders.sort()).toEqual([...EXEMPT].sort());
  });

  it("holds for every socket payload (the schemas the handlers parse with)", () => {
    const offenders: string[] = [];
    for (const [name, schema] of Object.entries(clientEventSchemas)) {
      for (const p of unguardedStrings(schema)) offenders.push(`${name}${p}`);
    }
    expect(offenders).toEqual([]);
  });

  it("the text types' OpenAPI patterns say the same as the checks", () => {
    const single = new RegExp((z.toJSONSchema(text()) as JsonSchema).pattern!);
    const multi = new RegExp((z.toJSONSchema(multiline()) as JsonSchema).pattern!);
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 30 }), (s) => {
        expect(single.test(s), JSON.stringify(s)).toBe(text().safeParse(s).success);
        expect(multi.test(s), JSON.stringify(s)).toBe(multiline().safeParse(s).success);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});
