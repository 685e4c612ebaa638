import { STATUS_BY_CODE, type ErrorCode } from "../domain/errors.js";
import { PHOTO_MAX_BYTES } from "../domain/network/index.js";
import { FLOOR_IMAGE_MAX_BYTES } from "../domain/spaces/index.js";
import { maxLengths } from "../domain/validation.js";

/** The largest JSON body the API reads (express.json's limit; a bigger one is a 413). */
export const JSON_BODY_MAX_BYTES = 64 * 1024;

/** The sizes the server enforces, for forms that say so before they post (app/ cannot import server code). */
export const limits = {
  jsonBodyBytes: JSON_BODY_MAX_BYTES,
  floorPlanImageBytes: FLOOR_IMAGE_MAX_BYTES,
  /** A profile photo upload (the form stops reading past it, as the API does). */
  photoBytes: PHOTO_MAX_BYTES,
  /** Each text field's maximum length, read from its schema: `maxLengths(context.schemas.projects.MessageSendInput).body`. */
  maxLengths,
};
export type Limits = typeof limits;

/** The one error-code → HTTP status map (server/domain/errors.ts), for form actions' replies. */
export const errors = {
  /** The status of a domain error code; anything that is not one is the server's fault (500). */
  statusOf: (code: string): number => (Object.hasOwn(STATUS_BY_CODE, code) ? STATUS_BY_CODE[code as ErrorCode] : 500),
};
export type Errors = typeof errors;
