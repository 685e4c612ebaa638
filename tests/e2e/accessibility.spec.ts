import { type Page } from "@playwright/test";
import { apiAs, expect, expectNoSeriousViolations, open, test } from "./support";

test.use({ locale: "en-US" });

/** Runs axe (WCAG 2.x A/AA and best practices) and fails on serious or critical violations, listing them. */
/** Loads a page and scans it. */
async function visitAndScan(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.ok(), `${path} responds`).toBe(true);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoSeriousViolations(page, path);
}

test.describe("axe: signed out", () => {
  for (const path of ["/", "/login", "/signup"]) {
    test(`no serious or critical violations on ${path}`, async ({ page }) => {
      await visitAndScan(page, path);
    });
  }

  test("no serious or critical violations on the login error state", async ({ page }) => {
    await open(page, "/login");
    await page.getByLabel("Email").fill("nobody@e2e.jejaring.id");
    await page.getByLabel("Password", { exact: true }).fill("not-the-password");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByRole("alert")).toBeVisible();
    await expectNoSeriousViolations(page, "/login with an error");
  });
});

test.describe("axe: signed in", () => {
  for (const path of ["/", "/spaces", "/projects", "/network", "/account", "/billing", "/plans", "/wallet", "/invoices"]) {
    test(`no serious or critical violations on ${path}`, async ({ page, member: _signedIn }) => {
      await visitAndScan(page, path);
    });
  }

  test("no serious or critical violations on a space's billing settings and revenue", async ({ page, operator, people, request }) => {
    const { items } = (await (await apiAs(request, operator).get("/spaces")).json()) as { items: Array<{ id: string }> };
    await people.assign(operator, items[0]!.id);
    for (const sub of ["billing", "revenue"]) await visitAndScan(page, `/operator/spaces/${items[0]!.id}/${sub}`);
  });
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

  test("signed in (admin: the longest nav), every nav item is reachable without horizontal scrolling", async ({ page, admin: _signedIn }) => {
    for (const path of ["/", "/spaces", "/projects", "/network", "/account"]) {
      await test.step(path, async () => {
        await open(page, path);
        // On a phone the links are behind the menu button (one header row); opened, all of them show.
        await page.getByRole("button", { name: "Menu" }).click();
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
