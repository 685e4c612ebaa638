import type { IncomingMessage } from "node:http";
import * as cookie from "cookie";
import express, { type NextFunction, type Request, type Response } from "express";
import type { Config } from "../config.js";
import { DomainError } from "../domain/errors.js";
import type { Viewer } from "../domain/identity/index.js";
import { WEB_SESSION_DAYS } from "../domain/identity/identity.service.js";
import type { Services } from "../services.js";

export const SESSION_COOKIE = "jj_session";
export const LOCALE_COOKIE = "jj_lang";

export function cookieHeaders(config: Config) {
  const base = { httpOnly: true, sameSite: "lax" as const, path: "/", secure: config.secureCookies };
  return {
    commitSession: (token: string) =>
      cookie.serialize(SESSION_COOKIE, token, { ...base, maxAge: WEB_SESSION_DAYS * 86_400 }),
    destroySession: () => cookie.serialize(SESSION_COOKIE, "", { ...base, maxAge: 0 }),
    commitLocale: (locale: string) =>
      cookie.serialize(LOCALE_COOKIE, locale, { ...base, httpOnly: false, maxAge: 365 * 86_400 }),
  };
}
export type CookieHeaders = ReturnType<typeof cookieHeaders>;

export function readCookies(header: string | undefined): Record<string, string | undefined> {
  return header ? cookie.parse(header) : {};
}

export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return m?.[1];
}

/** The origins a browser write or socket handshake may come from: configured, or the request's own host. */
export function allowedOrigins(config: Config, host: string | undefined, protocol: string): string[] {
  if (config.origins.length) return config.origins;
  return host ? [`${protocol}://${host}`] : [];
}

type ProxyTrust = (address: string, hop: number) => boolean;
const trustCache = new WeakMap<Config, ProxyTrust>();

/**
 * The trust function express derives from TRUST_PROXY (`false`, a hop count, or addresses/subnets), the very one
 * behind `req.ip` and `req.protocol`, so that the socket handshake believes exactly the hops the HTTP app does.
 */
export function proxyTrust(config: Config): ProxyTrust {
  let trust = trustCache.get(config);
  if (!trust) {
    trust = express().set("trust proxy", config.trustProxy).get("trust proxy fn") as ProxyTrust;
    trustCache.set(config, trust);
  }
  return trust;
}

/** The protocol a raw request (the socket handshake) came in on: X-Forwarded-Proto only from a trusted proxy. */
export function requestProtocol(config: Config, req: IncomingMessage): string {
  const own = (req.socket as { encrypted?: boolean }).encrypted ? "https" : "http";
  if (!proxyTrust(config)(req.socket.remoteAddress ?? "", 0)) return own;
  const forwarded = String(req.headers["x-forwarded-proto"] ?? "").split(",")[0]?.trim();
  return forwarded || own;
}

export function originOf(req: { headers: Record<string, string | string[] | undefined> }): string | undefined {
  const origin = req.headers.origin;
  if (typeof origin === "string" && origin !== "null") return origin.replace(/\/$/, "");
  if (origin === "null") return "null";
  const referer = req.headers.referer;
  if (typeof referer === "string") {
    try {
      return new URL(referer).origin;
    } catch {
      return "null";
    }
  }
  return undefined;
}

declare module "express-serve-static-core" {
  interface Request {
    id: string;
    nonce: string;
    viewer: Viewer | null;
    /** How the viewer authenticated, if at all. */
    authVia: "cookie" | "bearer" | null;
    /** Where absolute URLs point (config.publicOrigin or the listening address): never the Host header. */
    publicOrigin: string;
  }
}

/** Resolves the viewer from a bearer token (API) or the session cookie (browser). */
export function authenticate(services: Services) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    try {
      const bearer = bearerToken(req.headers.authorization);
      if (bearer) {
        req.viewer = await services.identity.resolve(bearer);
        req.authVia = "bearer";
        // A bad token is an error on the API, never a silent fallback to the cookie.
        if (!req.viewer) return next(new DomainError("unauthenticated", "The bearer token is invalid or revoked.", { reason: "invalid_token" }));
        return next();
      }
      const token = readCookies(req.headers.cookie)[SESSION_COOKIE];
      req.viewer = token ? await services.identity.resolve(token) : null;
      req.authVia = req.viewer ? "cookie" : null;
      next();
    } catch (error) {
      next(error);
    }
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Same-origin check for every browser write: an unsafe request that carries cookies (or any Origin header)
 * must come from an allowed origin. Bearer requests are exempt: a browser never attaches them on its own.
 */
export function sameOriginWrites(config: Config) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method) || bearerToken(req.headers.authorization)) return next();
    const origin = originOf(req);
    const hasCookies = Boolean(req.headers.cookie);
    if (!origin && !hasCookies) return next();
    const allowed = allowedOrigins(config, req.headers.host, req.protocol);
    if (!origin || !allowed.includes(origin)) {
      return next(new DomainError("forbidden", "Cross-origin writes are not allowed.", { reason: "cross_origin" }));
    }
    next();
  };
}
