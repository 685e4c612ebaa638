import { randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { apiAs, dateIn, expect, expectNoSeriousViolations, open, test, type Account } from "./support";

// Issue 14, prices: an operator sets a space's billing settings without JavaScript; a member sees what a desk costs
// for the chosen time on the space page, PPN included, on a phone.
test.use({ locale: "en-US", viewport: { width: 390, height: 844 } });
test.describe.configure({ timeout: 120_000 });

const TZ = "Asia/Jakarta";
const DATE = dateIn(TZ, 2);
const money = (n: number) => new Intl.NumberFormat("en-GB", { style: "currency", currency: "IDR", minimumFractionDigits: 0, maximumFractionDigits: 0 }).format(n);

/** A space of the operator's with one desk at Rp 15.000 an hour, made through the API. */
async function pricedSpace(request: APIRequestContext, operator: Account): Promise<{ id: string; name: string }> {
  const api = apiAs(request, operator);
  const name = `Ruang Harga ${randomUUID().slice(0, 6)}`;
  const created = await api.post("/spaces", {
    name,
    timezone: TZ,
    openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: "07:00", closes: "21:00" })),
    rules: { maxBookingMinutes: 600, maxAdvanceDays: 60, minNoticeMinutes: 0, checkInGraceMinutes: 30 },
  });
  expect(created.status(), await created.text()).toBe(201);
  const space = (await created.json()) as { id: string };
  const desk = await api.post(`/spaces/${space.id}/resources`, { name: "D-01", kind: "desk", zone: "A", x: 40, y: 40, rate: { perHour: 15_000 } });
  expect(desk.status(), await desk.text()).toBe(201);
  return { id: space.id, name };
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the operator saves the billing settings; a bad code is refused in words and changes nothing", async ({ page, people, request }) => {
    const operator = await people.create({ role: "operator", name: "Operator Harga" });
    const space = await pricedSpace(request, operator);
    await page.goto("/login");
    await page.getByLabel("Email").fill(operator.email);
    await page.getByLabel("Password", { exact: true }).fill(operator.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByTestId("bell")).toBeVisible();

    await page.goto(`/operator/spaces/${space.id}/billing`);
    await page.getByLabel("Invoice code").fill("rk1");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Use 2 to 10 capital letters (A–Z).")).toBeVisible();
    const before = (await (await apiAs(request, operator).get(`/spaces/${space.id}/billing`)).json()) as { code: string };
    expect(before.code).not.toBe("rk1");

    await page.getByLabel("Invoice code").fill("RKB");
    await page.getByLabel("Bank account for transfers").fill("BCA 123-456-7890 a.n. PT Ruang Harga");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("main").getByRole("status")).toHaveText("Billing settings saved.");
    const saved = (await (await apiAs(request, operator).get(`/spaces/${space.id}/billing`)).json()) as { code: string; bankAccount: string; taxRate: number };
    expect(saved).toMatchObject({ code: "RKB", bankAccount: "BCA 123-456-7890 a.n. PT Ruang Harga", taxRate: 0.11 });
  });
});

test("a member sees a desk's price for the chosen time, PPN included, on the space page", async ({ page, member, people, request }) => {
  const space = await pricedSpace(request, await people.create({ role: "operator", name: "Operator Harga" }));
  await open(page, `/spaces/${space.id}?date=${DATE}&from=10:00&to=12:00`);
  // Two hours at Rp 15.000 = Rp 30.000, and 11% PPN on top: Rp 33.300.
  await expect(page.locator(".desk-list")).toContainText(money(33_300));
  const quote = (await (await apiAs(request, member).get(`/bookings/quote?resourceId=${await deskId(request, member, space.id)}&start=${DATE}T10:00&end=${DATE}T12:00`)).json()) as { amount: number; tax: number; total: number };
  expect(quote).toMatchObject({ amount: 30_000, tax: 3_300, total: 33_300 });
  await expectNoSeriousViolations(page, "a priced space page");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

async function deskId(request: APIRequestContext, who: Account, spaceId: string): Promise<string> {
  const day = (await (await apiAs(request, who).get(`/spaces/${spaceId}/availability?date=${DATE}`)).json()) as { resources: Array<{ id: string; name: string }> };
  return day.resources.find((r) => r.name === "D-01")!.id;
}
