/** The closed set of error codes the domain may raise; the HTTP and socket layers map them once. */
export type ErrorCode =
  | "validation_failed"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "booking_conflict"
  | "version_conflict"
  | "already_exists"
  | "idempotency_key_reused"
  | "outside_opening_hours"
  | "space_closed"
  | "nonexistent_local_time"
  | "ambiguous_local_time"
  | "rule_violation"
  | "capacity_reached"
  | "in_the_past"
  | "rate_limited";

export type FieldError = { path: string; message: string };

export type DomainErrorDetails = {
  errors?: FieldError[];
  /** Seconds until a rate-limited caller may try again. */
  retryAfter?: number;
  [key: string]: unknown;
};

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: DomainErrorDetails;
  constructor(code: ErrorCode, message: string, details: DomainErrorDetails = {}) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.details = details;
  }
}

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  booking_conflict: 409,
  version_conflict: 409,
  already_exists: 409,
  idempotency_key_reused: 409,
  outside_opening_hours: 422,
  space_closed: 422,
  nonexistent_local_time: 422,
  ambiguous_local_time: 422,
  rule_violation: 422,
  capacity_reached: 422,
  in_the_past: 422,
  rate_limited: 429,
};

/** Constraint violations translated in one place. Works for pg.DatabaseError and PGlite errors (both carry `code`). */
export function translateDbError(error: unknown, messages: Partial<Record<"23P01" | "23505" | "23503", string>> = {}): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "23P01") return new DomainError("booking_conflict", messages["23P01"] ?? "That time is already taken.");
  if (code === "23505") return new DomainError("already_exists", messages["23505"] ?? "That already exists.");
  if (code === "23503") return new DomainError("not_found", messages["23503"] ?? "A referenced record does not exist.");
  return error;
}

export function notFound(what: string): DomainError {
  return new DomainError("not_found", `${what} not found.`);
}
