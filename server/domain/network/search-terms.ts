// The words of a search, as the directory and the global search read them (pure; tested without a database).

/** At most this many distinct words of a query take part in matching (a query is at most 100 characters). */
export const MAX_SEARCH_WORDS = 10;

export type SearchTerms = {
  /** The query lower-cased, NFKC-normalised, with inner white space collapsed. */
  text: string;
  /** Its distinct words: runs of letters and digits, in order. Empty for a query of punctuation only. */
  words: string[];
  /** A `to_tsquery('simple', …)` string: every word as a prefix (`kemas:* & bandung:*`); "" without words. */
  prefixQuery: string;
};

export function searchTerms(q: string): SearchTerms {
  const text = q.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
  const words = [...new Set(text.match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, MAX_SEARCH_WORDS);
  // Letters and digits only, so nothing in a word is tsquery syntax.
  return { text, words, prefixQuery: words.map((w) => `${w}:*`).join(" & ") };
}
