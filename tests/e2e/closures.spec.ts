import { type Page } from "@playwright/test";
import { expect, expectNoSeriousViolations, hydrated, open, test, tomorrowIn } from "./support";

// Issue 11, item 8: operators list, edit and remove closures; a space closed every day needs a confirmation.
// On a phone: everything fits 390 px without scrolling sideways.
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

test("an operator lists, edits and removes a closure; closing every day is asked for", async ({ page, operator: _signedIn }) => {
  const origin = new URL(page.url()).origin;
  const timezone = "Asia/Jakarta";
  const created = await page.request.post("/api/v1/spaces", {
    data: {
      name: unique("Ruang Tutup"),
      timezone,
      openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: "07:00", closes: "21:00" })),
    },
    headers: { origin },
  });
  expect(created.status()).toBe(201);
  const spaceId = ((await created.json()) as { id: string }).id;
  const day = tomorrowIn(timezone);

  await test.step("no closures yet; a new one is previewed, confirmed and listed", async () => {
    await open(page, `/operator/spaces/${spaceId}/closures`);
    await expect(page.getByText("No upcoming closures.")).toBeVisible();
    await page.getByLabel("From").fill(`${day}T09:00`);
    await page.getByLabel("Until").fill(`${day}T13:00`);
    await page.getByLabel("Reason (members see it)").fill("Listrik padam");
    await page.getByRole("button", { name: "Preview", exact: true }).click();
    await page.getByRole("button", { name: "Confirm closure and cancel 0 bookings" }).click();
    await expect(page.getByText("Closed. 0 bookings cancelled and their members notified.")).toBeVisible();
    const list = page.getByRole("region", { name: "Upcoming closures" });
    await expect(list.getByRole("listitem")).toHaveCount(1);
    await expect(list.getByRole("listitem").first()).toContainText("09:00");
    await expect(list.getByRole("listitem").first()).toContainText("13:00");
    await expect(list.getByRole("listitem").first()).toContainText("Listrik padam");
    await fitsThePhone(page, "closures list");
    await expectNoSeriousViolations(page, "closures list");
  });

  await test.step("edit: the form opens with its times, a longer closure is previewed and saved", async () => {
    await page.getByRole("link", { name: /^Edit the closure / }).click();
    const form = page.getByRole("form", { name: "Change this closure" });
    await expect(form.getByLabel("From")).toHaveValue(`${day}T09:00`);
    await expect(form.getByLabel("Until")).toHaveValue(`${day}T13:00`);
    await hydrated(page);
    await form.getByLabel("Until").fill(`${day}T16:00`);
    await form.getByLabel("Reason (members see it)").fill("Listrik padam, sampai sore");
    await form.getByRole("button", { name: "Preview the change" }).click();
    await expect(page.getByText("0 more bookings will be cancelled; 0 waitlist entries dropped.")).toBeVisible();
    await fitsThePhone(page, "closure edit preview");
    await expectNoSeriousViolations(page, "closure edit preview");
    await page.getByRole("button", { name: "Save the change and cancel 0 bookings" }).click();
    await expect(page.getByText("Closure changed. 0 more bookings cancelled and their members notified.")).toBeVisible();
    const item = page.getByRole("region", { name: "Upcoming closures" }).getByRole("listitem").first();
    await expect(item).toContainText("16:00");
    await expect(item).toContainText("Listrik padam, sampai sore");
  });

  await test.step("an edit that breaks the bounds is refused in words", async () => {
    await page.getByRole("link", { name: /^Edit the closure / }).click();
    const form = page.getByRole("form", { name: "Change this closure" });
    await hydrated(page);
    await form.getByLabel("Until").fill(`${String(Number(day.slice(0, 4)) + 3)}${day.slice(4)}T16:00`);
    await form.getByRole("button", { name: "Preview the change" }).click();
    await expect(page.getByRole("alert")).toContainText("That is not allowed.");
    await expect(page.getByRole("alert")).toContainText("A closure lasts at most 366 days.");
  });

  await test.step("remove asks first, then the list is empty again", async () => {
    const list = page.getByRole("region", { name: "Upcoming closures" });
    await list.locator("summary", { hasText: "Remove" }).click();
    await expect(list.getByText("Bookings this closure cancelled stay cancelled.", { exact: false })).toBeVisible();
    await list.getByRole("button", { name: "Yes, remove this closure" }).click();
    await expect(page.getByText("Closure removed: the space takes bookings then again.", { exact: false })).toBeVisible();
    await expect(page.getByText("No upcoming closures.")).toBeVisible();
  });

  await test.step("settings: ticking every day Closed asks for a confirmation before saving", async () => {
    await open(page, `/operator/spaces/${spaceId}`);
    for (const d of ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]) await page.getByLabel(`Closed on ${d}`).setChecked(true);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByText("Every day is ticked Closed: no one could book this space at all.")).toBeVisible();
    await fitsThePhone(page, "settings, closed every day");
    await expectNoSeriousViolations(page, "settings, closed every day");
    const space = (await (await page.request.get(`/api/v1/spaces/${spaceId}`)).json()) as { openingHours: unknown[] };
    expect(space.openingHours).toHaveLength(7);
    for (const d of ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]) await page.getByLabel(`Closed on ${d}`).setChecked(true);
    await page.getByLabel("Yes, keep it closed every day").check();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByText("Settings saved.")).toBeVisible();
    const after = (await (await page.request.get(`/api/v1/spaces/${spaceId}`)).json()) as { openingHours: unknown[] };
    expect(after.openingHours).toEqual([]);
  });
});
