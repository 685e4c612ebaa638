import { useRouteLoaderData } from "@remix-run/react";
import { createContext, useContext } from "react";
import { en, type MessageKey } from "./en";
import { formatMessage, type Locale, type MessageVars } from "./format";
import { id } from "./id";

export type { Locale, MessageKey, MessageVars };
export { formatList, formatMoney, formatNumber, LOCALE_TAGS } from "./format";
export const LOCALES: Locale[] = ["id", "en"];
const dictionaries: Record<Locale, Partial<Record<MessageKey, string>>> = { id, en };

export type Translate = (key: MessageKey, vars?: MessageVars) => string;

/** A translator over one dictionary: a key it lacks falls back to English, and an unknown key shows itself. */
export function makeTranslator(locale: Locale, dict: Partial<Record<MessageKey, string>>): Translate {
  return (key, vars) => formatMessage(dict[key] ?? en[key] ?? key, locale, vars);
}

export function translator(locale: Locale): Translate {
  return makeTranslator(locale, dictionaries[locale]);
}

export const LocaleContext = createContext<Locale>("id");

export function useLocale(): Locale {
  const data = useRouteLoaderData<{ locale: Locale }>("root");
  const fromContext = useContext(LocaleContext);
  return data?.locale ?? fromContext;
}

export function useT(): Translate {
  return translator(useLocale());
}
