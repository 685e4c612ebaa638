import { describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.js";
import { methodOf, sameSecret } from "../../server/domain/billing/gateway/xendit.js";

const base = { NODE_ENV: "test" as const, SESSION_SECRET: "test-secret-test-secret-test-secret-0123" };
const keys = { XENDIT_SECRET_KEY: "xnd_development_abc", XENDIT_CALLBACK_TOKEN: "token-abc" };

describe("the payment gateway's config", () => {
  it("is off without keys, and on with both (Xendit's API by default)", () => {
    expect(loadConfig(base).gateway).toBeNull();
    expect(loadConfig({ ...base, ...keys }).gateway).toEqual({
      provider: "xendit",
      secretKey: "xnd_development_abc",
      callbackToken: "token-abc",
      apiUrl: "https://api.xendit.co",
      timeoutMs: 10_000,
    });
  });

  it("refuses one key without the other", () => {
    expect(() => loadConfig({ ...base, XENDIT_SECRET_KEY: "xnd_x" })).toThrow(/XENDIT_CALLBACK_TOKEN/);
    expect(() => loadConfig({ ...base, XENDIT_CALLBACK_TOKEN: "t" })).toThrow(/XENDIT_SECRET_KEY/);
  });

  it("takes the API URL over https, or plain http only to this machine (never in production), with no credentials", () => {
    const url = (XENDIT_API_URL: string, env: Record<string, string> = {}) => loadConfig({ ...base, ...keys, XENDIT_API_URL, ...env }).gateway!.apiUrl;
    expect(url("https://api.xendit.co/")).toBe("https://api.xendit.co");
    expect(url("http://127.0.0.1:4010")).toBe("http://127.0.0.1:4010");
    expect(url("http://localhost:4010")).toBe("http://localhost:4010");
    for (const bad of ["http://api.xendit.co", "http://10.0.0.5", "http://169.254.169.254", "ftp://api.xendit.co", "https://user:pw@api.xendit.co", "https://api.xendit.co/?x=1", "not a url"]) {
      expect(() => url(bad), bad).toThrow(/XENDIT_API_URL/);
    }
    expect(() => url("http://127.0.0.1:4010", { NODE_ENV: "production" })).toThrow(/https in production/);
  });
});

describe("Xendit's callback and methods", () => {
  it("compares the token exactly (any difference, length or case, is a mismatch)", () => {
    expect(sameSecret("token-abc", "token-abc")).toBe(true);
    for (const other of ["token-ab", "token-abcd", "TOKEN-ABC", "", " token-abc"]) expect(sameSecret(other, "token-abc")).toBe(false);
  });

  it("maps payment methods to ours", () => {
    expect(["QR_CODE", "VIRTUAL_ACCOUNT", "BANK_TRANSFER", "EWALLET", "CREDIT_CARD", "RETAIL_OUTLET", undefined].map(methodOf)).toEqual([
      "qris",
      "virtual_account",
      "virtual_account",
      "ewallet",
      "card",
      "other",
      "other",
    ]);
  });
});
