import { useRouteLoaderData } from "@remix-run/react";
import { createContext, useContext } from "react";
import type { Locale } from "./format";
import { translator, type Translate } from "./translate";

export { hasKey, LOCALES, makeTranslator, translator } from "./translate";
export type { Locale, MessageKey, MessageVars, Translate } from "./translate";
export { formatList, formatMoney, formatNumber, LOCALE_TAGS } from "./format";

export const LocaleContext = createContext<Locale>("id");

export function useLocale(): Locale {
  const data = useRouteLoaderData<{ locale: Locale }>("root");
  const fromContext = useContext(LocaleContext);
  return data?.locale ?? fromContext;
}

export function useT(): Translate {
  return translator(useLocale());
}
