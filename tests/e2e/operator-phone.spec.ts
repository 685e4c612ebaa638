import type { APIRequestContext, Page } from "@playwright/test";
import { apiAs, expect, hydrated, open, test, tomorrowIn, type Account } from "./support";

// Issue 13: every operator and admin page fits a 390 px phone (no sideways scrolling of the document), with
// legible chart labels; the floor-plan editor survives typing into its x/y fields.
test.use({ locale: "en-US", viewport: { width: 390, height: 844 } });
test.describe.configure({ timeout: 120_000 });

const WEEK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: "00:00", closes: "23:59" }));

/** A space of the operator's with a few desks and a room, made through the API. */
async function spaceWithDesks(request: APIRequestContext, operator: Account): Promise<{ id: string; desks: Array<{ id: string; name: string }> }> {
  const api = apiAs(request, operator);
  const created = await api.post("/spaces", { name: `Ruang Kerja Bersama Kopi Nusantara ${Date.now().toString(36)}`, timezone: "Asia/Jakarta", openingHours: WEEK });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const desks: Array<{ id: string; name: string }> = [];
  for (const [i, name] of ["A-01", "A-02", "Meja Jendela Panjang Sekali"].entries()) {
    const r = await api.post(`/spaces/${id}/resources`, { name, kind: "desk", zone: "Lantai Dua Sayap Timur", x: 40 + i * 80, y: 60 });
    expect(r.status(), await r.text()).toBe(201);
    desks.push({ id: ((await r.json()) as { id: string }).id, name });
  }
  expect((await api.post(`/spaces/${id}/resources`, { name: "Ruang Rapat Besar", kind: "room", capacity: 8, x: 40, y: 200 })).status()).toBe(201);
  return { id, desks };
}

/** The document's width beyond the viewport, with the elements that stick out (for the failure message). */
async function overflow(page: Page): Promise<{ extra: number; culprits: string[] }> {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const culprits: string[] = [];
    for (const el of Array.from(document.querySelectorAll("body *"))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > vw) {
        // Only the outermost: skip an element whose parent already sticks out.
        const parent = el.parentElement?.getBoundingClientRect();
        if (parent && parent.right > vw) continue;
        culprits.push(`${el.tagName.toLowerCase()}.${(el.getAttribute("class") ?? "").replace(/\s+/g, ".")} right=${Math.round(r.right)}`);
      }
    }
    return { extra: document.documentElement.scrollWidth - vw, culprits: culprits.slice(0, 8) };
  });
}

async function expectFits(page: Page, path: string) {
  await open(page, path);
  const { extra, culprits } = await overflow(page);
  expect.soft(extra, `${path} is ${extra}px wider than the phone: ${culprits.join(" | ")}`).toBeLessThanOrEqual(0);
}

test("every operator page of a space fits 390 px", async ({ operator, page, request }) => {
  const space = await spaceWithDesks(request, operator);
  const day = tomorrowIn("Asia/Jakarta");
  // A closure (so the list shows a row), and a booking (so analytics has a bar).
  const api = apiAs(request, operator);
  expect((await api.post(`/spaces/${space.id}/closures`, { start: `${day}T12:00`, end: `${day}T13:00`, reason: "Pembersihan karpet dan pengecatan ulang dinding" })).status()).toBe(201);
  const base = `/operator/spaces/${space.id}`;
  for (const path of ["/operator", "/operator/spaces/new", base, `${base}/resources`, `${base}/plan`, `${base}/closures`, `${base}/now`, `${base}/analytics`, `${base}/qr`]) {
    await expectFits(page, path);
  }
  // Editing a closure opens a second form on the page.
  await open(page, `${base}/closures`);
  await page.getByRole("link", { name: /^Edit the closure/ }).first().click();
  await expect(page.getByRole("heading", { name: "Change this closure" })).toBeVisible();
  expect((await overflow(page)).extra).toBeLessThanOrEqual(0);
});

test("the analytics chart's labels stay legible on a phone", async ({ operator, page, request }) => {
  const space = await spaceWithDesks(request, operator);
  await open(page, `/operator/spaces/${space.id}/analytics`);
  const chart = page.getByTestId("utilization-chart");
  await expect(chart).toBeVisible();
  // Every visible label of the chart renders at 11 px or more (the SVG scaled to the phone drew them at ~5 px).
  const sizes = await chart.locator("[data-chart-label]").evaluateAll((labels) =>
    labels.filter((l) => (l as HTMLElement).offsetParent !== null).map((l) => parseFloat(getComputedStyle(l).fontSize) * (l.getBoundingClientRect().height > 0 ? 1 : 0)),
  );
  expect(sizes.length).toBeGreaterThan(3);
  for (const s of sizes) expect(s).toBeGreaterThanOrEqual(11);
  // And no two visible day labels overlap.
  const boxes = await chart.locator("[data-chart-label='day']").evaluateAll((labels) =>
    labels.filter((l) => (l as HTMLElement).offsetParent !== null).map((l) => l.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right })),
  );
  for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.left).toBeGreaterThanOrEqual(boxes[i - 1]!.right);
});

