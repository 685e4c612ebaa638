// Errors in the reader's words, one place for every surface (form actions, problem+json, socket acks). Pure: the
// server imports it (see ./translate.ts). A DomainError says `code` and, in its details, `reason` plus facts; a
// field problem says `code` (a zod issue code or a schema's reason) plus facts. This module turns them into words:
//
//   headline   `errors.<code>`             (short, general: what kind of problem)
//   detail     `errors.<code>.<reason>`    (the specific case, with its facts); without a reason the headline
//                                          stands alone, and an API problem's detail is `errors.<code>.default`
//   field      `zod.<code>.<format|origin|expected>`, else `zod.<code>`, else `zod.invalid`
import type { MessageVars } from "./format";
import { hasKey, type MessageKey, type Translate } from "./dictionary";

/** A field's problem as the server reports it (server/domain/errors.ts FieldError). */
export type FieldProblem = { path: string; code?: string; facts?: Record<string, unknown>; message?: string };

/** The facts of an error as message variables: text, finite numbers, lists of text; `minutes` also as `duration`. */
export function varsOf(t: Translate, facts: Record<string, unknown> = {}): MessageVars {
  const vars: MessageVars = {};
  for (const [key, value] of Object.entries(facts)) {
    if (typeof value === "string" || (typeof value === "number" && Number.isFinite(value))) vars[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === "string")) vars[key] = value as string[];
  }
  if (typeof vars.minutes === "number") vars.duration = duration(t, vars.minutes);
  return vars;
}

/** 600 → "10 hours", 90 → "1 hour 30 minutes", 45 → "45 minutes" (and in Indonesian). */
export function duration(t: Translate, minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return t("errors.duration.minutes", { count: rest });
  if (rest === 0) return t("errors.duration.hours", { count: hours });
  return t("errors.duration.hoursMinutes", { hours, minutes: rest });
}

const key = (k: string): MessageKey | null => (hasKey(k) ? k : null);

export type ErrorWords = {
  /** What kind of problem: `errors.<code>` (the generic line for a code without words). */
  title: string;
  /** The specific case, from the reason and its facts; null when the error has no reason with words. */
  detail: string | null;
};

/** A DomainError's code and details → its headline and, when it has a reason, its detail. */
export function errorWords(t: Translate, code: string, details: Record<string, unknown> = {}): ErrorWords {
  const titleKey = key(`errors.${code}`);
  const title = titleKey ? t(titleKey) : t("errors.generic");
  const reason = typeof details.reason === "string" ? details.reason : null;
  const detailKey = reason ? key(`errors.${code}.${reason}`) : null;
  return { title, detail: detailKey ? t(detailKey, varsOf(t, details)) : null };
}

/** One line for a place with room for one (a socket ack, a chat notice): the detail, else the headline. */
export function errorLine(t: Translate, code: string, details: Record<string, unknown> = {}): string {
  const words = errorWords(t, code, details);
  return words.detail ?? words.title;
}

/** A problem+json `detail`: the reason's words, else what the code means in general (never the headline again). */
export function problemDetail(t: Translate, code: string, details: Record<string, unknown> = {}): string {
  const words = errorWords(t, code, details);
  const fallback = key(`errors.${code}.default`);
  return words.detail ?? (fallback ? t(fallback, varsOf(t, details)) : t("errors.generic"));
}

/** A field problem in words: by its code and the kind of value (string, number, array; email, uuid, date…). */
export function fieldWords(t: Translate, problem: FieldProblem): string {
  const code = problem.code ?? "invalid";
  const facts = problem.facts ?? {};
  const variants = [facts.format, facts.origin, facts.expected].filter((v): v is string => typeof v === "string");
  const candidates = [
    ...variants.flatMap((v) => [facts.inclusive === "no" ? `zod.${code}.${v}.exclusive` : null, `zod.${code}.${v}`]),
    `zod.${code}`,
  ];
  for (const c of candidates) {
    const k = c ? key(c) : null;
    if (k) return t(k, varsOf(t, facts));
  }
  return t("zod.invalid");
}
