import type { z } from "zod";
import type { FieldError } from "../domain/errors.js";
import type { Viewer } from "../domain/identity/index.js";
import type { Schemas, Services } from "../services.js";
import type { CookieHeaders } from "./auth.js";

export type Locale = "id" | "en";

export type Validation<T> = { ok: true; data: T } | { ok: false; errors: FieldError[] };

/** What every Remix loader and action receives as `context`. */
export type LoadContext = {
  services: Services;
  schemas: Schemas;
  viewer: Viewer | null;
  nonce: string;
  requestId: string;
  clientIp: string;
  locale: Locale;
  cookies: CookieHeaders;
  validate: <S extends z.ZodType>(schema: S, input: unknown) => Validation<z.infer<S>>;
};
