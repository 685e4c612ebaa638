import type { z } from "zod";
import type { FieldError } from "../domain/errors.js";
import type { Viewer } from "../domain/identity/index.js";
import type { Schemas, Services } from "../services.js";
import type { CookieHeaders } from "./auth.js";
import type { Errors, Limits } from "./limits.js";

export type Locale = "id" | "en";

export type Validation<T> = { ok: true; data: T } | { ok: false; errors: FieldError[] };

/** What every Remix loader and action receives as `context`. */
export type LoadContext = {
  services: Services;
  schemas: Schemas;
  viewer: Viewer | null;
  nonce: string;
  requestId: string;
  /** Where absolute URLs (calendar feed, QR codes, mail links) point; never derived from the Host header. */
  publicOrigin: string;
  /** Logs through the server's logger with this request's id (app/ cannot import server code). */
  log: (level: "info" | "warn" | "error", msg: string, fields?: Record<string, unknown>) => void;
  clientIp: string;
  locale: Locale;
  cookies: CookieHeaders;
  /** `errors.statusOf(code)`: the HTTP status of a domain error code (the API's own map, not a copy). */
  errors: Errors;
  /** The sizes the server enforces: body and upload bytes, and each text field's maximum length. */
  limits: Limits;
  validate: <S extends z.ZodType>(schema: S, input: unknown) => Validation<z.infer<S>>;
};
