import { describe, expect, it } from "vitest";
import { findMentionSpans, mentionedIds } from "../../server/domain/projects/mentions.js";

const people = [
  { id: "sari", name: "Sari Wulandari" },
  { id: "budi-s", name: "Budi Santoso" },
  { id: "budi-h", name: "Budi Hartono" },
  { id: "ayu", name: "Ayu" },
];

const who = (body: string, candidates = people) => mentionedIds(findMentionSpans(body, candidates));
/** The text each span covers, with its member. */
const covered = (body: string, candidates = people) => findMentionSpans(body, candidates).map((s) => [s.memberId, body.slice(s.start, s.end)]);

describe("mention rules", () => {
  it("finds full names and unambiguous first names, case-insensitively", () => {
    expect(who("Halo @sari dan @Budi Hartono!")).toEqual(["sari", "budi-h"]);
    expect(who("@AYU, cek ya")).toEqual(["ayu"]);
  });

  it("ignores ambiguous first names, partial words, e-mail addresses and text without @", () => {
    expect(who("@Budi tolong")).toEqual([]);
    expect(who("@Sarina @Ayumi")).toEqual([]);
    expect(who("mail sari@contoh.id")).toEqual([]);
    expect(who("ayu@sari")).toEqual([]);
    expect(who("Sari Wulandari")).toEqual([]);
  });

  it("matches at the end of the text and before punctuation or a line break", () => {
    expect(who("terima kasih @Sari Wulandari")).toEqual(["sari"]);
    expect(who("@sari\nbesok")).toEqual(["sari"]);
    expect(who("(@ayu)")).toEqual(["ayu"]);
  });

  it("says where: offsets into the body cover the @ and the name as written", () => {
    const body = "Halo @sari dan @Budi Hartono!";
    expect(findMentionSpans(body, people)).toEqual([
      { memberId: "sari", start: 5, end: 10 },
      { memberId: "budi-h", start: 15, end: 28 },
    ]);
    expect(covered("@Sari Wulandari, @sari lagi")).toEqual([
      ["sari", "@Sari Wulandari"],
      ["sari", "@sari"],
    ]);
    // Someone mentioned twice is notified once.
    expect(who("@ayu @Ayu")).toEqual(["ayu"]);
  });

  it("takes the longest name written: a full name over another member's one-word name", () => {
    const room = [
      { id: "a", name: "Sari Lestari" },
      { id: "b", name: "Sari" },
      { id: "c", name: "Budi" },
      { id: "d", name: "Budi Santoso" },
    ];
    expect(covered("Halo @Sari Lestari dan @sari, bukan @Sarina", room)).toEqual([
      ["a", "@Sari Lestari"],
      ["b", "@sari"],
    ]);
    // "@Budi Santoso" is Budi Santoso only, not also the member called "Budi".
    expect(covered("@Budi Santoso dan @Budi", room)).toEqual([
      ["d", "@Budi Santoso"],
      ["c", "@Budi"],
    ]);
  });

  it("keeps offsets in the body's own characters (emoji before a mention)", () => {
    const body = "👍👍 @ayu";
    const [span] = findMentionSpans(body, people);
    expect(body.slice(span!.start, span!.end)).toBe("@ayu");
  });
});
