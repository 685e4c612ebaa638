import http from "node:http";
import type { AddressInfo } from "node:net";
import { type APIRequestContext, type Page } from "@playwright/test";
import { apiAs, expect, expectNoSeriousViolations, open, test, type Account } from "./support";

// Issue 15: the admin's outbox and sent-mail pages (the e2e server has no SMTP_URL: mail is kept and shown there),
// and the unsubscribe page, which works without logging in.
test.describe.configure({ timeout: 120_000 });

async function fitsThePhone(page: Page, label: string) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `${label}: the document scrolls sideways`).toBeLessThanOrEqual(client);
}

for (const [locale, title] of [
  ["en-US", "This link does not work"],
  ["id-ID", "Tautan ini tidak berfungsi"],
] as const) {
  test.describe(`unsubscribe without logging in (${locale})`, () => {
    test.use({ locale, viewport: { width: 390, height: 844 } });
    test("a broken link says so (400), fits a phone and passes axe", async ({ page }) => {
      const response = await page.goto("/unsubscribe?token=0b8f2c1e-6a3d-4f5b-9c2e-1d4a7b8c9e0f.mention.forged");
      expect(response?.status()).toBe(400);
      await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
      await fitsThePhone(page, "/unsubscribe");
      await expectNoSeriousViolations(page, `unsubscribe (${locale})`);
    });
  });
}

