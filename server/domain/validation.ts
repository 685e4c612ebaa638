import { z } from "zod";
import { DomainError, type Facts, type FieldError, type ReasonOf } from "./errors.js";

/** Every id from outside (path segments, body fields): a UUID. */
export const Id = z.uuid();

// A schema's own message is a reason: a snake_case code (`to_before_from`) the dictionaries word as `zod.<reason>`,
// with facts from the check's `params` (`.refine(ok, { message: "range_too_long", params: { maxDays: 366 } })`).
// zod's own messages are English sentences and never shown: its issue code and limits are worded instead.
const REASON = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

type Issue = z.core.$ZodIssue & { input?: unknown; params?: Record<string, unknown> };

/** The facts an issue's words need, never the input itself. */
function factsOf(issue: Issue): Facts {
  const facts: Facts = {};
  const put = (key: string, value: unknown) => {
    if (typeof value === "string" || (typeof value === "number" && Number.isFinite(value))) facts[key] = value;
    else if (typeof value === "bigint") facts[key] = Number(value);
    else if (value instanceof Date) facts[key] = value.toISOString();
    else if (Array.isArray(value)) facts[key] = value.map(String);
  };
  const raw = issue as unknown as Record<string, unknown>;
  for (const key of ["origin", "minimum", "maximum", "format", "expected", "divisor", "keys", "values"]) put(key, raw[key]);
  if (issue.code === "too_small" || issue.code === "too_big") put("inclusive", issue.inclusive === false ? "no" : "yes");
  for (const [key, value] of Object.entries(issue.params ?? {})) put(key, value);
  return facts;
}

/** The code an issue is worded by: the schema's reason, `required` for a missing value, else zod's issue code. */
function codeOf(issue: Issue): string {
  if (REASON.test(issue.message)) return issue.message;
  if (issue.code === "invalid_type" && "input" in issue && issue.input === undefined) return "required";
  return issue.code;
}

/** zod issues → `{path, code, facts, message}` with dotted paths (message: English, for logs). */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return (error.issues as Issue[]).map((issue) => {
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
    const base = issue.path.map(String).join(".");
    const facts = factsOf(issue);
    if (keys.length) {
      return { path: [base, keys.join(",")].filter(Boolean).join("."), code: issue.code, facts, message: `Unknown field: ${keys.join(", ")}` };
    }
    return { path: base, code: codeOf(issue), facts, message: issue.message };
  });
}

/** Parses without throwing; the failure's field errors as fieldErrors gives them (a missing value is `required`). */
export function validate<S extends z.ZodType>(schema: S, input: unknown): { ok: true; data: z.infer<S> } | { ok: false; errors: FieldError[] } {
  // reportInput lets codeOf tell a missing value from a wrong one; the input itself never leaves fieldErrors.
  const result = schema.safeParse(input, { reportInput: true });
  return result.success ? { ok: true, data: result.data } : { ok: false, errors: fieldErrors(result.error) };
}

/** Where a request's input failed (the words say "the body", "the query string"…). */
export type InvalidInput = ReasonOf<"validation_failed">;

export function validationError(errors: FieldError[], detail = "The request is not valid.", reason: InvalidInput = "invalid_body"): DomainError {
  return new DomainError("validation_failed", detail, { reason, errors });
}

/** Parses with a schema or throws a 400 DomainError listing each field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, detail?: string, reason?: InvalidInput): z.infer<S> {
  const result = validate(schema, input);
  if (!result.ok) throw validationError(result.errors, detail, reason);
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

/** A refused text: its reason (`lone_surrogate`, `line_break`, `control_character`) and where. */
export type TextProblem = { reason: "lone_surrogate" | "line_break" | "control_character"; char: string; position: number; message: string };

/** Why a text is refused, or null when it is fine. Exported for values that arrive encoded (a decoded cursor). */
export function textProblem(value: string, kind: "single" | "multiline" = "single"): TextProblem | null {
  const found = (kind === "single" ? SINGLE_LINE_FORBIDDEN : MULTILINE_FORBIDDEN).exec(value);
  if (!found) return null;
  const unit = found[0].charCodeAt(0);
  const at = { char: codePoint(unit), position: found.index + 1 };
  if (unit >= 0xd800 && unit <= 0xdfff) {
    return { reason: "lone_surrogate", ...at, message: `Not valid Unicode: a lone surrogate (${at.char}) at character ${at.position}` };
  }
  if (kind === "single" && (unit === 0x0a || unit === 0x0d || unit === 0x2028 || unit === 0x2029)) {
    return { reason: "line_break", ...at, message: `Line breaks are not allowed here (${at.char} at character ${at.position})` };
  }
  return { reason: "control_character", ...at, message: `Control characters are not allowed (${at.char} at character ${at.position})` };
}

function refuse(kind: "single" | "multiline") {
  return (ctx: z.core.ParsePayload<string>) => {
    const problem = textProblem(ctx.value, kind);
    // The message is the reason (worded as `zod.<reason>`); where the character is goes along as facts.
    if (problem) ctx.issues.push({ code: "custom", message: problem.reason, params: { char: problem.char, position: problem.position }, input: ctx.value });
  };
}

/**
 * Single-line text from outside: no control characters at all, no line breaks, no lone surrogates. Chain the
 * caller's own rules after it: `text().trim().min(1).max(100)`.
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