test("the floor-plan editor keeps working (and keeps unsaved moves) when x and y are typed", async ({ operator, page, request }) => {
  const space = await spaceWithDesks(request, operator);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await open(page, `/operator/spaces/${space.id}/plan`);

  // An unsaved move with the keyboard.
  const desk = page.getByTestId("edit-A-01");
  await desk.focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByLabel("x of A-01")).toHaveValue("50");

  // Typing the new desk's place into its x and y fields (this crashed the page: "Cannot read properties of null").
  const add = page.getByRole("form", { name: "Add a desk here" });
  await add.getByLabel("x", { exact: true }).fill("");
  await add.getByLabel("x", { exact: true }).pressSequentially("320");
  await add.getByLabel("y", { exact: true }).pressSequentially("140");
  await expect(add.getByLabel("x", { exact: true })).toHaveValue("320");
  await expect(add.getByLabel("y", { exact: true })).toHaveValue("140");
  // Typing into a desk's own x field works too.
  await page.getByLabel("y of A-02").fill("90");
  await expect(page.getByLabel("y of A-02")).toHaveValue("90");
  expect(errors).toEqual([]);
  // The unsaved move is still there, and is said to be unsaved.
  await expect(page.getByLabel("x of A-01")).toHaveValue("50");
  await expect(page.getByText("Unsaved changes")).toBeVisible();

  // Adding the desk there keeps the unsaved positions, and saving stores them.
  await add.getByLabel("Name").fill("B-01");
  await add.getByRole("button", { name: "Add to plan" }).click();
  await expect(page.getByTestId("edit-B-01")).toBeVisible();
  await expect(page.getByLabel("x of B-01")).toHaveValue("320");
  await expect(page.getByLabel("x of A-01")).toHaveValue("50");
  await page.getByRole("button", { name: "Save floor plan" }).click();
  // The saved notice itself ("Unsaved changes" is a status too, and matched /saved/i before the save finished).
  await expect(page.getByRole("status").filter({ hasText: /^Floor plan saved/ })).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel("x of A-01")).toHaveValue("50");
  await expect(page.getByLabel("y of A-02")).toHaveValue("90");
  expect(errors).toEqual([]);
});

test("the members admin fits 390 px, long names included", async ({ admin, page, people }) => {
  const long = await people.create({ name: "Raden Ajeng Kartika Sekarningrum Wijayakusumawardhani Purbonegoro" });
  await expectFits(page, "/admin");
  await expectFits(page, "/admin/members");
  await expectFits(page, `/admin/members?q=${encodeURIComponent(long.email)}`);
  await expect(page.getByRole("link", { name: long.name })).toBeVisible();
  // The viewer's own row and a stranger's both read on a phone.
  await expectFits(page, `/admin/members?q=${encodeURIComponent(admin.email)}`);
});

test.describe("far east of UTC", () => {
  test.use({ timezoneId: "Pacific/Kiritimati" });

  // UTC+14: the admin's own date is never UTC's between 10:00 and 24:00 UTC, and never the server's.
  test("'last seen' is the day in the admin's own zone", async ({ admin: _signedInAsAdmin, page, people }) => {
    const seen = await people.create({ name: "Baru Saja Masuk" });
    const today = new Intl.DateTimeFormat("en-GB", { timeZone: "Pacific/Kiritimati", weekday: "short", day: "numeric", month: "short", year: "numeric" }).format(new Date());
    await open(page, `/admin/members?q=${encodeURIComponent(seen.email)}`);
    await hydrated(page);
    await expect(page.locator("tbody tr").filter({ hasText: seen.name }).locator("time")).toHaveText(today);
  });
});

test("the console's columns each say what they hold", async ({ operator, page, request }) => {
  await spaceWithDesks(request, operator);
  // A wide screen: the table is a table there.
  await page.setViewportSize({ width: 1200, height: 800 });
  await open(page, "/operator");
  const headers = await page.locator("table thead th").allTextContents();
  expect(headers).toEqual(["Space", "Time zone", "Desks, rooms and booths", "Manage"]);
  expect(new Set(headers).size).toBe(headers.length);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("removing a closure asks first, and the confirmation works as a plain form", async ({ people, page, request }) => {
    const operator = await people.create({ role: "operator", name: "Operator" });
    // The log-in form as a plain post (the fixtures' log-in waits for hydration, which never comes here).
    await page.goto("/login");
    await page.getByLabel("Email").fill(operator.email);
    await page.getByLabel("Password", { exact: true }).fill(operator.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByTestId("bell")).toBeVisible(); // signed in (on a phone, Log out sits behind the menu)
    const space = await spaceWithDesks(request, operator);
    const day = tomorrowIn("Asia/Jakarta");
    const api = apiAs(request, operator);
    expect((await api.post(`/spaces/${space.id}/closures`, { start: `${day}T12:00`, end: `${day}T13:00`, reason: "Servis AC" })).status()).toBe(201);
    await page.goto(`/operator/spaces/${space.id}/closures`);
    const list = page.getByRole("region", { name: "Upcoming closures" });
    const confirm = list.getByRole("button", { name: "Yes, remove this closure" });
    // One click on "Remove" only opens the question; nothing is removed yet.
    await expect(confirm).toBeHidden();
    await list.locator("summary", { hasText: "Remove" }).click();
    await expect(confirm).toBeVisible();
    const still = (await (await api.get(`/spaces/${space.id}/closures`)).json()) as { items: unknown[] };
    expect(still.items).toHaveLength(1);
    await confirm.click();
    await expect(page.getByText("Closure removed", { exact: false })).toBeVisible();
    const after = (await (await api.get(`/spaces/${space.id}/closures`)).json()) as { items: unknown[] };
    expect(after.items).toEqual([]);
  });
});
