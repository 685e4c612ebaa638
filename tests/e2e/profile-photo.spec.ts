import { writeFile } from "node:fs/promises";
import type { Locator, Page } from "@playwright/test";
import sharp from "sharp";
import { apiAs, expect, expectNoSeriousViolations, open, test } from "./support";

// Issue 13: a profile photo, uploaded from the account page as a plain multipart form (also without JavaScript),
// resized by the server, shown wherever the member's avatar is (navigation, profile, directory), removable; on a
// phone, in both languages.
test.use({ viewport: { width: 390, height: 844 } });
// Log-ins are real scrypt at OWASP cost; several in one test take a while on a busy machine.
test.describe.configure({ timeout: 120_000 });

/** No horizontal scrolling of the document at the phone's width. */
async function fitsThePhone(page: Page, label: string) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `${label}: the document scrolls sideways`).toBeLessThanOrEqual(client);
  expect(client).toBeLessThanOrEqual(390);
}

/** A wide photo (1200 × 800) made for the test, as a file to pick. */
async function photoFile(path: string, format: "png" | "jpeg") {
  const image = await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 30, g: 140, b: 90 } } })
    .composite([{ input: await sharp({ create: { width: 400, height: 400, channels: 3, background: { r: 240, g: 200, b: 40 } } }).png().toBuffer(), left: 400, top: 200 }])
    .withExif({ IFD3: { GPSLatitudeRef: "S", GPSLatitude: "6/1 12/1 3000/100" } })
    .toFormat(format)
    .toBuffer();
  await writeFile(path, image);
  return path;
}

/** Logs in through the plain form (English), without waiting for hydration: for pages without JavaScript. */
async function logInPlain(page: Page, who: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("bell")).toBeVisible({ timeout: 30_000 });
}

/** The image a locator holds has loaded, at this many pixels wide (the server's size, not the CSS one). */
async function expectLoaded(img: Locator, naturalWidth: number) {
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => (el.complete ? el.naturalWidth : 0))).toBe(naturalWidth);
}

test.describe("English, without JavaScript", () => {
  test.use({ locale: "en-US", javaScriptEnabled: false });

  test("upload a PNG from the account page, see it in the navigation and on the profile, refuse a non-image, remove it", async ({ page, people, browser, baseURL }, testInfo) => {
    const me = await people.create({ name: "Foto Tanpa JS" });
    await logInPlain(page, me);
    await page.goto("/account");
    const section = page.getByRole("region", { name: "Profile photo" });
    await expect(section).toContainText("No photo yet: your initials show instead.");
    await fitsThePhone(page, "/account without a photo");

    // Not an image (whatever its name says): refused, in words, under the field.
    const fake = testInfo.outputPath("not-a-photo.png");
    await writeFile(fake, "<svg xmlns='http://www.w3.org/2000/svg'/>");
    await section.getByLabel("Choose a photo").setInputFiles(fake);
    await section.getByRole("button", { name: "Upload photo" }).click();
    await expect(page.getByLabel("Choose a photo")).toHaveAccessibleDescription(/Use a PNG, JPEG or WebP photo\./);
    await fitsThePhone(page, "/account with a refused photo");

    // Larger than 5 MB: the page answers (the rest of the upload is read and dropped, never kept), in words.
    const big = testInfo.outputPath("big.png");
    await writeFile(big, Buffer.concat([await sharp({ create: { width: 10, height: 10, channels: 3, background: "#fff" } }).png().toBuffer(), Buffer.alloc(6 * 1024 * 1024, 1)]));
    await page.getByLabel("Choose a photo").setInputFiles(big);
    await page.getByRole("button", { name: "Upload photo" }).click();
    await expect(page.getByLabel("Choose a photo")).toHaveAccessibleDescription(/The photo is larger than 5 MB: choose a smaller one\./);

    await page.getByLabel("Choose a photo").setInputFiles(await photoFile(testInfo.outputPath("me.png"), "png"));
    await page.getByRole("button", { name: "Upload photo" }).click();
    await expect(page).toHaveURL(/\/account\?saved=photo$/);
    await expect(page.getByRole("main").getByRole("status")).toHaveText("Your photo is saved.");
    const mine = page.getByRole("img", { name: `Your photo, ${me.name}` });
    await expectLoaded(mine, 256);
    // The navigation's avatar is the 64 px thumb.
    const navPhoto = page.locator(".account-link img");
    await expect(navPhoto).toHaveAttribute("src", new RegExp(`^/api/v1/members/${me.id}/photo\\?size=64&v=[0-9a-f]{16}$`));
    await expectLoaded(navPhoto, 64);
    await fitsThePhone(page, "/account with a photo");

    // Another member sees it on the profile, named.
    const other = await people.create({ name: "Melihat Foto" });
    const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, locale: "en-US", javaScriptEnabled: false });
    const theirs = await context.newPage();
    await logInPlain(theirs, other);
    await theirs.goto(`/members/${me.id}`);
    await expectLoaded(theirs.getByRole("img", { name: `Photo of ${me.name}` }), 256);
    await fitsThePhone(theirs, "a profile with a photo");

    // Removed: the initials are back, for them too.
    await page.getByRole("button", { name: "Remove photo" }).click();
    await expect(page.getByRole("main").getByRole("status")).toHaveText("Your photo is removed: your initials show again.");
    await expect(page.getByRole("img", { name: `Your photo, ${me.name}` })).toHaveCount(0);
    await expect(page.locator(".account-link img")).toHaveCount(0);
    await theirs.goto(`/members/${me.id}`);
    await expect(theirs.getByRole("heading", { level: 1, name: me.name })).toBeVisible();
    await expect(theirs.getByRole("img", { name: `Photo of ${me.name}` })).toHaveCount(0);
    await context.close();
  });
});

