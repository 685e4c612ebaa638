import type { Response } from "express";
import { z } from "zod";
import { type DomainError, STATUS_BY_CODE, type ErrorCode, type FieldError } from "../domain/errors.js";

export const TITLES: Record<ErrorCode, string> = {
  validation_failed: "Validation failed",
  unauthenticated: "Authentication required",
  forbidden: "Forbidden",
  not_found: "Not found",
  booking_conflict: "Booking conflict",
  version_conflict: "Version conflict",
  already_exists: "Already exists",
  idempotency_key_reused: "Idempotency key reused",
  outside_opening_hours: "Outside opening hours",
  space_closed: "Space closed",
  nonexistent_local_time: "Nonexistent local time",
  ambiguous_local_time: "Ambiguous local time",
  rule_violation: "Booking rule violated",
  capacity_reached: "Capacity reached",
  in_the_past: "In the past",
  rate_limited: "Too many requests",
  unavailable: "Service unavailable",
};

export type Problem = {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  errors?: FieldError[];
  [extra: string]: unknown;
};

export function problemOf(error: DomainError): Problem {
  const { errors, retryAfter: _retryAfter, ...extra } = error.details;
  const status = STATUS_BY_CODE[error.code];
  return {
    type: `/api/v1/problems/${error.code}`,
    title: TITLES[error.code],
    status,
    code: error.code,
    detail: error.message,
    ...(errors ? { errors } : {}),
    ...extra,
  };
}

export function sendProblem(res: Response, error: DomainError): void {
  const problem = problemOf(error);
  if (error.details.retryAfter) res.setHeader("Retry-After", String(error.details.retryAfter));
  res.status(problem.status).type("application/problem+json").send(JSON.stringify(problem));
}

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
