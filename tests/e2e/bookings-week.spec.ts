import { randomUUID } from "node:crypto";
import { type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { apiAs, dateIn, expect, expectNoSeriousViolations, open, test, type Account } from "./support";

// Issue 13, the week views on a phone (390 × 844), with fresh members and a fresh space each: my week on /bookings
// (today marked, empty days free, the weeks and the list reached by plain links, who from my projects is in), the
// home's short version, and a space's week (closures and closed days with their reason, each day to its day view).
test.use({ locale: "en-US", viewport: { width: 390, height: 844 } });
test.describe.configure({ timeout: 120_000 });

const two = (n: number) => String(n).padStart(2, "0");

/**
 * A zone where it is between 01:00 and 20:59 now, so an hour can still be booked today whatever time the suite
 * runs, and that hour (from the next full hour plus one): the space's "today" is then this week's.
 */
function todaySlot(): { timezone: string; date: string; from: string; to: string } {
  for (const timezone of ["Asia/Jakarta", "Europe/London", "America/New_York", "Pacific/Honolulu", "Asia/Tokyo"]) {
    const hour = Number(new Intl.DateTimeFormat("en-GB", { timeZone: timezone, hour: "2-digit", hourCycle: "h23" }).format(new Date()));
    if (hour >= 1 && hour <= 20) return { timezone, date: dateIn(timezone, 0), from: `${two(hour + 2)}:00`, to: `${two(hour + 3)}:00` };
  }
  throw new Error("no zone has a bookable hour left today");
}

type Made = { id: string; name: string; desks: string[]; deskIds: string[]; roomId: string };

/** A fresh space (three desks, one room) made by an operator through the API. */
async function makeSpace(request: APIRequestContext, operator: Account, timezone: string, weekdays = [1, 2, 3, 4, 5, 6, 7], hours = { opens: "00:00", closes: "23:45" }): Promise<Made> {
  const api = apiAs(request, operator);
  const name = `Ruang ${randomUUID().slice(0, 6)}`;
  const created = await api.post("/spaces", {
    name,
    timezone,
    openingHours: weekdays.map((weekday) => ({ weekday, ...hours })),
    rules: { maxBookingMinutes: 600, maxAdvanceDays: 60, minNoticeMinutes: 0, checkInGraceMinutes: 30, oneDeskPerMember: false },
  });
  expect(created.status(), await created.text()).toBe(201);
  const space = (await created.json()) as { id: string };
  const desks = ["D-01", "D-02", "D-03"];
  const deskIds: string[] = [];
  for (const [i, desk] of desks.entries()) {
    const made = await api.post(`/spaces/${space.id}/resources`, { name: desk, kind: "desk", zone: "A", x: 40 + i * 90, y: 40 });
    expect(made.status()).toBe(201);
    deskIds.push(((await made.json()) as { id: string }).id);
  }
  const room = await api.post(`/spaces/${space.id}/resources`, { name: "Ruang Rapat", kind: "room", capacity: 6, x: 40, y: 200 });
  expect(room.status()).toBe(201);
  return { id: space.id, name, desks, deskIds, roomId: ((await room.json()) as { id: string }).id };
}

async function book(request: APIRequestContext, who: Account, resourceId: string, date: string, from: string, to: string) {
  const res = await apiAs(request, who).post("/bookings", { resourceId, start: `${date}T${from}`, end: `${date}T${to}` });
  expect(res.status(), await res.text()).toBe(201);
}

/** No horizontal document overflow: the page is as wide as the viewport. */
async function expectFits(page: Page, what: string) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `${what}: document ${scroll} px wide in a ${client} px viewport`).toBeLessThanOrEqual(client);
}

/** The seven days are one column: the same left edge, each below the one before. */
async function expectDaysStacked(page: Page, testId: string) {
  const boxes = await page.getByTestId(testId).locator(":scope > li").evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ left: r.left, top: r.top, bottom: r.bottom })));
  expect(boxes).toHaveLength(7);
  for (let i = 1; i < boxes.length; i++) {
    expect(boxes[i]!.left).toBeCloseTo(boxes[0]!.left, 0);
    expect(boxes[i]!.top).toBeGreaterThanOrEqual(boxes[i - 1]!.bottom);
  }
}

async function withoutJs(browser: Browser, page: Page, baseURL: string | undefined, locale = "en-US"): Promise<BrowserContext> {
  return browser.newContext({ baseURL, locale, viewport: { width: 390, height: 844 }, javaScriptEnabled: false, storageState: await page.context().storageState() });
}

/** The Monday of the week a local date is in. */
function mondayOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}
const plusDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

