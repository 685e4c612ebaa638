import type { Socket, Server } from "socket.io";
import type { z } from "zod";
import type {
  Ack,
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
} from "../contract/realtime.js";
import { DomainError, unavailableOf } from "../domain/errors.js";
import type { Locale } from "../http/context.js";
import { wordsOfAck } from "../http/problem.js";
import { parseOrThrow } from "../domain/validation.js";
import type { Logger } from "../logger.js";

export type IO = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export const rooms = {
  member: (id: string) => `member:${id}`,
  session: (id: string) => `session:${id}`,
  space: (id: string) => `space:${id}`,
  project: (id: string) => `project:${id}`,
};

/**
 * DomainError → error ack, once for every handler; anything else is logged and answered generically. The message
 * is English here (for logs); `wordAck` puts it into the socket's language before it leaves (see index.ts).
 */
export function toAckError(error: unknown, logger: Logger): Ack {
  // A lost database connection is `unavailable` (retry), as on HTTP (503), not an internal error.
  error = unavailableOf(error) ?? error;
  if (error instanceof DomainError) {
    return { ok: false, error: { ...error.details, code: error.code, message: error.message } };
  }
  logger.error("socket handler failed", { error });
  return { ok: false, error: { code: "internal", message: "Something went wrong." } };
}

/**
 * An error ack in the reader's words: `message` is the reason's words (or the code's headline) and each field
 * error's `message` its problem; code, reason and facts stay as they are. A success passes through untouched.
 */
export function wordAck<A>(ack: A, locale: Locale): A {
  const r = ack as { ok?: unknown; error?: Record<string, unknown> & { code?: unknown } };
  if (!r || r.ok !== false || !r.error || typeof r.error.code !== "string") return ack;
  return { ...r, error: { ...r.error, ...wordsOfAck(locale, r.error.code, r.error) } } as A;
}

/**
 * Wraps a handler: validates the payload, runs it, answers the ack (when the client asked for one). The ack is the
 * last argument when that is a function, whatever came before it: a client may send extra arguments, or the ack
 * alone (then there is no payload, and the ack says so).
 */
export function handle<S extends z.ZodType, R extends object>(
  logger: Logger,
  schema: S,
  fn: (payload: z.infer<S>) => Promise<R>,
) {
  return async (...args: unknown[]) => {
    const last = args.at(-1);
    const reply = typeof last === "function" ? (last as (r: Ack<R>) => void) : () => {};
    const payload = typeof args[0] === "function" ? undefined : args[0];
    try {
      const input = parseOrThrow(schema, payload, "The event payload is not valid.", "invalid_payload");
      reply({ ok: true, ...(await fn(input)) });
    } catch (error) {
      reply(toAckError(error, logger) as Ack<R>);
    }
  };
}

