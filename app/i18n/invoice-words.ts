// The words of an invoice's parts that are facts in the domain (a line's kind and facts, a tax rate, a date), one way
// for the pages and the PDF (server/http/invoice-pdf.ts). Pure: no React.
import { formatNumber, LOCALE_TAGS, type Locale } from "./format";
import { hasKey, type Translate } from "./dictionary";

export type InvoiceLineFacts = { kind: string; description: string; facts: Record<string, string | number> };

/** A local date (YYYY-MM-DD, or the date of an ISO instant) as "15 Maret 2027" / "15 March 2027". */
export function invoiceDate(date: string, locale: Locale): string {
  const [y, m, d] = date.slice(0, 10).split("-").map(Number);
  return new Intl.DateTimeFormat(LOCALE_TAGS[locale], { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y!, m! - 1, d!)));
}

/** A line's words: a booking's facts, a person's description, or the dictionary's word for its kind. */
export function invoiceLineText(t: Translate, line: InvoiceLineFacts, locale: Locale): string {
  if (line.kind === "booking" && line.facts.resource !== undefined) {
    return t("billing.invoices.line.booking", {
      resource: String(line.facts.resource),
      date: invoiceDate(String(line.facts.date ?? ""), locale),
      start: String(line.facts.start ?? ""),
      end: String(line.facts.end ?? ""),
    });
  }
  if (line.description) return line.description;
  const key = `billing.invoices.line.${line.kind}`;
  return hasKey(key) ? t(key) : line.kind;
}

/** The tax rate as people write it: 0.11 → "11%", 0.015 → "1,5%" (id). */
export function ratePercent(rate: number, locale: Locale): string {
  return `${formatNumber(Math.round(rate * 10_000) / 100, locale)}%`;
}