test.describe("Bahasa Indonesia", () => {
  test.use({ locale: "id-ID" });

  test("unggah JPEG, terlalu besar ditolak dengan kata-kata yang jelas, foto tampil di direktori; axe bersih", async ({ page, people, request }, testInfo) => {
    const me = await people.create({ name: "Foto Indonesia" });
    await open(page, "/login");
    await page.getByLabel("Email").fill(me.email);
    await page.getByLabel("Kata sandi", { exact: true }).fill(me.password);
    await page.getByRole("button", { name: "Masuk" }).click();
    await expect(page.getByTestId("bell")).toBeVisible({ timeout: 30_000 });

    await open(page, "/account");
    const section = page.getByRole("region", { name: "Foto profil" });
    await expect(section).toContainText("Belum ada foto: inisial Anda yang tampil.");
    await expectNoSeriousViolations(page, "/account (id) without a photo");

    // More than 5 MB: refused while it streams, with the limit in words.
    const big = testInfo.outputPath("besar.png");
    await writeFile(big, Buffer.concat([await sharp({ create: { width: 10, height: 10, channels: 3, background: "#fff" } }).png().toBuffer(), Buffer.alloc(6 * 1024 * 1024, 1)]));
    await section.getByLabel("Pilih foto").setInputFiles(big);
    await section.getByRole("button", { name: "Unggah foto" }).click();
    await expect(page.getByLabel("Pilih foto")).toHaveAccessibleDescription(/Foto lebih dari 5 MB: pilih yang lebih kecil\./);
    await fitsThePhone(page, "/account (id) with a refused photo");

    await page.getByLabel("Pilih foto").setInputFiles(await photoFile(testInfo.outputPath("saya.jpg"), "jpeg"));
    await page.getByRole("button", { name: "Unggah foto" }).click();
    await expect(page.getByRole("main").getByRole("status")).toHaveText("Foto Anda tersimpan.");
    await expectLoaded(page.getByRole("img", { name: `Foto Anda, ${me.name}` }), 256);
    await expectNoSeriousViolations(page, "/account (id) with a photo");
    await fitsThePhone(page, "/account (id) with a photo");

    // The directory's card shows the 64 px thumb, decorative beside the name.
    await open(page, `/network/directory?q=${encodeURIComponent(me.name)}`);
    const card = page.getByRole("article", { name: me.name });
    const thumb = card.locator(".avatar-photo img");
    await expect(thumb).toHaveAttribute("alt", "");
    await expect(thumb).toHaveAttribute("src", /size=64&v=/);
    await expectLoaded(thumb, 64);
    await expectNoSeriousViolations(page, "/network/directory (id) with a photo");
    await fitsThePhone(page, "/network/directory (id)");

    // In a project room: beside their name among who is here, and beside their messages.
    const api = apiAs(request, me);
    const project = (await (await api.post("/projects", { name: `Ruang Foto ${me.id.slice(0, 6)}` })).json()) as { id: string };
    expect((await api.post(`/projects/${project.id}/messages`, { body: "Halo, ini foto saya", clientId: "photo-e2e-1" })).status()).toBe(201);
    await open(page, `/projects/${project.id}`);
    const presencePhoto = page.getByTestId("presence").locator(".avatar-photo img");
    await expect(presencePhoto).toHaveAttribute("src", /size=64&v=/);
    await expectLoaded(presencePhoto, 64);
    const message = page.locator(".chat-msg", { hasText: "Halo, ini foto saya" });
    await expectLoaded(message.locator(".avatar-photo img"), 64);
    await expectNoSeriousViolations(page, "a project room (id) with photos");
    await fitsThePhone(page, "a project room (id)");
  });
});
