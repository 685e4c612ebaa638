import { describe, expect, it } from "vitest";
import { findMentions } from "../../server/domain/projects/mentions.js";

const people = [
  { id: "sari", name: "Sari Wulandari" },
  { id: "budi-s", name: "Budi Santoso" },
  { id: "budi-h", name: "Budi Hartono" },
  { id: "ayu", name: "Ayu" },
];

describe("findMentions", () => {
  it("finds full names and unambiguous first names, case-insensitively", () => {
    expect(findMentions("Halo @sari dan @Budi Hartono!", people)).toEqual(["sari", "budi-h"]);
    expect(findMentions("@AYU, cek ya", people)).toEqual(["ayu"]);
  });

  it("ignores ambiguous first names, partial words, e-mail addresses and text without @", () => {
    expect(findMentions("@Budi tolong", people)).toEqual([]);
    expect(findMentions("@Sarina @Ayumi", people)).toEqual([]);
    expect(findMentions("mail sari@contoh.id", people)).toEqual([]);
    expect(findMentions("Sari Wulandari", people)).toEqual([]);
  });

  it("matches at the end of the text and before punctuation or a line break", () => {
    expect(findMentions("terima kasih @Sari Wulandari", people)).toEqual(["sari"]);
    expect(findMentions("@sari\nbesok", people)).toEqual(["sari"]);
    expect(findMentions("(@ayu)", people)).toEqual(["ayu"]);
  });
});
