import { describe, expect, it } from "vitest";
import { bookingPrice, quotePrice, taxSplit } from "../../server/contract/pricing.js";
import { bookingPrice as domainPrice, taxSplit as domainSplit } from "../../server/domain/billing/index.js";

// The pure price arithmetic both the server (charges, invoices) and the browser (the space page's prices) run.
describe("taxSplit: PPN in integer rupiah", () => {
  it("adds the tax rounded half up to the rupiah", () => {
    expect(taxSplit(100_000, 0.11, false)).toEqual({ subtotal: 100_000, tax: 11_000, total: 111_000 });
    expect(taxSplit(50, 0.11, false)).toEqual({ subtotal: 50, tax: 6, total: 56 }); // 5.5 → 6
    expect(taxSplit(45, 0.11, false)).toEqual({ subtotal: 45, tax: 5, total: 50 }); // 4.95 → 5
    expect(taxSplit(4, 0.11, false)).toEqual({ subtotal: 4, tax: 0, total: 4 }); // 0.44 → 0
    expect(taxSplit(1_250_000, 0.11, false).tax).toBe(137_500);
  });

  it("splits an inclusive price into base and tax that add up to it exactly", () => {
    expect(taxSplit(111_000, 0.11, true)).toEqual({ subtotal: 100_000, tax: 11_000, total: 111_000 });
    expect(taxSplit(100_000, 0.11, true)).toEqual({ subtotal: 90_090, tax: 9_910, total: 100_000 }); // 90 090.09
    expect(taxSplit(100, 0.11, true)).toEqual({ subtotal: 90, tax: 10, total: 100 });
    expect(taxSplit(1, 0.11, true)).toEqual({ subtotal: 1, tax: 0, total: 1 });
    for (const amount of [1, 7, 99, 12_345, 4_500_000, 987_654_321]) {
      for (const rate of [0, 0.11, 0.12, 0.015, 0.9999]) {
        const s = taxSplit(amount, rate, true);
        expect(s.subtotal + s.tax).toBe(amount);
        expect(Number.isInteger(s.subtotal) && s.tax >= 0).toBe(true);
      }
    }
  });

  it("at a 0 rate (not a PKP) is no tax either way, and 0 is 0", () => {
    expect(taxSplit(75_000, 0, false)).toEqual({ subtotal: 75_000, tax: 0, total: 75_000 });
    expect(taxSplit(75_000, 0, true)).toEqual({ subtotal: 75_000, tax: 0, total: 75_000 });
    expect(taxSplit(0, 0.11, false)).toEqual({ subtotal: 0, tax: 0, total: 0 });
    expect(taxSplit(0, 0.11, true)).toEqual({ subtotal: 0, tax: 0, total: 0 });
  });
});

describe("bookingPrice: a booking's price from its resource's rate", () => {
  const desk = { perHour: 15_000, perDay: 75_000, creditsPerHour: null };
  const room = { perHour: 100_000, perDay: null, creditsPerHour: 1 };

  it("charges the hour rate per started half hour, rounding an odd half up", () => {
    expect(bookingPrice("room", room, 60)).toEqual({ amount: 100_000, credits: 1, dayPasses: null });
    expect(bookingPrice("room", room, 90)).toEqual({ amount: 150_000, credits: 2, dayPasses: null }); // 1.5 credits → 2
    expect(bookingPrice("room", room, 31)).toEqual({ amount: 100_000, credits: 1, dayPasses: null });
    expect(bookingPrice("room", room, 1).amount).toBe(50_000);
    expect(bookingPrice("booth", { perHour: 15_001, perDay: null, creditsPerHour: null }, 30).amount).toBe(7_501);
  });

  it("caps at the day rate for each started day", () => {
    expect(bookingPrice("desk", desk, 120)).toEqual({ amount: 30_000, credits: null, dayPasses: 1 });
    expect(bookingPrice("desk", desk, 300).amount).toBe(75_000); // exactly the cap
    expect(bookingPrice("desk", desk, 600).amount).toBe(75_000);
    expect(bookingPrice("desk", desk, 1_440).amount).toBe(75_000);
    expect(bookingPrice("desk", desk, 1_500).amount).toBe(150_000); // a second day started
  });

  it("is free without a rate or at a 0 rate: no money, no credits, no day pass", () => {
    const none = { perHour: null, perDay: null, creditsPerHour: null };
    expect(bookingPrice("desk", none, 480)).toEqual({ amount: 0, credits: 0, dayPasses: null });
    expect(bookingPrice("room", { perHour: 0, perDay: null, creditsPerHour: null }, 60)).toEqual({ amount: 0, credits: 0, dayPasses: null });
    expect(bookingPrice("room", { perHour: 0, perDay: null, creditsPerHour: 2 }, 60)).toEqual({ amount: 0, credits: 2, dayPasses: null });
  });

  it("quotePrice adds the PPN split by the space's terms; a resource without a rate is free", () => {
    expect(quotePrice("room", room, 90, { taxRate: 0.11, pricesIncludeTax: false })).toEqual({ amount: 150_000, tax: 16_500, total: 166_500, credits: 2, dayPasses: null });
    expect(quotePrice("room", room, 60, { taxRate: 0.11, pricesIncludeTax: true })).toEqual({ amount: 90_090, tax: 9_910, total: 100_000, credits: 1, dayPasses: null });
    expect(quotePrice("desk", null, 60, { taxRate: 0.11, pricesIncludeTax: false })).toEqual({ amount: 0, tax: 0, total: 0, credits: 0, dayPasses: null });
  });

  it("is the function the billing context exports (one way to price)", () => {
    expect(domainPrice).toBe(bookingPrice);
    expect(domainSplit).toBe(taxSplit);
  });
});
