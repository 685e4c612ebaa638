import { describe, expect, it } from "vitest";
import { z } from "zod";
import { STATUS_BY_CODE } from "../../server/domain/errors.js";
import { maxLengths, multiline, text } from "../../server/domain/validation.js";
import { errors, limits } from "../../server/http/limits.js";
import { schemas } from "../../server/services.js";

// What the load context hands the app instead of its own copies (issue 12, item 4).
describe("load context: limits and error statuses", () => {
  it("reads each text field's maximum from its schema, through optional, nullable and default", () => {
    const schema = z.strictObject({
      name: text().trim().min(1).max(120),
      bio: multiline().trim().max(2000).optional(),
      city: z.string().max(80).nullable().default(null),
      count: z.number().int().max(9),
      free: z.string(),
    });
    expect(maxLengths(schema)).toEqual({ name: 120, bio: 2000, city: 80 });
  });

  it("gives the message body maximum the server refuses beyond", () => {
    const max = limits.maxLengths(schemas.projects.MessageSendInput).body!;
    expect(max).toBe(4000);
    const clientId = "00000000-0000-4000-8000-000000000000";
    expect(schemas.projects.MessageSendInput.safeParse({ body: "x".repeat(max), clientId }).success).toBe(true);
    expect(schemas.projects.MessageSendInput.safeParse({ body: "x".repeat(max + 1), clientId }).success).toBe(false);
  });

  it("states the byte limits", () => {
    expect(limits.jsonBodyBytes).toBe(64 * 1024);
    expect(limits.floorPlanImageBytes).toBe(2 * 1024 * 1024);
  });

  it("maps every domain code to the API's status, and anything else to 500", () => {
    for (const [code, status] of Object.entries(STATUS_BY_CODE)) expect(errors.statusOf(code)).toBe(status);
    expect(errors.statusOf("rule_violation")).toBe(422);
    expect(errors.statusOf("unavailable")).toBe(503);
    expect(errors.statusOf("no_such_code")).toBe(500);
    expect(errors.statusOf("constructor")).toBe(500);
  });

  it("shares one id schema", () => {
    expect(schemas.Id.safeParse("00000000-0000-4000-8000-000000000000").success).toBe(true);
    expect(schemas.Id.safeParse("1").error?.issues[0]).toMatchObject({ code: "invalid_format", format: "uuid" });
  });
});
