import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldWords } from "../../app/i18n/errors.js";
import { translator } from "../../app/i18n/translate.js";
import { text, validate } from "../../server/domain/validation.js";

/** The words for the first field problem a schema finds in an input, in one locale. */
function wordsFor(locale: "en" | "id", schema: z.ZodType, input: unknown) {
  const result = validate(schema, input);
  if (result.ok) throw new Error("expected a failure");
  return result.errors.map((e) => ({ path: e.path, code: e.code, message: fieldWords(translator(locale), e) }));
}

describe("zod issues in the reader's words (codes and facts, never zod's English)", () => {
  it("too small / too big for strings, numbers and arrays, with the limits and plurals", () => {
    expect(wordsFor("en", z.number().min(15), 3)).toEqual([{ path: "", code: "too_small", message: "Use 15 or more." }]);
    expect(wordsFor("id", z.number().min(15), 3)[0]!.message).toBe("Minimal 15.");
    expect(wordsFor("en", z.number().positive(), 0)[0]!.message).toBe("Use more than 0.");
    expect(wordsFor("id", z.number().max(1440), 5000)[0]!.message).toBe("Maksimal 1.440.");
    expect(wordsFor("en", z.string().min(10), "short")[0]!.message).toBe("Use at least 10 characters.");
    expect(wordsFor("id", z.string().min(10), "short")[0]!.message).toBe("Minimal 10 karakter.");
    expect(wordsFor("en", z.string().trim().min(1), "  ")[0]!.message).toBe("Fill this in.");
    expect(wordsFor("en", z.array(z.string()).max(20), Array(21).fill("a"))[0]!.message).toBe("At most 20 items.");
    expect(wordsFor("id", z.array(z.string()).max(20), Array(21).fill("a"))[0]!.message).toBe("Maksimal 20 item.");
  });

  it("a missing field is `required`; a wrong type says what to give", () => {
    const schema = z.strictObject({ name: z.string(), n: z.number() });
    expect(wordsFor("id", schema, { n: "x" })).toEqual([
      { path: "name", code: "required", message: "Wajib diisi." },
      { path: "n", code: "invalid_type", message: "Isi dengan angka." },
    ]);
  });

  it("formats: email, uuid, url, and unknown keys and enum values", () => {
    expect(wordsFor("id", z.email(), "nope")[0]).toMatchObject({ code: "invalid_format", message: "Masukkan alamat email, misalnya nama@contoh.com." });
    expect(wordsFor("en", z.uuid(), "1")[0]!.message).toBe("Not a valid id.");
    expect(wordsFor("id", z.strictObject({}), { a: 1, b: 2 })[0]).toMatchObject({ path: "a,b", code: "unrecognized_keys", message: "Kolom tidak dikenal: a dan b." });
    expect(wordsFor("en", z.enum(["desk", "room"]), "sofa")[0]!.message).toBe("Choose one of: desk and room.");
  });

  it("a schema's own message is a reason code with its facts (worded as zod.<reason>)", () => {
    const range = z
      .object({ from: z.string(), to: z.string() })
      .refine((r) => r.to >= r.from, { message: "line_break", path: ["to"], params: { position: 7 } });
    expect(wordsFor("id", range, { from: "b", to: "a" })).toEqual([{ path: "to", code: "line_break", message: "Tidak boleh ada baris baru di sini (karakter ke-7)." }]);
    expect(wordsFor("en", text(), "a\nb")[0]).toEqual({ path: "", code: "line_break", message: "Line breaks are not allowed here (character 2)." });
  });

  it("a code without words of its own reads as 'not valid', never as English from zod", () => {
    expect(fieldWords(translator("id"), { path: "x", code: "something_new" })).toBe("Tidak valid.");
    expect(fieldWords(translator("en"), { path: "x" })).toBe("Not valid.");
  });
});
