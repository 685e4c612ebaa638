import { type Page } from "@playwright/test";
import { expect, logIn, test } from "./support";

test.use({ locale: "en-US" });

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

/** Collects console errors and CSP violation events (the latter straight from the DOM, before any app script). */
async function watch(page: Page) {
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") consoleErrors.push(msg.text());
  });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations?.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
    });
  });
  return {
    consoleErrors,
    pageErrors,
    violations: () => page.evaluate(() => window.__cspViolations ?? []),
  };
}

test("signed-in pages run without Content Security Policy violations or script errors", async ({ page, people }) => {
  const who = await people.create();
  // Watched from the log-in page on: its scripts run under the policy too.
  const seen = await watch(page);
  await logIn(page, who);

  for (const path of ["/", "/spaces", "/projects", "/network", "/account"]) {
    await test.step(path, async () => {
      const response = await page.goto(path);
      const csp = response?.headers()["content-security-policy"] ?? "";
      expect(csp, "the page is served with a CSP").toContain("script-src 'self' 'nonce-");
      // Hydrated and live: the socket (lazy chunk + websocket) is allowed by the policy.
      await expect(page.getByTestId("rt-status")).toHaveAttribute("data-status", "connected");
      expect(await seen.violations(), `CSP violations on ${path}`).toEqual([]);
    });
  }

  // Client-side navigation loads more route chunks under the same policy.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Projects" })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Network" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Network" })).toBeVisible();

  expect(await seen.violations()).toEqual([]);
  expect(seen.consoleErrors.filter((m) => /Content[ -]Security[ -]Policy/i.test(m))).toEqual([]);
  expect(seen.consoleErrors, "console errors").toEqual([]);
  expect(seen.pageErrors, "uncaught page errors").toEqual([]);
});
