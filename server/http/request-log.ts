import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import { pinoHttp } from "pino-http";
import type { Logger } from "../logger.js";

/**
 * Paths that carry a credential, logged as their route pattern: the calendar feed URL is the secret itself, and
 * a desk's check-in token is in its QR code (the Remix data request `/checkin/<token>.data` too).
 */
const SECRET_ROUTES: Array<[RegExp, string]> = [
  [/^\/api\/v1\/calendar\/[^/]+/, "/api/v1/calendar/:feed"],
  [/^\/checkin\/[^/]+/, "/checkin/:token"],
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A long segment that mixes letters and digits and is not an id: a token of some future link; never logged. */
const TOKEN_LIKE = /^(?=[^/]*\d)(?=[^/]*[A-Za-z])[^/]{24,}$/;

/** The path as it may be logged: no query string, secret segments replaced by their route parameter. */
export function loggablePath(url: string): string {
  let path = url.split("?")[0] ?? "";
  for (const [pattern, route] of SECRET_ROUTES) {
    if (pattern.test(path)) {
      path = path.replace(pattern, route);
      break;
    }
  }
  return path
    .split("/")
    .map((segment) => (TOKEN_LIKE.test(segment) && !UUID.test(segment) ? ":redacted" : segment))
    .join("/")
    .slice(0, 300);
}

type Req = IncomingMessage & { id: string; originalUrl?: string };

/**
 * The request line (pino-http): one JSON line per response with the request id, method, loggable path, status
 * and duration. No headers, no query string. Without a pino logger behind the facade (test doubles) it is off.
 */
export function requestLog(logger: Logger): RequestHandler {
  if (!logger.pino) return (_req, _res, next) => next();
  const line = (req: Req, res: ServerResponse, ms: number) => ({
    method: req.method,
    path: loggablePath(req.originalUrl ?? req.url ?? ""),
    status: res.statusCode,
    ms,
    ...(res.writableFinished ? {} : { aborted: true }),
  });
  const middleware = pinoHttp<Req, ServerResponse>({
    logger: logger.pino,
    genReqId: (req) => req.id,
    // The line is built here, at the end, from the fields above; the request object itself is never serialized.
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: "reqId" },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? "warn" : "info"),
    customSuccessMessage: () => "request",
    customErrorMessage: () => "request",
    customSuccessObject: (req, res, val: { responseTime: number }) => line(req, res, val.responseTime),
    customErrorObject: (req, res, _error, val: { responseTime: number }) => line(req, res, val.responseTime),
    autoLogging: { ignore: (req) => Boolean(req.url?.startsWith("/build/")) || req.url === "/healthz" },
  });
  return middleware as unknown as RequestHandler;
}
