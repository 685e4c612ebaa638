// The translator over the dictionaries this process has: the server has both (./translate.ts provides them), a
// browser only the reader's (./load.ts fetches it as its own chunk before hydration), so a page ships one
// language's words. No dictionary is imported here: a module the client bundles may import this one freely.
import type { MessageKey } from "./en";
import { formatMessage, type Locale, type MessageVars } from "./format";

export type { Locale, MessageKey, MessageVars };
export type Dictionary = Partial<Record<MessageKey, string>>;
export type Translate = (key: MessageKey, vars?: MessageVars) => string;

export const LOCALES: Locale[] = ["id", "en"];
const provided: Partial<Record<Locale, Dictionary>> = {};

export function provideDictionary(locale: Locale, dict: Dictionary): void {
  provided[locale] = dict;
}

export function hasDictionary(locale: Locale): boolean {
  return provided[locale] !== undefined;
}

/** A translator over one dictionary: a key it lacks falls back to English (where present), an unknown key shows itself. */
export function makeTranslator(locale: Locale, dict: Dictionary): Translate {
  return (key, vars) =>
    formatMessage(dict[key] ?? provided.en?.[key] ?? key, locale, vars);
}

/** The reader's translator; while a browser still fetches a newly chosen language, the words it has stand in. */
export function translator(locale: Locale): Translate {
  const dict =
    provided[locale] ??
    LOCALES.map((l) => provided[l]).find((d) => d !== undefined) ??
    {};
  return makeTranslator(locale, dict);
}

/** Whether the dictionaries have a key (a key built from a code, such as `errors.<code>.<reason>`); they share keys. */
export function hasKey(key: string): key is MessageKey {
  return LOCALES.some(
    (l) =>
      provided[l] !== undefined &&
      Object.prototype.hasOwnProperty.call(provided[l], key)
  );
}
