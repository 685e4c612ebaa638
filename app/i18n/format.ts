// Pure formatting for the dictionaries: plural selection, numbers, money, lists, and dates and times through Intl
// in the reader's locale. No React here, so the translator and the notification renderer are unit-tested without a
// DOM, and the server's mail says a booking's time with the same function as the pages (app/lib/time.ts re-exports it).
//
// A message is plain text with `{name}` placeholders and, where a language needs it, ICU-style plurals:
// `{count, plural, one {# member} other {# members}}` (`#` is the number, `=0 {…}` picks an exact value first,
// then `Intl.PluralRules` picks the category). Indonesian has one form, so its entries stay "{count} anggota".

export type Locale = "id" | "en";

/** The BCP 47 tag each locale formats with (en-GB: day-month order and a 24-hour clock, like the Indonesian UI). */
export const LOCALE_TAGS: Record<Locale, string> = { id: "id-ID", en: "en-GB" };

/** A message variable: text as it is, numbers through `Intl.NumberFormat`, lists through `Intl.ListFormat`. */
export type MessageVar = string | number | readonly string[];
export type MessageVars = Record<string, MessageVar>;

type Formatters = { plural: Intl.PluralRules; number: Intl.NumberFormat; money: Intl.NumberFormat; list: Intl.ListFormat };
const cache = new Map<Locale, Formatters>();

/**
 * The locale's Intl formatters, each built on first use: building one costs milliseconds on a phone (the first
 * `t()` of a hydrating page used to build all four, a tenth of a second under Lighthouse's CPU throttling).
 */
function formatters(locale: Locale): Formatters {
  let f = cache.get(locale);
  if (!f) {
    const tag = LOCALE_TAGS[locale];
    const made: Partial<Formatters> = {};
    const once = <K extends keyof Formatters>(key: K, make: () => Formatters[K]) => () => (made[key] ??= make());
    const plural = once("plural", () => new Intl.PluralRules(tag));
    const number = once("number", () => new Intl.NumberFormat(tag));
    const money = once("money", () => new Intl.NumberFormat(tag, { style: "currency", currency: "IDR", minimumFractionDigits: 0, maximumFractionDigits: 0 }));
    const list = once("list", () => new Intl.ListFormat(tag, { type: "conjunction" }));
    f = {
      get plural() { return plural(); },
      get number() { return number(); },
      get money() { return money(); },
      get list() { return list(); },
    };
    cache.set(locale, f);
  }
  return f;
}

/** 1110000 → "1.110.000" (id) / "1,110,000" (en). */
export function formatNumber(n: number, locale: Locale): string {
  return formatters(locale).number.format(n);
}

/** Integer rupiah → "Rp 1.110.000" (id) / "IDR 1,110,000" (en), whatever Intl writes for IDR without cents. */
export function formatMoney(rupiah: number, locale: Locale): string {
  return formatters(locale).money.format(rupiah);
}

/** ["a", "b", "c"] → "a, b, dan c" (id) / "a, b and c" (en). */
export function formatList(items: readonly string[], locale: Locale): string {
  return formatters(locale).list.format(items);
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * One date-time formatter per locale tag and options, made once: building an Intl.DateTimeFormat costs about a third
 * of a millisecond (formatting with one, a microsecond), and a page formats every message, task and booking it shows.
 */
export function dateTimeFormat(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${tag} ${JSON.stringify(options)}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(tag, options);
    dateTimeFormats.set(key, format);
  }
  return format;
}

/**
 * From one instant to another in the given zone (a space's), with the zone's name: "Sel, 1 Des 2026 09.00–10.30 WIB"
 * / "Tue, 1 Dec 2026, 09:00–10:30 GMT+7"; a range over midnight names both days. A booking's time on its pages and in
 * its mail and WhatsApp words.
 */
export function formatInstantRange(startIso: string, endIso: string, locale: Locale, timeZone: string): string {
  return dateTimeFormat(LOCALE_TAGS[locale], {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
    timeZone,
  }).formatRange(new Date(startIso), new Date(endIso));
}

/** The index of the `}` that closes the `{` at `open`, or -1. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

/** `one {# member} other {# members}` → { one: "# member", other: "# members" }. */
function branches(spec: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < spec.length) {
    const m = /^\s*(=\d+|zero|one|two|few|many|other)\s*\{/.exec(spec.slice(i));
    if (!m) return spec.slice(i).trim() === "" ? out : null;
    const open = i + m[0].length - 1;
    const close = closing(spec, open);
    if (close < 0) return null;
    out[m[1]!] = spec.slice(open + 1, close);
    i = close + 1;
  }
  return out;
}

/** `#` outside nested placeholders → the number, as the locale writes it. */
function hash(text: string, shown: string): string {
  let depth = 0;
  let out = "";
  for (const ch of text) {
    if (ch === "{") depth++;
    if (ch === "}") depth--;
    out += ch === "#" && depth === 0 ? shown : ch;
  }
  return out;
}

function placeholder(inner: string, f: Formatters, vars: MessageVars): string | undefined {
  const m = /^\s*(\w+)\s*(?:,\s*plural\s*,([\s\S]*))?$/.exec(inner);
  const v = m ? vars[m[1]!] : undefined;
  if (!m || v === undefined) return undefined;
  const shown = typeof v === "number" ? f.number.format(v) : typeof v === "string" ? v : f.list.format(v);
  if (m[2] === undefined) return shown;
  const forms = branches(m[2]);
  if (!forms?.other) return undefined;
  const chosen = (typeof v === "number" ? (forms[`=${v}`] ?? forms[f.plural.select(v)]) : undefined) ?? forms.other;
  return render(hash(chosen, shown), f, vars);
}

function render(text: string, f: Formatters, vars: MessageVars): string {
  let out = "";
  let i = 0;
  for (;;) {
    const open = text.indexOf("{", i);
    const close = open < 0 ? -1 : closing(text, open);
    if (close < 0) return out + text.slice(i);
    out += text.slice(i, open) + (placeholder(text.slice(open + 1, close), f, vars) ?? text.slice(open, close + 1));
    i = close + 1;
  }
}

/** Fills a dictionary message: plurals by the variables' numbers, numbers and lists through Intl. */
export function formatMessage(message: string, locale: Locale, vars: MessageVars = {}): string {
  return message.includes("{") ? render(message, formatters(locale), vars) : message;
}
