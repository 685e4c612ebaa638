import { randomUUID } from "node:crypto";
import { type APIRequestContext, type Page } from "@playwright/test";
import { formatDate } from "../../app/lib/time";
import { apiAs, dateIn, daytimeZone, expect, hydrated, logIn, open, test, type Account } from "./support";

// Issue 13, "the member's day, on a phone": every test at 390 × 844 with fresh members, most on a fresh space of
// their own (open 07:00–21:00 every day, bookings up to 600 minutes), so nothing depends on the demo data's state.
test.use({ locale: "en-US", viewport: { width: 390, height: 844 } });
test.describe.configure({ timeout: 90_000 });

const TZ = "Asia/Jakarta";
/** Two days ahead in the space's zone: in the future whatever the hour the suite runs. */
const DATE = dateIn(TZ, 2);
/** The date as the pages write it (app/lib/time.ts: Intl words, never the ISO string). */
const DAY = formatDate(DATE, "en");

type Made = { id: string; name: string; desks: string[]; room: string };

/** A fresh space with three desks on the plan and one room, made by an operator through the API. */
async function makeSpace(request: APIRequestContext, operator: Account, opts: { name?: string; timezone?: string; hours?: { opens: string; closes: string } } = {}): Promise<Made> {
  const api = apiAs(request, operator);
  const name = opts.name ?? `Ruang ${randomUUID().slice(0, 6)}`;
  const { opens, closes } = opts.hours ?? { opens: "07:00", closes: "21:00" };
  const created = await api.post("/spaces", {
    name,
    timezone: opts.timezone ?? TZ,
    openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens, closes })),
    rules: { maxBookingMinutes: 600, maxAdvanceDays: 60, minNoticeMinutes: 0, checkInGraceMinutes: 30 },
  });
  expect(created.status(), await created.text()).toBe(201);
  const space = (await created.json()) as { id: string };
  const desks = ["D-01", "D-02", "D-03"];
  for (const [i, desk] of desks.entries()) {
    expect((await api.post(`/spaces/${space.id}/resources`, { name: desk, kind: "desk", zone: "A", x: 40 + i * 90, y: 40 })).status()).toBe(201);
  }
  expect((await api.post(`/spaces/${space.id}/resources`, { name: "Ruang Rapat", kind: "room", capacity: 6, x: 40, y: 200 })).status()).toBe(201);
  return { id: space.id, name, desks, room: "Ruang Rapat" };
}

const plan = (page: Page) => page.getByRole("group", { name: /^(Floor plan|Denah)$/ });
const desk = (page: Page, name: string) => page.getByTestId(`desk-${name}`);
const freeDesk = (page: Page, name: string) => plan(page).getByRole("button", { name: new RegExp(`(^|\\s)${name}(\\W|$)`) });

