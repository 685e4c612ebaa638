import { type Page } from "@playwright/test";
import { apiAs, expect, expectNoSeriousViolations, logIn, open, test, tomorrowIn } from "./support";

// Issue 14, the wallet: an operator adjusts a member's wallet at their space (with a reason, a plain form post), and
// the member reads balances and history on /wallet (paying bookings is proven in tests/integration/billing-wallet). On a phone: every
// page fits 390 px without scrolling sideways and passes axe.
test.use({ locale: "en-US", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
test.describe.configure({ timeout: 120_000 });

const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;

async function fitsThePhone(page: Page, label: string) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const el = document.scrollingElement ?? document.documentElement;
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
  });
  expect(scrollWidth, `horizontal overflow on ${label}`).toBeLessThanOrEqual(clientWidth);
}

test("an operator adjusts a member's wallet with a reason; the member reads it on /wallet", async ({ page, operator: _signedIn, people, browser }) => {
  const origin = new URL(page.url()).origin;
  const timezone = "Asia/Jakarta";
  const created = await page.request.post("/api/v1/spaces", {
    data: { name: unique("Ruang Dompet"), timezone, openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: "07:00", closes: "21:00" })) },
    headers: { origin },
  });
  expect(created.status()).toBe(201);
  const spaceId = ((await created.json()) as { id: string }).id;
  const room = await page.request.post(`/api/v1/spaces/${spaceId}/resources`, { data: { name: "Ruang Rapat", kind: "room", capacity: 6 }, headers: { origin } });
  expect(room.status()).toBe(201);
  const roomId = ((await room.json()) as { id: string }).id;
  const member = await people.create({ name: "Dewi" });
  const day = tomorrowIn(timezone);
  // Booked once (free: no rate yet), the member shows on the space's wallets page.
  expect((await apiAs(page.request, member).post("/bookings", { resourceId: roomId, start: `${day}T08:00`, end: `${day}T09:00` })).status()).toBe(201);

  await test.step("the operator adds 3 credits with a reason", async () => {
    await open(page, `/operator/spaces/${spaceId}/wallets`);
    const row = page.getByTestId("op-wallets").getByRole("listitem").filter({ hasText: member.name });
    await expect(row).toContainText("0 credits");
    await fitsThePhone(page, "wallets");
    await expectNoSeriousViolations(page, "wallets");
    await row.getByText("Adjust", { exact: true }).click();
    await row.getByLabel("Credits (+/−)").fill("3");
    await row.getByLabel("Reason").fill("Welcome credits");
    await row.getByRole("button", { name: "Save the adjustment" }).click();
    await expect(page.getByText(`The wallet of ${member.name} was adjusted.`)).toBeVisible();
    await expect(page.getByTestId("op-wallets").getByRole("listitem").filter({ hasText: member.name })).toContainText("3 credits");
  });

  await test.step("taking away more than is there is refused in words", async () => {
    const row = page.getByTestId("op-wallets").getByRole("listitem").filter({ hasText: member.name });
    // After a submission through Remix the disclosure may still be open; without JavaScript the page is new.
    if ((await row.locator("details").getAttribute("open")) === null) await row.getByText("Adjust", { exact: true }).click();
    await row.getByLabel("Credits (+/−)").fill("-5");
    await row.getByLabel("Reason").fill("Too much");
    await row.getByRole("button", { name: "Save the adjustment" }).click();
    await expect(page.getByTestId("op-wallets").getByRole("listitem").filter({ hasText: member.name }).getByRole("alert")).toContainText("Your wallet cannot cover that.");
  });

  await test.step("the member reads the balance and the history on /wallet", async () => {
    const ctx = await browser.newContext({ locale: "en-US", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const memberPage = await ctx.newPage();
    // The room has no rate yet (rates are set on the resources page): it costs nothing, and its booking says so.
    const free = await apiAs(memberPage.request, member).post("/bookings", { resourceId: roomId, start: `${day}T10:00`, end: `${day}T12:00`, pay: "credits" });
    expect(free.status()).toBe(201);
    expect(((await free.json()) as { charge: { method: string } }).charge.method).toBe("free");
    await logIn(memberPage, member);
    await open(memberPage, "/wallet");
    await expect(memberPage.getByTestId("wallet-credits")).toHaveText("3 credits");
    await expect(memberPage.getByTestId("wallet-history")).toContainText("Adjusted by the space");
    await expect(memberPage.getByTestId("wallet-history")).toContainText("Welcome credits");
    await expect(memberPage.getByRole("link", { name: "Buy credits or day passes" }).first()).toHaveAttribute("href", "/plans");
    await fitsThePhone(memberPage, "wallet");
    await expectNoSeriousViolations(memberPage, "wallet");

    // Priced now (1 credit an hour): two hours paid with credits; "My bookings" says how each booking was paid.
    expect((await page.request.patch(`/api/v1/resources/${roomId}`, { data: { rate: { perHour: 100_000, creditsPerHour: 1 } }, headers: { origin } })).status()).toBe(200);
    const paid = await apiAs(memberPage.request, member).post("/bookings", { resourceId: roomId, start: `${day}T14:00`, end: `${day}T16:00`, pay: "credits" });
    expect(paid.status(), await paid.text()).toBe(201);
    await open(memberPage, "/bookings");
    const charges = memberPage.getByTestId("upcoming").getByTestId("charge");
    await expect(charges).toContainText(["Free", "Paid with 2 credits"]);
    await fitsThePhone(memberPage, "bookings with charges");
    await ctx.close();
  });
});
