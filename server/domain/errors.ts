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
  | "rate_limited"
  /** The database (or another dependency) cannot be reached right now: retry later. */
  | "unavailable";

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
  unavailable: 503,
};

/** The SQLSTATE a database error carries (pg.DatabaseError and PGlite errors both have `code`), if any. */
export function dbErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** 23505: a unique constraint refused the row. */
export const isUniqueViolation = (error: unknown): boolean => dbErrorCode(error) === "23505";
/** 23P01: an exclusion constraint (e.g. no two bookings of a resource overlap) refused the row. */
export const isExclusionViolation = (error: unknown): boolean => dbErrorCode(error) === "23P01";
/** 40P01: PostgreSQL broke a deadlock by aborting this transaction. */
export const isDeadlock = (error: unknown): boolean => dbErrorCode(error) === "40P01";

/** Constraint violations translated in one place. Works for pg.DatabaseError and PGlite errors (both carry `code`). */
export function translateDbError(error: unknown, messages: Partial<Record<"23P01" | "23505" | "23503", string>> = {}): unknown {
  const code = dbErrorCode(error);
  if (code === "23P01") return new DomainError("booking_conflict", messages["23P01"] ?? "That time is already taken.");
  if (code === "23505") return new DomainError("already_exists", messages["23505"] ?? "That already exists.");
  if (code === "23503") return new DomainError("not_found", messages["23503"] ?? "A referenced record does not exist.");
  return error;
}

/** SQLSTATEs that mean the connection or the server went away, or the server gave up on the statement. */
const UNAVAILABLE_SQLSTATE = new Set([
  "57P01", // admin_shutdown: pg_terminate_backend, a fast shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: starting up, in recovery
  "57014", // query_canceled: statement_timeout
  "25P03", // idle_in_transaction_session_timeout
  "53300", // too_many_connections
]);
const UNAVAILABLE_ERRNO = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
// pg and pg-pool report a lost or unobtainable connection with plain Errors.
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/;

/**
 * A lost or unreachable database as `unavailable` (503): the request that was using a terminated connection
 * fails cleanly and the caller may retry; the pool replaces the connection. `undefined` for any other error.
 */
export function unavailableOf(error: unknown): DomainError | undefined {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DomainError) return e.code === "unavailable" ? e : undefined;
    const code = (e as { code?: unknown }).code;
    const message = (e as { message?: unknown }).message;
    if (
      (typeof code === "string" && (UNAVAILABLE_SQLSTATE.has(code) || code.startsWith("08") || UNAVAILABLE_ERRNO.has(code))) ||
      (typeof message === "string" && UNAVAILABLE_MESSAGE.test(message))
    ) {
      return new DomainError("unavailable", "The service is briefly unavailable. Try again in a moment.", { retryAfter: 1 });
    }
  }
  return undefined;
}

export function notFound(what: string): DomainError {
  return new DomainError("not_found", `${what} not found.`);
}
