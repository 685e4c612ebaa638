import type { Page } from "@playwright/test";
import { apiAs, expect, expectNoSeriousViolations, logIn, open, test } from "./support";

// Issue 14, item 0: operators run the spaces assigned to them. At 390 px: an admin assigns an operator to a space
// (and, without JavaScript, takes them off another); the operator's console lists only that space, and another
// space's operator page is a 404.
test.use({ locale: "en-US", viewport: { width: 390, height: 844 } });
test.describe.configure({ timeout: 120_000 });

const WEEK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: "08:00", closes: "18:00" }));
const unique = (name: string) => `${name} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function expectFits(page: Page, label: string) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth, `horizontal overflow on ${label}`).toBeLessThanOrEqual(clientWidth);
}

test("an admin assigns an operator; the operator sees only that space, another space is 404", async ({ page, admin, people, browser }) => {
  const operator = await people.create({ role: "operator", name: "Operator Cabang" });
  const api = apiAs(page.request, admin);
  const made = async (name: string) => {
    const res = await api.post("/spaces", { name, timezone: "Asia/Jakarta", openingHours: WEEK });
    expect(res.status(), await res.text()).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  const [mineName, otherName] = [unique("Ruang Dipegang"), unique("Ruang Lain")];
  const [mine, other] = [await made(mineName), await made(otherName)];

  await test.step("the admin assigns the operator to one space on /admin/spaces", async () => {
    await open(page, "/admin/spaces");
    const card = page.getByTestId(`space-${mineName}`);
    await expect(card).toContainText("No operator: the admins run it.");
    await card.getByRole("combobox", { name: `Operator to add to ${mineName}` }).selectOption({ label: `${operator.name} · ${operator.email}` });
    await card.getByRole("button", { name: "Assign" }).click();
    await expect(page.getByRole("status").filter({ hasText: `${operator.name} now runs ${mineName}.` })).toBeVisible();
    await expect(page.getByTestId(`space-${mineName}`).getByTestId(`operator-${operator.email}`)).toContainText(`assigned by ${admin.name}`);
    await expect(page.getByTestId(`space-${otherName}`)).toContainText("No operator: the admins run it.");
    await expectFits(page, "/admin/spaces");
    await expectNoSeriousViolations(page, "/admin/spaces");
  });

  const context = await browser.newContext({ locale: "en-US", viewport: { width: 390, height: 844 } });
  try {
    const op = await context.newPage();
    await logIn(op, operator);
    await test.step("the operator's console lists only the space they run", async () => {
      await open(op, "/operator");
      await expect(op.getByRole("link", { name: mineName, exact: true })).toBeVisible();
      await expect(op.getByRole("link", { name: otherName, exact: true })).toHaveCount(0);
      // Nor the demo spaces they were never assigned.
      await expect(op.getByRole("link", { name: "Jejaring Jakarta — Kemang", exact: true })).toHaveCount(0);
      await expectFits(op, "/operator");
      await op.getByRole("link", { name: mineName, exact: true }).click();
      await expect(op.getByRole("heading", { level: 1 })).toHaveText(mineName);
    });
    await test.step("another space's operator pages are 404, and so is its API", async () => {
      for (const sub of ["", "/resources", "/closures", "/now", "/analytics", "/qr"]) {
        const response = await op.goto(`/operator/spaces/${other}${sub}`);
        expect(response?.status(), `/operator/spaces/other${sub}`).toBe(404);
      }
      await expectFits(op, "the 404 page");
      expect((await apiAs(op.request, operator).get(`/spaces/${other}/now`)).status()).toBe(404);
      expect((await apiAs(op.request, operator).get(`/spaces/${mine}/now`)).status()).toBe(200);
    });
  } finally {
    await context.close();
  }
});

test("without JavaScript, an admin takes an operator off a space; the operator loses it at once", async ({ browser, people, request }) => {
  const [admin, operator] = await Promise.all([people.create({ role: "admin", name: "Admin Tanpa JS" }), people.create({ role: "operator", name: "Operator Tanpa JS" })]);
  const name = unique("Ruang Tanpa JS");
  const created = await apiAs(request, operator).post("/spaces", { name, timezone: "Asia/Jakarta", openingHours: WEEK });
  expect(created.status(), await created.text()).toBe(201);
  const spaceId = ((await created.json()) as { id: string }).id;
  // The operator created it: they run it.
  expect((await apiAs(request, operator).get(`/spaces/${spaceId}/now`)).status()).toBe(200);

  const context = await browser.newContext({ locale: "en-US", javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password", { exact: true }).fill(admin.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL((url) => url.pathname !== "/login");
    await page.goto("/admin/spaces");
    const row = page.getByTestId(`space-${name}`).getByTestId(`operator-${operator.email}`);
    await expect(row).toContainText(`assigned by ${operator.name}`);
    await row.getByRole("button", { name: `Remove ${operator.name} from ${name}` }).click();
    await expect(page.getByRole("status").filter({ hasText: `${operator.name} no longer runs ${name}.` })).toBeVisible();
    await expect(page.getByTestId(`space-${name}`)).toContainText("No operator: the admins run it.");
    await expectFits(page, "/admin/spaces without JavaScript");
  } finally {
    await context.close();
  }
  expect((await apiAs(request, operator).get(`/spaces/${spaceId}/now`)).status()).toBe(404);
});
