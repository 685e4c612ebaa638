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
  /** The wallet cannot cover what the chosen way to pay needs (credits, day passes). */
  | "insufficient_credits"
  /** The hours ledger (issue 16): a debit past the member's credit limit. */
  | "credit_limit_reached"
  /** A status change the thing's life does not allow (voiding a paid invoice, reopening a closed referral). */
  | "invalid_transition"
  | "rate_limited"
  /** The database (or another dependency) cannot be reached right now: retry later. */
  | "unavailable";

/**
 * One field's problem: where (`path`, dotted), what (`code`: a zod issue code such as `too_small`, or a schema's own
 * snake_case reason such as `to_before_from`) and the facts its words need (`minimum`, `origin`, `maxDays`…).
 * `message` is English for logs and developers; people read the words the dictionaries make of code and facts.
 */
export type FieldError = { path: string; message: string; code?: string; facts?: Facts };

/** The facts a message may name: numbers, text, lists (names, weekdays). */
export type Facts = Record<string, string | number | readonly string[]>;

/**
 * Why an error happened, as a stable snake_case code per error code: the words are `errors.<code>.<reason>` in
 * app/i18n (a unit test checks both dictionaries have every one). Add a reason here before throwing it.
 */
export const REASONS = {
  validation_failed: [
    "invalid_body",
    "invalid_query",
    "invalid_path",
    "invalid_payload",
    "invalid_json",
    "unsupported_encoding",
    "unreadable_body",
    "undecodable_path",
    "body_too_large",
    "invalid_idempotency_key",
    "offset_required",
    "to_before_from",
    "range_too_long",
    "invalid_cursor",
    "self_connection",
    "assignee_not_member",
    "nothing_to_change",
    "resources_not_in_space",
    "image_type",
    "photo_type",
    "photo_too_large",
    "photo_unreadable",
    "photo_too_many_pixels",
    "end_not_after_start",
    "wrong_password",
    "invalid_date",
    "not_local_date_time",
    "no_such_date_time",
    "offset_or_local_time",
    "space_required",
    "invoice_no_lines",
    "invoice_negative",
    "self_referral",
    "self_hours",
  ],
  unauthenticated: ["sign_in", "invalid_token", "invalid_login", "account_suspended", "callback_token"],
  forbidden: [
    "role_required",
    "cross_origin",
    "admin_only",
    "network_manager_only",
    "operators_only",
    "invitee_only",
    "owner_only",
    "message_deleted",
    "own_messages_only",
    "not_connected",
    "invite_role",
    "receiver_only",
  ],
  already_exists: ["email_taken", "email_in_use", "already_connected", "already_member", "client_id_used", "resource_name_taken", "already_waiting", "already_subscribed"],
  version_conflict: ["task_changed"],
  not_found: [
    "endpoint",
    "event",
    "booking",
    "calendar",
    "closure",
    "connection",
    "conversation",
    "desk",
    "floor_plan_image",
    "member",
    "message",
    "photo",
    "profile",
    "project",
    "resource",
    "space",
    "task",
    "plan",
    "subscription",
    "invoice",
    "webhook",
    "outbox_message",
    "invitation",
    "referral",
    "hours_record",
    "introduction",
  ],
  rule_violation: ["max_booking_minutes", "max_advance_days", "min_notice_minutes", "last_admin", "self_suspension", "last_owner", "already_answered", "closure_max_days", "closure_max_ahead_days", "closed_all_week", "account_has_records", "one_desk_per_member", "booking_inactive", "check_in_not_open", "check_in_closed", "no_booking_here_now", "not_movable", "check_out_not_started", "booking_ended", "not_an_operator", "overpayment", "payment_empty", "plan_archived", "start_too_far", "no_gateway", "private_address", "webhook_url", "webhook_event", "phone_unverified", "wrong_code", "code_expired", "token_invalid", "invitation_invalid", "already_verified", "no_phone", "unknown_kind", "same_email", "event_cancelled", "event_over", "not_going"],
  in_the_past: ["closure_over", "started", "start_in_past"],
  booking_conflict: ["concurrent_change", "not_free_now"],
  outside_opening_hours: ["open_hours", "closed_that_day"],
  space_closed: ["closure"],
  capacity_reached: ["space_full"],
  rate_limited: ["too_many_events", "too_many_attempts"],
  unavailable: ["retry", "payment_gateway"],
  nonexistent_local_time: ["clocks_skip"],
  ambiguous_local_time: ["clocks_repeat"],
  idempotency_key_reused: ["different_request"],
  insufficient_credits: ["not_enough_credits", "not_enough_day_passes", "credits_not_accepted", "day_pass_not_accepted"],
  invalid_transition: ["invoice_paid", "invoice_void", "invoice_has_payments", "subscription_pending", "subscription_ended", "not_dead", "referral_closed", "referral_backwards", "hours_decided", "already_reversed"],
  credit_limit_reached: ["hours_limit"],
} as const satisfies Partial<Record<ErrorCode, readonly string[]>>;

