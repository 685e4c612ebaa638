import { expect as baseExpect, type Page } from "@playwright/test";
import { apiAs, expect, hydrated, open, test } from "./support";

// Issue 13, item 9: an error's headline matches what went wrong, and its detail says the specific case without
// repeating the headline. Before: "Please check the times." for an introduction of someone to themselves, "That
// breaks a booking rule." when the last owner leaves, "You already did that." for a duplicate name.
test.use({ locale: "en-US", viewport: { width: 390, height: 844 } });
test.describe.configure({ timeout: 120_000 });

const WEEK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: "08:00", closes: "20:00" }));

/** The alert's headline and detail: both present, different, and neither the old mismatched line. */
async function expectAlert(page: Page, headline: string, detail: RegExp, scope = page.locator("main")) {
  const alert = scope.getByRole("alert");
  await expect(alert).toContainText(headline);
  await expect(alert).toContainText(detail);
  const text = (await alert.innerText()).trim();
  baseExpect(text.split(headline).length - 1, `the headline shows once: ${text}`).toBe(1);
  for (const wrong of ["Please check the times.", "That breaks a booking rule.", "You already did that."]) baseExpect(text).not.toContain(wrong);
}

test("introducing a member to themselves says so", async ({ page, admin: _admin, people }) => {
  const someone = await people.create({ name: "Sari Wulandari" });
  await open(page, "/admin");
  await hydrated(page);
  const form = page.locator("form").filter({ has: page.getByLabel("Why should they meet?") });
  await form.getByLabel("First member").selectOption({ label: someone.name });
  await form.getByLabel("Second member").selectOption({ label: someone.name });
  await form.getByLabel("Why should they meet?").fill("Both sell batik.");
  await form.getByRole("button", { name: "Introduce", exact: true }).click();
  await expectAlert(page, "Please check what you entered.", /two different members/);
});

test("the last owner leaving a project with other members is told to name an owner first", async ({ page, request, member, people }) => {
  const other = await people.create({ name: "Rina Anggraini" });
  const api = apiAs(request, member);
  const created = await api.post("/projects", { name: `Katalog batik ${Date.now().toString(36)}` });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await api.post(`/projects/${id}/members`, { memberId: other.id })).status()).toBe(201);
  await open(page, `/projects/${id}`);
  await hydrated(page);
  await page.getByText("Leave the project", { exact: true }).click();
  await page.getByRole("button", { name: "Yes, leave the project" }).click();
  await expectAlert(page, "That is not allowed.", /always needs an owner/);
  await expect(page).toHaveURL(new RegExp(`/projects/${id}$`));
});

test("a second resource with the same name is refused with the name's reason", async ({ page, request, operator }) => {
  const api = apiAs(request, operator);
  const created = await api.post("/spaces", { name: `Ruang Kopi ${Date.now().toString(36)}`, timezone: "Asia/Jakarta", openingHours: WEEK });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await api.post(`/spaces/${id}/resources`, { name: "A-01", kind: "desk" })).status()).toBe(201);
  await open(page, `/operator/spaces/${id}/resources`);
  await hydrated(page);
  const add = page.getByRole("region", { name: "Add a resource" });
  await add.getByLabel("Name").fill("A-01");
  await add.getByRole("button", { name: "Add", exact: true }).click();
  await expectAlert(page, "That already exists.", /already has a desk, room or booth with that name/);
});

test("the same headlines in Indonesian", async ({ page, request, member, people }) => {
  const other = await people.create({ name: "Dewi Lestari" });
  const api = apiAs(request, member);
  const { id } = (await (await api.post("/projects", { name: `Kemasan ${Date.now().toString(36)}` })).json()) as { id: string };
  expect((await api.post(`/projects/${id}/members`, { memberId: other.id })).status()).toBe(201);
  await open(page, `/projects/${id}`);
  await page.context().addCookies([{ name: "jj_lang", value: "id", url: page.url() }]);
  await page.reload();
  await hydrated(page);
  await page.getByText("Keluar dari proyek", { exact: true }).click();
  await page.getByRole("button", { name: /Ya, keluar/ }).click();
  const alert = page.locator("main").getByRole("alert");
  await expect(alert).toContainText(/pemilik/);
  baseExpect(await alert.innerText()).not.toMatch(/owner|not allowed/i);
});
