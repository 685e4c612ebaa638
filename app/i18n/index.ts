import { useRouteLoaderData } from "@remix-run/react";
import { createContext, useContext } from "react";
import { en, type MessageKey } from "./en";
import { id } from "./id";

export type Locale = "id" | "en";
export type { MessageKey };
export const LOCALES: Locale[] = ["id", "en"];
const dictionaries: Record<Locale, Record<MessageKey, string>> = { id, en };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const dict = dictionaries[locale];
  return (key, vars) => {
    const text = dict[key] ?? en[key] ?? key;
    return vars ? text.replace(/\{(\w+)\}/g, (_m, name: string) => String(vars[name] ?? `{${name}}`)) : text;
  };
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
