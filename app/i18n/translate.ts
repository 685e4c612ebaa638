// The translator with both dictionaries, for the server (problem+json, socket acks, mail, PDFs, server rendering)
// and tests; server/ imports it (the one sanctioned import of app/ by server/, checked in
// tests/unit/architecture.test.ts). The client never imports this module: it loads only the reader's dictionary
// (./load.ts) and translates through ./dictionary.ts.
import { provideDictionary } from "./dictionary";
import { en } from "./en";
import { id } from "./id";

provideDictionary("en", en);
provideDictionary("id", id);

export { hasKey, LOCALES, makeTranslator, translator } from "./dictionary";
export type { Locale, MessageKey, MessageVars, Translate } from "./dictionary";
