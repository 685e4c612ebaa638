import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { useTestApp } from "../support/app.js";
import { onPglite } from "../support/db.js";
import { createMember } from "../support/factories.js";

const app = useTestApp();

const countProjects = async () =>
  Number((await app.db.db.selectFrom("projects").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

describe("Idempotency-Key on creates", () => {
  it("replays the first response for the same key and body and writes nothing more", async () => {
    const m = await createMember(app.db.db, app.services);
    const send = () =>
      app.api("/api/v1/projects", { token: m.token, body: { name: "Kopi Toraja", description: "go online" }, headers: { "Idempotency-Key": "k-1" } });
    const first = await send();
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    const second = await send();
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await second.json()).toEqual(firstBody);
    expect(await countProjects()).toBe(1);
  });

  it("treats the same body with keys in another order as the same request", async () => {
    const m = await createMember(app.db.db, app.services);
    const a = await app.api("/api/v1/projects", { token: m.token, body: '{"name":"A","description":"d"}', headers: { "Idempotency-Key": "k" } });
    const b = await app.api("/api/v1/projects", { token: m.token, body: '{"description":"d","name":"A"}', headers: { "Idempotency-Key": "k" } });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(await countProjects()).toBe(1);
  });

  it("answers 409 idempotency_key_reused for the same key with another body, and writes nothing", async () => {
    const m = await createMember(app.db.db, app.services);
    await app.api("/api/v1/projects", { token: m.token, body: { name: "One" }, headers: { "Idempotency-Key": "same" } });
    const res = await app.api("/api/v1/projects", { token: m.token, body: { name: "Two" }, headers: { "Idempotency-Key": "same" } });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { code: string }).code).toBe("idempotency_key_reused");
    expect(await countProjects()).toBe(1);
  });

  // PostgreSQL only: the key and the create share one transaction, and PGlite runs one at a time, so concurrent
  // replays could not race there.
  it.skipIf(onPglite)("stores one row under concurrent replays", async () => {
    const a = await createMember(app.db.db, app.services);
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        app.api("/api/v1/projects", { token: a.token, body: { name: "Storm" }, headers: { "Idempotency-Key": "storm" } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    const ids = new Set(await Promise.all(results.map(async (r) => ((await r.json()) as { id: string }).id)));
    expect(ids.size).toBe(1);
    expect(await countProjects()).toBe(1);
  });

  it("scopes keys per member", async () => {
    const a = await createMember(app.db.db, app.services);
    const b = await createMember(app.db.db, app.services);
    const first = await app.api("/api/v1/projects", { token: a.token, body: { name: "Storm" }, headers: { "Idempotency-Key": "storm" } });
    expect(first.status).toBe(201);
    const other = await app.api("/api/v1/projects", { token: b.token, body: { name: "Storm" }, headers: { "Idempotency-Key": "storm" } });
    expect(other.status).toBe(201);
    expect(other.headers.get("idempotent-replayed")).toBeNull();
    expect(await countProjects()).toBe(2);
  });

  it("rejects a key longer than 255 characters, and a failed create leaves the key free", async () => {
    const m = await createMember(app.db.db, app.services);
    const long = await app.api("/api/v1/projects", { token: m.token, body: { name: "X" }, headers: { "Idempotency-Key": "k".repeat(256) } });
    expect(long.status).toBe(400);
    const invalid = await app.api("/api/v1/projects", { token: m.token, body: { name: "" }, headers: { "Idempotency-Key": "retry" } });
    expect(invalid.status).toBe(400);
    const retried = await app.api("/api/v1/projects", { token: m.token, body: { name: "Fixed" }, headers: { "Idempotency-Key": "retry" } });
    expect(retried.status).toBe(201);
    expect(await countProjects()).toBe(1);
  });
});

describe("OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document that lists the contract's paths", async () => {
    const res = await app.api("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.1.0");
    const validator = new Validator();
    const result = await validator.validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    for (const [path, verb] of [
      ["/api/v1/auth/signup", "post"],
      ["/api/v1/auth/tokens", "post"],
      ["/api/v1/auth/tokens/current", "delete"],
      ["/api/v1/me", "get"],
      ["/api/v1/members/{id}/role", "patch"],
      ["/api/v1/me/profile", "patch"],
      ["/api/v1/spaces", "get"],
      ["/api/v1/projects", "post"],
    ] as const) {
      expect(doc.paths[path]?.[verb], `${verb} ${path}`).toBeDefined();
    }
  });

  it("describes request bodies from the same schemas that validate them", async () => {
    const doc = (await (await app.api("/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[]; additionalProperties?: unknown } }> } }>>;
    };
    const schema = doc.paths["/api/v1/auth/signup"]?.post?.requestBody?.content["application/json"]?.schema;
    expect(schema?.required?.sort()).toEqual(["email", "name", "password"]);
    expect(schema?.additionalProperties).toBe(false);
  });
});

describe("same-origin writes", () => {
  it("refuses a cookie-carrying POST from a foreign Origin with 403, and allows the app's own origin", async () => {
    const m = await createMember(app.db.db, app.services);
    const token = await app.services.identity.startSession(m.id, "web");
    const post = (origin: string) =>
      fetch(`${app.url}/api/v1/projects`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: `jj_session=${token}`, origin },
        body: JSON.stringify({ name: "Via cookie" }),
      });
    const foreign = await post("http://evil.example");
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { code: string }).code).toBe("forbidden");
    expect(await countProjects()).toBe(0);
    const own = await post(app.url);
    expect(own.status).toBe(201);
  });

  it("never needs an Origin for bearer requests", async () => {
    const m = await createMember(app.db.db, app.services);
    const res = await app.api("/api/v1/projects", { token: m.token, body: { name: "Bearer" }, headers: { origin: "http://evil.example" } });
    expect(res.status).toBe(201);
  });
});