/** The reasons an error code may carry (none registered: none allowed). */
export type ReasonOf<C extends ErrorCode> = C extends keyof typeof REASONS ? (typeof REASONS)[C][number] : never;

export type DomainErrorDetails<C extends ErrorCode = ErrorCode> = {
  /** Why, as a code from REASONS; its facts sit beside it in these details (`minutes`, `spaceName`…). */
  reason?: ReasonOf<C>;
  errors?: FieldError[];
  /** Seconds until a rate-limited caller may try again. */
  retryAfter?: number;
  [key: string]: unknown;
};

/**
 * The one error the domain throws: a code from the closed union, an English message for logs and developers only,
 * and details: `reason` (REASONS) and the facts people's words are made of (the HTTP and socket layers word them).
 */
export class DomainError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly details: DomainErrorDetails<C>;
  constructor(code: C, message: string, details: DomainErrorDetails<C> = {}) {
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
  insufficient_credits: 422,
  credit_limit_reached: 422,
  invalid_transition: 422,
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

/** What a caller says about one SQLSTATE: the English message, or the message with its details (reason, facts). */
type DbErrorWords<C extends ErrorCode> = string | { message: string; details: DomainErrorDetails<C> };
const wordsOf = <C extends ErrorCode>(given: DbErrorWords<C> | undefined, fallback: string): [string, DomainErrorDetails<C>] =>
  given === undefined ? [fallback, {}] : typeof given === "string" ? [given, {}] : [given.message, given.details];

/** Constraint violations translated in one place. Works for pg.DatabaseError and PGlite errors (both carry `code`). */
export function translateDbError(
  error: unknown,
  messages: { "23P01"?: DbErrorWords<"booking_conflict">; "23505"?: DbErrorWords<"already_exists">; "23503"?: DbErrorWords<"not_found"> } = {},
): unknown {
  const code = dbErrorCode(error);
  if (code === "23P01") return new DomainError("booking_conflict", ...wordsOf(messages["23P01"], "That time is already taken."));
  if (code === "23505") return new DomainError("already_exists", ...wordsOf(messages["23505"], "That already exists."));
  if (code === "23503") return new DomainError("not_found", ...wordsOf(messages["23503"], "A referenced record does not exist."));
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
      return new DomainError("unavailable", "The service is briefly unavailable. Try again in a moment.", { reason: "retry", retryAfter: 1 });
    }
  }
  return undefined;
}

/** The things a `not_found` names; each is a reason (`Floor plan image` → `floor_plan_image`) with its words. */
export type NotFoundThing =
  | "Booking"
  | "Calendar"
  | "Closure"
  | "Connection"
  | "Conversation"
  | "Desk"
  | "Event"
  | "Floor plan image"
  | "Hours record"
  | "Introduction"
  | "Invitation"
  | "Invoice"
  | "Member"
  | "Message"
  | "Photo"
  | "Referral"
  | "Profile"
  | "Project"
  | "Resource"
  | "Space"
  | "Task"
  | "Plan"
  | "Subscription";

export function notFound(what: NotFoundThing): DomainError<"not_found"> {
  const reason = what.toLowerCase().replace(/ /g, "_") as ReasonOf<"not_found">;
  return new DomainError("not_found", `${what} not found.`, { reason });
}
