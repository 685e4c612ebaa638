import { describe, expect, it } from "vitest";
import {
  dateIn,
  dueState,
  formatDate,
  formatDateOf,
  formatDayHeading,
  formatDayMonth,
  formatLocalDateTime,
  formatLocalRange,
  nextDay,
} from "../../app/lib/time.js";

// The one set of display helpers (app/lib/time.ts): every date a person reads is Intl words in their locale.
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;

describe("dates for people, in the reader's locale (app/lib/time.ts)", () => {
  it("a local date in words, never the ISO string, whatever the server's zone", () => {
    expect(formatDate("2027-03-01", "en")).toBe("Mon, 1 Mar 2027");
    expect(formatDate("2027-03-01", "id")).toBe("Sen, 1 Mar 2027");
    expect(formatDateOf("2027-03-01T23:30:00+07:00", "en")).toBe("Mon, 1 Mar 2027");
  });

  it("a chart's short day puts the day first, as both locales write it", () => {
    expect(formatDayMonth("2027-03-01", "en")).toBe("01/03");
    expect(formatDayMonth("2027-03-01", "id")).toBe("1/3");
  });

  it("a booking's wall-clock range as the space's offset writes it; over midnight both days", () => {
    expect(formatLocalRange("2027-03-01T09:00:00+07:00", "2027-03-01T10:30:00+07:00", "en")).toBe("Mon, 1 Mar 2027, 09:00–10:30");
    expect(formatLocalRange("2027-03-01T09:00:00+07:00", "2027-03-01T10:30:00+07:00", "id")).toBe("Sen, 1 Mar 2027, 09:00–10:30");
    expect(formatLocalRange("2027-03-01T20:00:00+07:00", "2027-03-02T00:00:00+07:00", "en")).toBe("Mon, 1 Mar 2027, 20:00–00:00");
    expect(formatLocalRange("2027-03-01T22:00:00+07:00", "2027-03-02T02:00:00+07:00", "en")).toBe("Mon, 1 Mar 2027, 22:00 – Tue, 2 Mar 2027, 02:00");
    // A skipped week of a series is a local date-time without an offset.
    expect(formatLocalRange("2027-03-28T02:30", "2027-03-28T03:30", "id")).toBe("Min, 28 Mar 2027, 02:30–03:30");
    expect(formatLocalDateTime("2027-12-24T18:00:00+08:00", "en")).toBe("Fri, 24 Dec 2027, 18:00");
    for (const text of [formatLocalRange("2027-03-01T09:00:00+07:00", "2027-03-02T10:30:00+07:00", "en"), formatLocalDateTime("2027-03-01T09:00", "id")]) {
      expect(text).not.toMatch(ISO_DATE);
    }
  });

  it("today in a zone: the same instant is two different dates in Jakarta and Honolulu", () => {
    const instant = new Date("2027-03-01T20:00:00Z");
    expect(dateIn("Asia/Jakarta", instant)).toBe("2027-03-02");
    expect(dateIn("Pacific/Honolulu", instant)).toBe("2027-03-01");
    expect(nextDay("2027-02-28")).toBe("2027-03-01");
    expect(nextDay("2028-02-28")).toBe("2028-02-29");
  });

  it("day headings: today and yesterday in words, older days as dates", () => {
    expect(formatDayHeading("2027-03-02", "2027-03-02", "en")).toBe("Today");
    expect(formatDayHeading("2027-03-02", "2027-03-02", "id")).toBe("Hari ini");
    expect(formatDayHeading("2027-03-01", "2027-03-02", "en")).toBe("Yesterday");
    expect(formatDayHeading("2027-03-01", "2027-03-02", "id")).toBe("Kemarin");
    expect(formatDayHeading("2027-02-27", "2027-03-02", "en")).toBe("Sat, 27 Feb 2027");
  });

  it("a due date against today: overdue, today, tomorrow or later", () => {
    expect(dueState("2027-02-28", "2027-03-01")).toBe("overdue");
    expect(dueState("2027-03-01", "2027-03-01")).toBe("today");
    expect(dueState("2027-03-02", "2027-03-01")).toBe("tomorrow");
    expect(dueState("2027-03-03", "2027-03-01")).toBe("later");
    expect(dueState("2026-12-31", "2027-01-01")).toBe("overdue");
  });
});