test("my week: today marked with my booking, empty days free, days stacked; weeks and the list by plain links", async ({ page, browser, baseURL, member, people, request }) => {
  const slot = todaySlot();
  const space = await makeSpace(request, await people.create({ role: "operator", name: "Operator" }), slot.timezone);
  await book(request, member, space.deskIds[0]!, slot.date, slot.from, slot.to);

  await open(page, "/bookings");
  await page.getByRole("navigation", { name: "Show my bookings as" }).getByRole("link", { name: "Week", exact: true }).click();
  await expect(page).toHaveURL(/view=week/);
  await expect(page.getByRole("link", { name: "Week", exact: true })).toHaveAttribute("aria-current", "page");
  const today = page.getByTestId(`day-${slot.date}`);
  await expect(today).toHaveAttribute("aria-current", "date");
  await expect(today).toContainText("Today");
  await expect(today).toContainText("D-01");
  await expect(today).toContainText(space.name);
  await expect(today).toContainText(`${slot.from}–${slot.to}`);
  await expect(today).toContainText("Confirmed");
  const other = page.getByTestId(`day-${slot.date === mondayOf(slot.date) ? plusDays(slot.date, 1) : mondayOf(slot.date)}`);
  await expect(other).toContainText("Free");
  await expectDaysStacked(page, "my-week");
  await expectFits(page, "my week");
  await expectNoSeriousViolations(page, "/bookings?view=week");

  const plain = await withoutJs(browser, page, baseURL);
  try {
    const p = await plain.newPage();
    await p.goto("/bookings?view=week");
    const next = plusDays(mondayOf(slot.date), 7);
    await p.getByRole("link", { name: "Next week" }).click();
    await expect(p).toHaveURL(new RegExp(`week=${next}`));
    await expect(p.getByTestId(`day-${next}`)).toContainText("Free");
    await expect(p.getByTestId(`day-${slot.date}`)).toHaveCount(0);
    await p.getByRole("link", { name: "This week" }).click();
    await expect(p.getByTestId(`day-${slot.date}`)).toContainText("D-01");
    await p.getByRole("link", { name: "Previous week" }).click();
    await expect(p).toHaveURL(new RegExp(`week=${plusDays(mondayOf(slot.date), -7)}`));
    await p.getByRole("link", { name: "List", exact: true }).click();
    await expect(p.getByTestId("upcoming")).toContainText("D-01");
    await expectFits(p, "the list again, without JavaScript");
  } finally {
    await plain.close();
  }
});

test("who from my projects is in this week: co-members by day, not one who hides their presence, not a stranger; the home's card", async ({ page, browser, baseURL, member, people, request }) => {
  const slot = todaySlot();
  const space = await makeSpace(request, await people.create({ role: "operator", name: "Operator" }), slot.timezone);
  const teammate = await people.create({ name: "Rekan" });
  const hider = await people.create({ name: "Sembunyi" });
  const stranger = await people.create({ name: "Asing" });
  const project = (await (await apiAs(request, member).post("/projects", { name: `Proyek ${randomUUID().slice(0, 6)}` })).json()) as { id: string };
  for (const m of [teammate, hider]) expect((await apiAs(request, member).post(`/projects/${project.id}/members`, { memberId: m.id })).status()).toBe(201);
  expect((await apiAs(request, hider).patch("/me/profile", { showPresence: false })).status()).toBe(200);
  await book(request, member, space.roomId, slot.date, slot.from, slot.to);
  await book(request, teammate, space.deskIds[0]!, slot.date, slot.from, slot.to);
  await book(request, hider, space.deskIds[1]!, slot.date, slot.from, slot.to);
  await book(request, stranger, space.deskIds[2]!, slot.date, slot.from, slot.to);

  await open(page, "/bookings?view=week");
  const today = page.getByTestId(`day-${slot.date}`);
  const team = today.getByTestId("teammates");
  await expect(team.getByRole("link", { name: teammate.name })).toBeVisible();
  await expect(team).toContainText(`${space.name}, ${slot.from}–${slot.to}`);
  await expect(team.getByRole("listitem")).toHaveCount(1);
  await expect(page.getByText(hider.name)).toHaveCount(0);
  await expect(page.getByText(stranger.name)).toHaveCount(0);
  await expectFits(page, "my week with teammates");
  await expectNoSeriousViolations(page, "my week with teammates");

  await open(page, "/");
  const card = page.getByTestId("team-week");
  await expect(card.getByRole("link", { name: teammate.name })).toBeVisible();
  await expect(card).toContainText(space.name);
  await expect(card.getByRole("listitem")).toHaveCount(1);
  await expect(card.getByText(hider.name)).toHaveCount(0);
  await expectFits(page, "home with the team's week");
  await card.getByRole("link", { name: "See the week" }).click();
  await expect(page.getByTestId(`day-${slot.date}`).getByTestId("teammates")).toContainText(teammate.name);

  // In Indonesian, without JavaScript.
  const plain = await withoutJs(browser, page, baseURL, "id-ID");
  try {
    const p = await plain.newPage();
    await p.goto("/bookings?view=week");
    const day = p.getByTestId(`day-${slot.date}`);
    await expect(day).toContainText("Hari ini");
    await expect(day).toContainText("Dari proyek Anda");
    await expect(day.getByTestId("teammates")).toContainText(teammate.name);
    await expect(p.getByRole("navigation", { name: "Tampilkan pemesanan saya sebagai" }).getByRole("link", { name: "Minggu", exact: true })).toHaveAttribute("aria-current", "page");
    await p.goto("/");
    await expect(p.getByTestId("team-week")).toContainText("Dari proyek Anda minggu ini");
    await expect(p.getByTestId("team-week")).toContainText(teammate.name);
    await expectFits(p, "home in Indonesian");
  } finally {
    await plain.close();
  }
});

