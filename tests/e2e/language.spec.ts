import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";

// The browser asks for English; the switch must win over Accept-Language and stick.
test.use({ locale: "en-US" });

test("the header switch changes the UI language and the choice survives a reload", async ({ page, context }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("The hub of a network of specialists");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Log in" })).toBeVisible();

  // The button names the other language, in that language.
  const toIndonesian = page.getByRole("button", { name: "Bahasa Indonesia" });
  await expect(toIndonesian).toHaveAttribute("lang", "id");
  await toIndonesian.click();

  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pusat jejaring para spesialis");
  await expect(page.getByRole("navigation", { name: "Utama" }).getByRole("link", { name: "Masuk" })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  expect((await context.cookies()).find((c) => c.name === "jj_lang")?.value).toBe("id");

  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pusat jejaring para spesialis");

  // Other pages follow, and the switch brings English back (staying on the same page).
  await page.goto("/login");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Masuk");
  await expect(page.getByLabel("Kata sandi")).toBeVisible();
  await page.getByRole("button", { name: "English" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Log in");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByLabel("Password")).toBeVisible();
});

test("a signed-in member's choice is remembered on the account, on another browser too", async ({ page, browser }) => {
  const suffix = randomUUID().slice(0, 8);
  const email = `bahasa-${suffix}@e2e.jejaring.id`;
  const password = `kata-sandi-${suffix}`;

  await page.goto("/signup");
  await page.getByLabel("Full name").fill(`Putu Bahasa ${suffix}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Network" })).toBeVisible();

  await page.getByRole("button", { name: "Bahasa Indonesia" }).click();
  await expect(page).toHaveURL(/\/network$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Jejaring");
  await expect(page.getByRole("button", { name: "Keluar", exact: true })).toBeVisible();

  // A fresh browser (no language cookie) that asks for English: the page is English until the member logs in.
  const other = await browser.newContext({ locale: "en-US" });
  try {
    const page2 = await other.newPage();
    await page2.goto("/login");
    await expect(page2.locator("html")).toHaveAttribute("lang", "en");
    await page2.getByLabel("Email").fill(email);
    await page2.getByLabel("Password", { exact: true }).fill(password);
    await page2.getByRole("button", { name: "Log in" }).click();
    await expect(page2.locator("html")).toHaveAttribute("lang", "id");
    await expect(page2.getByRole("heading", { level: 1 })).toHaveText(`Selamat datang kembali, Putu Bahasa ${suffix}`);
  } finally {
    await other.close();
  }
});
