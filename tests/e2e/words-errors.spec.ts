import { expect, open, test } from "./support";

// Validation words come from the reader's dictionary (zod codes and facts, worded by app/i18n/errors.ts), not from
// zod's or the server's English. The project form shows the schema's field errors as the server words them.
test.use({ viewport: { width: 390, height: 844 } });

async function createBlankProject(page: import("@playwright/test").Page, nameLabel: string, submit: string, description: string) {
  await open(page, "/projects");
  const form = page.locator("form.form").filter({ has: page.getByLabel(nameLabel) });
  // The browser's own checks (required, maxlength) would stop the post first: the server's words are the point here.
  await form.evaluate((f: HTMLFormElement) => {
    f.noValidate = true;
    for (const el of f.querySelectorAll("[maxlength]")) el.removeAttribute("maxlength");
  });
  await page.getByLabel(nameLabel).fill("   ");
  await form.locator("textarea[name=description]").fill(description);
  await form.getByRole("button", { name: submit }).click();
}

const errorOf = async (page: import("@playwright/test").Page, label: string) =>
  page.locator(`[id="${await page.getByLabel(label).getAttribute("id")}-error"]`);

// The browser asks for English (the sign-in fixture speaks it); the language cookie then picks Indonesian.
test.use({ locale: "en-GB" });

test("a blank project name and a too-long description are refused in English, then in Indonesian words", async ({ page, member }) => {
  void member;
  await createBlankProject(page, "Project name", "Create project", "x".repeat(2001));
  await expect(page.getByLabel("Project name")).toHaveAttribute("aria-invalid", "true");
  await expect(await errorOf(page, "Project name")).toHaveText("Fill this in.");
  await expect(await errorOf(page, "Description (optional)")).toHaveText("Use at most 2,000 characters.");

  await page.context().addCookies([{ name: "jj_lang", value: "id", url: page.url() }]);
  await open(page, "/projects");
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  await createBlankProject(page, "Nama proyek", "Buat proyek", "x".repeat(2001));
  await expect(page.getByLabel("Nama proyek")).toHaveAttribute("aria-invalid", "true");
  await expect(await errorOf(page, "Nama proyek")).toHaveText("Wajib diisi.");
  await expect(await errorOf(page, "Deskripsi (opsional)")).toHaveText("Maksimal 2.000 karakter.");
  await expect(page.locator("main")).not.toContainText(/Too small|Too big|expected|characters/);
  // It fits a phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