test("a space's week: a closure and a closed weekday with their reason, desks free and rooms' hours, each day to its day view; Indonesian without JavaScript", async ({ page, browser, baseURL, member, people, request }) => {
  const TZ = "Asia/Makassar";
  const operator = await people.create({ role: "operator", name: "Operator" });
  // Open Monday to Saturday 07:00–21:00; closed on Sundays.
  const space = await makeSpace(request, operator, TZ, [1, 2, 3, 4, 5, 6], { opens: "07:00", closes: "21:00" });
  const monday = dateIn(TZ, 7, 1);
  const tuesday = plusDays(monday, 1);
  const wednesday = plusDays(monday, 2);
  const sunday = plusDays(monday, 6);
  await book(request, member, space.roomId, tuesday, "10:00", "12:00");
  await book(request, member, space.deskIds[0]!, tuesday, "09:00", "17:00");
  const closed = await apiAs(request, operator).post(`/spaces/${space.id}/closures`, { start: `${wednesday}T00:00`, end: `${plusDays(wednesday, 1)}T00:00`, reason: "Renovasi lantai" });
  expect(closed.status(), await closed.text()).toBe(201);

  await open(page, `/spaces/${space.id}?date=${tuesday}`);
  await page.getByRole("link", { name: "See the week" }).click();
  await expect(page).toHaveURL(new RegExp(`/spaces/${space.id}/week\\?date=${tuesday}`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(space.name);
  const tue = page.getByTestId(`day-${tuesday}`);
  await expect(tue).toContainText("Open 07:00–21:00");
  await expect(tue).toContainText("2 of 3 desks free all day");
  await expect(tue).toContainText("Ruang Rapat");
  await expect(tue).toContainText("2 hours booked");
  await expect(page.getByTestId(`day-${wednesday}`)).toContainText("Closed all day");
  await expect(page.getByTestId(`day-${wednesday}`)).toContainText("Renovasi lantai");
  await expect(page.getByTestId(`day-${sunday}`)).toContainText("Closed on this weekday");
  await expectDaysStacked(page, "space-week");
  await expectFits(page, "a space's week");
  await expectNoSeriousViolations(page, "a space's week");
  await tue.getByRole("link", { name: /^Day view of/ }).click();
  await expect(page).toHaveURL(new RegExp(`/spaces/${space.id}\\?date=${tuesday}$`));
  await expect(page.getByRole("link", { name: "See the week" })).toBeVisible();

  const plain = await withoutJs(browser, page, baseURL, "id-ID");
  try {
    const p = await plain.newPage();
    await p.goto(`/spaces/${space.id}/week?date=${plusDays(monday, -7)}`);
    await p.getByRole("link", { name: "Minggu berikutnya" }).click();
    await expect(p).toHaveURL(new RegExp(`date=${monday}`));
    await expect(p.getByTestId(`day-${wednesday}`)).toContainText("Tutup sepanjang hari");
    await expect(p.getByTestId(`day-${wednesday}`)).toContainText("Renovasi lantai");
    await expect(p.getByTestId(`day-${sunday}`)).toContainText("Tutup pada hari ini");
    await expect(p.getByTestId(`day-${tuesday}`)).toContainText("2 dari 3 meja kosong seharian");
    await expect(p.getByTestId(`day-${tuesday}`)).toContainText("2 jam dipesan");
    await expectFits(p, "a space's week in Indonesian");
  } finally {
    await plain.close();
  }
});
