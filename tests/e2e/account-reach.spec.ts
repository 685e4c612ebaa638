import { randomInt, randomUUID } from "node:crypto";
import { type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { apiAs, expect, expectNoSeriousViolations, logIn, open, test, type Account } from "./support";

// Issue 15 in the browser: a forgotten password reset through its mail, the account page's notification preferences
// with the WhatsApp code, and changing one's email through the link sent to the new address. The e2e server has no
// SMTP_URL and no WhatsApp token: what would be sent is kept in the outbox, and read here as the admin reads it.
test.use({ locale: "en-US", viewport: { width: 390, height: 844 } });
// Log-ins and password changes are real scrypt at OWASP cost; the outbox worker polls once a second.
test.describe.configure({ timeout: 180_000 });

type Kept = { id: string; kind: string; address: string; status: string };

/**
 * The words of the newest message of a kind kept for an address, as the admin reads it: found in the outbox list
 * (polled until the worker kept it), then its rendered text from the message's page of the API.
 */
async function keptMessage(request: APIRequestContext, admin: Account, channel: "email" | "whatsapp", address: string, kind: string): Promise<string> {
  let id: string | undefined;
  await expect
    .poll(
      async () => {
        const res = await apiAs(request, admin).get(`/admin/outbox?channel=${channel}&limit=100`);
        expect(res.status(), await res.text()).toBe(200);
        const { items } = (await res.json()) as { items: Kept[] };
        id = items.find((i) => i.address === address && i.kind === kind && i.status === "kept")?.id;
        return Boolean(id);
      },
      { timeout: 30_000, message: `a kept ${kind} for ${address}` },
    )
    .toBe(true);
  const res = await apiAs(request, admin).get(`/admin/outbox/${id}`);
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { rendered: { text: string } }).rendered.text;
}

/** The path and query of the link to `path` in a mail's text (the mail's origin is the server's). */
function linkIn(text: string, path: string): string {
  const match = new RegExp(`https?://[^\\s/]+(${path.replace("/", "\\/")}\\?token=[A-Za-z0-9_%-]+)`).exec(text);
  expect(match, text).not.toBeNull();
  return match![1]!;
}

async function fitsThePhone(page: Page, label: string) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `${label}: the document scrolls sideways`).toBeLessThanOrEqual(client);
}

async function anotherDevice(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, locale: "en-US" });
  return { context, page: await context.newPage() };
}

test("a forgotten password: the mail's link sets a new one, other sessions end, and the link works once", async ({ page, people, request, browser, baseURL }) => {
  const admin = await people.create({ role: "admin", name: "Kotak Surat" });
  const me = await people.create({ name: "Lupa Sandi" });
  // Another browser of the same member, logged in before the reset.
  const other = await anotherDevice(browser, baseURL);
  await logIn(other.page, me);

  await open(page, "/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Forgot your password?" })).toBeVisible();
  await fitsThePhone(page, "/forgot-password");
  await expectNoSeriousViolations(page, "/forgot-password");
  await page.getByLabel("Email").fill(me.email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("status")).toHaveText("If an account uses this address, a link to set a new password is on its way. It works once, for one hour.");

  const link = linkIn(await keptMessage(request, admin, "email", me.email, "password_reset"), "/reset-password");
  await open(page, link);
  await expect(page.getByRole("heading", { level: 1, name: "Set a new password" })).toBeVisible();
  await fitsThePhone(page, "/reset-password");
  await expectNoSeriousViolations(page, "/reset-password");
  const newPassword = `e2e-new-${randomUUID()}`;
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page).toHaveURL(/\/login\?reset=1$/);
  await expect(page.getByRole("status")).toHaveText("Your password is changed. Log in with the new one; every other session has ended.");

  // The same link a second time is refused, with words and a way to ask again.
  await open(page, link);
  await page.getByLabel("New password").fill(`e2e-again-${randomUUID()}`);
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page.getByRole("alert")).toContainText("This link has expired or was already used: ask for a new one.");
  await expect(page.getByRole("link", { name: "Ask for a new link" })).toBeVisible();

  // The other browser was logged out; the old password no longer logs in, the new one does.
  await other.page.goto("/account");
  await expect(other.page).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
  await other.context.close();
  const old = await request.post("/api/v1/auth/tokens", { data: { email: me.email, password: me.password } });
  expect(old.status()).toBe(401);
  await logIn(page, { email: me.email, password: newPassword });
});

