import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "jejaring-demo";

/** Resolves once React has hydrated every form, so a submit goes through Remix (fetch), not a native post. */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    Array.from(document.forms).every((form) => Object.keys(form).some((key) => key.startsWith("__reactProps$"))),
  );
}

/** Loads a page and waits for hydration. */
export async function open(page: Page, path: string) {
  const response = await page.goto(path);
  await hydrated(page);
  return response;
}

/** Logs in a demo member (English UI) through the form. */
export async function logIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await open(page, "/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("button", { name: "Log out", exact: true })).toBeVisible();
}

/** Runs axe (WCAG 2.x A/AA and best practices) on the current page; fails on serious or critical violations. */
export async function expectNoSeriousViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 10).map((n) => n.target.join(" ")) }));
  expect(serious, `axe violations on ${label}`).toEqual([]);
}
