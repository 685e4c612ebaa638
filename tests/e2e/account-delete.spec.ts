import { randomBytes, randomUUID } from "node:crypto";
import { type APIRequestContext } from "@playwright/test";
import { expect, open, test } from "./support";

// Issue 13: deleting an account. The account is signed up here, not with the `people` fixture (whose clean-up
// suspends its accounts, and a deleted one is not there to suspend).
test.use({ viewport: { width: 390, height: 844 } });
// Each log-in and password change is a real scrypt at OWASP cost (128 MiB): on a busy CI machine several take
// longer than the default 30 s together.
test.describe.configure({ timeout: 180_000 });

async function signUp(request: APIRequestContext) {
  const suffix = randomUUID().slice(0, 8);
  const account = { email: `hapus-${suffix}@e2e.jejaring.id`, name: `Akan Pergi ${suffix}`, password: `e2e-${randomUUID()}` };
  const res = await request.post("/api/v1/auth/signup", { data: account, headers: { "x-forwarded-for": `198.51.100.${1 + (randomBytes(1)[0]! % 254)}` } });
  expect(res.status()).toBe(201);
  const { token } = (await res.json()) as { token: string };
  return { ...account, token };
}

for (const [lang, javaScriptEnabled] of [["id", false], ["en", true]] as const) {
  test.describe(`${lang === "id" ? "Bahasa Indonesia, tanpa JavaScript" : "English, with JavaScript"}`, () => {
    test.use({ locale: lang === "id" ? "id-ID" : "en-US", javaScriptEnabled });

    test(`${lang}: the confirmation page states what happens, a wrong password deletes nothing, the right one deletes the account`, async ({ page, request }) => {
      const words =
        lang === "id"
          ? {
              password: "Kata sandi", login: "Masuk", account: "Akun Anda", link: "Hapus akun saya…", heading: "Hapus akun Anda?",
              bookings: "Pemesanan Anda yang akan datang dibatalkan", messages: "mantan anggota", confirm: "Masukkan kata sandi Anda untuk konfirmasi",
              submit: "Hapus akun saya", wrong: "Itu bukan kata sandi Anda: tidak ada yang dihapus.", done: "Akun Anda sudah dihapus.",
              invalid: "Email atau kata sandi salah.",
            }
          : {
              password: "Password", login: "Log in", account: "Your account", link: "Delete my account…", heading: "Delete your account?",
              bookings: "Your upcoming bookings are cancelled", messages: "former member", confirm: "Enter your password to confirm",
              submit: "Delete my account", wrong: "That is not your password: nothing was deleted.", done: "Your account has been deleted.",
              invalid: "Email or password is incorrect.",
            };
      const me = await signUp(request);
      const go = (path: string) => (javaScriptEnabled ? open(page, path) : page.goto(path));
      await go("/login");
      await page.getByLabel("Email").fill(me.email);
      await page.getByLabel(words.password, { exact: true }).fill(me.password);
      await page.getByRole("button", { name: words.login }).click();
      await expect(page).toHaveURL(/\/$/, { timeout: 60_000 });

      await go("/account");
      await expect(page.getByRole("heading", { level: 1, name: words.account })).toBeVisible();
      await page.getByRole("link", { name: words.link }).click();
      await expect(page).toHaveURL(/\/account\/delete$/);
      await expect(page.getByRole("heading", { level: 1, name: words.heading })).toBeVisible();
      const list = page.getByRole("main").locator("ul.account-consequences");
      await expect(list.getByRole("listitem")).toHaveCount(5);
      await expect(list).toContainText(words.bookings);
      await expect(list).toContainText(words.messages);

      await page.getByLabel(words.confirm).fill("not my password at all");
      await page.getByRole("button", { name: words.submit }).click();
      await expect(page.getByRole("alert")).toHaveText(words.wrong);
      expect((await request.get("/api/v1/me", { headers: { authorization: `Bearer ${me.token}` } })).status()).toBe(200);

      await page.getByLabel(words.confirm).fill(me.password);
      await page.getByRole("button", { name: words.submit }).click();
      await expect(page).toHaveURL(/\/login\?deleted=1$/);
      await expect(page.getByRole("main").getByRole("status")).toHaveText(new RegExp(`^${words.done}`));
      expect((await request.get("/api/v1/me", { headers: { authorization: `Bearer ${me.token}` } })).status()).toBe(401);

      // Gone: logging in again is refused like any unknown account.
      await page.getByLabel("Email").fill(me.email);
      await page.getByLabel(words.password, { exact: true }).fill(me.password);
      await page.getByRole("button", { name: words.login }).click();
      await expect(page.getByRole("alert")).toHaveText(words.invalid);
    });
  });
}
