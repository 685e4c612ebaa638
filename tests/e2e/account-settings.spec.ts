import { type Browser, type Page } from "@playwright/test";
import { expect, open, test } from "./support";

// Issue 13: the member's own account on a phone, in both languages, through plain forms (also without JavaScript).
test.use({ viewport: { width: 390, height: 844 } });
// Each log-in and password change is a real scrypt at OWASP cost (128 MiB): on a busy CI machine several take
// longer than the default 30 s together.
test.describe.configure({ timeout: 180_000 });

/** No horizontal scrolling of the document at the phone's width. */
async function fitsThePhone(page: Page, label: string) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `${label}: the document scrolls sideways`).toBeLessThanOrEqual(client);
  expect(client).toBeLessThanOrEqual(390);
}

/** A second device: a fresh browser context with its own cookies (here, Indonesian). */
async function anotherDevice(browser: Browser, baseURL: string | undefined, javaScriptEnabled = true) {
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, locale: "id-ID", javaScriptEnabled });
  return { context, page: await context.newPage() };
}

test.describe("English, without JavaScript", () => {
  test.use({ locale: "en-US", javaScriptEnabled: false });

  test("change password: the current one is asked for, the page says what happens, other sessions end", async ({ page, people, browser, baseURL }) => {
    const me = await people.create({ name: "Ganti Sandi" });
    // Another browser of the same member, logged in first.
    const other = await anotherDevice(browser, baseURL, false);
    await other.page.goto("/login");
    await other.page.getByLabel("Email").fill(me.email);
    await other.page.getByLabel("Kata sandi", { exact: true }).fill(me.password);
    await other.page.getByRole("button", { name: "Masuk" }).click();
    await expect(other.page).toHaveURL(/\/$/, { timeout: 60_000 });

    await page.goto("/login");
    await page.getByLabel("Email").fill(me.email);
    await page.getByLabel("Password", { exact: true }).fill(me.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.goto("/account");
    await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
    await fitsThePhone(page, "/account");
    const section = page.getByRole("region", { name: "Change password" });
    await expect(section).toContainText("Your other browser sessions are logged out; this one stays logged in.");

    await section.getByLabel("Current password").fill("not my password at all");
    await section.getByLabel("New password").fill("a new and long password");
    await section.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByLabel("Current password")).toHaveAccessibleDescription("That is not your current password.");
    await fitsThePhone(page, "/account with errors");

    await page.getByLabel("Current password").fill(me.password);
    await page.getByLabel("New password").fill("a new and long password");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("main").getByRole("status")).toHaveText("Password changed. 1 other session was logged out.");

    // The other browser is logged out; this one is not.
    await other.page.goto("/account");
    await expect(other.page).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
    await other.context.close();
    await page.goto("/account");
    await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();

    // The new password is the one that logs in.
    // On a phone Log out sits behind the menu (a link to #site-menu without JavaScript).
    await page.getByTestId("menu-toggle").click();
    await page.getByRole("button", { name: "Log out", exact: true }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.getByLabel("Email").fill(me.email);
    await page.getByLabel("Password", { exact: true }).fill("a new and long password");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByTestId("bell")).toBeVisible(); // signed in
  });
});

test.describe("Bahasa Indonesia", () => {
  test.use({ locale: "id-ID" });

  test("bahasa pilihan disimpan di akun dan dipakai setelah masuk di perangkat lain", async ({ page, people, browser, baseURL }) => {
    const me = await people.create({ name: "Pilih Bahasa" });
    await open(page, "/login");
    await page.getByLabel("Email").fill(me.email);
    await page.getByLabel("Kata sandi", { exact: true }).fill(me.password);
    await page.getByRole("button", { name: "Masuk" }).click();
    await expect(page.getByTestId("bell")).toBeVisible(); // signed in
    await open(page, "/account");
    await expect(page.getByRole("heading", { level: 1, name: "Akun Anda" })).toBeVisible();
    await fitsThePhone(page, "/account (id)");
    const language = page.getByRole("region", { name: "Bahasa pilihan" });
    await expect(language).toContainText("Dipakai di semua perangkat setelah Anda masuk.");
    await language.getByLabel("Bahasa pilihan").selectOption("en");
    await language.getByRole("button", { name: "Simpan" }).click();
    await expect(page.getByRole("main").getByRole("status")).toHaveText("Language saved.");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");

    // A phone that was left in Indonesian: logging in brings the member's English.
    const phone = await anotherDevice(browser, baseURL);
    await phone.context.addCookies([{ name: "jj_lang", value: "id", url: baseURL! }]);
    await phone.page.goto("/login");
    await expect(phone.page.getByRole("heading", { level: 1, name: "Masuk" })).toBeVisible();
    await phone.page.getByLabel("Email").fill(me.email);
    await phone.page.getByLabel("Kata sandi", { exact: true }).fill(me.password);
    await phone.page.getByRole("button", { name: "Masuk" }).click();
    await expect(phone.page.getByTestId("bell")).toBeVisible(); // signed in
    await expect(phone.page.locator("html")).toHaveAttribute("lang", "en");
    await phone.context.close();
  });

  test("masuk, daftar dan akun muat di layar 390 px, dalam dua bahasa", async ({ page, people, context, baseURL }) => {
    for (const lang of ["id", "en"] as const) {
      await context.addCookies([{ name: "jj_lang", value: lang, url: baseURL! }]);
      for (const path of ["/login", "/signup", "/login?deleted=1"]) {
        await page.goto(path);
        await expect(page.locator("html")).toHaveAttribute("lang", lang);
        await fitsThePhone(page, `${path} (${lang})`);
      }
    }
    const me = await people.create({ name: "Nama Yang Sangat Panjang Sekali Untuk Layar Ponsel" });
    await context.addCookies([{ name: "jj_lang", value: "en", url: baseURL! }]);
    await page.goto("/login");
    await page.getByLabel("Email").fill(me.email);
    await page.getByLabel("Password", { exact: true }).fill(me.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByTestId("bell")).toBeVisible({ timeout: 60_000 }); // signed in
    for (const lang of ["en", "id"] as const) {
      // A logged-in member's language is their account's: switch it with the button in the phone's menu.
      await open(page, "/account");
      if ((await page.locator("html").getAttribute("lang")) !== lang) {
        await page.getByTestId("menu-toggle").click();
        await page.getByRole("button", { name: lang === "id" ? "Bahasa Indonesia" : "English" }).click();
        await expect(page.locator("html")).toHaveAttribute("lang", lang);
      }
      for (const path of ["/account", "/account/delete"]) {
        await open(page, path);
        await fitsThePhone(page, `${path} (${lang})`);
      }
    }
  });
});
