import { z } from "zod";
import { DomainError, type FieldError } from "./errors.js";

/** Every id from outside (path segments, body fields): a UUID. */
export const Id = z.uuid({ message: "Not a valid id" });

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


// --- text -------------------------------------------------------------------------------------------------------
// PostgreSQL refuses NUL in `text`, and no person types a C0/C1 control character, a line or paragraph separator
// or half of a surrogate pair into a name. Every string that comes from outside and is stored, searched or shown
// passes one of these two types; ids (z.uuid), enums and strings a regex pins down already exclude them.

/** What a single-line text may not contain: C0 and C1 controls (NUL, tab, CR, LF…), DEL, U+2028/U+2029, lone surrogates. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const SINGLE_LINE_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** The same, but a line feed and a tab are fine (a CR has been normalised to LF before this runs). */
// eslint-disable-next-line no-control-regex -- as above
const MULTILINE_FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// The same rules as whole-string JSON Schema patterns for the OpenAPI document (the multi-line one also admits CR,
// which is normalised on input). Validation itself uses the searches above: a search needs no backtracking stack
// however long the string, and it tells which character was refused.
const SINGLE_LINE_PATTERN = "^(?:[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff])*$";
const MULTILINE_PATTERN = "^(?:[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u2028\\u2029\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff])*$";

const codePoint = (unit: number) => `U+${unit.toString(16).toUpperCase().padStart(4, "0")}`;

/** Why a text is refused, or null when it is fine. Exported for values that arrive encoded (a decoded cursor). */
export function textProblem(value: string, kind: "single" | "multiline" = "single"): string | null {
  const found = (kind === "single" ? SINGLE_LINE_FORBIDDEN : MULTILINE_FORBIDDEN).exec(value);
  if (!found) return null;
  const unit = found[0].charCodeAt(0);
  if (unit >= 0xd800 && unit <= 0xdfff) return `Not valid Unicode: a lone surrogate (${codePoint(unit)}) at character ${found.index + 1}`;
  if (kind === "single" && (unit === 0x0a || unit === 0x0d || unit === 0x2028 || unit === 0x2029)) {
    return `Line breaks are not allowed here (${codePoint(unit)} at character ${found.index + 1})`;
  }
  return `Control characters are not allowed (${codePoint(unit)} at character ${found.index + 1})`;
}

function refuse(kind: "single" | "multiline") {
  return (ctx: z.core.ParsePayload<string>) => {
    const message = textProblem(ctx.value, kind);
    if (message) ctx.issues.push({ code: "custom", message, input: ctx.value });
  };
}

/**
 * Single-line text from outside: no control characters at all, no line breaks, no lone surrogates. Chain the
 * caller's own rules after it: `text().trim().min(1, "Enter your name").max(100)`.
 */
export function text() {
  return z.string().check(refuse("single")).meta({ pattern: SINGLE_LINE_PATTERN });
}

/**
 * Multi-line text (bios, descriptions, notes, chat): like `text()` but line feeds and tabs are kept; CRLF and a
 * lone CR (what a browser's textarea sends) become LF before anything else is checked, so lengths count one
 * character per line break. Chain trimming and lengths after it: `multiline().trim().max(2000)`.
 */
export function multiline() {
  return z
    .string()
    .overwrite((s) => (s.includes("\r") ? s.replace(/\r\n?/g, "\n") : s))
    .check(refuse("multiline"))
    .meta({ pattern: MULTILINE_PATTERN });
}

/**
 * The longest text each field of an object schema takes (`{name: 120, description: 2000}`), read from the schema
 * itself so that a form's `maxLength` never restates it. Fields without a string maximum are left out.
 */
export function maxLengths(schema: z.ZodObject): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [field, fieldSchema] of Object.entries(schema.shape)) {
    let inner: z.core.$ZodType | undefined = fieldSchema;
    // Through optional(), nullable(), default() and the input side of a pipe to the string itself.
    while (inner && !(inner instanceof z.ZodString)) {
      const def = inner._zod.def as { innerType?: z.core.$ZodType; in?: z.core.$ZodType };
      inner = def.innerType ?? def.in;
    }
    if (inner?.maxLength != null) out[field] = inner.maxLength;
  }
  return out;
}
