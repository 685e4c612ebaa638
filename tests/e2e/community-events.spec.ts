import { type Page } from "@playwright/test";
import { apiAs, dateIn, expect, expectNoSeriousViolations, logIn, open, test } from "./support";

// Issue 16 item 3 on a phone: an operator creates a public event with one seat from the space's events page; a member
// takes the seat from the event page, a second waits at place 1; the first cancels and the second goes; a visitor
// reads the public page without signing in. Every state fits 390 px and passes axe.
test.use({ locale: "en-US", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
test.describe.configure({ timeout: 120_000 });

async function fitsThePhone(page: Page, label: string) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const el = document.scrollingElement ?? document.documentElement;
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
  });
  expect(scrollWidth, `horizontal overflow on ${label}`).toBeLessThanOrEqual(clientWidth);
}

test("operator creates, member RSVPs, the waitlist is shown, a cancel promotes, the public page needs no login", async ({ page, people, browser }) => {
  const operator = await people.create({ role: "operator", name: "Olga" });
  const { items } = (await (await apiAs(page.request, operator).get("/spaces")).json()) as { items: Array<{ id: string; timezone: string }> };
  const space = items[0]!;
  await people.assign(operator, space.id);
  const day = dateIn(space.timezone, 5);

  let eventUrl = "";
  await test.step("the operator creates the event from the space's events page", async () => {
    await logIn(page, operator);
    await open(page, `/operator/spaces/${space.id}/events`);
    await fitsThePhone(page, "operator events");
    await expectNoSeriousViolations(page, "operator events");
    await page.getByLabel("Title").fill("Malam Kurasi Produk");
    await page.getByLabel("Starts").fill(`${day}T18:00`);
    await page.getByLabel("Ends").fill(`${day}T20:00`);
    await page.getByLabel("Seats").fill("1");
    await page.getByLabel("Who can see it").selectOption("public");
    await page.getByRole("button", { name: "Create the event" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Malam Kurasi Produk" })).toBeVisible();
    eventUrl = new URL(page.url()).pathname;
    expect(eventUrl).toMatch(/^\/events\/[0-9a-f-]{36}$/);
  });

  const first = await people.create({ name: "Ani" });
  const second = await people.create({ name: "Budi" });
  const context2 = await browser.newContext();
  const page2 = await context2.newPage();

  await test.step("a member takes the seat, a second waits at place 1", async () => {
    await page.context().clearCookies();
    await logIn(page, first);
    await open(page, eventUrl);
    await page.getByRole("button", { name: "I'm going" }).click();
    await expect(page.getByTestId("event-mine")).toHaveText("You are going");
    await logIn(page2, second);
    await open(page2, eventUrl);
    await page2.getByRole("button", { name: "I'm going" }).click();
    await expect(page2.getByTestId("event-mine")).toHaveText("On the waitlist, place 1");
    await fitsThePhone(page2, "event (waitlisted)");
    await expectNoSeriousViolations(page2, "event (waitlisted)");
  });

  await test.step("the first cancels: the second goes", async () => {
    await page.getByRole("button", { name: "Cancel my RSVP" }).click();
    await expect(page.getByTestId("event-mine")).toHaveText("You have not answered yet.");
    await open(page2, eventUrl);
    await expect(page2.getByTestId("event-mine")).toHaveText("You are going");
  });
  await context2.close();

  await test.step("a visitor reads the public page without signing in", async () => {
    const visitor = await browser.newContext();
    const anon = await visitor.newPage();
    const res = await anon.goto(eventUrl);
    expect(res?.status()).toBe(200);
    await expect(anon.getByRole("heading", { level: 1, name: "Malam Kurasi Produk" })).toBeVisible();
    await expect(anon.getByRole("link", { name: "Sign in to RSVP" })).toBeVisible();
    await visitor.close();
  });
});
