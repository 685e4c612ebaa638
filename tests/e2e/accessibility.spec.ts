import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

test.use({ locale: "en-US" });

/**
 * Loads a page and waits until React has hydrated its forms, so a click submits through Remix (fetch) rather
 * than as a native form post from the server-rendered HTML.
 */
async function open(page: Page, path: string) {
  const response = await page.goto(path);
  await page.waitForFunction(() =>
    Array.from(document.forms).every((form) => Object.keys(form).some((key) => key.startsWith("__reactProps$"))),
  );
  return response;
}

const DEMO_PASSWORD = "jejaring-demo";

async function logIn(page: Page, email: string) {
  await open(page, "/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("button", { name: "Log out", exact: true })).toBeVisible();
}

/** Runs axe (WCAG 2.x A/AA and best practices) and fails on serious or critical violations, listing them. */
async function expectNoSeriousViolations(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.ok(), `${path} responds`).toBe(true);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await scan(page, path);
}

async function scan(page: Page, label: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
  expect(serious, `axe violations on ${label}`).toEqual([]);
}

test.describe("axe: signed out", () => {
  for (const path of ["/", "/login", "/signup"]) {
    test(`no serious or critical violations on ${path}`, async ({ page }) => {
      await expectNoSeriousViolations(page, path);
    });
  }

  test("no serious or critical violations on the login error state", async ({ page }) => {
    await open(page, "/login");
    await page.getByLabel("Email").fill("nobody@e2e.jejaring.id");
    await page.getByLabel("Password", { exact: true }).fill("not-the-password");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByRole("alert")).toBeVisible();
    await scan(page, "/login with an error");
  });
});

test.describe("axe: signed in", () => {
  for (const path of ["/", "/spaces", "/projects", "/network", "/account"]) {
    test(`no serious or critical violations on ${path}`, async ({ page }) => {
      await logIn(page, "member@demo.jejaring.id");
      await expectNoSeriousViolations(page, path);
    });
  }
});

test.describe("phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });

  const noHorizontalScroll = (page: Page) =>
    page.evaluate(() => {
      const el = document.scrollingElement ?? document.documentElement;
      return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
    });

  test("signed out, the header and nav fit a 390 px screen", async ({ page }) => {
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Log in" })).toBeInViewport();
    await expect(nav.getByRole("link", { name: "Sign up" })).toBeInViewport();
    const { scrollWidth, clientWidth } = await noHorizontalScroll(page);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  });

  test("signed in (admin: the longest nav), every nav item is reachable without horizontal scrolling", async ({ page }) => {
    await logIn(page, "admin@demo.jejaring.id");
    for (const path of ["/", "/spaces", "/projects", "/network", "/account"]) {
      await test.step(path, async () => {
        await page.goto(path);
        const nav = page.getByRole("navigation", { name: "Main" });
        for (const name of ["Spaces", "Projects", "Network", "Operator", "Admin", "Account"]) {
          await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
        }
        await expect(nav.getByRole("button", { name: "Log out", exact: true })).toBeVisible();
        const { scrollWidth, clientWidth } = await noHorizontalScroll(page);
        expect(scrollWidth, `horizontal overflow on ${path}`).toBeLessThanOrEqual(clientWidth);
      });
    }
  });
});
