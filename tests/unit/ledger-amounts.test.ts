import { describe, expect, it } from "vitest";
import { rupiah } from "../../app/lib/ledger-intents.server.js";

describe("rupiah as people type it on the ledger page", () => {
  it.each([
    ["15000000", 15_000_000],
    ["15.000.000", 15_000_000],
    ["15,000,000", 15_000_000],
    ["Rp 15 000 000", 15_000_000],
    ["Rp12.500.000,00", 12_500_000],
    ["12,500,000.00", 12_500_000],
    ["rp. 750.000", 750_000],
  ])("%s → %d", (typed, value) => expect(rupiah(typed)).toBe(value));

  it("leaves anything else as typed, for the schema to refuse (never a guess 100× off)", () => {
    for (const typed of ["12.500.000,5", "1.5", "12,50", "1.2345", "lima juta", "-5"]) expect(rupiah(typed)).toBe(typed);
    expect(rupiah("  ")).toBeUndefined();
  });
});
