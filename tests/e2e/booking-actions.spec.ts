import { randomUUID } from "node:crypto";
import { type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { apiAs, dateIn, daytimeZone, expect, expectNoSeriousViolations, logIn, open, test, type Account } from "./support";

// Issue 13, "the member's day, on a phone": a room by start and duration, changing a booking from "My bookings",
// checking out early from the home, and a favourite desk booked in one click without JavaScript. Every test at
// 390 × 844 with fresh members on a fresh space of their own.
test.use({ viewport: { width: 390, height: 844 } });
test.describe.configure({ timeout: 120_000 });

const TZ = "Asia/Jakarta";
/** Two days ahead in the space's zone: in the future whatever the hour the suite runs. */
const DATE = dateIn(TZ, 2);


/** A fresh space (three desks, one room), made by an operator through the API. */
async function makeSpace(request: APIRequestContext, operator: Account, opts: { timezone?: string; opens?: string; closes?: string } = {}) {
  const api = apiAs(request, operator);
  const created = await api.post("/spaces", {
    name: `Ruang ${randomUUID().slice(0, 6)}`,
    timezone: opts.timezone ?? TZ,
    openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: opts.opens ?? "07:00", closes: opts.closes ?? "21:00" })),
    rules: { maxBookingMinutes: 240, maxAdvanceDays: 60, minNoticeMinutes: 0, checkInGraceMinutes: 30, oneDeskPerMember: false },
  });
  expect(created.status(), await created.text()).toBe(201);
  const space = (await created.json()) as { id: string; name: string };
  const ids: Record<string, string> = {};
  for (const [i, name] of ["D-01", "D-02", "D-03"].entries()) {
    const r = await api.post(`/spaces/${space.id}/resources`, { name, kind: "desk", zone: "A", x: 40 + i * 90, y: 40 });
    ids[name] = ((await r.json()) as { id: string }).id;
  }
  const room = await api.post(`/spaces/${space.id}/resources`, { name: "Ruang Rapat", kind: "room", capacity: 6, x: 40, y: 200 });
  ids["Ruang Rapat"] = ((await room.json()) as { id: string }).id;
  return { ...space, ids };
}

/** The page's notice of what was done (not the header's live-connection status). */
const notice = (page: Page) => page.locator(".notice[role=status]");

/** No horizontal document overflow: the page is as wide as the viewport. */
async function fitsThePhone(page: Page, what: string) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `${what}: ${scroll} px wide in ${client} px`).toBeLessThanOrEqual(client);
}

async function book(request: APIRequestContext, who: Account, resourceId: string, start: string, end: string) {
  const res = await apiAs(request, who).post("/bookings", { resourceId, start, end });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string };
}

