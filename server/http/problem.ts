import type { Request, Response } from "express";
import { z } from "zod";
// The one import of app/ by server/: the pure dictionaries and their wording of errors (no React, no DOM).
import { errorLine, errorWords, fieldWords, problemDetail, type FieldProblem } from "../../app/i18n/errors.js";
import { translator } from "../../app/i18n/translate.js";
import { type DomainError, STATUS_BY_CODE, type ErrorCode } from "../domain/errors.js";
import type { Locale } from "./context.js";
import { localeFrom } from "./locale.js";

export type ProblemFieldError = { path: string; code: string; message: string };

export type Problem = {
  type: string;
  title: string;
  status: number;
  code: ErrorCode | "internal";
  detail: string;
  errors?: ProblemFieldError[];
  [extra: string]: unknown;
};

/** Code and details (reason, facts) → the words a person reads, in their language. */
export function wordsOf(locale: Locale, code: string, details: Record<string, unknown> = {}) {
  const t = translator(locale);
  return { title: errorWords(t, code, details).title, detail: problemDetail(t, code, details) };
}

/**
 * A DomainError as problem+json in the reader's language: `title` is the code's headline, `detail` the reason's
 * words with its facts (or what the code means), each `errors[]` entry's `message` the field's problem in words
 * beside its stable `code`. The reason and the facts stay in the body as they are (`reason`, `minutes`…).
 */
export function problemOf(error: DomainError, locale: Locale, status: number = STATUS_BY_CODE[error.code]): Problem {
  const { errors, retryAfter: _retryAfter, ...extra } = error.details;
  const t = translator(locale);
  return {
    ...extra,
    type: `/api/v1/problems/${error.code}`,
    ...wordsOf(locale, error.code, error.details),
    status,
    code: error.code,
    ...(errors ? { errors: errors.map((e) => ({ path: e.path, code: e.code ?? "invalid", message: fieldWords(t, e) })) } : {}),
  };
}

/** A socket error ack's words: one line (`message`) and each field error's message, by code and facts. */
export function wordsOfAck(locale: Locale, code: string, details: Record<string, unknown>) {
  const t = translator(locale);
  const errors = Array.isArray(details.errors) ? (details.errors as FieldProblem[]) : undefined;
  return {
    message: errorLine(t, code, details),
    ...(errors ? { errors: errors.map((e) => ({ path: e.path, code: e.code ?? "invalid", message: fieldWords(t, e) })) } : {}),
  };
}

export function localeOfRequest(req: Request): Locale {
  return localeFrom(req.headers, req.viewer?.locale);
}

/** Answers the error as problem+json in the request's language (`status` only where the map does not apply: 413). */
export function sendProblem(res: Response, error: DomainError, status?: number): void {
  const problem = problemOf(error, localeOfRequest(res.req), status);
  if (error.details.retryAfter) res.setHeader("Retry-After", String(error.details.retryAfter));
  res.status(problem.status).type("application/problem+json").send(JSON.stringify(problem));
}

/** The 500: the contract's shape with its own code, nothing about the error, only the log line's reference. */
export function sendInternal(res: Response, reference: string): void {
  const problem: Problem = { type: "/api/v1/problems/internal", ...wordsOf(localeOfRequest(res.req), "internal", { reference }), status: 500, code: "internal" };
  res.status(500).type("application/problem+json").send(JSON.stringify(problem));
}

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string().meta({ description: "The kind of problem, in the reader's language (Accept-Language or the member's choice)." }),
  status: z.number().int(),
  code: z.string(),
  detail: z.string().meta({ description: "This case in the reader's language, with its facts." }),
  reason: z.string().optional().meta({ description: "Why, as a stable snake_case code (e.g. max_booking_minutes, last_owner)." }),
  errors: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
});
