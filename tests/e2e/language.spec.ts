import { type Response } from "@playwright/test";
import { enMeta as en } from "../../app/i18n/en/meta";
import { idMeta as id } from "../../app/i18n/id/meta";
import { expect, open, test } from "./support";

// The browser asks for English; an explicit choice must win over Accept-Language and stick.
test.use({ locale: "en-US" });

// The switch is a plain (reloadDocument) form post: it must pass the same-origin check without JavaScript help,
// which needs a Referrer-Policy that lets browsers send the real Origin.

const isLanguagePost = (response: Response) =>
  response.request().method() === "POST" && new URL(response.url()).pathname === "/lang";

test("the UI follows the language cookie over Accept-Language, across reloads and pages", async ({ page, context }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("The hub of a network of specialists");

  await context.addCookies([{ name: "jj_lang", value: "id", url: page.url() }]);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pusat jejaring para spesialis");
  await expect(page.getByRole("navigation", { name: "Utama" }).getByRole("link", { name: "Masuk" })).toBeVisible();
  // The switch offers the other language, labelled in that language.
  await expect(page.getByRole("button", { name: "English" })).toHaveAttribute("lang", "en");

  // Client-side navigation keeps the language.
  await page.getByRole("navigation", { name: "Utama" }).getByRole("link", { name: "Daftar" }).click();
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.getByLabel("Kata sandi", { exact: true })).toBeVisible();
});

test("the header switch changes the UI language and the choice survives a reload", async ({ page, context }) => {
  await open(page, "/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("The hub of a network of specialists");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Log in" })).toBeVisible();

  // The button names the other language, in that language.
  const toIndonesian = page.getByRole("button", { name: "Bahasa Indonesia" });
  await expect(toIndonesian).toHaveAttribute("lang", "id");
  const [switched] = await Promise.all([page.waitForResponse(isLanguagePost), toIndonesian.click()]);
  expect(switched.status(), "the switch is accepted and redirects back").toBe(302);

  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pusat jejaring para spesialis");
  await expect(page.getByRole("navigation", { name: "Utama" }).getByRole("link", { name: "Masuk" })).toBeVisible();
  expect((await context.cookies()).find((c) => c.name === "jj_lang")?.value).toBe("id");

  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pusat jejaring para spesialis");

  // Other pages follow, and the switch brings English back, staying on the same page.
  await open(page, "/login");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Masuk");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Log in");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByLabel("Password", { exact: true })).toBeVisible();
});

test("a signed-in member's choice is remembered on the account, in another browser too", async ({ page, browser, member }) => {
  const { name, email, password } = member;
  await open(page, "/network");
  await expect(page.getByRole("heading", { level: 1, name: "Network" })).toBeVisible();

  const [switched] = await Promise.all([
    page.waitForResponse(isLanguagePost),
    page.getByRole("button", { name: "Bahasa Indonesia" }).click(),
  ]);
  expect(switched.status(), "the switch is accepted and redirects back").toBe(302);
  await expect(page).toHaveURL(/\/network$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Jejaring");
  await expect(page.getByTestId("bell")).toBeVisible(); // still signed in

  // A fresh browser (no language cookie) that asks for English: English until the member logs in.
  const other = await browser.newContext({ locale: "en-US" });
  try {
    const page2 = await other.newPage();
    await open(page2, "/login");
    await expect(page2.locator("html")).toHaveAttribute("lang", "en");
    await page2.getByLabel("Email").fill(email);
    await page2.getByLabel("Password", { exact: true }).fill(password);
    await page2.getByRole("button", { name: "Log in" }).click();
    await expect(page2.locator("html")).toHaveAttribute("lang", "id");
    await expect(page2.getByRole("heading", { level: 1 })).toHaveText(`Selamat datang di Jejaring, ${name.trim().split(/\s+/)[0]}`);
  } finally {
    await other.close();
  }
});

// Issue 13, defect 10 and the missing descriptions: every page's <title> and description are the reader's words.
test("page titles and descriptions come from the reader's dictionary, in English and in Indonesian", async ({ page, context, member: _signedIn }) => {
  await open(page, "/");
  const origin = new URL(page.url()).origin;
  const pages = [
    ["/spaces", "spaces"],
    ["/bookings", "bookings"],
    ["/projects", "projects"],
    ["/network", "network"],
    ["/account", "account"],
  ] as const;
  for (const [words, lang] of [[en, "en"], [id, "id"]] as const) {
    await context.addCookies([{ name: "jj_lang", value: lang, url: origin }]);
    for (const [path, key] of pages) {
      await open(page, path);
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      // The page's word, then the app's name (once: the Indonesian "Network" is "Jejaring" itself).
      const word = words[`meta.${key}.title`];
      await expect(page, `${lang} ${path}`).toHaveTitle(word === "Jejaring" ? word : `${word} · Jejaring`);
      await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", words[`meta.${key}.about`]);
    }
  }
  expect(en["meta.spaces.title"]).not.toBe(id["meta.spaces.title"]);
});

// Issue 13, speed: a page downloads only its reader's dictionary, and a language the account brings in on logging in
// (a client-side navigation, no reload) is fetched then.
test("the browser fetches only the reader's dictionary, and the other one when logging in switches the language", async ({ page, browser, member }) => {
  // The member chooses Indonesian on the account.
  await open(page, "/network");
  await Promise.all([page.waitForResponse(isLanguagePost), page.getByRole("button", { name: "Bahasa Indonesia" }).click()]);
  await expect(page.locator("html")).toHaveAttribute("lang", "id");

  const other = await browser.newContext({ locale: "en-US" });
  try {
    const page2 = await other.newPage();
    const dictionaries: string[] = [];
    page2.on("request", (request) => {
      const file = /\/build\/_shared\/(en|id)-[A-Z0-9]+\.js$/.exec(new URL(request.url()).pathname);
      if (file) dictionaries.push(file[1]!);
    });
    await open(page2, "/login");
    await expect(page2.locator("html")).toHaveAttribute("lang", "en");
    expect(dictionaries).toEqual(["en"]);

    await page2.getByLabel("Email").fill(member.email);
    await page2.getByLabel("Password", { exact: true }).fill(member.password);
    await page2.getByRole("button", { name: "Log in" }).click();
    await expect(page2.locator("html")).toHaveAttribute("lang", "id");
    await expect(page2.getByRole("heading", { level: 1 })).toHaveText(`Selamat datang di Jejaring, ${member.name.trim().split(/\s+/)[0]}`);
    await expect(page2.getByRole("navigation", { name: "Utama" })).toBeVisible();
    expect(dictionaries).toEqual(["en", "id"]);
  } finally {
    await other.close();
  }
});
