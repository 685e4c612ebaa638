import { afterEach, describe, expect, it } from "vitest";
import { dateIn, formatDate, formatDayHeading, formatInstant } from "../../app/lib/time";

// Issue 13 (speed): a chat of 50 messages and a board of tasks format an instant each, twice while hydrating. Building an
// Intl.DateTimeFormat costs ~0.3 ms (a formatted string, ~1 µs): the display helpers make one per locale, options
// and zone, and reuse it.
const Original = Intl.DateTimeFormat;
afterEach(() => {
  Intl.DateTimeFormat = Original;
});

/** Counts the formatters made from now on. */
function countMade() {
  const count = { made: 0 };
  Intl.DateTimeFormat = class extends Original {
    constructor(...args: ConstructorParameters<typeof Original>) {
      super(...args);
      count.made++;
    }
  } as typeof Intl.DateTimeFormat;
  return count;
}

describe("the display helpers' formatters", () => {
  it("are made once per locale, options and zone, however many times a page formats", () => {
    const count = countMade();
    const texts = new Set<string>();
    for (let i = 0; i < 50; i++) {
      texts.add(formatInstant("2026-12-01T02:15:00Z", "id", "Asia/Makassar"));
      texts.add(formatInstant("2026-12-01T02:15:00Z", "en", "Asia/Makassar"));
      texts.add(formatDate("2026-12-01", "en"));
      texts.add(dateIn("Asia/Jakarta", "2026-12-01T02:15:00Z"));
      texts.add(formatDayHeading("2026-11-30", "2026-12-01", "en"));
    }
    // Warm or cold cache, never more than one per distinct kind (formatDayHeading's date formats as formatDate does).
    expect(count.made).toBeLessThanOrEqual(4);
    expect([...texts].sort()).toEqual(["1 Dec, 10:15", "1 Des, 10.15", "2026-12-01", "Tue, 1 Dec 2026", "Yesterday"].sort());
  });

  it("still tell zones apart", () => {
    expect(formatInstant("2026-12-01T02:15:00Z", "en", "Asia/Jakarta")).toBe("1 Dec, 09:15");
    expect(formatInstant("2026-12-01T02:15:00Z", "en", "Asia/Jayapura")).toBe("1 Dec, 11:15");
  });
});
