import { apiAs, expect, expectNoSeriousViolations, open, test } from "./support";

// Issue 15: an operator chooses, in a space's settings, how long before a booking its reminder goes out.
test.use({ locale: "en-US", viewport: { width: 390, height: 844 } });

test("an operator sets a space's booking reminder to a day before, at 390 px; it is saved and shown again", async ({ operator, page, request }) => {
  const created = await apiAs(request, operator).post("/spaces", {
    name: `Ruang Pengingat ${Date.now()}`,
    timezone: "Asia/Makassar",
    openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: "08:00", closes: "18:00" })),
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  await open(page, `/operator/spaces/${id}`);
  const reminder = page.getByLabel("Booking reminder");
  // A new space reminds an hour before; the choices are in words.
  await expect(reminder.locator("option:checked")).toHaveText("1 hour before");
  await expect(reminder.locator("option")).toHaveText(["No reminder", "15 minutes before", "30 minutes before", "1 hour before", "2 hours before", "1 day before"]);
  await expectNoSeriousViolations(page, `/operator/spaces/:id (settings)`);
  await reminder.selectOption({ label: "1 day before" });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, "the settings page scrolls sideways").toBeLessThanOrEqual(client);

  const space = (await (await apiAs(request, operator).get(`/spaces/${id}`)).json()) as { reminderMinutes: number };
  expect(space.reminderMinutes).toBe(1440);
  await open(page, `/operator/spaces/${id}`);
  await expect(page.getByLabel("Booking reminder").locator("option:checked")).toHaveText("1 day before");

  // Switched off: "No reminder" is saved as 0.
  await page.getByLabel("Booking reminder").selectOption({ label: "No reminder" });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  expect(((await (await apiAs(request, operator).get(`/spaces/${id}`)).json()) as { reminderMinutes: number }).reminderMinutes).toBe(0);
});
