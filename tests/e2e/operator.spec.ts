import { type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { apiAs, daytimeZone, expect, expectNoSeriousViolations, hydrated, logIn, open, test, tomorrowIn, type Account } from "./support";

test.use({ locale: "en-US" });
// Log-ins (password hashing), a space created through the form, two browser contexts and axe scans.
test.describe.configure({ timeout: 120_000 });

const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;

/** The local date and minutes since midnight of an instant in a zone. */
function localNow(timeZone: string, at = new Date()): { date: string; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;


/** Creates a space through the operator form, open every day 00:00–23:59, and returns its id. */
async function createSpace(page: Page, name: string, timezone: string): Promise<string> {
  await open(page, "/operator/spaces/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Address").fill("Jl. Uji Coba 1");
  await page.getByLabel("Time zone").selectOption(timezone);
  for (const day of ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]) {
    await page.getByLabel(`Closed on ${day}`).setChecked(false);
    await page.getByLabel(`Opens on ${day}`).fill("00:00");
    await page.getByLabel(`Closes on ${day}`).fill("23:59");
  }
  await page.getByRole("button", { name: "Create space" }).click();
  await page.waitForURL(/\/operator\/spaces\/[0-9a-f-]{36}\/plan$/);
  await hydrated(page);
  return page.url().match(/spaces\/([0-9a-f-]{36})\//)![1]!;
}

async function memberPage(browser: Browser, who: Account): Promise<Page> {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await logIn(page, who);
  return page;
}

/** Books a desk of a space by name for `who`, through the API (no browser needed). */
async function bookDesk(request: APIRequestContext, who: Account, spaceId: string, deskName: string, slot: { day: string; from: string; to: string }) {
  const api = apiAs(request, who);
  const avail = await api.get(`/spaces/${spaceId}/availability?date=${slot.day}`);
  expect(avail.ok()).toBe(true);
  const { resources } = (await avail.json()) as { resources: Array<{ id: string; name: string }> };
  const desk = resources.find((r) => r.name === deskName);
  expect(desk, `${deskName} in the space`).toBeDefined();
  const booked = await api.post("/bookings", { resourceId: desk!.id, start: `${slot.day}T${slot.from}`, end: `${slot.day}T${slot.to}` });
  expect(booked.status(), await booked.text()).toBe(201);
}

test("a member gets 403 on every operator and admin page", async ({ page, member: _signedIn }) => {
  await open(page, "/spaces");
  const href = await page.getByRole("link", { name: "Jejaring Jakarta — Kemang" }).getAttribute("href");
  const id = href!.split("/").pop()!;
  for (const path of [
    "/operator",
    "/operator/spaces/new",
    `/operator/spaces/${id}`,
    `/operator/spaces/${id}/resources`,
    `/operator/spaces/${id}/plan`,
    `/operator/spaces/${id}/closures`,
    `/operator/spaces/${id}/now`,
    `/operator/spaces/${id}/analytics`,
    `/operator/spaces/${id}/qr`,
    "/admin/members",
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
  }
  // A write is refused too (the action runs the same guard).
  const origin = new URL(page.url()).origin;
  const post = await page.request.post(`/operator/spaces/${id}/closures`, {
    form: { intent: "confirm", start: "2030-01-01T09:00", end: "2030-01-01T10:00", reason: "x" },
    headers: { origin },
  });
  expect(post.status()).toBe(403);
});

test("an operator adds a desk on the floor-plan editor; a member books it; the live now view shows it", async ({ page, browser, operator: _signedIn, people }) => {
  const timezone = daytimeZone();
  const spaceName = unique("Ruang Uji");
  const deskName = unique("D");
  const guest = await people.create({ name: "Sari" });
  const spaceId = await createSpace(page, spaceName, timezone);

  await test.step("add a desk where the plan is clicked, nudge it with the keyboard, save", async () => {
    const canvas = page.getByRole("group", { name: "Floor plan editor" });
    const box = (await canvas.boundingBox())!;
    await canvas.click({ position: { x: box.width * 0.2, y: box.height * 0.2 } });
    await expect(page.getByLabel("x", { exact: true })).not.toHaveValue("");
    await expect(page.getByLabel("Name", { exact: true })).toBeFocused();
    await page.getByLabel("Name", { exact: true }).fill(deskName);
    await page.getByRole("button", { name: "Add to plan" }).click();
    await expect(page.getByRole("status").filter({ hasText: `${deskName} added.` })).toBeVisible();
    const item = page.getByTestId(`edit-${deskName}`);
    await expect(item).toBeVisible();
    const x = Number(await page.getByLabel(`x of ${deskName}`).inputValue());
    await item.focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Shift+ArrowDown");
    await expect(page.getByLabel(`x of ${deskName}`)).toHaveValue(String(x + 10));
    await expect(page.getByText("Unsaved changes")).toBeVisible();
    await page.getByRole("button", { name: "Save floor plan" }).click();
    await expect(page.getByText("Floor plan saved (1 placed).")).toBeVisible();
    await expect(page.getByText("Unsaved changes")).toBeHidden();
  });

  await test.step("the operator watches the live now view", async () => {
    await open(page, `/operator/spaces/${spaceId}/now`);
    await expect(page.getByTestId("now-live")).toHaveAttribute("data-status", "connected");
    await expect(page.getByTestId("occupancy-text")).toHaveText("0 people (no capacity limit)");
    await expect(page.getByTestId("arrivals")).not.toContainText(deskName);
  });

  const member = await memberPage(browser, guest);
  try {
    await test.step("a member books the new desk on the floor plan, starting within the hour", async () => {
      const { date, minutes } = localNow(timezone);
      // At least a minute ahead (never "in the past" by the time the member clicks), at most 16 minutes: an arrival.
      const from = Math.ceil((minutes + 2) / 15) * 15;
      await open(member, `/spaces/${spaceId}?${new URLSearchParams({ date, from: hhmm(from), to: hhmm(from + 30) }).toString()}`);
      await expect(member.getByTestId("rt-status")).toHaveAttribute("data-status", "connected");
      const desk = member.getByRole("group", { name: "Floor plan" }).getByRole("button", { name: new RegExp(deskName) });
      await desk.click();
      await expect(member.getByRole("status").filter({ hasText: `Booked ${deskName}` })).toBeVisible();
    });

    await test.step("it appears in the operator's arrivals without a reload", async () => {
      await expect(page.getByTestId("arrivals")).toContainText(deskName);
      await expect(page.getByTestId("arrivals")).toContainText(guest.name);
    });
  } finally {
    await member.context().close();
  }
});

test("closure: preview lists the affected booking, confirm cancels it", async ({ page, operator: _signedIn, people, request }) => {
  const timezone = "Asia/Jakarta";
  const spaceName = unique("Ruang Tutup");
  const deskName = unique("C");
  const guest = await people.create({ name: "Sari" });
  const spaceId = await createSpace(page, spaceName, timezone);

  await test.step("add a desk on the resources page", async () => {
    await open(page, `/operator/spaces/${spaceId}/resources`);
    const add = page.locator("form").filter({ has: page.getByRole("button", { name: "Add", exact: true }) });
    await add.getByLabel("Name", { exact: true }).fill(deskName);
    await add.getByLabel("Zone").fill("Jendela");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: `${deskName} added.` })).toBeVisible();
    await expect(page.getByTestId(`resource-${deskName}`)).toContainText("Jendela");
  });

  // Tomorrow in the space's zone, 10:00–12:00 (the booking) inside 09:00–13:00 (the closure).
  const day = tomorrowIn(timezone);
  await test.step("a member books the desk for tomorrow", async () => {
    await bookDesk(request, guest, spaceId, deskName, { day, from: "10:00", to: "12:00" });
  });

  await test.step("preview, then confirm", async () => {
    await open(page, `/operator/spaces/${spaceId}/closures`);
    await page.getByLabel("From").fill(`${day}T09:00`);
    await page.getByLabel("Until").fill(`${day}T13:00`);
    await page.getByLabel("Reason (members see it)").fill("Listrik padam — maintenance");
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByText("1 booking will be cancelled; 0 waitlist entries dropped.")).toBeVisible();
    const row = page.getByRole("table", { name: "Bookings that will be cancelled" }).getByRole("row").filter({ hasText: deskName });
    await expect(row).toContainText(guest.name);
    await expect(row).toContainText("10:00–12:00");
    await expectNoSeriousViolations(page, "closure preview");
    await page.getByRole("button", { name: "Confirm closure and cancel 1 booking" }).click();
    await expect(page.getByText("Closed. 1 booking cancelled and their members notified.")).toBeVisible();
  });

  await test.step("the same range now has nothing left to cancel", async () => {
    await page.getByLabel("From").fill(`${day}T09:00`);
    await page.getByLabel("Until").fill(`${day}T13:00`);
    await page.getByLabel("Reason (members see it)").fill("Again");
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByText("0 bookings will be cancelled; 0 waitlist entries dropped.")).toBeVisible();
  });
});

