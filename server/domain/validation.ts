import type { z } from "zod";
import { DomainError, type FieldError } from "./errors.js";

/** zod issues → `{path, message}` with dotted paths. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
    const base = issue.path.map(String).join(".");
    if (keys.length) {
      return { path: [base, keys.join(",")].filter(Boolean).join("."), message: `Unknown field: ${keys.join(", ")}` };
    }
    return { path: base, message: issue.message };
  });
}

export function validationError(error: z.ZodError, detail = "The request is not valid."): DomainError {
  return new DomainError("validation_failed", detail, { errors: fieldErrors(error) });
}

/** Parses with a schema or throws a 400 DomainError listing each field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, detail?: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error, detail);
  return result.data;
}

