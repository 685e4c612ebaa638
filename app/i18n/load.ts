// The browser's dictionary: only the reader's language, fetched as its own chunk (the other language's words never
// download). entry.client.tsx awaits it before hydrating, so the first render already has the right words.
import { hasDictionary, provideDictionary } from "./dictionary";
import type { Locale } from "./format";

export async function loadDictionary(locale: Locale): Promise<void> {
  if (hasDictionary(locale)) return;
  const dict =
    locale === "en" ? (await import("./en")).en : (await import("./id")).id;
  provideDictionary(locale, dict);
}

/** The language the server rendered the document in (`<html lang>`). */
export function documentLocale(): Locale {
  return document.documentElement.lang === "en" ? "en" : "id";
}
