import type { IncomingHttpHeaders } from "node:http";
import { LOCALE_COOKIE, readCookies } from "./auth.js";
import type { Locale } from "./context.js";

/**
 * The reader's language, one rule for pages, the API and sockets: a member's stored choice (it follows them to
 * every device), else the language switch's cookie (the anonymous and logged-out fallback), else the first of
 * id/en in Accept-Language, else Indonesian.
 */
export function localeFrom(headers: IncomingHttpHeaders, memberLocale: Locale | null | undefined): Locale {
  if (memberLocale) return memberLocale;
  const fromCookie = readCookies(headers.cookie)[LOCALE_COOKIE];
  if (fromCookie === "id" || fromCookie === "en") return fromCookie;
  const accepted = (headers["accept-language"] ?? "")
    .split(",")
    .map((part) => {
      const [tag, q] = part.trim().split(";q=");
      return { lang: (tag ?? "").toLowerCase().slice(0, 2), q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { lang } of accepted) {
    if (lang === "id" || lang === "en") return lang;
  }
  return "id";
}
