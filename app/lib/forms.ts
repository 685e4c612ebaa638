/** Field errors keyed by their first path segment, for showing beside inputs. */
export function errorsByField(errors: Array<{ path: string; message: string }> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors ?? []) {
    const key = e.path.split(".")[0] || "_form";
    out[key] ??= e.message;
  }
  return out;
}

/** The code and details of a DomainError thrown by a service (app/ cannot import the class itself). */
export function domainError(error: unknown): { code: string; message: string; retryAfter?: number } | null {
  if (error instanceof Error && "code" in error && typeof error.code === "string" && error.name === "DomainError") {
    const details = (error as { details?: { retryAfter?: number } }).details;
    return { code: error.code, message: error.message, retryAfter: details?.retryAfter };
  }
  return null;
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