test("operator and admin pages pass axe", async ({ page, operator, people, request }) => {
  // The demo space, run by this operator (operators see only the spaces they run).
  const { items } = (await (await apiAs(request, operator).get("/spaces")).json()) as { items: Array<{ id: string; name: string }> };
  await people.assign(operator, items.find((s) => s.name === "Jejaring Jakarta — Kemang")!.id);
  await open(page, "/operator");
  await expectNoSeriousViolations(page, "/operator");
  const href = await page.getByRole("link", { name: "Jejaring Jakarta — Kemang", exact: true }).getAttribute("href");
  expect(href).toMatch(/^\/operator\/spaces\/[0-9a-f-]{36}$/);
  for (const sub of ["", "/resources", "/plan", "/closures", "/now", "/analytics"]) {
    await open(page, `${href}${sub}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Jejaring Jakarta — Kemang");
    await expectNoSeriousViolations(page, `${href}${sub}`);
  }
  await open(page, "/operator/spaces/new");
  await expectNoSeriousViolations(page, "/operator/spaces/new");

  await page.context().clearCookies();
  await logIn(page, await people.create({ role: "admin" }));
  await open(page, "/admin/members?q=bayu");
  await expect(page.getByTestId("member-bayu@demo.jejaring.id")).toBeVisible();
  await expectNoSeriousViolations(page, "/admin/members");
});

test("resources: deactivating a booked desk moves its booking; the floor image is checked and shown", async ({ page, operator: _signedIn, people, request }) => {
  const timezone = "Asia/Jakarta";
  const [deskA, deskB] = [unique("A"), unique("B")];
  const spaceId = await createSpace(page, unique("Ruang Sumber"), timezone);

  await open(page, `/operator/spaces/${spaceId}/resources`);
  for (const name of [deskA, deskB]) {
    await page.getByLabel("Name", { exact: true }).last().fill(name);
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: `${name} added.` })).toBeVisible();
  }

  await bookDesk(request, await people.create(), spaceId, deskA, { day: tomorrowIn(timezone), from: "14:00", to: "15:00" });

  const row = page.getByTestId(`resource-${deskA}`);
  await row.getByText("Take out of service").first().click();
  await row.getByLabel(/Move them/).check();
  await row.getByRole("button", { name: `Take ${deskA} out of service` }).click();
  await expect(page.getByRole("status").filter({ hasText: `${deskA} is out of service: 1 future booking moved, 0 cancelled.` })).toBeVisible();
  await expect(row).toContainText("Out of service");
  await row.getByRole("button", { name: `Put back in service ${deskA}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `${deskA} is back in service.` })).toBeVisible();

  await open(page, `/operator/spaces/${spaceId}/plan`);
  await page.getByLabel("Image file").setInputFiles({ name: "plan.png", mimeType: "image/png", buffer: Buffer.from("not really a png") });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.locator("#plan-image-error")).toContainText("PNG, JPEG or WebP");
  // A little over the 2 MB cap: read to its end and refused in words (not a reset connection mid-upload).
  await page.getByLabel("Image file").setInputFiles({ name: "big.png", mimeType: "image/png", buffer: Buffer.alloc(2 * 1024 * 1024 + 4096, 7) });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.locator("#plan-image-error")).toContainText("The image is larger than 2 MB.");
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");
  await page.getByLabel("Image file").setInputFiles({ name: "plan.png", mimeType: "image/png", buffer: png });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByText("Background image saved.")).toBeVisible();
  const href = await page.locator("svg.floor-plan-editor image").getAttribute("href");
  expect(href).toMatch(new RegExp(`^/api/v1/spaces/${spaceId}/floor-plan/image\\?v=\\d+$`));
  const image = await page.request.get(href!);
  expect(image.headers()["content-type"]).toContain("image/png");
  // Removing the image asks first.
  await page.locator("summary", { hasText: "Remove image" }).click();
  await page.getByRole("button", { name: "Yes, remove the image" }).click();
  await expect(page.getByText("Background image removed.")).toBeVisible();
  await expect(page.locator("svg.floor-plan-editor image")).toHaveCount(0);
});

test("settings: a capacity below what is booked is reported, and saved only when the operator insists", async ({ page, operator: _signedIn, people, request }) => {
  const timezone = "Asia/Makassar";
  const desks = [unique("K"), unique("L")];
  const spaceId = await createSpace(page, unique("Ruang Kapasitas"), timezone);
  await open(page, `/operator/spaces/${spaceId}/resources`);
  for (const name of desks) {
    await page.getByLabel("Name", { exact: true }).last().fill(name);
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: `${name} added.` })).toBeVisible();
  }
  const day = tomorrowIn(timezone);
  for (const desk of desks) await bookDesk(request, await people.create(), spaceId, desk, { day, from: "10:00", to: "11:00" });

  await open(page, `/operator/spaces/${spaceId}`);
  await page.getByLabel("Capacity (people at once)").fill("1");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("2 people are already booked at");
  await expect(page.getByRole("alert")).toContainText("10:00");
  await expectNoSeriousViolations(page, "settings with the over-capacity report");
  await page.getByRole("button", { name: "Save anyway" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toContainText("2 people are already booked");
  await expect(page.getByLabel("Capacity (people at once)")).toHaveValue("1");
});
