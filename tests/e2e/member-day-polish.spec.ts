import { randomUUID } from "node:crypto";
import { type APIRequestContext, type Page } from "@playwright/test";
import { apiAs, dateIn, expect, expectNoSeriousViolations, open, test, type Account } from "./support";

// Issue 13's loose ends: the floor plan on a phone, the project's "Book a room" form on a laptop, one way of writing
// dates (never ISO on a page), overdue tasks marked in words, and a series' skipped weeks in the reader's words.
test.use({ locale: "en-US", timezoneId: "Asia/Jakarta" });
test.describe.configure({ timeout: 90_000 });

const TZ = "Asia/Jakarta";
const DATE = dateIn(TZ, 2);
const PHONE = { width: 390, height: 844 };
/** A date as the ISO string writes it: no page shows one to a person. */
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;

/** A fresh space (open 07:00–21:00) with desks spread across a wide plan, one far to the right, and one room. */
async function makeSpace(request: APIRequestContext, operator: Account, rules: Record<string, number> = {}) {
  const api = apiAs(request, operator);
  const name = `Ruang ${randomUUID().slice(0, 6)}`;
  const created = await api.post("/spaces", {
    name,
    timezone: TZ,
    openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: "07:00", closes: "21:00" })),
    rules: { maxBookingMinutes: 600, maxAdvanceDays: 60, minNoticeMinutes: 0, checkInGraceMinutes: 30, ...rules },
  });
  expect(created.status(), await created.text()).toBe(201);
  const space = (await created.json()) as { id: string };
  for (const [desk, x] of [["D-01", 40], ["D-02", 130], ["D-Far", 900]] as const) {
    expect((await api.post(`/spaces/${space.id}/resources`, { name: desk, kind: "desk", zone: "A", x, y: 40 })).status()).toBe(201);
  }
  expect((await api.post(`/spaces/${space.id}/resources`, { name: "Ruang Rapat", kind: "room", capacity: 6, x: 40, y: 200 })).status()).toBe(201);
  return { id: space.id, name };
}

/** The page's visible text has no ISO date (inputs' values are not text; the calendar feed URL is a token). */
async function expectNoIsoDate(page: Page, what: string) {
  const text = await page.locator("main").innerText();
  expect(text.match(ISO_DATE)?.[0], `${what} shows an ISO date`).toBeUndefined();
}

test.describe("the floor plan on a phone", () => {
  test.use({ viewport: PHONE, hasTouch: true, isMobile: true });

  test("keeps legible labels and 24 px targets in a labelled sideways-scrolling region; the page never overflows", async ({ page, member: _m, people, request }) => {
    const space = await makeSpace(request, await people.create({ role: "operator", name: "Operator" }));
    await open(page, `/spaces/${space.id}?date=${DATE}`);
    const region = page.getByRole("region", { name: "Floor plan (scrolls sideways on a narrow screen)" });
    await expect(region).toBeVisible();

    const sizes = await region.evaluate((el) => {
      const svg = el.querySelector("svg")!;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const px = (sel: string) => Math.min(...[...svg.querySelectorAll(sel)].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale));
      const targets = [...svg.querySelectorAll(".plan-item")].map((g) => g.getBoundingClientRect());
      return {
        name: px(".plan-name"),
        state: px(".plan-state"),
        smallest: Math.min(...targets.map((r) => Math.min(r.width, r.height))),
        scrolls: el.scrollWidth > el.clientWidth,
        doc: document.documentElement.scrollWidth,
        viewport: document.documentElement.clientWidth,
      };
    });
    expect(sizes.name, "desk names").toBeGreaterThanOrEqual(12);
    expect(sizes.state, "desk states").toBeGreaterThanOrEqual(12);
    expect(sizes.smallest, "tap targets").toBeGreaterThanOrEqual(24);
    expect(sizes.scrolls, "the plan scrolls inside its region").toBe(true);
    expect(sizes.doc, "the page is no wider than the phone").toBeLessThanOrEqual(sizes.viewport);

    // Each desk says its name and state; the far one is reached by scrolling the region and booked with a tap.
    const plan = page.getByRole("group", { name: "Floor plan" });
    await expect(plan.getByRole("button", { name: "D-01 Free" })).toBeVisible();
    const far = plan.getByRole("button", { name: "D-Far Free" });
    await far.scrollIntoViewIfNeeded();
    expect(await region.evaluate((el) => el.scrollLeft), "scrolled sideways to the far desk").toBeGreaterThan(0);
    await far.tap();
    await expect(page.getByText("Booked D-Far, 07:00–09:00.")).toBeVisible();
    await expect(page.getByTestId("desk-D-Far")).toHaveAttribute("data-state", "mine");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectNoSeriousViolations(page, "space page on a phone");
  });
});

