import { data, type AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import { errorWords, fieldWords } from "../i18n/errors";
import { translator } from "../i18n/translate";
import { detailErrors, domainError, errorsByField, firstSegment, type ErrorKey, type FieldError, type FieldErrors, type FormError } from "./forms";

export type Parsed<T> = { ok: true; data: T } | FormError;

/**
 * A failed form action: the code with the status the server maps it to (the API's map, from the load context) and
 * its words in the reader's language. `note` is for developers only and never shown: a person reads the words of
 * `details.reason` (`errors.<code>.<reason>`), or the code's headline alone.
 */
export function fail(context: AppLoadContext, code: string, note = "", errors: FieldErrors = {}, details: Record<string, unknown> = {}): FormError {
  void note;
  const message = errorWords(translator(context.locale), code, details).detail ?? "";
  return { ok: false, code, status: context.errors.statusOf(code), message, errors, details };
}

/** Field problems (code and facts) in the reader's words, keyed to the inputs that show them. */
function worded(context: AppLoadContext, errors: FieldError[], keyOf: ErrorKey): FieldErrors {
  const t = translator(context.locale);
  return errorsByField(errors.map((e) => ({ ...e, message: fieldWords(t, e) })), keyOf);
}

/**
 * Every action parses through this: the input (built from the form with `fieldsOf`) against the server's zod schema
 * (`context.schemas`, the same one the API uses), answering the data or a 400 with each error keyed to its input.
 */
export function parseForm<S extends z.ZodType>(context: AppLoadContext, schema: S, input: unknown, keyOf: ErrorKey = firstSegment): Parsed<z.infer<S>> {
  const parsed = context.validate(schema, input);
  return parsed.ok ? parsed : fail(context, "validation_failed", "", worded(context, parsed.errors, keyOf));
}

/**
 * A DomainError a service threw, as the same failure (its field errors keyed and worded like parseForm's, its reason
 * in words as `message`); anything else is rethrown.
 */
export function failure(context: AppLoadContext, error: unknown, keyOf: ErrorKey = firstSegment): FormError {
  const e = domainError(error);
  if (!e) throw error;
  const { errors, ...details } = e.details;
  return fail(context, e.code, e.message, worded(context, detailErrors({ errors }), keyOf), details);
}

/** An id from the URL or a hidden input (the one Id schema), or null when it is not one. */
export function idOf(context: AppLoadContext, raw: unknown): string | null {
  const id = context.validate(context.schemas.Id, raw);
  return id.ok ? id.data : null;
}

/** An action's answer: 200 for a success, the failure's status otherwise (with Retry-After when it is rate-limited). */
export function reply<T extends { ok: true } | FormError>(result: T) {
  if (result.ok) return data(result);
  const retryAfter = result.details.retryAfter;
  return data(result, { status: result.status, ...(typeof retryAfter === "number" ? { headers: { "Retry-After": String(retryAfter) } } : {}) });
}
