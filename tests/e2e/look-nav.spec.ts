import { type Page } from "@playwright/test";
import { expect, hydrated, open, test } from "./support";

// Issue 13: the navigation. On a 390 px phone it is one row (brand, live status, search, bell, menu); the menu and
// the search field open below it, with or without JavaScript. On a desktop every link is in the bar.

test.use({ locale: "en-US" });
test.describe.configure({ timeout: 120_000 });

const header = (page: Page) => page.getByRole("banner");
const mainNav = (page: Page, name = "Main") => page.getByRole("navigation", { name });
const headerHeight = async (page: Page) => (await header(page).boundingBox())!.height;
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test.describe("phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("a member's header is one row; the menu opens with every link, and closes on Escape and on navigation", async ({ page, admin: _signedIn }) => {
    await open(page, "/spaces");
    expect(await headerHeight(page), "header height in px").toBeLessThanOrEqual(64);
    await expect(page.getByTestId("bell")).toBeInViewport();
    await expect(page.getByTestId("rt-status")).toHaveAttribute("data-status", "connected");
    await expect(mainNav(page)).toBeHidden();
    const menu = page.getByRole("button", { name: "Menu" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    for (const name of ["Spaces", "My bookings", "Projects", "Messages", "Network", "Operator", "Admin", "Account"]) {
      await expect(mainNav(page).getByRole("link", { name, exact: true })).toBeVisible();
    }
    await expect(mainNav(page).getByRole("button", { name: "Log out", exact: true })).toBeVisible();
    await expect(mainNav(page).getByRole("button", { name: "Bahasa Indonesia" })).toBeVisible();
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    await page.keyboard.press("Escape");
    await expect(mainNav(page)).toBeHidden();
    await menu.click();
    await mainNav(page).getByRole("link", { name: "My bookings" }).click();
    await expect(page).toHaveURL(/\/bookings$/);
    await expect(mainNav(page)).toBeHidden();
    await expect(page.getByRole("button", { name: "Menu" })).toHaveAttribute("aria-expanded", "false");
  });

  test("search sits behind an icon and sends GET /search?q=", async ({ page, member: _signedIn }) => {
    await open(page, "/");
    const field = page.getByRole("searchbox", { name: "Search" });
    await expect(field).toBeHidden();
    await page.getByRole("button", { name: "Search" }).click();
    await expect(field).toBeVisible();
    await field.fill("kopi susu");
    await field.press("Enter");
    await expect(page).toHaveURL(/\/search\?q=kopi\+susu$/);
  });

  test("the bell shows the unread count in words and leads to the notifications", async ({ page, member: _signedIn }) => {
    await open(page, "/");
    const bell = page.getByTestId("bell");
    await expect(bell).toHaveAccessibleName(/^Notifications/);
    await bell.click();
    await expect(page).toHaveURL(/\/notifications$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Notifications");
    await expect(page.getByTestId("notifications-empty")).toContainText("Nothing new.");
  });

  test("a visitor's header is one row with log-in, sign-up and the language switch, in both languages", async ({ page }) => {
    await open(page, "/");
    expect(await headerHeight(page)).toBeLessThanOrEqual(64);
    await expect(mainNav(page).getByRole("link", { name: "Log in" })).toBeInViewport();
    await expect(mainNav(page).getByRole("link", { name: "Sign up" })).toBeInViewport();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.getByRole("button", { name: "Bahasa Indonesia" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "id");
    await hydrated(page);
    expect(await headerHeight(page)).toBeLessThanOrEqual(64);
    await expect(mainNav(page, "Utama").getByRole("link", { name: "Masuk" })).toBeInViewport();
    await expect(mainNav(page, "Utama").getByRole("link", { name: "Daftar" })).toBeInViewport();
    await expect(page.getByRole("button", { name: "English" })).toHaveAttribute("lang", "en");
    expect(await overflow(page)).toBeLessThanOrEqual(0);
  });
});

test("without JavaScript the phone menu and search open as targets of their links", async ({ browser, people }) => {
  const who = await people.create();
  const context = await browser.newContext({ locale: "en-US", javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill(who.email);
    await page.getByLabel("Password", { exact: true }).fill(who.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL((url) => url.pathname !== "/login");
    await page.goto("/");
    await expect(mainNav(page)).toBeHidden();
    await page.getByRole("link", { name: "Menu" }).click();
    await expect(mainNav(page).getByRole("link", { name: "Spaces" })).toBeVisible();
    await expect(mainNav(page).getByRole("button", { name: "Log out", exact: true })).toBeVisible();
    await page.getByRole("link", { name: "Search" }).click();
    const field = page.getByRole("searchbox", { name: "Search" });
    await expect(field).toBeVisible();
    await field.fill("batik");
    await field.press("Enter");
    await expect(page).toHaveURL(/\/search\?q=batik$/);
  } finally {
    await context.close();
  }
});

test.describe("desktop", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("every link is in the bar, no menu button; the search field is shown; Indonesian too", async ({ page, context, operator: _signedIn }) => {
    await open(page, "/");
    await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
    await expect(page.getByRole("button", { name: "Search", exact: true })).toBeVisible(); // the field's submit
    await expect(page.getByRole("searchbox", { name: "Search" })).toBeVisible();
    for (const name of ["Spaces", "My bookings", "Plans & billing", "Projects", "Messages", "Network", "Operator", "Account"]) {
      await expect(mainNav(page).getByRole("link", { name, exact: true })).toBeInViewport();
    }
    await expect(mainNav(page).getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);
    expect(await headerHeight(page), "two rows at most").toBeLessThanOrEqual(120);
    await mainNav(page).getByRole("link", { name: "Projects" }).click();
    await expect(mainNav(page).getByRole("link", { name: "Projects" })).toHaveClass(/active/);

    await context.addCookies([{ name: "jj_lang", value: "id", url: new URL(page.url()).origin }]);
    await open(page, "/");
    for (const name of ["Ruang", "Pesanan saya", "Paket & tagihan", "Proyek", "Pesan", "Jejaring", "Operator", "Akun"]) {
      await expect(mainNav(page, "Utama").getByRole("link", { name, exact: true })).toBeInViewport();
    }
    expect(await headerHeight(page), "two rows at most, in Indonesian too").toBeLessThanOrEqual(120);
    await expect(page.getByRole("searchbox", { name: "Cari" })).toHaveAttribute("placeholder", "Cari orang, keahlian, proyek");
    await expect(mainNav(page, "Utama").getByRole("button", { name: "Keluar", exact: true })).toBeVisible();
    await expect(mainNav(page, "Utama").getByRole("link", { name: "Akun", exact: true }).locator(".avatar")).toBeVisible();
  });
});

test.describe("laptop", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("an admin's longest bar (every link, Admin included) still fits two rows, in both languages", async ({ page, context, admin: _signedIn }) => {
    await open(page, "/");
    await expect(mainNav(page).getByRole("link", { name: "Admin", exact: true })).toBeInViewport();
    expect(await headerHeight(page), "two rows at most").toBeLessThanOrEqual(120);
    await context.addCookies([{ name: "jj_lang", value: "id", url: new URL(page.url()).origin }]);
    await open(page, "/");
    await expect(mainNav(page, "Utama").getByRole("link", { name: "Admin", exact: true })).toBeInViewport();
    expect(await headerHeight(page), "two rows at most, in Indonesian").toBeLessThanOrEqual(120);
  });
});
