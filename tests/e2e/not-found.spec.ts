import { expect, test } from "@playwright/test";

test.describe("English", () => {
  test.use({ locale: "en-US" });

  test("an unknown path shows the friendly not-found page with status 404", async ({ page }) => {
    const response = await page.goto("/no/such/page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page.getByText("We could not find that page.")).toBeVisible();
    // Inside the app's layout: the header and its navigation are still there.
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await page.getByRole("link", { name: "Back to home" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("heading", { level: 1, name: "The hub of a network of specialists" })).toBeVisible();
  });
});

test.describe("Bahasa Indonesia", () => {
  test.use({ locale: "id-ID" });

  test("the not-found page speaks Indonesian", async ({ page }) => {
    const response = await page.goto("/halaman-yang-tidak-ada");
    expect(response?.status()).toBe(404);
    await expect(page.locator("html")).toHaveAttribute("lang", "id");
    await expect(page.getByRole("heading", { level: 1, name: "Halaman tidak ditemukan" })).toBeVisible();
  });
});
