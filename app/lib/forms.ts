// The pure half of the app's one form layer: reading a posted form and the shapes every action answers with.
// The half that needs the load context (parseForm, failure, reply) is ./forms.server.ts.

/** A field's problem as the server reports it: `code` and `facts` are what the words are made of (see ~/i18n/errors). */
export type FieldError = { path: string; message: string; code?: string; facts?: Record<string, unknown> };

/** Field errors keyed by input name: what `<Field error={errors.name}>` shows beside its input. */
export type FieldErrors = Record<string, string>;

/**
 * What every form action answers when it fails: the domain code (the page says its headline from the dictionary,
 * `errors.<code>`), the HTTP status the load context maps it to, `message`: the specific case in the reader's words
 * (`errors.<code>.<reason>` with its facts; "" when there is no reason), field errors keyed by input name in the
 * reader's words, and the DomainError's other details (retryAfter, alternatives, reason and its facts…).
 */
export type FormError = {
  ok: false;
  code: string;
  status: number;
  message: string;
  errors: FieldErrors;
  details: Record<string, unknown>;
};

/** Which input shows an error at a dotted schema path; by default the first segment (`links.2` → `links`). */
export type ErrorKey = (path: string) => string;
export const firstSegment: ErrorKey = (path) => path.split(".")[0] || "_form";

/** Field errors keyed for display (their messages already in words); the first message per input wins. */
export function errorsByField(errors: FieldError[] | undefined, keyOf: ErrorKey = firstSegment): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors ?? []) out[keyOf(e.path)] ??= e.message;
  return out;
}

export type DomainFailure = { code: string; message: string; details: Record<string, unknown> };

/** The code, message and details of a DomainError thrown by a service (app/ cannot import the class itself). */
export function domainError(error: unknown): DomainFailure | null {
  if (error instanceof Error && "code" in error && typeof error.code === "string" && error.name === "DomainError") {
    const details = (error as { details?: Record<string, unknown> }).details ?? {};
    return { code: error.code, message: error.message, details };
  }
  return null;
}

/** Field errors carried by a DomainError's details (validation_failed from a service). */
export function detailErrors(details: Record<string, unknown>): FieldError[] {
  const errors = details.errors;
  return Array.isArray(errors) ? (errors as FieldError[]) : [];
}

/** The posted form, or an empty one when the body is not a form (never a 500 for bad input). */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    return new FormData();
  }
}

/** A posted number: undefined when blank, the number when it has the shape, else the text for the schema to refuse. */
function numeric(value: string | undefined, shape: RegExp): number | string | undefined {
  const v = value?.trim();
  if (v === undefined || v === "") return undefined;
  return shape.test(v) ? Number(v) : v;
}

/**
 * The one way an action reads a posted form's fields (the schemas then decide what is valid). A file posted where
 * text is expected reads as absent.
 */
export function fieldsOf(form: FormData) {
  const raw = (name: string): string | undefined => {
    const v = form.get(name);
    return typeof v === "string" ? v : undefined;
  };
  return {
    /** The text posted under a name; "" when absent. */
    text: (name: string): string => raw(name) ?? "",
    /** The text, or undefined when empty or absent (an optional field left blank). */
    optional: (name: string): string | undefined => raw(name) || undefined,
    /** A checkbox or a flag: posted with any value. */
    checked: (name: string): boolean => Boolean(raw(name)),
    /** An integer: undefined when blank, the number, or the text as typed so that the schema says what is wrong. */
    int: (name: string) => numeric(raw(name), /^-?\d+$/),
    /** A number that may have decimals (a board position): like `int`, with a fraction allowed. */
    number: (name: string) => numeric(raw(name), /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/),
    /** Several values typed into one field, split on commas (or the separator given), trimmed, blanks dropped. */
    list: (name: string, separator: RegExp = /,/): string[] =>
      (raw(name) ?? "")
        .split(separator)
        .map((s) => s.trim())
        .filter(Boolean),
  };
}
export type Fields = ReturnType<typeof fieldsOf>;
