// Pure price arithmetic in integer rupiah, shared by the server and the browser (the space page shows what a chosen
// time costs without asking the server). Neutral ground like the realtime contract: it imports nothing at all, so
// the browser bundle carries no server code (tests/unit/architecture.test.ts holds it to that).

/** A tax rate (0.11) as basis points (1100), so tax is computed on integers. */
export const basisPoints = (rate: number): number => Math.round(rate * 10_000);

/**
 * An amount split into the tax base (DPP), the tax and the total, by the space's settings: with `inclusive` the amount
 * already contains the tax; otherwise the tax is added. Rounded half up to the rupiah; total = subtotal + tax always.
 */
export function taxSplit(amount: number, rate: number, inclusive: boolean): { subtotal: number; tax: number; total: number } {
  const bp = basisPoints(rate);
  if (inclusive) {
    const subtotal = Math.floor((amount * 10_000 + Math.floor((10_000 + bp) / 2)) / (10_000 + bp));
    return { subtotal, tax: amount - subtotal, total: amount };
  }
  const tax = Math.floor((amount * bp + 5_000) / 10_000);
  return { subtotal: amount, tax, total: amount + tax };
}

export type Rate = { perHour: number | null; perDay: number | null; creditsPerHour: number | null };
export type ResourceKindForPrice = "desk" | "room" | "booth";

/**
 * The price of a booking: `amount` in rupiah (the hour rate per started half hour, capped at the day rate for each
 * started day when one is set; 0 when the resource has no rate), `credits` when credits may pay for it (null: they
 * may not), `dayPasses` when a day pass may (desks only, one per booking; null: it may not).
 */
export function bookingPrice(kind: ResourceKindForPrice, rate: Rate, minutes: number): { amount: number; credits: number | null; dayPasses: number | null } {
  const halfHours = Math.ceil(minutes / 30);
  const byHour = rate.perHour === null ? 0 : Math.ceil((rate.perHour * halfHours) / 2);
  const amount = rate.perDay === null ? byHour : Math.min(byHour, rate.perDay * Math.ceil(minutes / 1440));
  const credits = rate.creditsPerHour === null ? (amount === 0 ? 0 : null) : Math.ceil((rate.creditsPerHour * halfHours) / 2);
  return { amount, credits, dayPasses: kind === "desk" && amount > 0 ? 1 : null };
}

/** What a member pays for a booking: the price, and its PPN split by the space's terms. */
export type PriceTerms = { taxRate: number; pricesIncludeTax: boolean };

export function quotePrice(
  kind: ResourceKindForPrice,
  rate: Rate | null,
  minutes: number,
  terms: PriceTerms,
): { amount: number; tax: number; total: number; credits: number | null; dayPasses: number | null } {
  const price = bookingPrice(kind, rate ?? { perHour: null, perDay: null, creditsPerHour: null }, minutes);
  const split = taxSplit(price.amount, terms.taxRate, terms.pricesIncludeTax);
  return { amount: split.subtotal, tax: split.tax, total: split.total, credits: price.credits, dayPasses: price.dayPasses };
}
