import { useRouteLoaderData } from "@remix-run/react";
import { createContext, useContext, useEffect, useState } from "react";
import { hasDictionary, translator, type Translate } from "./dictionary";
import type { Locale } from "./format";
import { loadDictionary } from "./load";

export { hasKey, LOCALES, makeTranslator, translator } from "./dictionary";
export type { Locale, MessageKey, MessageVars, Translate } from "./dictionary";
export { formatList, formatMoney, formatNumber, LOCALE_TAGS } from "./format";

export const LocaleContext = createContext<Locale>("id");

export function useLocale(): Locale {
  const data = useRouteLoaderData<{ locale: Locale }>("root");
  const fromContext = useContext(LocaleContext);
  return data?.locale ?? fromContext;
}

/** Which dictionaries the browser has: a change re-renders every translating component (see useDictionary). */
export const DictionaryContext = createContext<Locale | null>(null);

export function useT(): Translate {
  useContext(DictionaryContext);
  return translator(useLocale());
}

/**
 * The root's part in loading words: the document's language is loaded before hydration; a language the reader's
 * account brings in without a reload (logging in) is fetched here, and the root provides the returned value in
 * DictionaryContext so that the page renders again with it.
 */
export function useDictionary(locale: Locale): Locale | null {
  const [loaded, setLoaded] = useState<Locale | null>(null);
  useEffect(() => {
    if (hasDictionary(locale)) return;
    let current = true;
    void loadDictionary(locale).then(() => current && setLoaded(locale));
    return () => {
      current = false;
    };
  }, [locale]);
  return loaded;
}
