import { describe, expect, it } from "vitest";
import { notificationsSchemas } from "../../server/domain/notifications/index.js";
import { buildOpenApi } from "../../server/http/api/openapi.js";
import { apiRoutes } from "../../server/http/api/routes.js";

const segments = (path: string) => path.split("/").filter(Boolean);
/** Two Express paths that one concrete URL could match: the same length, every segment equal or a parameter. */
const overlap = (a: string, b: string) => {
  const [x, y] = [segments(a), segments(b)];
  return x.length === y.length && x.every((s, i) => s === y[i] || s.startsWith(":") || y[i]!.startsWith(":"));
};

describe("the API route table (one file per context)", () => {
  it("has no two routes of one method that could match the same URL, so the files' order cannot change matching", () => {
    // The one exception, kept by the table's order: GET /bookings/quote comes before GET /bookings/:id.
    const LITERAL_FIRST = new Set(["get /bookings/quote ~ /bookings/:id"]);
    const clashes: string[] = [];
    apiRoutes.forEach((a, i) =>
      apiRoutes.slice(i + 1).forEach((b) => {
        const clash = `${a.method} ${a.path} ~ ${b.path}`;
        if (a.method === b.method && overlap(a.path, b.path) && !LITERAL_FIRST.has(clash)) clashes.push(clash);
      }),
    );
    expect(clashes).toEqual([]);
    expect(overlap("/spaces/:id", "/spaces/mine")).toBe(true);
  });

  it("documents each notification kind with its own data", () => {
    const doc = buildOpenApi(apiRoutes, { version: "test" }) as {
      paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: unknown }> }> }>>;
    };
    const schema = doc.paths["/api/v1/me/notifications"]!.get!.responses["200"]!.content["application/json"]!.schema as {
      properties: { items: { items: { oneOf: Array<{ properties: Record<string, { const?: string; properties?: object }>; required: string[] }> } } };
    };
    const variants = schema.properties.items.items.oneOf;
    const kinds = Object.keys(notificationsSchemas.NotificationData);
    expect(variants.map((v) => v.properties.kind!.const).sort()).toEqual([...kinds].sort());
    for (const v of variants) {
      expect(Object.keys(v.properties)).toEqual(["id", "kind", "data", "createdAt", "readAt"]);
      expect(v.required).toEqual(expect.arrayContaining(["id", "kind", "data", "createdAt", "readAt"]));
      const kind = v.properties.kind!.const as keyof typeof notificationsSchemas.NotificationData;
      const data = notificationsSchemas.NotificationData[kind];
      expect(Object.keys(v.properties.data!.properties ?? {})).toEqual(Object.keys(data.shape));
    }
  });
});
