import { randomUUID } from "node:crypto";
import { type APIRequestContext, type Page } from "@playwright/test";
import { apiAs, expect, expectNoSeriousViolations, hydrated, logIn, open, test, type Account } from "./support";

// Direct messages (issue 13) between two fresh, connected members on phones: the "Message" action on a profile,
// a message that arrives live with an unread badge behind the header's menu, a reply that comes back live, the
// conversations list; and without JavaScript a plain form posts a message and the thread renders on the server.
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
// Two fresh members log in (password hashing) in two browser contexts on a loaded 2-core machine.
test.describe.configure({ timeout: 120_000 });

/** No horizontal scrolling of the document at the phone's width. */
async function fitsThePhone(page: Page, label: string) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `${label}: the document scrolls sideways`).toBeLessThanOrEqual(client);
  expect(client).toBeLessThanOrEqual(390);
}

/** `a` asks, `b` accepts: an accepted connection (through the API). */
async function connect(request: APIRequestContext, a: Account, b: Account): Promise<string> {
  const asked = await apiAs(request, a).post("/connections", { memberId: b.id });
  expect(asked.status()).toBe(201);
  const { id } = (await asked.json()) as { id: string };
  expect((await apiAs(request, b).post(`/connections/${id}/accept`, {})).status()).toBe(200);
  return id;
}

const chatLog = (page: Page) => page.getByRole("log");
/** A message's text in the log (without JavaScript my own messages also carry their edit form's text). */
const said = (page: Page, text: string) => chatLog(page).locator(".chat-text", { hasText: text });
const composer = (page: Page, name = "Message") => page.getByRole("textbox", { name, exact: true });
const expectLive = (page: Page) => expect(page.getByTestId("room-live")).toHaveAttribute("data-live", "true");

test("two connected members write to each other live; the unread count shows behind the menu and in the list", async ({ page, browser, member: ayu, people, request }) => {
  const budi = await people.create({ name: `Budi ${randomUUID().slice(0, 6)}` });
  await connect(request, ayu, budi);
  const contextB = await browser.newContext({ locale: "en-US", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  try {
    const pageB = await contextB.newPage();
    await logIn(pageB, budi);
    await open(pageB, "/");
    await expect(pageB.getByTestId("menu-unread")).toHaveCount(0);

    await test.step("Ayu opens the thread from Budi's profile", async () => {
      await open(page, `/members/${budi.id}`);
      await page.getByTestId("message-member").click();
      await expect(page).toHaveURL(new RegExp(`/messages/${budi.id}$`));
      await expect(page.getByRole("heading", { level: 1, name: budi.name })).toBeVisible();
      await hydrated(page);
      await expectLive(page);
      await fitsThePhone(page, "the thread");
      await expectNoSeriousViolations(page, "the thread");
    });

    await test.step("Ayu's message arrives live: Budi's menu shows a dot and Messages a count", async () => {
      await composer(page).fill("Halo Budi, besok ke coworking?");
      await page.getByRole("button", { name: "Send" }).click();
      await expect(said(page, "Halo Budi, besok ke coworking?")).toBeVisible();
      await expect(pageB.getByTestId("menu-unread")).toHaveCount(1);
      await pageB.getByTestId("menu-toggle").click();
      await expect(pageB.getByTestId("nav-messages")).toContainText("1");
      await expect(pageB.getByTestId("nav-messages")).toContainText("1 unread message");
    });

    await test.step("Budi's list: Ayu, the last message and its unread count, newest first", async () => {
      await pageB.getByTestId("nav-messages").click();
      await expect(pageB.getByRole("heading", { level: 1, name: "Messages" })).toBeVisible();
      const row = pageB.getByTestId("conversation").first();
      await expect(row).toContainText(ayu.name);
      await expect(row).toContainText("Halo Budi, besok ke coworking?");
      await expect(row.getByTestId("conversation-unread")).toHaveText("1");
      await hydrated(pageB);
      await fitsThePhone(pageB, "/messages");
      await expectNoSeriousViolations(pageB, "/messages");
    });

    await test.step("Budi replies in the thread; Ayu sees it live, and the typing", async () => {
      await pageB.getByTestId("conversation").first().getByRole("link").click();
      await expect(pageB).toHaveURL(new RegExp(`/messages/${ayu.id}$`));
      await hydrated(pageB);
      await expectLive(pageB);
      await expect(said(pageB, "Halo Budi, besok ke coworking?")).toBeVisible();
      await composer(pageB).fill("Boleh");
      await expect(page.getByTestId("typing")).toContainText(budi.name);
      await composer(pageB).fill("Boleh, jam 10 ya");
      await pageB.getByRole("button", { name: "Send" }).click();
      await expect(said(page, "Boleh, jam 10 ya")).toBeVisible();
      // Read while open: back on the list nothing is unread.
      await pageB.getByRole("link", { name: /All messages/ }).click();
      await expect(pageB.getByTestId("conversation").first()).toContainText("You: Boleh, jam 10 ya");
      await expect(pageB.getByTestId("conversation-unread")).toHaveCount(0);
      await expect(pageB.getByTestId("menu-unread")).toHaveCount(0);
    });
  } finally {
    await contextB.close();
  }
});

test("without JavaScript (Indonesian): the thread renders on the server and a plain form posts a message; a removed connection stays readable", async ({ browser, people, request }) => {
  const [citra, dewi] = [await people.create({ name: `Citra ${randomUUID().slice(0, 6)}` }), await people.create({ name: `Dewi ${randomUUID().slice(0, 6)}` })];
  const connectionId = await connect(request, citra, dewi);
  expect((await apiAs(request, dewi).post(`/conversations/${citra.id}/messages`, { body: "Selamat pagi, Citra", clientId: randomUUID() })).status()).toBe(201);
  const context = await browser.newContext({ locale: "id-ID", javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill(citra.email);
    await page.getByLabel("Kata sandi", { exact: true }).fill(citra.password);
    await page.getByRole("button", { name: "Masuk" }).click();
    await expect(page.getByTestId("bell")).toBeVisible({ timeout: 30_000 });

    await page.goto("/network/connections");
    await page.getByRole("link", { name: `Kirim pesan ke ${dewi.name}` }).click();
    await expect(page).toHaveURL(new RegExp(`/messages/${dewi.id}$`));
    await expect(said(page, "Selamat pagi, Citra")).toBeVisible();
    await composer(page, "Pesan").fill("Pagi juga, Dewi!");
    await page.getByRole("button", { name: "Kirim" }).click();
    await expect(said(page, "Pagi juga, Dewi!")).toBeVisible();
    await fitsThePhone(page, "the thread without JavaScript");
    const stored = (await (await apiAs(request, dewi).get(`/conversations/${citra.id}/messages`)).json()) as { items: Array<{ body: string }> };
    expect(stored.items.map((m) => m.body)).toEqual(["Selamat pagi, Citra", "Pagi juga, Dewi!"]);

    // The connection goes: the thread stays readable, and says why there is no composer.
    expect((await request.delete(`/api/v1/connections/${connectionId}`, { headers: { authorization: `Bearer ${dewi.token}` } })).status()).toBe(204);
    await page.reload();
    await expect(said(page, "Pagi juga, Dewi!")).toBeVisible();
    await expect(page.getByTestId("thread-closed")).toContainText("tidak lagi terhubung");
    await expect(composer(page, "Pesan")).toHaveCount(0);
  } finally {
    await context.close();
  }
});
