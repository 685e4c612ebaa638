import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { buildCalendar, type IcsEvent } from "../../server/domain/bookings/ics.js";

const base: IcsEvent = {
  uid: "b1@jejaring",
  start: new Date("2026-12-01T02:00:00Z"),
  end: new Date("2026-12-01T03:00:00Z"),
  stamp: new Date("2026-11-30T00:00:00Z"),
  summary: "Desk D-01",
  location: "Ruang Kerja",
  description: "",
  status: "CONFIRMED",
};

/** The calendar's lines, unfolded (RFC 5545 §3.1), split on the CRLF that ends each content line. */
function contentLines(ics: string): string[] {
  expect(ics.endsWith("\r\n")).toBe(true);
  return ics.replace(/\r\n[ \t]/g, "").slice(0, -2).split("\r\n");
}

function parsedDescription(ics: string): string {
  const vevent = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent");
  return String(vevent?.getFirstPropertyValue("description"));
}

describe("ICS text (RFC 5545 §3.3.11)", () => {
  it("escapes backslash, semicolon and comma, and writes every line break as \\n", () => {
    const ics = buildCalendar("Cal", [{ ...base, description: "a\\b;c,d\ne\r\nf" }]);
    expect(contentLines(ics)).toContain("DESCRIPTION:a\\\\b\\;c\\,d\\ne\\nf");
    expect(parsedDescription(ics)).toBe("a\\b;c,d\ne\nf");
  });

  it("never writes a raw CR: a lone CR is a line break too", () => {
    const ics = buildCalendar("Cal\rname", [{ ...base, summary: "x\ry", location: "l\r", description: "one\rtwo\r\rthree" }]);
    // Every CR in the output is the first half of a line-ending CRLF.
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/\r/);
    const lines = contentLines(ics);
    expect(lines).toContain("SUMMARY:x\\ny");
    expect(lines).toContain("LOCATION:l\\n");
    expect(lines).toContain("DESCRIPTION:one\\ntwo\\n\\nthree");
    expect(lines).toContain("X-WR-CALNAME:Cal\\nname");
    expect(parsedDescription(ics)).toBe("one\ntwo\n\nthree");
  });

  it("drops other control characters, which TEXT may not carry, and keeps a tab", () => {
    const ics = buildCalendar("Cal", [{ ...base, description: "a\u0000b\u0007c\u001bd\u007fe\tf" }]);
    expect(contentLines(ics)).toContain("DESCRIPTION:abcde\tf");
    expect(parsedDescription(ics)).toBe("abcde\tf");
  });

  it("folds long lines without splitting a character", () => {
    const ics = buildCalendar("Cal", [{ ...base, description: "ruang ".repeat(20) + "é".repeat(40) }]);
    for (const line of ics.slice(0, -2).split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    expect(parsedDescription(ics)).toBe("ruang ".repeat(20) + "é".repeat(40));
  });
});
