/** Field errors keyed by their first path segment, for showing beside inputs. */
export function errorsByField(errors: Array<{ path: string; message: string }> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors ?? []) {
    const key = e.path.split(".")[0] || "_form";
    out[key] ??= e.message;
  }
  return out;
}

/** HTTP statuses of the domain's error codes for form actions (the API maps them in server/http, once). */
const STATUS: Record<string, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  booking_conflict: 409,
  version_conflict: 409,
  already_exists: 409,
  idempotency_key_reused: 409,
  rate_limited: 429,
};

/** The status a form action answers an error code with. */
export function statusOf(code: string): number {
  return STATUS[code] ?? 422;
}

export type DomainFailure = {
  code: string;
  message: string;
  /** The status a form action answers with (4xx; 422 for rule codes). */
  status: number;
  details: Record<string, unknown>;
  retryAfter?: number;
};

/** The code, status and details of a DomainError thrown by a service (app/ cannot import the class itself). */
export function domainError(error: unknown): DomainFailure | null {
  if (error instanceof Error && "code" in error && typeof error.code === "string" && error.name === "DomainError") {
    const details = (error as { details?: Record<string, unknown> }).details ?? {};
    const retryAfter = typeof details.retryAfter === "number" ? details.retryAfter : undefined;
    return { code: error.code, message: error.message, status: statusOf(error.code), details, retryAfter };
  }
  return null;
}

/** Field errors carried by a DomainError's details (validation_failed from a service). */
export function detailErrors(details: Record<string, unknown>): Array<{ path: string; message: string }> {
  const errors = details.errors;
  return Array.isArray(errors) ? (errors as Array<{ path: string; message: string }>) : [];
}

/** Comma-separated tags from a text input. */
export function splitList(value: FormDataEntryValue | null, separator: RegExp = /,/): string[] {
  return String(value ?? "")
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The posted form, or an empty one when the body is not a form (never a 500 for bad input). */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    return new FormData();
  }
}
