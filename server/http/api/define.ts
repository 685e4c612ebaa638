import { createHash } from "node:crypto";
import express, { type Request, type Response, type Router } from "express";
import { z } from "zod";
import { DomainError } from "../../domain/errors.js";
import type { Viewer } from "../../domain/identity/index.js";
import { parseOrThrow } from "../../domain/validation.js";
import type { OuterTx } from "../../domain/shared/idempotency.js";
import type { Services } from "../../services.js";
import { JSON_BODY_MAX_BYTES } from "../limits.js";

export type Access = "public" | "member" | "operator" | "admin";

export type HandlerContext<B, Q, P> = {
  req: Request;
  res: Response;
  services: Services;
  viewer: Viewer | null;
  body: B;
  query: Q;
  params: P;
};

export type Reply = { status: number; body?: unknown; headers?: Record<string, string>; contentType?: string };

type AnySchema = z.ZodType;
type Out<S> = S extends AnySchema ? z.infer<S> : undefined;

export type RouteDef<BS extends AnySchema | undefined, QS extends AnySchema | undefined, PS extends AnySchema | undefined> = {
  method: "get" | "post" | "patch" | "delete" | "put";
  /** Express path below /api/v1, e.g. `/projects/:id/members`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  body?: BS;
  query?: QS;
  params?: PS;
  /** A raw (non-JSON) request body the handler reads itself with `readUpload`: its types, for the OpenAPI document. */
  upload?: { contentTypes: string[]; description: string };
  /** Honours the Idempotency-Key header: the handler runs inside the key's transaction (`ctx.tx`). */
  idempotent?: boolean;
  responses: Record<number, { description: string; schema?: AnySchema; contentType?: string }>;
  /** `outer` is set on idempotent routes: the key's transaction and its after-commit queue. */
  handler: (ctx: HandlerContext<Out<BS>, Out<QS>, Out<PS>> & { outer?: OuterTx }) => Promise<Reply>;
};

export type AnyRoute = RouteDef<AnySchema | undefined, AnySchema | undefined, AnySchema | undefined>;

export function route<BS extends AnySchema | undefined = undefined, QS extends AnySchema | undefined = undefined, PS extends AnySchema | undefined = undefined>(
  def: RouteDef<BS, QS, PS>,
): AnyRoute {
  return def as unknown as AnyRoute;
}

const ROLE_RANK = { member: 1, operator: 2, admin: 3 } as const;

export function requireAccess(viewer: Viewer | null, access: Access): void {
  if (access === "public") return;
  if (!viewer) throw new DomainError("unauthenticated", "Sign in or send a valid bearer token.", { reason: "sign_in" });
  if (ROLE_RANK[viewer.role] < ROLE_RANK[access]) {
    throw new DomainError("forbidden", `This needs the ${access} role.`, { reason: "role_required", role: access });
  }
}

const IdempotencyKey = z.string().min(1).max(255);

/** Canonical JSON (sorted keys) so that the same body always fingerprints the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function send(res: Response, reply: Reply) {
  for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
  if (reply.body === undefined) return void res.status(reply.status).end();
  if (reply.contentType) return void res.status(reply.status).type(reply.contentType).send(reply.body);
  res.status(reply.status).json(reply.body);
}

/** Mounts the route table on a router: access → parse → handler → reply, errors to the one error handler. */
export function mountRoutes(router: Router, routes: AnyRoute[], services: Services): void {
  for (const def of routes) {
    router[def.method](def.path, async (req: Request, res: Response, next) => {
      try {
        requireAccess(req.viewer, def.access);
        const params = def.params ? parseOrThrow(def.params, req.params, "The path is not valid.", "invalid_path") : undefined;
        const query = def.query ? parseOrThrow(def.query, req.query, "The query string is not valid.", "invalid_query") : undefined;
        // No body at all reads as `{}` (express.json leaves it undefined or `{}`); a JSON `null` is a body, and
        // not an object: it is refused by the schema like any other non-object.
        const body = def.body ? parseOrThrow(def.body, req.body === undefined ? {} : req.body, "The request body is not valid.", "invalid_body") : undefined;
        const ctx = { req, res, services, viewer: req.viewer, body, query, params };
        const keyHeader = req.get("Idempotency-Key");
        if (def.idempotent && keyHeader !== undefined && req.viewer) {
          const key = parseOrThrow(IdempotencyKey, keyHeader, "Idempotency-Key must be 1 to 255 characters.", "invalid_idempotency_key");
          const fingerprint = createHash("sha256")
            .update(`${def.method} ${req.originalUrl.split("?")[0]}\n${canonical(req.body ?? null)}`)
            .digest("hex");
          const result = await services.idempotency.run(
            { memberId: req.viewer.id, key, fingerprint },
            async (outer) => {
              const reply = await def.handler({ ...ctx, outer } as never);
              return { status: reply.status, body: reply.body };
            },
          );
          if (result.replayed) res.setHeader("Idempotent-Replayed", "true");
          return send(res, { status: result.status, body: result.body });
        }
        send(res, await def.handler(ctx as never));
      } catch (error) {
        next(error);
      }
    });
  }
}

export const jsonBody = express.json({ limit: JSON_BODY_MAX_BYTES, strict: false, type: ["application/json", "application/*+json"] });
