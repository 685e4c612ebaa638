import { describe, expect, it } from "vitest";
import { en } from "../../app/i18n/en.js";
import { errorLine, errorWords, problemDetail } from "../../app/i18n/errors.js";
import { id } from "../../app/i18n/id.js";
import { translator } from "../../app/i18n/translate.js";
import { DomainError, notFound, REASONS, STATUS_BY_CODE, type ErrorCode } from "../../server/domain/errors.js";
import { problemOf } from "../../server/http/problem.js";

const codes = Object.keys(STATUS_BY_CODE) as ErrorCode[];
const reasons = Object.entries(REASONS).flatMap(([code, list]) => (list as readonly string[]).map((reason) => ({ code, reason })));

describe("every error code and reason has words in both dictionaries", () => {
  it.each(codes)("%s: a headline and an API detail in en and id", (code) => {
    for (const dict of [en, id] as Array<Record<string, string>>) {
      expect(dict[`errors.${code}`], `errors.${code}`).toBeTruthy();
      expect(dict[`errors.${code}.default`], `errors.${code}.default`).toBeTruthy();
    }
  });

  it("every registered reason (REASONS in server/domain/errors.ts) has its words in en and id", () => {
    expect(reasons.length).toBeGreaterThan(10);
    const missing = reasons.flatMap(({ code, reason }) =>
      (["en", "id"] as const).filter((l) => !({ en, id } as Record<string, Record<string, string>>)[l]![`errors.${code}.${reason}`]).map((l) => `${l}: errors.${code}.${reason}`),
    );
    expect(missing).toEqual([]);
  });

  it("no reason's words repeat its headline, and no word is left as a raw placeholder once its facts are given", () => {
    for (const { code, reason } of reasons) {
      for (const locale of ["en", "id"] as const) {
        const t = translator(locale);
        const words = errorWords(t, code, { reason });
        expect(words.detail, `${locale} ${code}.${reason}`).not.toBe(words.title);
      }
    }
  });

  it("words not in the registry are not in the dictionaries either (no dead errors.<code>.<reason> key)", () => {
    const known = new Set([...codes.flatMap((c) => [`errors.${c}`, `errors.${c}.default`]), ...reasons.map((r) => `errors.${r.code}.${r.reason}`)]);
    const errorKeys = Object.keys(en).filter((k) => /^errors\.[a-z_]+\.[a-z_]+$/.test(k) && codes.includes(k.split(".")[1] as ErrorCode));
    expect(errorKeys.filter((k) => !known.has(k))).toEqual([]);
  });
});

describe("an error in words: headline, detail with facts, and the one-line form", () => {
  const en_ = translator("en");
  const id_ = translator("id");

  it("a reason gives the detail; without one the headline stands alone (and the API says what the code means)", () => {
    expect(errorWords(en_, "rule_violation", { reason: "last_admin" })).toEqual({
      title: "That is not allowed.",
      detail: "At least one active admin must remain: make someone else an admin first.",
    });
    expect(errorWords(id_, "rule_violation", {})).toEqual({ title: "Itu tidak diizinkan.", detail: null });
    expect(problemDetail(id_, "rule_violation", {})).toBe("Itu melanggar salah satu aturan.");
    expect(errorLine(en_, "forbidden", { reason: "role_required", role: "admin" })).toBe("This needs the admin role.");
    expect(errorLine(id_, "forbidden", {})).toBe("Anda tidak boleh melakukan ini.");
  });

  it("an unknown code or reason falls back to words, never to a key", () => {
    expect(errorWords(id_, "no_such_code", { reason: "whatever" })).toEqual({ title: "Terjadi kesalahan. Coba lagi.", detail: null });
    expect(errorWords(en_, "not_found", { reason: "no_such_reason" }).detail).toBeNull();
  });

  it("notFound names its thing as a reason with words", () => {
    const e = notFound("Floor plan image");
    expect(e.details.reason).toBe("floor_plan_image");
    expect(errorLine(id_, e.code, e.details)).toBe("Denah ini belum punya gambar latar.");
  });

  it("problem+json: title and detail in the reader's language, fields worded beside their codes, facts kept", () => {
    const error = new DomainError("validation_failed", "The request body is not valid.", {
      reason: "invalid_body",
      errors: [{ path: "name", code: "too_small", facts: { origin: "string", minimum: 1, inclusive: "yes" }, message: "Too small" }],
    });
    const idProblem = problemOf(error, "id");
    expect(idProblem).toMatchObject({
      type: "/api/v1/problems/validation_failed",
      status: 400,
      code: "validation_failed",
      reason: "invalid_body",
      title: "Periksa kembali isian Anda.",
      detail: "Beberapa isian tidak valid: lihat keterangan di tiap kolom.",
      errors: [{ path: "name", code: "too_small", message: "Wajib diisi." }],
    });
    expect(problemOf(error, "en")).toMatchObject({ title: "Please check what you entered.", errors: [{ message: "Fill this in." }] });
  });
});

describe("socket error acks in the reader's words", () => {
  it("wordAck puts the message and field messages into the locale, keeps code, reason and facts, leaves successes alone", async () => {
    const { wordAck } = await import("../../server/realtime/shared.js");
    const ack = { ok: false, error: { code: "rule_violation", reason: "last_owner", message: "A project needs an owner." } };
    expect(wordAck(ack, "id")).toEqual({
      ok: false,
      error: { code: "rule_violation", reason: "last_owner", message: "Proyek harus selalu punya pemilik: jadikan orang lain pemilik dulu." },
    });
    const invalid = { ok: false, error: { code: "validation_failed", message: "x", errors: [{ path: "body", code: "too_small", facts: { origin: "string", minimum: 1 }, message: "Too small" }] } };
    expect(wordAck(invalid, "en")).toMatchObject({ error: { message: "Please check what you entered.", errors: [{ path: "body", code: "too_small", message: "Fill this in." }] } });
    const ok = { ok: true, task: { id: "t" } };
    expect(wordAck(ok, "id")).toBe(ok);
  });
});
