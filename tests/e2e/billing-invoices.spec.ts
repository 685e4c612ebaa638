import { type Page } from "@playwright/test";
import { apiAs, expect, expectNoSeriousViolations, logIn, open, test } from "./support";

// Issue 14, items 4–6: an operator's invoices (totals, filters, CSV), recording a transfer in parts with tax withheld
// until the invoice is paid, voiding another after a confirmation (without JavaScript), and the member's invoices in
// Indonesian with the PDF. On a phone: everything fits 390 px without scrolling sideways, and passes axe.
test.use({ locale: "en-US", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
test.describe.configure({ timeout: 180_000 });

const unique = (prefix: string) => `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;

async function fitsThePhone(page: Page, label: string) {
  const { scrollWidth, clientWidth, widest } = await page.evaluate(() => {
    const el = document.scrollingElement ?? document.documentElement;
    // What sticks out, to say so when it fails.
    const out = Array.from(document.body.querySelectorAll("*"))
      .filter((e) => e.getBoundingClientRect().right > el.clientWidth + 1)
      .map((e) => `${e.tagName.toLowerCase()}.${(e as HTMLElement).className}`)
      .slice(0, 5);
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, widest: out.join(" ") };
  });
  expect(scrollWidth, `horizontal overflow on ${label}: ${widest}`).toBeLessThanOrEqual(clientWidth);
}

/** "IDR 1,110,000" (en-GB) or "Rp 1.110.000" (id-ID), whatever Intl puts between: any space. */
const money = (text: string) => new RegExp(text.replace(/ /g, "\\s").replace(/\./g, "\\."));

test("an operator records a partial payment and the rest net of withholding; voids another; the member reads theirs in Indonesian with the PDF", async ({ page, operator, people, browser }) => {
  const origin = new URL(page.url()).origin;
  const api = apiAs(page.request, operator);
  const created = await api.post("/spaces", {
    name: unique("Ruang Tagih"),
    timezone: "Asia/Jakarta",
    openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: "07:00", closes: "21:00" })),
  });
  expect(created.status()).toBe(201);
  const spaceId = ((await created.json()) as { id: string }).id;
  const tenant = await people.create({ name: "Penyewa" });
  const issue = async (lines: Array<{ description: string; quantity: number; unitPrice: number }>) => {
    const res = await api.post(`/spaces/${spaceId}/invoices`, { memberId: tenant.id, lines });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()) as { id: string; number: string; total: number };
  };
  // PPN 11% (the default): 1.000.000 + 110.000.
  const rent = await issue([{ description: "Hot desk Desember", quantity: 1, unitPrice: 1_000_000 }]);
  const printing = await issue([{ description: "Cetak dokumen", quantity: 10, unitPrice: 2_000 }]);
  expect(rent.total).toBe(1_110_000);

  await test.step("the space's invoices: outstanding totals, the list, a filter and the CSV", async () => {
    await open(page, `/operator/spaces/${spaceId}/invoices`);
    await expect(page.getByRole("heading", { name: "Invoices", exact: true })).toBeVisible();
    await expect(page.getByTestId("outstanding-amount")).toHaveText(money("IDR 1,132,200"));
    await expect(page.getByRole("link", { name: rent.number })).toBeVisible();
    await expect(page.getByRole("link", { name: printing.number })).toBeVisible();
    await fitsThePhone(page, "operator invoices");
    await expectNoSeriousViolations(page, "operator invoices");
    await page.getByLabel("Status").selectOption("paid");
    await page.getByRole("button", { name: "Filter", exact: true }).click();
    await expect(page).toHaveURL(/status=paid/);
    await expect(page.getByText("No invoices yet.")).toBeVisible();
    const csv = await page.request.get(`/api/v1/spaces/${spaceId}/invoices?format=csv`, { headers: { origin } });
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text).toContain(rent.number);
    expect(text).toContain(printing.number);
  });

  await test.step("record a partial transfer, then the rest net of PPh 23: paid", async () => {
    await open(page, `/operator/spaces/${spaceId}/invoices/${rent.id}`);
    await expect(page.getByTestId("balance-due")).toHaveText(money("IDR 1,110,000"));
    await fitsThePhone(page, "operator invoice");
    await expectNoSeriousViolations(page, "operator invoice");
    const form = page.getByRole("form", { name: "Record a payment" });
    await form.getByLabel("Amount received (Rp)").fill("500.000");
    await form.getByLabel("Reference (optional)").fill("BCA 0001");
    await form.getByRole("button", { name: "Record payment" }).click();
    await expect(page.getByText("Payment recorded.")).toBeVisible();
    await expect(page.getByTestId("balance-due")).toHaveText(money("IDR 610,000"));
    // More than is due is refused in words.
    await form.getByLabel("Amount received (Rp)").fill("700000");
    await form.getByRole("button", { name: "Record payment" }).click();
    await expect(page.getByText(/more than the IDR 610,000 still due/)).toBeVisible();
    await form.getByLabel("Amount received (Rp)").fill("590000");
    await form.getByLabel("Tax withheld by the payer (Rp)").fill("20000");
    await form.getByLabel("Method").selectOption("cash");
    await form.getByRole("button", { name: "Record payment" }).click();
    await expect(page.getByText("Payment recorded.")).toBeVisible();
    await expect(page.locator(".status").first()).toHaveText("Paid");
    await expect(page.getByRole("form", { name: "Record a payment" })).toHaveCount(0);
    await expect(page.getByText(/Tax withheld by the payer \(PPh\)/).first()).toBeVisible();
  });

  await test.step("void another invoice without JavaScript, after the confirmation", async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false, locale: "en-US", viewport: { width: 390, height: 844 }, baseURL: origin });
    const other = await noJs.newPage();
    await other.goto("/login");
    await other.getByLabel("Email").fill(operator.email);
    await other.getByLabel("Password", { exact: true }).fill(operator.password);
    await other.getByRole("button", { name: "Log in" }).click();
    await other.waitForURL((url) => !url.pathname.startsWith("/login"));
    await other.goto(`/operator/spaces/${spaceId}/invoices/${printing.id}`);
    await other.getByText("Void this invoice").click();
    await other.getByRole("button", { name: "Void invoice" }).click();
    await expect(other.getByText("Tick the box to confirm.")).toBeVisible();
    await other.getByLabel(`Yes, void invoice ${printing.number}`).check();
    await other.getByLabel("Reason (optional)").fill("Salah tagih");
    await other.getByRole("button", { name: "Void invoice" }).click();
    await expect(other.getByText("Invoice voided.")).toBeVisible();
    await expect(other.locator(".status").first()).toHaveText("Void");
    await noJs.close();
  });

  await test.step("the member reads their invoices in Indonesian and downloads the PDF", async () => {
    const context = await browser.newContext({ locale: "en-US", viewport: { width: 390, height: 844 }, baseURL: origin });
    const member = await context.newPage();
    await logIn(member, tenant);
    await member.request.post("/lang", { form: { locale: "id", redirectTo: "/invoices" }, headers: { origin } });
    await open(member, "/invoices");
    await expect(member.getByRole("heading", { name: "Tagihan saya" })).toBeVisible();
    await expect(member.getByRole("link", { name: rent.number })).toBeVisible();
    await fitsThePhone(member, "member invoices");
    await expectNoSeriousViolations(member, "member invoices");
    await member.getByRole("link", { name: rent.number }).click();
    await expect(member.getByText("Lunas").first()).toBeVisible();
    await expect(member.getByText("Pajak dipotong pembayar (PPh)").first()).toBeVisible();
    await fitsThePhone(member, "member invoice");
    await expectNoSeriousViolations(member, "member invoice");
    const href = await member.getByRole("link", { name: "Unduh PDF" }).getAttribute("href");
    const pdf = await member.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toMatch(/^application\/pdf/);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
    await context.close();
  });
});
