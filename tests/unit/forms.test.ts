import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { fieldsOf } from "../../app/lib/forms.js";
import { fail, failure, idOf, parseForm, reply } from "../../app/lib/forms.server.js";
import { invariantResponse, orNotFound } from "../../app/lib/guards.server.js";
import { translator } from "../../app/i18n/translate.js";
import { readSpaceForm, reminderChoices, reminderLabel, spaceErrorKey } from "../../app/lib/space-form.js";
import { DomainError } from "../../server/domain/errors.js";
import { validate } from "../../server/domain/validation.js";
import { errors, limits } from "../../server/http/limits.js";
import { schemas } from "../../server/services.js";

// The part of the load context the form toolkit reads, wired as server/http/app.ts wires it.
const context = {
  schemas,
  errors,
  limits,
  validate,
  locale: "en",
} as unknown as AppLoadContext;
const indonesian = { ...context, locale: "id" } as unknown as AppLoadContext;

const form = (entries: Record<string, string | Blob>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.append(k, v);
  return f;
};

describe("fieldsOf: the one way an action reads a posted form", () => {
  const f = fieldsOf(form({ name: "  Ruang ", blank: "", on: "on", n: "12", bad: "12a", tags: "a, b,, c ", links: "x\n y", file: new Blob(["x"]) }));

  it("reads text, blanks and flags", () => {
    expect(f.text("name")).toBe("  Ruang ");
    expect(f.text("missing")).toBe("");
    expect(f.optional("blank")).toBeUndefined();
    expect(f.optional("name")).toBe("  Ruang ");
    expect(f.checked("on")).toBe(true);
    expect(f.checked("blank")).toBe(false);
    expect(f.checked("missing")).toBe(false);
  });

  it("reads a file where text is expected as absent", () => {
    expect(f.text("file")).toBe("");
    expect(f.optional("file")).toBeUndefined();
  });

  it("reads integers, leaving what is not one as typed for the schema to refuse", () => {
    expect(f.int("n")).toBe(12);
    expect(f.int("bad")).toBe("12a");
    expect(f.int("blank")).toBeUndefined();
  });

  it("reads decimals (board positions) the same way, leaving what is not a number as typed", () => {
    const g = fieldsOf(form({ mid: "1.5", neg: "-2", exp: "1e3", bad: "1.5.2", blank: " " }));
    expect(g.number("mid")).toBe(1.5);
    expect(g.number("neg")).toBe(-2);
    expect(g.number("exp")).toBe(1000);
    expect(g.number("bad")).toBe("1.5.2");
    expect(g.number("blank")).toBeUndefined();
    expect(g.int("mid")).toBe("1.5");
  });

  it("splits lists on commas or a separator, trimmed, blanks dropped", () => {
    expect(f.list("tags")).toEqual(["a", "b", "c"]);
    expect(f.list("links", /\s+/)).toEqual(["x", "y"]);
    expect(f.list("missing")).toEqual([]);
  });
});

