import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type ErrorRequestHandler, type Request } from "express";
import helmet from "helmet";
import type { Config } from "../config.js";
import { DomainError, unavailableOf } from "../domain/errors.js";
import { validate } from "../domain/validation.js";
import type { Logger } from "../logger.js";
import { schemas, type Services } from "../services.js";
import { jsonBody, mountRoutes } from "./api/define.js";
import { errors, JSON_BODY_MAX_BYTES, limits } from "./limits.js";
import { buildOpenApi } from "./api/openapi.js";
import { apiRoutes } from "./api/routes.js";
import { authenticate, cookieHeaders, sameOriginWrites } from "./auth.js";
import { localeFrom } from "./locale.js";
import type { LoadContext, Locale } from "./context.js";
import { sendInternal, sendProblem } from "./problem.js";
import { requestLog } from "./request-log.js";
import { UploadTooLarge } from "./upload.js";

export type HttpAppOptions = {
  config: Config;
  services: Services;
  logger: Logger;
  /** The Remix server build (absent in API-only tests). A function is re-read per request (dev reloads). */
  remixBuild?: ServerBuild | (() => Promise<ServerBuild>);
  /** Extra origins for CSP connect-src (dev live reload). */
  devConnectSrc?: string[];
  version: string;
  /** Where absolute URLs point (config.publicOrigin, else the listening address once known): never the Host header. */
  publicOrigin?: () => string;
};

export function negotiateLocale(req: Request): Locale {
  return localeFrom(req.headers, req.viewer?.locale);
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function createHttpApp({ config, services, logger, remixBuild, devConnectSrc = [], version, publicOrigin }: HttpAppOptions) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  const cookies = cookieHeaders(config);
  const origin = publicOrigin ?? (() => config.publicOrigin ?? `http://localhost:${config.port}`);

  app.use((req, res, next) => {
    // A proxy's request id is kept when it is a plain token (it ends up in logs and in a response header).
    const given = req.get("x-request-id") ?? "";
    req.id = REQUEST_ID.test(given) ? given : randomUUID();
    req.nonce = randomBytes(16).toString("base64");
    req.publicOrigin = origin();
    res.setHeader("X-Request-Id", req.id);
    next();
  });
  app.use(requestLog(logger));

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (req) => `'nonce-${(req as Request).nonce}'`],
          styleSrc: ["'self'"],
          styleSrcAttr: ["'unsafe-inline'"],
          imgSrc: ["'self'", "data:", "blob:"],
          connectSrc: ["'self'", ...devConnectSrc],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
      // Not "no-referrer": with it, browsers send `Origin: null` on plain form posts and the same-origin check
      // would refuse them (no-JS forms, the language switch).
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
      strictTransportSecurity: config.env === "production" && config.secureCookies,
    }),
  );
  app.use(compression());

  // Fingerprinted build output never changes under the same name.
  app.use("/build", express.static(path.resolve("public/build"), { immutable: true, maxAge: "1y", index: false }));
  app.use(express.static(path.resolve("public"), { maxAge: "1h", index: false }));

  app.get("/healthz", async (_req, res) => {
    const ok = await services.healthy();
    res.status(ok ? 200 : 503).json({ ok });
  });

  app.use(authenticate(services));
  app.use(sameOriginWrites(config));

  const openapi = buildOpenApi(apiRoutes, { version });
  const api = express.Router();
  api.use(jsonBody);
  api.get("/openapi.json", (_req, res) => void res.json(openapi));
  mountRoutes(api, apiRoutes, services);
  api.use((_req, _res, next) => next(new DomainError("not_found", "No such endpoint.", { reason: "endpoint" })));
  app.use("/api/v1", api);

  if (remixBuild) {
    app.all(
      "*",
      createRequestHandler({
        build: remixBuild,
        mode: config.env === "production" ? "production" : "development",
        getLoadContext: (req): LoadContext => ({
          services,
          schemas,
          viewer: req.viewer,
          nonce: req.nonce,
          requestId: req.id,
          publicOrigin: req.publicOrigin,
          log: (level, msg, fields) => logger[level](msg, { reqId: req.id, ...fields }),
          clientIp: req.ip ?? "unknown",
          locale: negotiateLocale(req),
          cookies,
          errors,
          limits,
          validate,
        }),
      }),
    );
  }

  const onError: ErrorRequestHandler = (error, req, res, _next) => {
    if (res.headersSent) return void res.end();
    if (error instanceof DomainError) return sendProblem(res, error);
    if (error instanceof UploadTooLarge) {
      // The rest of the body is not worth reading: answer now and close the connection.
      res.setHeader("Connection", "close");
      return sendProblem(res, error.problem, 413);
    }
    const unavailable = unavailableOf(error);
    if (unavailable) {
      logger.warn("database unavailable", { reqId: req.id, error: (error as Error).message, code: (error as { code?: unknown }).code });
      return sendProblem(res, unavailable);
    }
    const type = (error as { type?: string }).type;
    if (type === "entity.parse.failed") {
      return sendProblem(res, new DomainError("validation_failed", "The request body is not valid JSON.", { reason: "invalid_json" }));
    }
    if (type === "entity.too.large") {
      const kilobytes = JSON_BODY_MAX_BYTES / 1024;
      return sendProblem(res, new DomainError("validation_failed", `The request body is larger than ${kilobytes} KB.`, { reason: "body_too_large", kilobytes }), 413);
    }
    if (type === "encoding.unsupported" || type === "charset.unsupported") {
      return sendProblem(res, new DomainError("validation_failed", "Unsupported body encoding.", { reason: "unsupported_encoding" }));
    }
    // Any other client error the body parser raised (a body that claims gzip but is not, a length that does not
    // match): the request is at fault, not the server.
    const status = (error as { status?: unknown }).status;
    if ((error as { expose?: unknown }).expose === true && typeof status === "number" && status >= 400 && status < 500) {
      return sendProblem(res, new DomainError("validation_failed", "The request body could not be read.", { reason: "unreadable_body" }));
    }
    // A path that does not percent-decode (express's decode_param throws a URIError marked 400): the client's fault.
    if (error instanceof URIError && (error as { status?: unknown }).status === 400) {
      return sendProblem(res, new DomainError("validation_failed", "The path is not valid: it does not percent-decode.", { reason: "undecodable_path" }));
    }
    logger.error("unhandled error", { reqId: req.id, error });
    // The contract's shape with its own code; nothing about the error itself, only the reference to the log line.
    sendInternal(res, req.id);
  };
  app.use(onError);
  return app;
}
