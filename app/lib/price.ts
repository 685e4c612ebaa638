// A resource's price in the reader's words: its rate on the operator's list, and what a chosen time costs on the
// member's pages, computed here with the same pure function the server charges with (no request per choice).
import { quotePrice, type PriceTerms, type Rate, type ResourceKindForPrice } from "../../server/contract/pricing";
import { formatMoney, type Locale, type Translate } from "~/i18n";

export type { PriceTerms };

/** "Rp 15.000/jam · maks. Rp 75.000/hari · 1 kredit/jam", or "Gratis". */
export function rateWords(t: Translate, locale: Locale, rate: Rate | null): string {
  if (!rate || rate.perHour === null) return t("billing.prices.free");
  const parts = [t("billing.prices.rateHourly", { amount: formatMoney(rate.perHour, locale) })];
  if (rate.perDay !== null) parts.push(t("billing.prices.rateDaily", { amount: formatMoney(rate.perDay, locale) }));
  if (rate.creditsPerHour !== null) parts.push(t("billing.prices.rateCredits", { count: rate.creditsPerHour }));
  return parts.join(" · ");
}

/** What `minutes` of this resource cost, in words: "Rp 166.500 · 3 kredit", "Rp 83.250 · atau satu tiket harian", "Gratis". */
export function priceWords(
  t: Translate,
  locale: Locale,
  resource: { kind: ResourceKindForPrice; rate: Rate | null },
  minutes: number,
  terms: PriceTerms,
): string {
  return quoteWords(t, locale, quotePrice(resource.kind, resource.rate, minutes, terms));
}

/** A quote (GET /bookings/quote, or quotePrice) in words. */
export function quoteWords(t: Translate, locale: Locale, q: { total: number; credits: number | null; dayPasses: number | null }): string {
  if (q.total === 0) return t("billing.prices.free");
  const total = formatMoney(q.total, locale);
  if (q.credits !== null) return t("billing.prices.priceCredits", { total, count: q.credits });
  if (q.dayPasses !== null) return t("billing.prices.priceDayPass", { total });
  return t("billing.prices.price", { total });
}

/** What one slot of the rooms' grid costs: "Rp 111.000 per 1 jam", or "Gratis". */
export function slotPriceWords(
  t: Translate,
  locale: Locale,
  resource: { kind: ResourceKindForPrice; rate: Rate | null },
  minutes: number,
  slot: string,
  terms: PriceTerms,
): string {
  const q = quotePrice(resource.kind, resource.rate, minutes, terms);
  return q.total === 0 ? t("billing.prices.free") : t("billing.prices.perSlot", { price: priceWords(t, locale, resource, minutes, terms), slot });
}

/** What a booking was charged, in words ("Paid with 2 credits", "Rp 30.000 on your next invoice"); "" when nothing was. */
export function chargeWords(t: Translate, locale: Locale, charge: { method: string | null; credits: number; dayPasses: number; amount: number } | null | undefined): string {
  switch (charge?.method) {
    case "credits":
      return t("billing.prices.charge.credits", { count: charge.credits });
    case "day_pass":
      return t("billing.prices.charge.dayPass", { count: charge.dayPasses });
    case "invoice":
      return t("billing.prices.charge.invoice", { amount: formatMoney(charge.amount, locale) });
    case "free":
      return t("billing.prices.free");
    default:
      return "";
  }
}