describe("parseForm / failure / reply: one shape for every failed action", () => {
  it("answers the schema's data, or a 400 with each error keyed to its input", () => {
    const ok = parseForm(context, schemas.projects.ProjectCreateInput, { name: "Kopi" });
    expect(ok).toEqual({ ok: true, data: { name: "Kopi" } });
    const bad = parseForm(context, schemas.projects.ProjectCreateInput, { name: "", description: "x".repeat(2001) });
    expect(bad).toMatchObject({ ok: false, code: "validation_failed", status: 400, message: "", details: {} });
    expect(!bad.ok && Object.keys(bad.errors).sort()).toEqual(["description", "name"]);
  });

  it("keys errors where the page shows them (the settings form: a weekday's row, a rule's own input)", () => {
    const input = readSpaceForm(
      form({ name: "S", timezone: "Asia/Jakarta", "closed-1": "1", "opens-2": "18:00", "closes-2": "08:00", maxAdvanceDays: "-1" }),
      { forUpdate: false },
    );
    expect(input.openingHours[0]).toEqual({ weekday: 2, opens: "18:00", closes: "08:00" });
    const keyOf = spaceErrorKey(input.openingHours);
    expect(keyOf("openingHours.0.closes")).toBe("hours-2");
    expect(keyOf("rules.maxAdvanceDays")).toBe("maxAdvanceDays");
    expect(keyOf("openingHours")).toBe("openingHours");
    expect(keyOf("")).toBe("_form");
  });

  it("reads the reminder's lead time (a choice in words, in both languages); out of range, the field says why", () => {
    const base = { name: "S", timezone: "Asia/Jakarta" };
    expect(readSpaceForm(form({ ...base, reminderMinutes: "1440" }), { forUpdate: true }).reminderMinutes).toBe(1440);
    expect("reminderMinutes" in readSpaceForm(form(base), { forUpdate: true })).toBe(false);
    const en = translator("en");
    const id = translator("id");
    expect(reminderChoices(60).map((m) => reminderLabel(en, m))).toEqual(["No reminder", "15 minutes before", "30 minutes before", "1 hour before", "2 hours before", "1 day before"]);
    expect(reminderChoices(60).map((m) => reminderLabel(id, m))).toEqual(["Tanpa pengingat", "15 menit sebelumnya", "30 menit sebelumnya", "1 jam sebelumnya", "2 jam sebelumnya", "1 hari sebelumnya"]);
    // A lead time set through the API that is not one of the choices is offered too, where it belongs.
    expect(reminderChoices(45)).toEqual([0, 15, 30, 45, 60, 120, 1440]);
    expect(reminderLabel(en, 45)).toBe("45 minutes before");
    expect(reminderLabel(en, 10080)).toBe("7 days before");
    const input = readSpaceForm(form({ ...base, reminderMinutes: "20000" }), { forUpdate: true });
    const parsed = parseForm(indonesian, schemas.spaces.SpaceUpdateInput, input, spaceErrorKey(input.openingHours));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.reminderMinutes).toBe("Maksimal 10.080.");
  });

  it("turns a DomainError into the same failure with the server's status; anything else is rethrown", () => {
    const error = new DomainError("booking_conflict", "Taken.", {
      errors: [{ path: "start.x", code: "too_small", facts: { origin: "number", minimum: 2, inclusive: "yes" }, message: "busy" }],
      alternatives: [{ name: "D2" }],
    });
    const failed = failure(context, error);
    // No reason: no detail (the page shows the code's headline); the field's problem in words, not the English message.
    expect(failed).toEqual({ ok: false, code: "booking_conflict", status: 409, message: "", errors: { start: "Use 2 or more." }, details: { alternatives: [{ name: "D2" }] } });
    expect(failure(context, new DomainError("space_closed", "Closed.")).status).toBe(422);
    const boom = new Error("boom");
    expect(() => failure(context, boom)).toThrow(boom);
    expect(fail(context, "not_found").status).toBe(404);
  });

  it("words the failure in the reader's language: the reason's words as message, each field by its code and facts", () => {
    const lastAdmin = new DomainError("rule_violation", "At least one active admin must remain.", { reason: "last_admin" });
    expect(failure(context, lastAdmin).message).toBe("At least one active admin must remain: make someone else an admin first.");
    expect(failure(indonesian, lastAdmin).message).toBe("Harus tetap ada minimal satu admin aktif: jadikan orang lain admin dulu.");
    const bad = parseForm(indonesian, schemas.projects.ProjectCreateInput, { name: "", description: "x".repeat(2001) });
    expect(!bad.ok && bad.errors).toEqual({ name: "Wajib diisi.", description: "Maksimal 2.000 karakter." });
    const en = parseForm(context, schemas.projects.ProjectCreateInput, { name: "", description: "x".repeat(2001) });
    expect(!en.ok && en.errors).toEqual({ name: "Fill this in.", description: "Use at most 2,000 characters." });
  });

  it("replies 200 for a success and the failure's status otherwise, with Retry-After for a rate limit", () => {
    const initOf = (r: unknown) => (r as { init?: ResponseInit | null }).init ?? null;
    expect(initOf(reply({ ok: true as const }))?.status ?? 200).toBe(200);
    expect(initOf(reply(fail(context, "validation_failed")))).toMatchObject({ status: 400 });
    const limited = initOf(reply(failure(context, new DomainError("rate_limited", "Slow down.", { retryAfter: 90 }))));
    expect(limited).toMatchObject({ status: 429, headers: { "Retry-After": "90" } });
  });

  it("reads ids with the one Id schema", () => {
    expect(idOf(context, "00000000-0000-4000-8000-000000000000")).toBe("00000000-0000-4000-8000-000000000000");
    expect(idOf(context, "1")).toBeNull();
    expect(idOf(context, undefined)).toBeNull();
  });
});

describe("invariantResponse / orNotFound", () => {
  const statusOfThrown = async (run: () => unknown) => {
    try {
      await run();
    } catch (thrown) {
      return thrown instanceof Response ? thrown.status : "not a Response";
    }
    return "nothing thrown";
  };

  it("throws a Response with the status asked (400 by default) when the condition fails", async () => {
    expect(await statusOfThrown(() => invariantResponse(false, "Not found", { status: 404 }))).toBe(404);
    expect(await statusOfThrown(() => invariantResponse("", "Bad"))).toBe(400);
    expect(await statusOfThrown(() => invariantResponse("x", "Bad"))).toBe("nothing thrown");
  });

  it("turns a service's not_found into the 404 page and lets every other error through", async () => {
    await expect(orNotFound(Promise.resolve(7))).resolves.toBe(7);
    expect(await statusOfThrown(() => orNotFound(Promise.reject(new DomainError("not_found", "No such space."))))).toBe(404);
    const forbidden = new DomainError("forbidden", "No.");
    await expect(orNotFound(Promise.reject(forbidden))).rejects.toBe(forbidden);
  });
});
