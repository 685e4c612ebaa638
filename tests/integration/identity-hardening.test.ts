import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app.js";
import { createMember } from "../support/factories.js";

// Issue 11: what a hostile client can do to log-in, redirects and admin roles. Runs on the built Remix app so the
// log-in page is exercised as a browser posts it.
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ remix: true });
});
afterAll(async () => {
  await app?.stop();
});
beforeEach(async () => {
  await app.db.truncate();
});

/** Posts the log-in form as a browser does (same Origin, urlencoded), without following the redirect. */
function postLogin(fields: Record<string, string>) {
  return fetch(`${app.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: app.url, connection: "close" },
    body: new URLSearchParams(fields),
  });
}

describe("redirect after log-in (item 7)", () => {
  const hostile: Array<[string, string]> = [
    ["a tab, percent-encoded", "/%09/evil.example"],
    ["a raw tab", "/\t/evil.example"],
    ["CR LF (header injection)", "/account\r\nSet-Cookie: jj_session=stolen"],
    ["a lone LF", "/\n/evil.example"],
    ["an encoded backslash", "/%5C/evil.example"],
    ["an encoded network path", "/%2F%2Fevil.example"],
    ["dot segments to a network path", "/..//evil.example"],
    ["an absolute URL", "https://evil.example/"],
    ["javascript:", "javascript:alert(1)"],
  ];

  it.each(hostile)("answers a 3xx to a path of the app for %s, never 500 and never off-site", async (_what, redirectTo) => {
    const m = await createMember(app.db.db, app.services);
    const res = await postLogin({ email: m.email, password: m.password, redirectTo });
    expect(res.status, await res.clone().text()).toBeGreaterThanOrEqual(300);
    expect(res.status).toBeLessThan(400);
    const location = res.headers.get("location") ?? "";
    expect(location).toBe("/");
    expect(res.headers.getSetCookie().some((c) => c.startsWith("jj_session=stolen"))).toBe(false);
  });

  it("keeps a same-origin redirect with non-Latin-1 characters, percent-encoded, instead of answering 500", async () => {
    const m = await createMember(app.db.db, app.services);
    const res = await postLogin({ email: m.email, password: m.password, redirectTo: "/members?q=東京 ñ" });
    expect(res.status, await res.clone().text()).toBe(302);
    expect(res.headers.get("location")).toBe("/members?q=%E6%9D%B1%E4%BA%AC%20%C3%B1");
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("jj_session="));
    expect(cookie).toBeDefined();
  });

  it("the language switch follows the same rule", async () => {
    for (const redirectTo of ["/%09/evil.example", "/spaces\r\nX: y", "/ruang/東京"]) {
      const res = await fetch(`${app.url}/lang`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: app.url, connection: "close" },
        body: new URLSearchParams({ locale: "en", redirectTo }),
      });
      expect(res.status, `${redirectTo}: ${await res.clone().text()}`).toBe(302);
      expect(res.headers.get("location")).toBe(redirectTo === "/ruang/東京" ? "/ruang/%E6%9D%B1%E4%BA%AC" : "/");
    }
  });
});
