// The pure translator (no React): the dictionaries and the function that fills a message. app/i18n/index.ts
// re-exports it for the UI; server/http words problem+json and socket acks with it (the one sanctioned import of
// app/ by server/, checked in tests/unit/architecture.test.ts).
import { en, type MessageKey } from "./en";
import { formatMessage, type Locale, type MessageVars } from "./format";
import { id } from "./id";

export type { Locale, MessageKey, MessageVars };
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

/** Whether the dictionaries have a key (a key built from a code, such as `errors.<code>.<reason>`). */
export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}