test.describe("a laptop screen", () => {
  test.use({ viewport: { width: 1366, height: 900 } });

  test("the project's Book a room form keeps its date field inside the form and the card", async ({ page, member }) => {
    await open(page, "/projects");
    const name = `Proyek ${randomUUID().slice(0, 6)}`;
    await page.getByLabel("Project name").fill(name);
    await page.getByRole("button", { name: "Create project" }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    const form = page.getByRole("form", { name: "Book a room for this project" });
    const card = page.getByRole("region", { name: "Meetings" });
    for (const label of ["Date", "From", "Until"]) {
      const field = form.getByLabel(label, { exact: true });
      await expect(field).toBeVisible();
      const [box, formBox, cardBox] = await Promise.all([field.boundingBox(), form.boundingBox(), card.boundingBox()]);
      for (const [outer, what] of [[formBox!, "form"], [cardBox!, "card"]] as const) {
        expect(box!.x, `${label}: left edge inside the ${what}`).toBeGreaterThanOrEqual(outer.x - 0.5);
        expect(box!.x + box!.width, `${label}: right edge inside the ${what}`).toBeLessThanOrEqual(outer.x + outer.width + 0.5);
      }
    }
    // Each input is at least as wide as its value needs (a copy of it at its own width, in the same field, with the
    // same styles): the date used to be squeezed beside "From" and showed "12/03/202".
    for (const label of ["Date", "From", "Until"]) {
      const { need, have } = await form.getByLabel(label, { exact: true }).evaluate((el) => {
        const probe = el.cloneNode() as HTMLInputElement;
        probe.removeAttribute("id");
        probe.setAttribute("aria-hidden", "true");
        probe.style.cssText = "position:absolute;visibility:hidden;width:auto;min-width:0;max-width:none;flex:none";
        el.parentElement!.appendChild(probe);
        const need = probe.getBoundingClientRect().width;
        probe.remove();
        return { need, have: el.getBoundingClientRect().width };
      });
      expect(have, `${label}: ${have} px for a value that needs ${need} px`).toBeGreaterThanOrEqual(need - 0.5);
    }
    expect(member.id).toBeTruthy();
  });
});

test("dates read in words on the main pages, never as ISO strings", async ({ page, member, people, request }) => {
  const space = await makeSpace(request, await people.create({ role: "operator", name: "Operator" }));
  const api = apiAs(request, member);
  const avail = (await (await api.get(`/spaces/${space.id}/availability?date=${DATE}`)).json()) as { resources: Array<{ id: string; name: string }> };
  const desk = avail.resources.find((r) => r.name === "D-01")!;
  const room = avail.resources.find((r) => r.name === "Ruang Rapat")!;
  expect((await api.post("/bookings", { resourceId: desk.id, start: `${DATE}T09:00`, end: `${DATE}T11:00` })).status()).toBe(201);
  const project = (await (await api.post("/projects", { name: `Proyek ${randomUUID().slice(0, 6)}` })).json()) as { id: string };
  expect((await api.post(`/projects/${project.id}/bookings`, { resourceId: room.id, start: `${DATE}T13:00`, end: `${DATE}T14:00` })).status()).toBe(201);
  expect((await api.post(`/projects/${project.id}/tasks`, { title: "Kirim proposal", dueDate: dateIn(TZ, 5) })).status()).toBe(201);

  for (const [path, what] of [
    ["/", "home"],
    ["/bookings", "my bookings"],
    [`/spaces/${space.id}?date=${DATE}`, "the space page"],
    [`/projects/${project.id}`, "the project room"],
    ["/notifications", "notifications"],
  ] as const) {
    await open(page, path);
    await expectNoIsoDate(page, what);
  }
  // The booking and the meeting are there, in words.
  await open(page, "/bookings");
  const day = await page.evaluate((d) => new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(`${d}T00:00:00Z`)), DATE);
  await expect(page.getByTestId("upcoming")).toContainText(`${day}, 09:00–11:00`);
  await open(page, `/projects/${project.id}`);
  await expect(page.getByRole("region", { name: "Meetings" })).toContainText(`${day}, 13:00–14:00`);
  // The chat's day heading over the meeting's system message.
  await expect(page.getByRole("log").locator(".chat-day").first()).toHaveText("Today");
});

