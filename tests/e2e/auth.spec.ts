import { randomUUID } from "node:crypto";
import { type Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, logIn, open, test } from "./support";

test.use({ locale: "en-US" });

const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });

test("sign up, log out, log in again, and a wrong password is refused", async ({ page }) => {
  const suffix = randomUUID().slice(0, 8);
  const name = `Sari Wulandari ${suffix}`;
  const email = `sari-${suffix}@e2e.jejaring.id`;
  const password = `rahasia-${suffix}-panjang`;

  await test.step("sign up through the form", async () => {
    await open(page, "/signup");
    await expect(page.getByRole("heading", { level: 1, name: "Create your account" })).toBeVisible();
    await page.getByLabel("Full name").fill(name);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Sign up" }).click();

    // Signed in: the app sends a new member to their network profile, and the nav offers log-out.
    await expect(page).toHaveURL(/\/network$/);
    await expect(page.getByRole("heading", { level: 1, name: "Network" })).toBeVisible();
    await expect(mainNav(page).getByRole("button", { name: "Log out", exact: true })).toBeVisible();
    await expect(mainNav(page).getByRole("link", { name: "Account" })).toBeVisible();
    await expect(mainNav(page).getByRole("link", { name: "Log in" })).toHaveCount(0);
  });

  await test.step("log out", async () => {
    await mainNav(page).getByRole("button", { name: "Log out", exact: true }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("heading", { level: 1, name: "Log in" })).toBeVisible();
    await expect(mainNav(page).getByRole("link", { name: "Log in" })).toBeVisible();
    await expect(mainNav(page).getByRole("button", { name: "Log out", exact: true })).toHaveCount(0);

    // The session is gone on the server too: a members-only page sends us to log in and back.
    await open(page, "/account");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
  });

  await test.step("a wrong password shows the error and stays on /login", async () => {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(`${password}-wrong`);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/login")),
      page.getByRole("button", { name: "Log in" }).click(),
    ]);
    expect(response.status()).toBe(401);
    await expect(page.getByRole("alert")).toHaveText("Email or password is incorrect.");
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByLabel("Email")).toHaveValue(email);
    await expect(mainNav(page).getByRole("button", { name: "Log out", exact: true })).toHaveCount(0);
  });

  await test.step("log in through the form: back to the account page with name and email", async () => {
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
    const facts = page.locator("dl.facts");
    await expect(facts.getByRole("definition").filter({ hasText: name })).toBeVisible();
    await expect(facts.getByRole("definition").filter({ hasText: email })).toBeVisible();
    await expect(mainNav(page).getByRole("button", { name: "Log out", exact: true })).toBeVisible();
  });
});

test("signing up twice with the same email is refused with a field error", async ({ page, people }) => {
  const existing = await people.create();
  await open(page, "/signup");
  await page.getByLabel("Full name").fill("Someone Else");
  await page.getByLabel("Email").fill(existing.email);
  await page.getByLabel("Password", { exact: true }).fill("a-long-enough-password");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("alert")).toHaveText("Please fix the highlighted fields.");
  const email = page.getByLabel("Email");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAccessibleDescription("An account with this email already exists.");
  await expect(page).toHaveURL(/\/signup$/);
});

// The one place the shared demo accounts log in: the logins a demo install prints (README) must work. Every other
// spec signs in fresh accounts of its own (the fixtures in ./support).
test("the demo logins a demo install prints log in with the demo password", async ({ page }) => {
  for (const [email, nav] of [
    ["member@demo.jejaring.id", "Account"],
    ["operator@demo.jejaring.id", "Operator"],
    ["admin@demo.jejaring.id", "Admin"],
  ] as const) {
    await test.step(email, async () => {
      await page.context().clearCookies();
      await logIn(page, { email, password: DEMO_PASSWORD });
      await expect(mainNav(page).getByRole("link", { name: nav, exact: true })).toBeVisible();
    });
  }
});