test.describe("the admin's outbox", () => {
  test.use({ locale: "en-US" });

  test("a member is told there is nothing there (404)", async ({ member, page }) => {
    void member;
    expect((await page.goto("/admin/outbox"))?.status()).toBe(404);
    expect((await page.goto("/admin/sent-mail"))?.status()).toBe(404);
  });

  test("the admin sees the counts and filters, and the sent-mail page, on the console's links; both pass axe", async ({ admin, page }) => {
    void admin;
    await open(page, "/admin");
    await page.getByRole("link", { name: "Outbox" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Outbox" })).toBeVisible();
    await expect(page.getByTestId("outbox-counts")).toContainText("Given up");
    await page.getByLabel("Channel").selectOption("email");
    await page.getByLabel("Status", { exact: true }).selectOption("dead");
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(/channel=email&status=dead/);
    await expectNoSeriousViolations(page, "/admin/outbox");
    await page.getByRole("link", { name: "Sent mail" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Sent mail" })).toBeVisible();
    await expectNoSeriousViolations(page, "/admin/sent-mail");
  });

  test("the admin reads a kept mail (text and sandboxed HTML) and its attempt log", async ({ admin, people, page, request }) => {
    const someone = await people.create({ name: "Surat" });
    // A mail written for this person (the email verification of their sign-up), found through the admin API.
    const find = async () => {
      const res = await apiAs(request, admin).get("/admin/outbox?channel=email&limit=100");
      expect(res.status(), await res.text()).toBe(200);
      const { items } = (await res.json()) as { items: Array<{ id: string; address: string; status: string }> };
      return items.find((i) => i.address === someone.email) ?? null;
    };
    test.skip((await find()) === null, "no mail is written at sign-up on this build yet (email verification lands with the accounts part)");
    await expect.poll(async () => (await find())?.status, { timeout: 30_000 }).toBe("kept");
    const row = (await find())!;

    await open(page, "/admin/sent-mail");
    await page.getByTestId(`mail-${row.id}`).getByRole("link").click();
    await expect(page).toHaveURL(new RegExp(`/admin/sent-mail/${row.id}$`));
    await expect(page.getByTestId("mail-text")).toContainText("/verify-email?token=");
    const frame = page.locator("iframe");
    await expect(frame).toHaveAttribute("sandbox", "");
    await expect(page.frameLocator("iframe").getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, "/admin/sent-mail/:id", { frames: false });

    await page.getByRole("main").getByRole("link", { name: "Message", exact: true }).click();
    await expect(page.getByTestId("outbox-status")).toHaveText("Kept (not sent)");
    await expect(page.getByRole("cell", { name: "Kept" }).first()).toBeVisible();
  });
});

type Item = { id: string; kind: string; address: string; endpointId: string | null; status: string };
type Detail = Item & { rendered: { text: string } | null };

/** The outbox as the admin API lists it (newest first), one channel. */
async function outbox(request: APIRequestContext, admin: Account, channel: "email" | "webhook"): Promise<Item[]> {
  const res = await apiAs(request, admin).get(`/admin/outbox?channel=${channel}&limit=100`);
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { items: Item[] }).items;
}

/** A kept mail of a kind for an address, once the worker has kept it, with its words. */
async function keptMail(request: APIRequestContext, admin: Account, to: string, kind: string): Promise<Detail> {
  const find = async () => (await outbox(request, admin, "email")).find((i) => i.address === to && i.kind === kind);
  await expect.poll(async () => (await find())?.status, { timeout: 30_000, message: `a kept ${kind} mail to ${to}` }).toBe("kept");
  const res = await apiAs(request, admin).get(`/admin/outbox/${(await find())!.id}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as Detail;
}

/** The path and query of the first link in a text that goes to `path` (the mail's origin is PUBLIC_ORIGIN's, not ours). */
function linkTo(text: string, path: string): string {
  const found = text.match(new RegExp(`https?://[^\\s]+${path.replace(/[/?]/g, "\\$&")}\\?token=[^\\s]+`));
  expect(found, `a ${path} link in:\n${text}`).not.toBeNull();
  const url = new URL(found![0]);
  return `${url.pathname}${url.search}`;
}

/**
 * A webhook receiver on loopback (the e2e server allows private addresses, as WEBHOOK_ALLOW_PRIVATE does): it answers
 * 410 Gone to the first delivery, so the outbox parks it at once (no retry is due after a 410), and 204 after that.
 */
async function startReceiver() {
  const ids: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      ids.push(String(req.headers["webhook-id"]));
      res.writeHead(ids.length === 1 ? 410 : 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/jejaring`, ids, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test.describe("a parked message", () => {
  test.use({ locale: "en-US" });

  test("the admin retries it from /admin/outbox: it waits again, then goes out with the same webhook-id", async ({ admin, page, request }) => {
    const hooks = await startReceiver();
    try {
      const registered = await apiAs(request, admin).post("/webhooks", { url: hooks.url, events: ["booking.created"], description: "e2e: retry a parked delivery" });
      expect(registered.status(), await registered.text()).toBe(201);
      const { id: endpointId } = (await registered.json()) as { id: string };
      const ping = await request.post(`/api/v1/webhooks/${endpointId}/ping`, { headers: { authorization: `Bearer ${admin.token}` } });
      expect(ping.status(), await ping.text()).toBe(202);
      const find = async () => (await outbox(request, admin, "webhook")).find((i) => i.endpointId === endpointId);
      await expect.poll(async () => (await find())?.status, { timeout: 30_000 }).toBe("dead");
      const row = (await find())!;

      await open(page, "/admin/outbox?channel=webhook&status=dead");
      const line = page.getByTestId(`outbox-${row.id}`);
      await expect(line).toContainText("Given up");
      await expectNoSeriousViolations(page, "/admin/outbox with a parked message");
      await line.getByRole("button", { name: "Retry" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Queued again" })).toBeVisible();
      // No longer parked: waiting (or, the worker being quick, already gone out).
      await expect(page.getByTestId(`outbox-${row.id}`)).toHaveCount(0);
      await open(page, `/admin/outbox/${row.id}`);
      await expect(page.getByTestId("outbox-status")).toHaveText(/^(Waiting|Sending|Sent)$/);
      await expect
        .poll(async () => {
          await page.reload();
          return page.getByTestId("outbox-status").textContent();
        }, { timeout: 30_000 })
        .toBe("Sent");
      // The receiver saw the one message twice, under its one id (Standard Webhooks: the id is the same on a retry).
      expect(hooks.ids).toEqual([row.id, row.id]);
    } finally {
      await hooks.close();
    }
  });
});

test.describe("the unsubscribe link of a kept mail", () => {
  test.use({ locale: "en-US", viewport: { width: 390, height: 844 } });

  test("opened without logging in it switches that kind off; the one-click POST does too; an edited token is refused", async ({ browser, people, request }) => {
    const admin = await people.create({ role: "admin", name: "Admin Surat" });
    const reader = await people.create({ name: "Pembaca" });
    const asker = await people.create({ name: "Penanya" });
    const preferences = async () => {
      const res = await apiAs(request, reader).get("/me/notification-preferences");
      expect(res.status()).toBe(200);
      return ((await res.json()) as { kinds: Record<string, boolean> }).kinds;
    };
    // Preference mail goes only to a confirmed address: the reader confirms theirs with the link of the kept mail.
    const stranger = await browser.newContext({ locale: "en-US", viewport: { width: 390, height: 844 } });
    try {
      const page = await stranger.newPage();
      const verification = await keptMail(request, admin, reader.email, "email_verification");
      await open(page, linkTo(verification.rendered!.text, "/verify-email"));
      await page.getByRole("button", { name: "Confirm my address" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Thank you: your email address is confirmed." })).toBeVisible();

      // Someone asks to connect: a preference mail with its unsubscribe link (and List-Unsubscribe) is kept.
      const asked = await apiAs(request, asker).post("/connections", { memberId: reader.id, note: "Satu ruang kerja" });
      expect(asked.status(), await asked.text()).toBe(201);
      const mail = await keptMail(request, admin, reader.email, "connection_requested");
      const unsubscribe = linkTo(mail.rendered!.text, "/unsubscribe");
      expect((await preferences()).connection_requested).toBe(true);

      // In Indonesian (a browser that prefers it): the same question in its words; opening the link changes nothing.
      const indonesian = await browser.newContext({ locale: "id-ID", viewport: { width: 390, height: 844 } });
      try {
        const idPage = await indonesian.newPage();
        expect((await idPage.goto(unsubscribe))?.status()).toBe(200);
        await expect(idPage.getByRole("heading", { level: 1, name: "Berhenti menerima email ini" })).toBeVisible();
        await expect(idPage.getByText("Anda tidak akan lagi menerima email tentang permintaan koneksi.")).toBeVisible();
        await fitsThePhone(idPage, "/unsubscribe (id)");
        await expectNoSeriousViolations(idPage, "/unsubscribe (a valid link, id)");
      } finally {
        await indonesian.close();
      }
      expect((await preferences()).connection_requested).toBe(true);

      // Opened in a browser that never logged in: it asks first, then switches the kind off.
      expect((await page.goto(unsubscribe))?.status()).toBe(200);
      await expect(page.getByRole("heading", { level: 1, name: "Stop these mails" })).toBeVisible();
      await expect(page.getByText("You will no longer get mails about connection requests.")).toBeVisible();
      await expectNoSeriousViolations(page, "/unsubscribe (a valid link)");
      await page.getByRole("button", { name: "Stop these mails" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Done: no more mails about connection requests." })).toBeVisible();
      await fitsThePhone(page, "/unsubscribe (done)");
      expect((await preferences()).connection_requested).toBe(false);

      // Switched on again, then the mail client's RFC 8058 one-click POST to the same link: off again.
      expect((await apiAs(request, reader).patch("/me/notification-preferences", { kinds: { connection_requested: true } })).status()).toBe(200);
      expect((await preferences()).connection_requested).toBe(true);
      const oneClick = await request.post(unsubscribe, { form: { "List-Unsubscribe": "One-Click" } });
      expect(oneClick.status(), await oneClick.text()).toBe(200);
      expect((await preferences()).connection_requested).toBe(false);

      // The same link edited to name another kind (its signature is for this one) is refused (400), changing nothing.
      expect((await apiAs(request, reader).patch("/me/notification-preferences", { kinds: { connection_requested: true } })).status()).toBe(200);
      const forged = unsubscribe.replace(".connection_requested.", ".mention.");
      expect(forged).not.toBe(unsubscribe);
      expect((await page.goto(forged))?.status()).toBe(400);
      await expect(page.getByRole("heading", { level: 1, name: "This link does not work" })).toBeVisible();
      expect((await request.post(forged, { form: { "List-Unsubscribe": "One-Click" } })).status()).toBe(400);
      expect((await preferences()).connection_requested).toBe(true);
    } finally {
      await stranger.close();
    }
  });
});