test("overdue, due today and due tomorrow are marked with an icon and words on the board and in My tasks", async ({ page, member, context, request }) => {
  const api = apiAs(request, member);
  const project = (await (await api.post("/projects", { name: `Proyek ${randomUUID().slice(0, 6)}` })).json()) as { id: string };
  const tasks = [
    { title: "Late one", dueDate: dateIn(TZ, -1), status: "todo" },
    { title: "Today one", dueDate: dateIn(TZ, 0), status: "doing" },
    { title: "Tomorrow one", dueDate: dateIn(TZ, 1), status: "todo" },
    { title: "Next week one", dueDate: dateIn(TZ, 7), status: "todo" },
    { title: "Finished earlier", dueDate: dateIn(TZ, -3), status: "done" },
  ];
  for (const task of tasks) {
    expect((await api.post(`/projects/${project.id}/tasks`, { ...task, assigneeId: member.id })).status()).toBe(201);
  }
  const card = (title: string) => page.locator(".task", { hasText: title }).locator(".task-due");

  for (const path of [`/projects/${project.id}`, `/projects/${project.id}?tasks=mine`]) {
    await open(page, path);
    await expect(card("Late one")).toContainText("Overdue");
    await expect(card("Late one")).toHaveAttribute("data-due", "overdue");
    await expect(card("Late one").locator("svg")).toHaveCount(1);
    await expect(card("Today one")).toContainText("Due today");
    await expect(card("Tomorrow one")).toContainText("Due tomorrow");
    for (const quiet of ["Next week one", "Finished earlier"]) {
      await expect(card(quiet)).not.toContainText(/Overdue|Due today|Due tomorrow/);
    }
    await expectNoIsoDate(page, path);
  }
  await expectNoSeriousViolations(page, "the board with due marks");

  await context.addCookies([{ name: "jj_lang", value: "id", url: page.url() }]);
  await open(page, `/projects/${project.id}`);
  await expect(card("Late one")).toContainText("Lewat tenggat");
  await expect(card("Today one")).toContainText("Tenggat hari ini");
  await expect(card("Tomorrow one")).toContainText("Tenggat besok");
});

test("a weekly series' skipped weeks are listed with their dates and reasons in the reader's words", async ({ page, member: _m, people, request, context }) => {
  const space = await makeSpace(request, await people.create({ role: "operator", name: "Operator" }), { maxAdvanceDays: 7 });
  await context.addCookies([{ name: "jj_lang", value: "id", url: new URL("/", page.url()).toString() }]);
  await open(page, `/spaces/${space.id}?date=${DATE}`);
  const form = page.getByRole("form", { name: "Pesan meja" });
  await form.getByLabel("Ulangi setiap minggu").check();
  await form.getByLabel("Jumlah minggu").fill("3");
  await form.getByRole("button", { name: /^Pesan / }).click();
  const notice = page.getByRole("status").filter({ hasText: "1 dari 3 minggu berhasil dipesan." });
  await expect(notice).toBeVisible();
  const skipped = notice.getByRole("listitem");
  await expect(skipped).toHaveCount(2);
  for (const week of [1, 2]) {
    const date = dateIn(TZ, 2 + 7 * week);
    const words = await page.evaluate((d) => new Intl.DateTimeFormat("id-ID", { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(`${d}T00:00:00Z`)), date);
    await expect(skipped.nth(week - 1)).toHaveText(`Dilewati ${words}, 07:00–09:00: ${space.name} menerima pemesanan paling jauh 7 hari sebelumnya.`);
  }
  await expectNoIsoDate(page, "the series result");
});

test("an operator's lists read dates in words too: closures, a refused range's fallback, the chart's days", async ({ page, operator, people, request }) => {
  const space = await makeSpace(request, operator);
  const later = dateIn(TZ, 9);
  const closed = await apiAs(request, operator).post(`/spaces/${space.id}/closures`, { start: `${later}T09:00`, end: `${dateIn(TZ, 10)}T12:00`, reason: "Renovasi" });
  expect(closed.status(), await closed.text()).toBe(201);
  const guest = await people.create({ name: "Tamu" });
  const avail = (await (await apiAs(request, guest).get(`/spaces/${space.id}/availability?date=${DATE}`)).json()) as { resources: Array<{ id: string; name: string }> };
  const desk = avail.resources.find((r) => r.name === "D-02")!;
  expect((await apiAs(request, guest).post("/bookings", { resourceId: desk.id, start: `${DATE}T09:00`, end: `${DATE}T10:00` })).status()).toBe(201);

  await open(page, `/operator/spaces/${space.id}/closures`);
  await expect(page.locator("main")).toContainText("Renovasi");
  await expectNoIsoDate(page, "closures");
  // A range the analytics refuse: the page says which range it shows instead, in words.
  await open(page, `/operator/spaces/${space.id}/analytics?from=${dateIn(TZ, 3)}&to=${DATE}`);
  await expect(page.getByRole("alert")).toBeVisible();
  await expectNoIsoDate(page, "analytics with a refused range");
  // The chart's days (the last 30) are day/month, as en-GB and id-ID write them: the second number is a month.
  await expect(page.locator("[data-chart-label='day']").first()).toBeAttached();
  const labels = await page.locator("[data-chart-label='day']").allTextContents();
  const months = new Set(Array.from({ length: 45 }, (_, i) => Number(dateIn(TZ, -i).slice(5, 7))));
  for (const label of labels) {
    const [, second] = /^\d{1,2}\/(\d{1,2})$/.exec(label.trim()) ?? [];
    expect(months.has(Number(second)), `chart day "${label}" is day/month`).toBe(true);
  }
  for (const path of [`/operator/spaces/${space.id}`, `/operator/spaces/${space.id}/now`, `/operator/spaces/${space.id}/resources`]) {
    await open(page, path);
    await expectNoIsoDate(page, path);
  }
});
