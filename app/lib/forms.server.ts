import { data, type AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import { detailErrors, domainError, errorsByField, firstSegment, type ErrorKey, type FieldErrors, type FormError } from "./forms";

export type Parsed<T> = { ok: true; data: T } | FormError;

/** A failed form action: the code with the status the server maps it to (the API's map, from the load context). */
export function fail(context: AppLoadContext, code: string, message = "", errors: FieldErrors = {}, details: Record<string, unknown> = {}): FormError {
  return { ok: false, code, status: context.errors.statusOf(code), message, errors, details };
}

/**
 * Every action parses through this: the input (built from the form with `fieldsOf`) against the server's zod schema
 * (`context.schemas`, the same one the API uses), answering the data or a 400 with each error keyed to its input.
 */
export function parseForm<S extends z.ZodType>(context: AppLoadContext, schema: S, input: unknown, keyOf: ErrorKey = firstSegment): Parsed<z.infer<S>> {
  const parsed = context.validate(schema, input);
  return parsed.ok ? parsed : fail(context, "validation_failed", "", errorsByField(parsed.errors, keyOf));
}

/** A DomainError a service threw, as the same failure (its field errors keyed like parseForm's); anything else is rethrown. */
export function failure(context: AppLoadContext, error: unknown, keyOf: ErrorKey = firstSegment): FormError {
  const e = domainError(error);
  if (!e) throw error;
  const { errors, ...details } = e.details;
  return fail(context, e.code, e.message, errorsByField(detailErrors({ errors }), keyOf), details);
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
