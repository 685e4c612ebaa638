import { describe, expect, it } from "vitest";
import { mentionQuery, splitMessage } from "../../app/lib/chat-text.js";
import { positionAt, positionBetween } from "../../app/lib/board.js";

describe("chat text", () => {
  it("links only http(s) addresses and leaves the sentence's punctuation outside", () => {
    expect(splitMessage("cek https://example.com/a?b=1. lalu javascript:alert(1) dan www.x.id")).toEqual([
      { kind: "text", text: "cek " },
      { kind: "link", text: "https://example.com/a?b=1", href: "https://example.com/a?b=1" },
      { kind: "text", text: ". lalu javascript:alert(1) dan www.x.id" },
    ]);
    expect(splitMessage("(lihat https://en.wikipedia.org/wiki/Batik_(kain))").find((p) => p.kind === "link")?.text).toBe(
      "https://en.wikipedia.org/wiki/Batik_(kain)",
    );
  });

  it("highlights exactly the spans the server found, and nothing it did not", () => {
    const body = "Halo @Sari Lestari dan @sari, bukan @Sarina";
    const spans = [
      { memberId: "a", start: 5, end: 18 },
      { memberId: "b", start: 23, end: 28 },
    ];
    expect(splitMessage(body, spans)).toEqual([
      { kind: "text", text: "Halo " },
      { kind: "mention", text: "@Sari Lestari", memberId: "a" },
      { kind: "text", text: " dan " },
      { kind: "mention", text: "@sari", memberId: "b" },
      { kind: "text", text: ", bukan @Sarina" },
    ]);
    // Not yet confirmed (no spans): plain text, whatever names it holds.
    expect(splitMessage(body)).toEqual([{ kind: "text", text: body }]);
  });

  it("places spans after a link by their offsets in the whole body; a link wins over a span inside it", () => {
    const body = "lihat https://x.id/@ayu lalu @Ayu ya";
    const parts = splitMessage(body, [19, 29].map((start) => ({ memberId: "ayu", start, end: start + 4 })));
    expect(parts.map((p) => `${p.kind}:${p.text}`)).toEqual(["text:lihat ", "link:https://x.id/@ayu", "text: lalu ", "mention:@Ayu", "text: ya"]);
  });

  it("keeps markup as text (React escapes it)", () => {
    expect(splitMessage("<img src=x onerror=alert(1)>", [])).toEqual([{ kind: "text", text: "<img src=x onerror=alert(1)>" }]);
  });

  it("finds the @partial before the caret for autocomplete", () => {
    expect(mentionQuery("Makasih @Faj", 12)).toEqual({ start: 8, query: "Faj" });
    expect(mentionQuery("email@domain", 12)).toBeNull();
    expect(mentionQuery("tanpa sebutan", 5)).toBeNull();
  });
});

describe("board positions", () => {
  it("puts a card between its new neighbours, or past either end", () => {
    expect(positionBetween(undefined, undefined)).toBe(1);
    expect(positionBetween(2, undefined)).toBe(3);
    expect(positionBetween(undefined, 2)).toBe(1);
    expect(positionBetween(1, 2)).toBe(1.5);
    const column = [
      { id: "x", position: 1 },
      { id: "y", position: 2 },
      { id: "z", position: 3 },
    ];
    expect(positionAt(column, "z", 0)).toBe(0); // z to the top
    expect(positionAt(column, "x", 1)).toBe(2.5); // x down one: between y and z
    expect(positionAt(column, "new", 3)).toBe(4); // the end of the column
  });
});