test("notification preferences: a kind switched off stays off; a WhatsApp number is confirmed by its code; no JavaScript needed", async ({ browser, baseURL, people, request }) => {
  const admin = await people.create({ role: "admin", name: "Kotak Surat" });
  const me = await people.create({ name: "Atur Notifikasi" });
  // Every step is a plain form post and a page load.
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, locale: "en-US", javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(me.email);
  await page.getByLabel("Password", { exact: true }).fill(me.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("bell")).toBeVisible({ timeout: 30_000 });

  await page.goto("/account");
  const section = page.getByRole("region", { name: "Notifications" });
  const reminder = section.getByRole("checkbox", { name: "Booking reminder" });
  await expect(reminder).toBeChecked();
  await expect(reminder).toHaveAccessibleDescription("Shortly before a booking starts. (also by WhatsApp)");
  await expect(section.getByRole("checkbox", { name: "By WhatsApp" })).toBeDisabled();
  await fitsThePhone(page, "/account");

  await reminder.uncheck();
  await section.getByRole("checkbox", { name: "Task assigned" }).check();
  await section.getByRole("button", { name: "Save notification settings" }).click();
  await expect(section.getByRole("status")).toHaveText("Notification settings saved.");
  await page.reload();
  await expect(section.getByRole("checkbox", { name: "Booking reminder" })).not.toBeChecked();
  await expect(section.getByRole("checkbox", { name: "Task assigned" })).toBeChecked();
  await expect(section.getByRole("checkbox", { name: "New invoice" })).toBeChecked();
  const prefs = (await (await apiAs(request, me).get("/me/notification-preferences")).json()) as { kinds: Record<string, boolean> };
  expect(prefs.kinds).toMatchObject({ booking_reminder: false, task_assigned: true, invoice_issued: true });

  // A number not in the international form is refused in words, and nothing is sent.
  await section.getByLabel("Phone number").fill("0812 3456 7890");
  await section.getByRole("button", { name: "Send the code" }).click();
  await expect(section.getByLabel("Phone number")).toHaveAttribute("aria-invalid", "true");

  const phone = `+62812${String(randomInt(0, 10_000_000)).padStart(7, "0")}`;
  await section.getByLabel("Phone number").fill(phone);
  await section.getByRole("button", { name: "Send the code" }).click();
  await expect(section.getByTestId("phone-pending")).toHaveText(`We sent a 6-digit code by WhatsApp to ${phone}. It works for 10 minutes.`);
  await fitsThePhone(page, "/account (code sent)");

  // Another code at once: the wait is said in seconds.
  await section.getByRole("button", { name: "Send a new code" }).click();
  await expect(section.getByRole("alert")).toHaveText(/^A code was sent a moment ago: wait \d+ seconds? before asking for another\.$/);

  const code = /\b(\d{6})\b/.exec(await keptMessage(request, admin, "whatsapp", phone, "phone_verification"))![1]!;
  const wrong = code === "000000" ? "111111" : "000000";
  await section.getByLabel("The code").fill(wrong);
  await section.getByRole("button", { name: "Confirm the number" }).click();
  await expect(section.getByLabel("The code")).toHaveAccessibleDescription(/That code is not right\./);

  await section.getByLabel("The code").fill(code);
  await section.getByRole("button", { name: "Confirm the number" }).click();
  await expect(section.getByRole("status")).toHaveText("Your number is confirmed. Switch on “By WhatsApp” above to get messages there.");
  await expect(section.getByTestId("phone-verified")).toHaveText(`${phone} is confirmed.`);

  await section.getByRole("checkbox", { name: "By WhatsApp" }).check();
  await section.getByRole("button", { name: "Save notification settings" }).click();
  await expect(section.getByRole("status")).toHaveText("Notification settings saved.");
  await page.reload();
  await expect(section.getByRole("checkbox", { name: "By WhatsApp" })).toBeChecked();
  await expect(section.getByRole("checkbox", { name: "By WhatsApp" })).toHaveAccessibleDescription(`To ${phone}, for the messages marked WhatsApp.`);
  await context.close();
});

test("changing one's email: the new address confirms it by its link, the old one is told, a taken address is refused", async ({ member, people, page, request }) => {
  const admin = await people.create({ role: "admin", name: "Kotak Surat" });
  const neighbour = await people.create({ name: "Tetangga" });
  await open(page, "/account");
  const section = page.getByRole("region", { name: "Email address" });
  await expect(section).toContainText(`Your address is ${member.email}.`);

  await section.getByLabel("New email address").fill(neighbour.email.toUpperCase());
  await section.getByLabel("Your password").fill(member.password);
  await section.getByRole("button", { name: "Change email address" }).click();
  await expect(section.getByLabel("New email address")).toHaveAccessibleDescription("Another account uses this email address.");

  await section.getByLabel("New email address").fill("someone@example.com");
  await section.getByLabel("Your password").fill("not my password");
  await section.getByRole("button", { name: "Change email address" }).click();
  await expect(section.getByLabel("Your password")).toHaveAccessibleDescription("That is not your current password.");

  const newEmail = `e2e-baru-${randomUUID().slice(0, 8)}@e2e.jejaring.id`;
  await section.getByLabel("New email address").fill(newEmail);
  await section.getByLabel("Your password").fill(member.password);
  await section.getByRole("button", { name: "Change email address" }).click();
  await expect(section.getByRole("status")).toHaveText(`Check ${newEmail}: open the link in the mail we sent there to finish the change.`);
  await expect(section.getByTestId("email-pending")).toContainText(`Waiting for confirmation: ${newEmail}. Until its link is opened, mail keeps going to ${member.email}.`);
  await fitsThePhone(page, "/account (email change pending)");
  // axe runs in a page with JavaScript: the account page with an email change and a WhatsApp code both waiting.
  const phone = await apiAs(request, member).patch("/me/notification-preferences", { phone: `+62814${String(randomInt(0, 10_000_000)).padStart(7, "0")}` });
  expect(phone.status(), await phone.text()).toBe(200);
  await open(page, "/account");
  await expect(page.getByTestId("code-form")).toBeVisible();
  await expectNoSeriousViolations(page, "/account (email change and WhatsApp code waiting)");

  const notice = await keptMessage(request, admin, "email", member.email, "email_change_requested");
  expect(notice).toContain(newEmail);
  expect(notice).not.toContain("/verify-email");
  const link = linkIn(await keptMessage(request, admin, "email", newEmail, "email_change"), "/verify-email");

  await open(page, link);
  await expect(page.getByRole("heading", { level: 1, name: "Confirm your email" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText(`Done: your email address is now ${newEmail}, and it is confirmed.`);
  await expectNoSeriousViolations(page, "/verify-email (changed)");

  await open(page, "/account");
  await expect(page.getByTestId("email-verified")).toHaveText(`Your email address ${newEmail} is confirmed.`);
  await expect(page.getByTestId("email-pending")).toHaveCount(0);
  const tokens = await request.post("/api/v1/auth/tokens", { data: { email: newEmail, password: member.password } });
  expect(tokens.status(), await tokens.text()).toBe(201);
});
