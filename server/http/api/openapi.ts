import { z } from "zod";
import { ProblemSchema } from "../problem.js";
import type { AnyRoute } from "./define.js";

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

/** Query/path parameters from an object schema, one entry per key. */
function parametersOf(schema: z.ZodType | undefined, where: "query" | "path") {
  if (!schema) return [];
  const json = toSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === "path" || (json.required ?? []).includes(name),
    schema: s,
  }));
}

/** The OpenAPI 3.1 document, generated from the same route table and zod schemas that validate requests. */
export function buildOpenApi(routes: AnyRoute[], info: { version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = `/api/v1${r.path.replace(/:([A-Za-z_]+)/g, "{$1}")}`;
    const responses: Record<string, unknown> = {};
    for (const [status, res] of Object.entries(r.responses)) {
      responses[status] = {
        description: res.description,
        ...(res.schema ? { content: { [res.contentType ?? "application/json"]: { schema: toSchema(res.schema, "output") } } } : {}),
      };
    }
    responses.default = {
      description: "An error (RFC 9457 problem details)",
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    };
    const parameters = [...parametersOf(r.params, "path"), ...parametersOf(r.query, "query")];
    if (r.idempotent) {
      parameters.push({
        name: "Idempotency-Key",
        in: "header" as "query",
        required: false,
        schema: { type: "string", minLength: 1, maxLength: 255 },
      });
    }
    paths[path] ??= {};
    paths[path][r.method] = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method}${r.path.replace(/[^A-Za-z0-9]+(\w)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      ...(parameters.length ? { parameters } : {}),
      ...(r.body
        ? { requestBody: { required: true, content: { "application/json": { schema: toSchema(r.body, "input") } } } }
        : r.upload
          ? {
              requestBody: {
                required: true,
                description: r.upload.description,
                content: Object.fromEntries(r.upload.contentTypes.map((t) => [t, { schema: { type: "string", format: "binary" } }])),
              },
            }
          : {}),
      responses,
      security: r.access === "public" ? [] : [{ bearer: [] }, { cookie: [] }],
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Jejaring API",
      version: info.version,
      description: "The public HTTP contract of Jejaring. Errors are application/problem+json.",
    },
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas: { Problem: toSchema(ProblemSchema, "output") },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer" },
        cookie: { type: "apiKey", in: "cookie", name: "jj_session" },
      },
    },
  };
}