/** No horizontal document overflow: the page is as wide as the viewport. */
async function expectFits(page: Page, what: string) {
  const { scroll, client, wide } = await page.evaluate(() => {
    const client = document.documentElement.clientWidth;
    // The outermost elements that stick out, to say what overflows when it does.
    const wide = [...document.body.querySelectorAll("*")]
      .filter((el) => el.getBoundingClientRect().right > client + 0.5 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > client + 0.5))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} (${Math.round(el.getBoundingClientRect().right)} px)`);
    return { scroll: document.documentElement.scrollWidth, client, wide };
  });
  expect(scroll, `${what}: document ${scroll} px wide in a ${client} px viewport; sticking out: ${wide.join(", ")}`).toBeLessThanOrEqual(client);
}

/** Every "Free →" / "Kosong →" button of the desk list is one line, inside its row. */
async function expectDeskButtonsOneLine(page: Page) {
  const buttons = page.locator(".desk-list button");
  expect(await buttons.count()).toBeGreaterThan(0);
  const boxes = await buttons.evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      const li = el.closest("li")!.getBoundingClientRect();
      const line = parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.5;
      return { text: el.textContent ?? "", height: r.height, line, inside: r.right <= li.right + 0.5 && r.left >= li.left - 0.5, padding: parseFloat(getComputedStyle(el).paddingTop) + parseFloat(getComputedStyle(el).paddingBottom) };
    }),
  );
  for (const b of boxes) {
    expect(b.inside, `${b.text} inside its row`).toBe(true);
    expect(b.height - b.padding, `${b.text} is one line`).toBeLessThan(b.line * 1.8);
  }
}

test("the default window is a booking the rules allow: the first click on a free desk books it", async ({ page, member: _m, people, request }) => {
  const space = await makeSpace(request, await people.create({ role: "operator", name: "Operator" }));
  await open(page, `/spaces/${space.id}?date=${DATE}`);
  // Open 07:00–21:00 (14 h) with bookings up to 600 minutes: the window was the whole day and the click refused.
  await expect(page.getByText("Desks for 07:00–09:00.")).toBeVisible();
  await freeDesk(page, "D-01").click();
  await expect(page.getByText("Booked D-01, 07:00–09:00.")).toBeVisible();
  await expect(desk(page, "D-01")).toHaveAttribute("data-state", "mine");
  await expectFits(page, "space page after booking");
});

test("the time inputs step through the slot grid from the opening time, today too", async ({ page, member: _m, people, request }) => {
  const space = await makeSpace(request, await people.create({ role: "operator", name: "Operator" }), { hours: { opens: "00:00", closes: "23:45" } });
  await open(page, `/spaces/${space.id}`);
  const from = page.getByLabel("From");
  await expect(from).toHaveAttribute("step", "900");
  await expect(from).toHaveAttribute("min", "00:00");
  const value = await from.inputValue();
  expect(value, "today's window starts on the grid").toMatch(/^\d{2}:(00|15|30|45)$/);
  const valid = (v: string) => from.evaluate((el: HTMLInputElement, next) => ((el.value = next), el.checkValidity()), v);
  expect(await valid("10:00")).toBe(true);
  expect(await valid("10:45")).toBe(true);
  expect(await valid("10:03")).toBe(false);
});

test("a closure shows on the floor plan and the rooms' grid, with its reason", async ({ page, member: _m, people, request }) => {
  const operator = await people.create({ role: "operator", name: "Operator" });
  const space = await makeSpace(request, operator);
  const closed = await apiAs(request, operator).post(`/spaces/${space.id}/closures`, { start: `${DATE}T10:00`, end: `${DATE}T12:00`, reason: "Perbaikan AC" });
  expect(closed.status(), await closed.text()).toBe(201);

  await open(page, `/spaces/${space.id}?date=${DATE}&from=10:00&to=11:00`);
  await expect(page.getByTestId("window-closed")).toContainText("Perbaikan AC");
  for (const name of space.desks) await expect(desk(page, name)).toHaveAttribute("data-state", "closed");
  await expect(plan(page).getByRole("img", { name: "D-01 Closed" })).toBeVisible();
  await expect(plan(page).getByRole("button")).toHaveCount(0);
  await expect(page.locator(".desk-list").getByText("Closed")).toHaveCount(3);

  const grid = page.getByRole("table", { name: "Meeting rooms and booths" });
  await expect(grid.getByRole("button", { name: `Book ${space.room} at 10:00`, exact: true })).toHaveCount(0);
  await expect(grid.getByTitle("Closed: Perbaikan AC")).toHaveCount(2);
  await expect(grid.getByRole("button", { name: `Book ${space.room} at 12:00`, exact: true })).toBeVisible();
  await expectFits(page, "space page with a closure");

  // After the closure the desks are free again.
  await open(page, `/spaces/${space.id}?date=${DATE}&from=12:00&to=13:00`);
  await expect(desk(page, "D-01")).toHaveAttribute("data-state", "free");
  await expect(page.getByTestId("window-closed")).toHaveCount(0);
});

test("one desk per member at a time, until the operator turns the rule off in the space's settings", async ({ page, browser, member: _m, people, request }) => {
  const operator = await people.create({ role: "operator", name: "Operator" });
  const space = await makeSpace(request, operator);
  const at = `/spaces/${space.id}?date=${DATE}&from=09:00&to=11:00`;
  await open(page, at);
  await freeDesk(page, "D-01").click();
  await expect(page.getByText("Booked D-01, 09:00–11:00.")).toBeVisible();
  await freeDesk(page, "D-02").click();
  await expect(page.getByRole("alert")).toContainText("You already have D-01 then. At this space a member holds one desk at a time.");
  await expect(desk(page, "D-02")).toHaveAttribute("data-state", "free");

  const operatorContext = await browser.newContext({ locale: "en-US", viewport: { width: 390, height: 844 } });
  try {
    const op = await operatorContext.newPage();
    await logIn(op, operator);
    await open(op, `/operator/spaces/${space.id}`);
    const rule = op.getByLabel("One desk per member at a time");
    await expect(rule).toBeChecked();
    await rule.uncheck();
    await op.getByRole("button", { name: "Save", exact: true }).click();
    await expect(op.getByText("Settings saved.")).toBeVisible();
    await op.reload();
    await expect(op.getByLabel("One desk per member at a time")).not.toBeChecked();
  } finally {
    await operatorContext.close();
  }

  await open(page, at);
  await freeDesk(page, "D-02").click();
  await expect(page.getByText("Booked D-02, 09:00–11:00.")).toBeVisible();
});

test("a chosen desk booked weekly from the booking form; cancelling asks first and can be kept", async ({ page, member: _m, people, request }) => {
  const space = await makeSpace(request, await people.create({ role: "operator", name: "Operator" }));
  await open(page, `/spaces/${space.id}?date=${DATE}&from=09:00&to=11:00`);
  const form = page.getByRole("form", { name: "Book a desk" });
  await form.getByLabel("Desk").selectOption({ label: "D-02 (A)" });
  await form.getByLabel("Repeat weekly").check();
  await form.getByLabel("Number of weeks").fill("3");
  await form.getByRole("button", { name: "Book 09:00–11:00" }).click();
  await expect(page.getByText("Booked 3 of 3 weeks.")).toBeVisible();
  await expectFits(page, "space page after a series");

  await open(page, "/bookings");
  const items = page.getByTestId("upcoming").getByRole("listitem").filter({ hasText: space.name });
  await expect(items).toHaveCount(3);
  for (const text of await items.allTextContents()) expect(text).toContain("D-02");
  await expectFits(page, "My bookings with a series");

  const first = items.filter({ hasText: `${DAY}, 09:00–11:00` });
  await first.getByRole("button", { name: `Cancel: D-02 ${DAY}, 09:00`, exact: true }).click();
  const question = first.getByRole("group", { name: `Cancel D-02, ${DAY}, 09:00–11:00?` });
  await expect(question).toBeVisible();
  await question.getByRole("link", { name: "Keep it" }).click();
  await expect(question).toHaveCount(0);
  await expect(items).toHaveCount(3);

  await first.getByRole("button", { name: `Cancel: D-02 ${DAY}, 09:00`, exact: true }).click();
  await first.getByRole("button", { name: "Yes, cancel", exact: true }).click();
  await expect(page.getByText("Booking cancelled.")).toBeVisible();
  await expect(items).toHaveCount(2);
});

test("without JavaScript, cancelling asks first too, and then cancels", async ({ browser, people, request }) => {
  const member = await people.create({ name: "Anggota" });
  const space = await makeSpace(request, await people.create({ role: "operator", name: "Operator" }));
  const desks = await (await apiAs(request, member).get(`/spaces/${space.id}/availability?date=${DATE}`)).json() as { resources: Array<{ id: string; name: string }> };
  const d3 = desks.resources.find((r) => r.name === "D-03")!;
  expect((await apiAs(request, member).post("/bookings", { resourceId: d3.id, start: `${DATE}T13:00`, end: `${DATE}T14:00` })).status()).toBe(201);

  const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-US", viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill(member.email);
    await page.getByLabel("Password", { exact: true }).fill(member.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByTestId("bell")).toBeVisible(); // signed in (on a phone, Log out sits behind the menu)

    await page.goto("/bookings");
    const item = page.getByTestId("upcoming").getByRole("listitem").filter({ hasText: "D-03" });
    await expect(item).toHaveCount(1);
    await item.getByRole("button", { name: `Cancel: D-03 ${DAY}, 13:00`, exact: true }).click();
    // The post changed nothing: the booking is still there, with the question.
    await expect(item).toHaveCount(1);
    await expect(item.getByRole("group", { name: `Cancel D-03, ${DAY}, 13:00–14:00?` })).toBeVisible();
    await item.getByRole("button", { name: "Yes, cancel", exact: true }).click();
    await expect(page.getByText("Booking cancelled.")).toBeVisible();
    await expect(page.getByTestId("upcoming").getByRole("listitem").filter({ hasText: "D-03" })).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test("in Indonesian at 390 px: the space page (a long name, the demo's rooms grid) and My bookings fit, Kosong → on one line", async ({ page, context, member: _m, people, request }) => {
  const longName = `Ruang Kerja Bersama ${"Panjang ".repeat(8)}`.trim().slice(0, 80);
  const space = await makeSpace(request, await people.create({ role: "operator", name: "Operator" }), { name: longName });
  await context.addCookies([{ name: "jj_lang", value: "id", url: page.url() }]);

  await open(page, `/spaces/${space.id}?date=${DATE}`);
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(longName);
  await expect(page.getByText("Meja untuk 07:00–09:00. Pilih meja yang kosong untuk memesannya.")).toBeVisible();
  await expectFits(page, "a space with an 80-character name");
  await expectDeskButtonsOneLine(page);
  await freeDesk(page, "D-01").click();
  await expect(page.getByText("D-01 dipesan, 07:00–09:00.")).toBeVisible();
  await expectFits(page, "a space with an 80-character name, after booking");

  // The demo space: more desks and a 12-hour rooms grid (it made the page ~870 px wide).
  await open(page, "/spaces");
  const demo = await page.getByRole("link", { name: "Jejaring Jakarta — Kemang" }).getAttribute("href");
  // A Wednesday: the demo space is closed on Sundays (and two days ahead is one, run late on a Thursday in UTC).
  await open(page, `${demo}?date=${dateIn(TZ, 2, 3)}`);
  await expectFits(page, "the demo space");
  await expectDeskButtonsOneLine(page);

  await open(page, "/bookings");
  await expect(page.getByRole("heading", { level: 1, name: "Pesanan saya" })).toBeVisible();
  await expectFits(page, "Pesanan saya");
});

test("'Here today' lists the others checked in, not me; on another date it says 'Here now'", async ({ page, member, people, request }) => {
  const space = await makeSpace(request, await people.create({ role: "operator", name: "Operator" }), {
    // From a minute from now for an hour: in a zone where that stays on today's local date.
    timezone: daytimeZone(),
    hours: { opens: "00:00", closes: "23:59" },
  });
  const other = await people.create({ name: "Tetangga" });
  const day = await (await apiAs(request, member).get(`/spaces/${space.id}/availability`)).json() as { resources: Array<{ id: string; name: string }> };
  const soon = new Date(Date.now() + 60_000).toISOString();
  const later = new Date(Date.now() + 61 * 60_000).toISOString();
  for (const [who, deskName] of [[member, "D-01"], [other, "D-02"]] as const) {
    const res = await apiAs(request, who).post("/bookings", { resourceId: day.resources.find((r) => r.name === deskName)!.id, start: soon, end: later });
    expect(res.status(), await res.text()).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect((await apiAs(request, who).post(`/bookings/${id}/check-in`, {})).status()).toBe(200);
  }
  await open(page, `/spaces/${space.id}`);
  const here = page.getByTestId("here-list");
  await expect(page.getByRole("heading", { level: 2, name: "Here today" })).toBeVisible();
  await expect(here).toContainText(other.name);
  await expect(here).not.toContainText(member.name);

  await open(page, `/spaces/${space.id}?date=${DATE}`);
  await expect(page.getByRole("heading", { level: 2, name: "Here now" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Here today" })).toHaveCount(0);
  await hydrated(page);
});

// Issue 13, defect 14: the waitlist notice stayed after the member's turn came. The page follows the space live:
// when the holder cancels, the member is promoted and the notice says the desk is theirs.
test("the waitlist notice gives way, live, when the member's turn comes", async ({ page, member, people, request }) => {
  const other = await people.create({ name: "Pemegang" });
  const space = await makeSpace(request, await people.create({ role: "operator", name: "Operator" }));
  const day = (await (await apiAs(request, member).get(`/spaces/${space.id}/availability?date=${DATE}`)).json()) as { resources: Array<{ id: string; name: string }> };
  const d2 = day.resources.find((r) => r.name === "D-02")!;
  const held = await apiAs(request, other).post("/bookings", { resourceId: d2.id, start: `${DATE}T10:00`, end: `${DATE}T12:00` });
  expect(held.status()).toBe(201);
  await open(page, `/spaces/${space.id}?date=${DATE}&from=10:00&to=12:00`);
  await page.locator(".desk-list").getByRole("button", { name: /^Booked · Join the waitlist\s*: D-02$/ }).click();
  await expect(page.getByText("You are number 1 on the waitlist.")).toBeVisible();
  expect((await request.delete(`/api/v1/bookings/${((await held.json()) as { id: string }).id}`, { headers: { authorization: `Bearer ${other.token}` } })).status()).toBe(204);
  await expect(page.getByText("Your turn came: D-02 is yours now.")).toBeVisible();
  await expect(page.getByText("You are number 1 on the waitlist.")).toHaveCount(0);
  await expect(desk(page, "D-02")).toHaveAttribute("data-state", "mine");
});

// Issue 13 (speed): the desk list and the rooms' grid post through a few shared forms (each button names its form
// and carries its desk, or its room and hour), not a form per desk and per cell. The same buttons must still book
// and queue without JavaScript.
test("without JavaScript, the desk list books and queues and the rooms' grid books an hour, through the shared forms", async ({ browser, people, request }) => {
  const member = await people.create({ name: "Anggota" });
  const other = await people.create({ name: "Lain" });
  const space = await makeSpace(request, await people.create({ role: "operator", name: "Operator" }));
  const day = (await (await apiAs(request, member).get(`/spaces/${space.id}/availability?date=${DATE}`)).json()) as { resources: Array<{ id: string; name: string }> };
  const d2 = day.resources.find((r) => r.name === "D-02")!;
  expect((await apiAs(request, other).post("/bookings", { resourceId: d2.id, start: `${DATE}T10:00`, end: `${DATE}T12:00` })).status()).toBe(201);

  const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-US", viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill(member.email);
    await page.getByLabel("Password", { exact: true }).fill(member.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByTestId("bell")).toBeVisible();
    const url = `/spaces/${space.id}?date=${DATE}&from=10:00&to=12:00`;
    const list = page.locator(".desk-list");

    await page.goto(url);
    // The grid's cells hold buttons, not forms; a desk's button names the list's shared form.
    await expect(page.getByRole("table", { name: "Meeting rooms and booths" }).locator("td form")).toHaveCount(0);
    await expect(list.getByRole("button", { name: "Free → Book D-01", exact: true })).toHaveAttribute("form", /.+/);
    await list.getByRole("button", { name: "Free → Book D-01", exact: true }).click();
    await expect(page.getByText("Booked D-01, 10:00–12:00.")).toBeVisible();

    await page.goto(url);
    await list.getByRole("button", { name: /^Booked · Join the waitlist\s*: D-02$/ }).click();
    await expect(page.getByText("You are number 1 on the waitlist.")).toBeVisible();

    await page.goto(url);
    const grid = page.getByRole("table", { name: "Meeting rooms and booths" });
    await grid.getByRole("button", { name: `Book ${space.room} at 14:00`, exact: true }).click();
    await expect(page.getByText(`Booked ${space.room}, 14:00–15:00.`)).toBeVisible();
    await expect(grid.getByRole("button", { name: `Book ${space.room} at 14:00`, exact: true })).toHaveCount(0);
    await expect(grid.getByRole("button", { name: `Book ${space.room} at 15:00`, exact: true })).toBeVisible();
  } finally {
    await context.close();
  }
  // What the member holds now: D-01 and the room's hour, and a place on D-02's waitlist (seen through the API).
  const mine = (await (await apiAs(request, member).get("/bookings")).json()) as { items: Array<{ resourceName: string; start: string }> };
  expect(mine.items.map((b) => b.resourceName).sort()).toEqual(["D-01", space.room].sort());
});
