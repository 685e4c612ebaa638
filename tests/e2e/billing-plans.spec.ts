import { type Page } from "@playwright/test";
import { apiAs, expect, expectNoSeriousViolations, open, test } from "./support";

// Issue 14, plans: an operator creates a plan in the plans editor; a member subscribes to it without JavaScript, in
// Indonesian, on a phone, after seeing what the first invoice will say. Every page fits 390 px and passes axe.
test.describe.configure({ timeout: 240_000 });
const phone = { width: 390, height: 844 };
const unique = (prefix: string) => `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;

async function fitsThePhone(page: Page, label: string) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const el = document.scrollingElement ?? document.documentElement;
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
  });
  expect(scrollWidth, `horizontal overflow on ${label}`).toBeLessThanOrEqual(clientWidth);
}

async function spaceOf(request: Parameters<typeof apiAs>[0], operator: Parameters<typeof apiAs>[1]): Promise<string> {
  const created = await apiAs(request, operator).post("/spaces", {
    name: unique("Ruang Paket"),
    timezone: "Asia/Jakarta",
    openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: "07:00", closes: "21:00" })),
  });
  expect(created.status()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

test.describe("operator", () => {
  test.use({ locale: "en-US", viewport: phone, isMobile: true, hasTouch: true });

  test("creates a monthly plan in the plans editor and sees it offered", async ({ page, request, operator }) => {
    const spaceId = await spaceOf(request, operator);
    await open(page, `/operator/spaces/${spaceId}/plans`);
    await expect(page.getByText("This space sells no plans yet.")).toBeVisible();
    await fitsThePhone(page, "empty plans editor");
    await expectNoSeriousViolations(page, "empty plans editor");
    const form = page.getByRole("form", { name: "New plan" });
    await form.getByLabel("Name").fill("Hot desk bulanan");
    await form.getByLabel("Kind").selectOption("hot_desk");
    await form.getByLabel("Billed").selectOption("month");
    await form.getByLabel("Price (Rp)").fill("1250000");
    await form.getByLabel("Credits per period").fill("10");
    await form.getByRole("button", { name: "Create plan" }).click();
    await expect(page.getByText("Hot desk bulanan is on offer.")).toBeVisible();
    const list = page.getByRole("region", { name: "Plans" }).first();
    await expect(list.getByText("Hot desk bulanan", { exact: true })).toBeVisible();
    await expect(list).toContainText("1,250,000");
    await fitsThePhone(page, "plans editor");
    await expectNoSeriousViolations(page, "plans editor");
    // The member pages, with JavaScript (axe runs in the page): the plans on offer and their quote, the hub.
    await open(page, "/plans");
    await page.getByRole("button", { name: "Subscribe to Hot desk bulanan" }).first().click();
    await expect(page.getByRole("region", { name: "Hot desk bulanan: what will be invoiced" })).toBeVisible();
    await fitsThePhone(page, "plans with a quote");
    await expectNoSeriousViolations(page, "plans with a quote");
    await open(page, "/billing");
    await fitsThePhone(page, "billing hub");
    await expectNoSeriousViolations(page, "billing hub");
  });
});

test.describe("member, Bahasa Indonesia, tanpa JavaScript", () => {
  test("berlangganan paket dari /plans setelah melihat tagihan pertamanya", async ({ browser, request, people }) => {
    const operator = await people.create({ role: "operator", name: "Operator" });
    const spaceId = await spaceOf(request, operator);
    const planName = unique("Hot desk");
    const plan = await apiAs(request, operator).post("/plans", { spaceId, name: planName, kind: "hot_desk", price: 1_250_000, interval: "month", creditsPerCycle: 10 });
    expect(plan.status()).toBe(201);
    const member = await people.create({ name: "Anggota" });

    const context = await browser.newContext({ locale: "id-ID", javaScriptEnabled: false, viewport: phone });
    const page = await context.newPage();
    try {
      await page.goto("/login");
      await page.getByLabel("Email").fill(member.email);
      await page.getByLabel("Kata sandi", { exact: true }).fill(member.password);
      await page.getByRole("button", { name: "Masuk" }).click();
      await expect(page).toHaveURL(/\/$/, { timeout: 60_000 });

      await page.goto("/plans");
      await expect(page.getByRole("heading", { level: 1, name: "Paket" })).toBeVisible();
      const card = page.getByRole("listitem").filter({ hasText: planName });
      await expect(card).toContainText("per bulan");
      await expect(card).toContainText("10 kredit");
      // (axe runs its script in the page: the JavaScript-enabled operator test checks these pages with it.)
      await fitsThePhone(page, "plans");
      await card.getByRole("button", { name: `Berlangganan ${planName}` }).click();

      const quote = page.getByRole("region", { name: `${planName}: yang akan ditagihkan` });
      await expect(quote).toBeVisible();
      await expect(quote).toContainText("Periode pertama");
      await expect(quote).toContainText("Total");
      await expect(quote).toContainText("Rp");
      await fitsThePhone(page, "quote");
      await quote.getByRole("button", { name: "Konfirmasi dan terima tagihan" }).click();

      await expect(page).toHaveURL(/\/billing\?subscribed=/);
      await expect(page.locator("p.notice")).toContainText(`${planName}: menunggu pembayaran`);
      await expect(page.getByRole("region", { name: "Paket saya" })).toContainText(planName);
      await fitsThePhone(page, "billing hub");
      const html = (await page.locator("main").innerText()).toLowerCase();
      for (const english of ["subscribe", "invoice", "wallet", "plan "]) expect(html, `English on the Indonesian page: ${english}`).not.toContain(english);
    } finally {
      await context.close();
    }
  });
});