test.describe("English, with JavaScript", () => {
  test.use({ locale: "en-US" });

  test("a room by start and duration: booked as picked, an overlap worded as a conflict", async ({ page, member: _m, people, request }) => {
    const space = await makeSpace(request, await people.create({ role: "operator", name: "Operator" }));
    await open(page, `/spaces/${space.id}?date=${DATE}`);
    const form = page.getByRole("form", { name: "Book a room by start and length" });
    // 30-minute steps up to the longest booking (240 minutes).
    await expect(form.getByLabel("Duration").locator("option")).toHaveText(["30 minutes", "1 hour", "1 hour 30 minutes", "2 hours", "2 hours 30 minutes", "3 hours", "3 hours 30 minutes", "4 hours"]);
    await expect(form.getByLabel("Start")).toHaveAttribute("step", "900");
    await form.getByLabel("Room").selectOption({ label: "Ruang Rapat" });
    await form.getByLabel("Start").fill("10:00");
    await form.getByLabel("Duration").selectOption({ label: "1 hour 30 minutes" });
    await form.getByRole("button", { name: "Book the room" }).click();
    await expect(notice(page).filter({ hasText: "Booked Ruang Rapat, 10:00–11:30." })).toBeVisible();
    await fitsThePhone(page, "space page with the room form");
    await expectNoSeriousViolations(page, "space page with the room form");

    await form.getByLabel("Start").fill("11:00");
    await form.getByLabel("Duration").selectOption({ label: "1 hour" });
    await form.getByRole("button", { name: "Book the room" }).click();
    await expect(page.getByRole("alert")).toContainText("That is already booked.");
    const mine = (await (await apiAs(request, _m).get("/bookings")).json()) as { items: Array<{ start: string; end: string }> };
    expect(mine.items.map((b) => [b.start.slice(11, 16), b.end.slice(11, 16)])).toEqual([["10:00", "11:30"]]);

    // A star on a desk (in place, with JavaScript): marked, first in the list, and offered on the home.
    await page.getByRole("button", { name: "Add D-02 to favourites" }).click();
    await expect(notice(page)).toContainText("Added to your favourites");
    await expect(page.getByRole("button", { name: "Remove D-02 from favourites" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.locator(".desk-list li").first()).toContainText("D-02");
    await expectNoSeriousViolations(page, "space page with a favourite");
    await open(page, "/");
    await expect(page.getByTestId("favourite-desk")).toContainText("D-02");
    await expectNoSeriousViolations(page, "home with a favourite desk");
  });

  test("change a booking from My bookings: the free desks for the new time, a taken one not offered, errors beside their fields", async ({ page, member, people, request }) => {
    const space = await makeSpace(request, await people.create({ role: "operator", name: "Operator" }));
    const other = await people.create({ name: "Lain" });
    await book(request, member, space.ids["D-01"]!, `${DATE}T09:00`, `${DATE}T10:00`);
    await book(request, other, space.ids["D-02"]!, `${DATE}T12:00`, `${DATE}T13:00`);

    await open(page, "/bookings");
    await page.getByRole("link", { name: /^Change: D-01 .*09:00$/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("D-01");
    const change = page.getByRole("form", { name: "Change the booking" });
    await change.getByLabel("From").fill("12:00");
    await change.getByLabel("Until").fill("13:00");
    await change.getByRole("button", { name: "Check what is free then" }).click();
    await expect(page).toHaveURL(/from=12%3A00/);
    const desk = change.getByLabel("Desk");
    await expect(desk.locator("option", { hasText: "D-02 (A): taken" })).toBeDisabled();
    await expect(desk.locator("option", { hasText: "D-03 (A): free" })).toBeEnabled();
    await fitsThePhone(page, "the booking's page");
    await expectNoSeriousViolations(page, "the booking's page");

    // The end before the start: said beside "Until", nothing changes.
    await change.getByLabel("Until").fill("11:00");
    await change.getByRole("button", { name: "Save the change" }).click();
    await expect(change.getByLabel("Until")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#change-until-error")).toHaveText("Must be after the start.");

    await change.getByLabel("Until").fill("13:00");
    await desk.selectOption({ label: "D-03 (A): free" });
    await change.getByRole("button", { name: "Save the change" }).click();
    await expect(notice(page)).toContainText("Changed: D-03");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("D-03");
    await open(page, "/bookings");
    await expect(page.getByTestId("upcoming").locator("li", { hasText: "D-03" })).toContainText("12:00–13:00");
  });

  test("check out early from the home: the booking ends, the member sees it ended", async ({ page, member, people, request, browser, baseURL }) => {
    const operator = await people.create({ role: "operator", name: "Operator" });
    const space = await makeSpace(request, operator, { timezone: daytimeZone(), opens: "00:00", closes: "23:45" });
    // The desk's QR code leads to its check-in page; from there the member uses the free desk now (a walk-in).
    const path = await checkInPath(browser, baseURL, operator, space.id, "D-01");
    await open(page, path);
    await page.getByRole("button", { name: "Use it now" }).click();
    await expect(page.getByText("You are checked in at D-01.")).toBeVisible();

    await open(page, "/");
    const card = page.getByTestId("next-booking");
    await expect(card).toContainText("D-01");
    await fitsThePhone(page, "home with a check-out");
    await expectNoSeriousViolations(page, "home with a check-out");
    await card.getByRole("button", { name: "Check out now" }).click();
    await expect(notice(page)).toHaveText("You are checked out. The rest of your slot is free for others.");
    await expect(card).not.toContainText("D-01");
    const mine = (await (await apiAs(request, member).get("/bookings")).json()) as { items: Array<{ checkedOutAt: string | null }> };
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]!.checkedOutAt).not.toBeNull();
    await open(page, "/bookings");
    await expect(page.getByTestId("upcoming")).not.toContainText("D-01");
    await expect(page.locator("section[aria-labelledby=past-title]")).toContainText("Ended early at");
  });
});

/** The check-in page of a desk, as its QR code on the operator's printable sheet holds it. */
async function checkInPath(browser: Browser, baseURL: string | undefined, operator: Account, spaceId: string, desk: string): Promise<string> {
  const context = await browser.newContext({ baseURL, locale: "en-US" });
  const page = await context.newPage();
  await logIn(page, operator);
  await open(page, `/operator/spaces/${spaceId}/qr`);
  const href = await page.getByRole("link", { name: `Open its check-in page: ${desk}` }).getAttribute("href");
  await context.close();
  return new URL(href!).pathname;
}

test.describe("Bahasa Indonesia, tanpa JavaScript", () => {
  test.use({ locale: "id-ID", javaScriptEnabled: false });

  test("star a desk, see it first and marked, and book it from the home in one click", async ({ page, people, request }) => {
    const space = await makeSpace(request, await people.create({ role: "operator", name: "Operator" }));
    const me = await people.create({ name: "Anggota" });
    await page.goto("/login");
    await page.getByLabel("Email").fill(me.email);
    await page.getByLabel("Kata sandi", { exact: true }).fill(me.password);
    await page.getByRole("button", { name: "Masuk" }).click();
    await expect(page.getByTestId("bell")).toBeVisible();

    await page.goto(`/spaces/${space.id}?date=${DATE}`);
    const list = page.locator(".desk-list");
    await expect(list.locator("li").first()).toContainText("D-01");
    await page.getByRole("button", { name: "Tambahkan D-02 ke favorit" }).click();
    await expect(notice(page)).toContainText("Ditambahkan ke favorit Anda");
    await page.goto(`/spaces/${space.id}?date=${DATE}`);
    await expect(list.locator("li").first()).toContainText("D-02");
    await expect(page.getByRole("button", { name: "Hapus D-02 dari favorit" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("desk-D-02")).toHaveAttribute("aria-label", /Favorit$/);
    await fitsThePhone(page, "space page with a favourite");

    await page.goto("/");
    const card = page.getByTestId("favourite-desk");
    await expect(card).toContainText("D-02");
    await fitsThePhone(page, "home with a favourite desk");
    await card.getByRole("button", { name: "Pesan meja favorit saya" }).click();
    await expect(notice(page)).toContainText("D-02 dipesan");
    const mine = (await (await apiAs(request, me).get("/bookings")).json()) as { items: Array<{ resourceId: string }> };
    expect(mine.items.map((b) => b.resourceId)).toEqual([space.ids["D-02"]]);
    // Booked: the next booking is that desk, and no second offer for the same time.
    await expect(page.getByTestId("next-booking")).toContainText("D-02");
    await expect(page.getByTestId("favourite-desk")).toHaveCount(0);
  });
});
