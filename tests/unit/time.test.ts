import { describe, expect, it } from "vitest";
import { DomainError } from "../../server/domain/errors.js";
import { dayBounds, formatInstant, localToInstant, parseInstant, plusWeeksLocal, wallClockOn } from "../../server/domain/time.js";

const code = (fn: () => unknown) => {
  try {
    fn();
    return "ok";
  } catch (e) {
    return e instanceof DomainError ? e.code : String(e);
  }
};

describe("time module", () => {
  it("reads local wall-clock times in the space's zone, never the server's", () => {
    expect(localToInstant("2026-12-01T09:00", "Asia/Jakarta").toISOString()).toBe("2026-12-01T02:00:00.000Z");
    expect(localToInstant("2026-12-01T09:00", "Asia/Makassar").toISOString()).toBe("2026-12-01T01:00:00.000Z");
    expect(localToInstant("2026-12-01T09:00", "Asia/Jayapura").toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(localToInstant("2026-12-01T09:00", "America/Los_Angeles").toISOString()).toBe("2026-12-01T17:00:00.000Z");
  });

  it("refuses times skipped by spring-forward and times that happen twice at fall-back", () => {
    expect(code(() => localToInstant("2027-03-28T02:30", "Europe/Berlin"))).toBe("nonexistent_local_time");
    expect(code(() => localToInstant("2027-10-31T02:30", "Europe/Berlin"))).toBe("ambiguous_local_time");
    expect(code(() => localToInstant("2027-03-14T02:30", "America/New_York"))).toBe("nonexistent_local_time");
    expect(code(() => localToInstant("2027-11-07T01:30", "America/New_York"))).toBe("ambiguous_local_time");
    expect(code(() => localToInstant("2027-10-31T03:00", "Europe/Berlin"))).toBe("ok");
    expect(code(() => localToInstant("2027-02-30T09:00", "Europe/Berlin"))).toBe("validation_failed");
  });

  it("parses instants with an offset as they are", () => {
    expect(parseInstant("2027-10-31T02:30+01:00", "Europe/Berlin").toISOString()).toBe("2027-10-31T01:30:00.000Z");
    expect(parseInstant("2027-10-31T02:30Z", "Europe/Berlin").toISOString()).toBe("2027-10-31T02:30:00.000Z");
  });

  it("formats instants with the zone's offset on both sides of a DST change", () => {
    expect(formatInstant(new Date("2027-03-28T00:30:00Z"), "Europe/Berlin")).toBe("2027-03-28T01:30:00+01:00");
    expect(formatInstant(new Date("2027-03-28T01:30:00Z"), "Europe/Berlin")).toBe("2027-03-28T03:30:00+02:00");
    expect(formatInstant(new Date("2026-12-01T02:00:00Z"), "Asia/Jakarta")).toBe("2026-12-01T09:00:00+07:00");
    expect(formatInstant(new Date("2026-12-01T02:00:00Z"), "America/St_Johns")).toBe("2026-11-30T22:30:00-03:30");
  });

  it("knows 23- and 25-hour days", () => {
    const hours = (d: string) => {
      const b = dayBounds(d, "Europe/Berlin");
      return (b.end.getTime() - b.start.getTime()) / 3_600_000;
    };
    expect([hours("2027-03-28"), hours("2027-03-29"), hours("2027-10-31")]).toEqual([23, 24, 25]);
  });

  it("keeps weekly occurrences at the same wall-clock time across DST", () => {
    const first = localToInstant("2027-03-23T09:00", "Europe/Berlin");
    expect(plusWeeksLocal(first, 1, "Europe/Berlin")).toBe("2027-03-30T09:00:00");
    expect(localToInstant(plusWeeksLocal(first, 1, "Europe/Berlin"), "Europe/Berlin").toISOString()).toBe("2027-03-30T07:00:00.000Z");
  });

  it("keeps a weekly time that falls into next week's DST gap as it is, so the week is refused, not shifted", () => {
    const first = localToInstant("2027-03-21T02:30", "Europe/Berlin");
    expect(plusWeeksLocal(first, 1, "Europe/Berlin")).toBe("2027-03-28T02:30:00");
    expect(code(() => localToInstant(plusWeeksLocal(first, 1, "Europe/Berlin"), "Europe/Berlin"))).toBe("nonexistent_local_time");
    expect(plusWeeksLocal(first, 2, "Europe/Berlin")).toBe("2027-04-04T02:30:00");
  });

  it("moves an opening time in a DST gap forward instead of failing", () => {
    expect(formatInstant(wallClockOn("2027-03-28", "02:30", "Europe/Berlin"), "Europe/Berlin")).toBe("2027-03-28T03:30:00+02:00");
  });
});
