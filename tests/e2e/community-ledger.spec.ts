import { readFile } from "node:fs/promises";
import { type Page } from "@playwright/test";
import { apiAs, expect, expectNoSeriousViolations, logIn, open, test } from "./support";

// Issue 16, the ledger on a phone: one member passes business and records hours for a connection through the page's
// plain forms; the other confirms the hours and moves the referral to won (in Indonesian); the giver's page then
// shows the balance and the closed business. Every state fits 390 px and passes axe.
test.use({ locale: "en-US", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
test.describe.configure({ timeout: 120_000 });

async function fitsThePhone(page: Page, label: string) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const el = document.scrollingElement ?? document.documentElement;
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
  });
  expect(scrollWidth, `horizontal overflow on ${label}`).toBeLessThanOrEqual(clientWidth);
}

test("a member passes business and records hours; the receiver confirms and wins it; both ledgers show it", async ({ page, member: giver, people, browser }) => {
  const origin = new URL(page.url()).origin;
  const receiver = await people.create({ name: "Dewi" });
  // Connected first (people pass business to their connections).
  const asked = await apiAs(page.request, giver).post("/connections", { memberId: receiver.id });
  expect(asked.status()).toBe(201);
  const connectionId = ((await asked.json()) as { id: string }).id;
  expect((await apiAs(page.request, receiver).post(`/connections/${connectionId}/accept`, {})).status()).toBe(200);

  await test.step("the giver passes on business and records hours from the page", async () => {
    await open(page, `/members/${receiver.id}`);
    await page.getByTestId("ledger-member").click();
    await expect(page.getByRole("heading", { level: 1, name: "Business & hours" })).toBeVisible();
    await fitsThePhone(page, "ledger (empty)");
    await expectNoSeriousViolations(page, "ledger (empty)");
    const give = page.getByTestId("give-form");
    await expect(give.getByLabel("To")).toHaveValue(receiver.id);
    // A value typed as people write it ("15.000.000") is read as rupiah.
    await give.getByLabel("Estimated value (optional)").fill("15.000.000");
    await give.getByLabel("Who needs it").fill("Toko Batik Sari");
    await give.getByLabel("What they need").fill("Product photos for a new catalogue");
    await give.getByRole("button", { name: "Pass it on" }).click();
    await expect(page.getByTestId("ledger-done")).toHaveText("Passed on. They have been told.");
    await expect(page.getByTestId("referral")).toHaveAttribute("data-status", "given");
    await expect(page.getByTestId("referral")).toContainText("estimated IDR 15,000,000");

    const record = page.getByTestId("record-form");
    await record.getByLabel("Hours").fill("1.1");
    await record.getByLabel("What you did").fill("Brand review");
    await record.getByRole("button", { name: "Record hours" }).click();
    await expect(record.getByText("Use quarter hours (for example 1, 1.25 or 1.5).")).toBeVisible();
    await record.getByLabel("Hours").fill("1.5");
    await record.getByRole("button", { name: "Record hours" }).click();
    await expect(page.getByTestId("ledger-done")).toHaveText("Recorded. They will be asked to confirm.");
    await expect(page.getByTestId("hours")).toHaveAttribute("data-status", "pending");
    await fitsThePhone(page, "ledger (given)");
    await expectNoSeriousViolations(page, "ledger (given)");
  });

  await test.step("the receiver, in Indonesian, confirms the hours and moves the referral to won", async () => {
    const context = await browser.newContext({ locale: "en-US", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, baseURL: origin });
    const other = await context.newPage();
    await logIn(other, receiver);
    await other.request.post("/lang", { form: { locale: "id", redirectTo: "/ledger" }, headers: { origin } });
    await open(other, "/ledger");
    await expect(other.getByRole("heading", { level: 1, name: "Bisnis & jam" })).toBeVisible();
    const waiting = other.getByTestId("ledger-answer");
    await expect(waiting.getByTestId("hours-to-confirm")).toContainText("1,5 jam");
    await fitsThePhone(other, "ledger (to answer)");
    await expectNoSeriousViolations(other, "ledger (to answer)");
    await waiting.getByRole("button", { name: "Konfirmasi" }).click();
    await expect(other.getByTestId("ledger-done")).toHaveText("Dikonfirmasi: jam sudah masuk buku.");
    await expect(other.getByTestId("hours-balance")).toHaveText("-1,5 jam");

    const step = other.getByTestId("referral-to-step");
    await step.getByLabel(/Tahap berikutnya/).selectOption("won");
    await step.getByRole("button", { name: "Simpan tahap" }).click();
    // won without its value is refused with words, and nothing changes.
    await expect(step.getByText("Sebutkan nilai bisnis yang berhasil (dalam rupiah, tanpa pajak).")).toBeVisible();
    await step.getByLabel(/Tahap berikutnya/).selectOption("won");
    await step.getByLabel("Nilai bisnis, jika berhasil").fill("12.500.000");
    await step.getByRole("button", { name: "Simpan tahap" }).click();
    await expect(other.getByTestId("ledger-done")).toHaveText("Tersimpan. Anggota yang merujuk sudah diberi tahu.");
    await expect(other.getByTestId("referral")).toHaveAttribute("data-status", "won");
    await expect(other.getByTestId("ledger-answer")).toHaveCount(0);
    await context.close();
  });

  await test.step("the giver's ledger shows the hours credited and the business closed", async () => {
    await open(page, "/ledger");
    await expect(page.getByTestId("hours-balance")).toHaveText("1.5 hours");
    await expect(page.getByTestId("closed-value")).toHaveText("IDR 12,500,000");
    await expect(page.getByTestId("referral")).toHaveAttribute("data-status", "won");
    await expect(page.getByTestId("hours")).toHaveAttribute("data-status", "confirmed");
    await open(page, "/notifications");
    await expect(page.getByText(/closed the business with Toko Batik Sari/)).toBeVisible();
  });

  await test.step("the network manager sees what the network produced, with each member's light and the rule", async () => {
    const admin = await people.create({ role: "admin", name: "Manajer" });
    const context = await browser.newContext({ locale: "en-US", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, baseURL: origin });
    const manager = await context.newPage();
    await logIn(manager, admin);
    await open(manager, "/admin");
    const produced = manager.getByTestId("produced");
    await expect(produced).toContainText("business closed (without tax)");
    await expect(produced.getByText(/a referral counts as one hour/)).toBeVisible();
    // The giver passed one referral and gave 1.5 h, received nothing: green. The receiver got both and gave nothing: red.
    const row = (who: { name: string }) => produced.getByRole("row").filter({ hasText: who.name });
    await expect(row(giver)).toHaveText(/1 referral, 1.5 h\s*0 referrals, 0 h\s*green/);
    await expect(row(receiver)).toHaveText(/0 referrals, 0 h\s*1 referral, 1.5 h\s*red/);
    // How connected the network is, and where introductions led, in words; each month in a table beside its chart.
    await expect(produced.getByTestId("density")).toContainText("of all possible pairs connected");
    await expect(produced.getByTestId("introduced")).toContainText(/introductions? made/);
    await expect(produced.getByTestId("months").getByRole("row").last()).toContainText(new Intl.DateTimeFormat("en-GB", { month: "short", year: "numeric", timeZone: "Asia/Jakarta" }).format(new Date()));
    // The programme report: the figures as CSV, the same numbers as the page.
    const given = Number(await produced.locator(".stats li").filter({ hasText: "referrals given" }).locator("strong").innerText());
    const [download] = await Promise.all([manager.waitForEvent("download"), produced.getByRole("link", { name: "Figures" }).click()]);
    const csv = await readFile((await download.path())!, "utf8");
    expect(csv).toContain(`referralsGiven,${given}\r\n`);
    await fitsThePhone(manager, "admin");
    await expectNoSeriousViolations(manager, "admin");
    // Another period: a past year had none of it; an impossible one is said, and the default shown.
    await produced.getByLabel("From").fill("2021-01-01");
    await produced.getByLabel("To").fill("2021-12-31");
    await produced.getByRole("button", { name: "Show" }).click();
    await expect(manager.getByTestId("produced").getByRole("heading", { level: 2 })).toContainText("2021");
    await expect(manager.getByTestId("produced").getByRole("row").filter({ hasText: giver.name })).toHaveCount(0);
    await expect(manager.getByTestId("months").locator("tbody tr")).toHaveCount(12);
    await open(manager, "/admin?from=2021-12-31&to=2021-01-01");
    await expect(manager.getByTestId("produced").getByRole("alert")).toContainText("That period cannot be shown");
    await expect(manager.getByTestId("produced").getByRole("row").filter({ hasText: giver.name })).toHaveCount(1);
    await context.close();
  });
});
