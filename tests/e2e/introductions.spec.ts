import { DateTime } from "luxon";
import { type Page } from "@playwright/test";
import { expect, expectNoSeriousViolations, logIn, open, test } from "./support";

// Issue 16, item 5, on a phone: a member asks to be introduced this week; the network manager sees it, introduces
// them to someone with a room and a time to meet; the member sees the introduction, books the room in one click and
// says afterwards how it went. Every step is a plain form post; every state fits 390 px and passes axe.
test.use({ locale: "en-US", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
test.describe.configure({ timeout: 120_000 });

async function fitsThePhone(page: Page, label: string) {
  const { scrollWidth, clientWidth, wide } = await page.evaluate(() => {
    const el = document.scrollingElement ?? document.documentElement;
    const wide = Array.from(document.querySelectorAll<HTMLElement>("main *"))
      .filter((e) => {
        if (e.getBoundingClientRect().right <= window.innerWidth + 0.5) return false;
        for (let p = e.parentElement; p; p = p.parentElement) if (["auto", "scroll", "hidden"].includes(getComputedStyle(p).overflowX)) return false;
        return true;
      })
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${String(e.className)}#${e.id}:${(e.textContent ?? "").slice(0, 80)}:${e.getBoundingClientRect().right}`);
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, wide };
  });
  expect(wide, `what sticks out on ${label}`).toEqual([]);
  expect(scrollWidth, `horizontal overflow on ${label}`).toBeLessThanOrEqual(clientWidth);
}

/** A weekday at least three days ahead, at an hour other runs are unlikely to use, in Jakarta (the demo spaces' zone). */
function meetingSlot() {
  let day = DateTime.now().setZone("Asia/Jakarta").plus({ days: 3 });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  const start = day.set({ hour: 9 + Math.floor(Math.random() * 6), minute: [0, 15, 30, 45][Math.floor(Math.random() * 4)]!, second: 0, millisecond: 0 });
  return { start: start.toFormat("yyyy-LL-dd'T'HH:mm"), end: start.plus({ minutes: 30 }).toFormat("yyyy-LL-dd'T'HH:mm") };
}

test("a member asks to be introduced; the manager introduces them with a room; they book it in one click and say how it went", async ({ page, member: ani, people, browser }) => {
  const origin = new URL(page.url()).origin;
  const budi = await people.create({ name: `Budi ${Math.random().toString(36).slice(2, 7)}` });

  await test.step("the member asks to be introduced this week", async () => {
    await open(page, "/network/introductions");
    await expect(page.getByRole("heading", { level: 1, name: "Introductions" })).toBeVisible();
    await expect(page.getByText("No introductions yet.")).toBeVisible();
    await page.getByRole("button", { name: "Introduce me this week" }).click();
    await expect(page.getByRole("status").filter({ hasText: "would like to be introduced this week" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Not this week after all" })).toBeVisible();
    await fitsThePhone(page, "introductions");
    await expectNoSeriousViolations(page, "introductions");
  });

  await test.step("the network manager sees who asked and introduces them, with a room and a time", async () => {
    const admin = await people.create({ role: "admin", name: "Manajer" });
    const context = await browser.newContext({ locale: "en-US", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, baseURL: origin });
    const manager = await context.newPage();
    await logIn(manager, admin);
    await open(manager, "/admin");
    await expect(manager.getByTestId("candidates")).toContainText(ani.name);
    await manager.getByLabel("First member").selectOption(ani.id);
    await manager.getByLabel("Second member").selectOption(budi.id);
    await manager.getByLabel("Why should they meet?").fill("Ani needs product photos; Budi shoots them.");
    const room = manager.getByLabel("Room");
    const firstRoom = await room.locator("option").nth(1).getAttribute("value");
    await room.selectOption(firstRoom!);
    const slot = meetingSlot();
    await manager.getByLabel("Starts (the space's time)").fill(slot.start);
    await manager.getByLabel("Ends").fill(slot.end);
    await manager.getByRole("button", { name: "Introduce", exact: true }).click();
    await expect(manager.getByRole("status").filter({ hasText: "Introduction sent to both." })).toBeVisible();
    await fitsThePhone(manager, "admin");
    await context.close();
  });

  await test.step("the member sees it, books the suggested room in one click and says how it went", async () => {
    await open(page, "/network/introductions");
    const intro = page.getByTestId("introduction").filter({ hasText: budi.name });
    await expect(intro).toHaveCount(1);
    await expect(intro).toContainText("Contact links are shared once you both accept.");
    await expect(intro.getByTestId("intro-meeting")).toContainText("Suggested:");
    await intro.getByRole("button", { name: "Book this room" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Booked: the room is yours" })).toBeVisible();
    const again = page.getByTestId("introduction").filter({ hasText: budi.name });
    await again.getByRole("group", { name: "Did you meet?" }).getByLabel("Yes").check();
    await again.getByRole("group", { name: "Was it useful? (when you met)" }).getByLabel("Yes").check();
    await again.getByRole("button", { name: "Send" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Thank you" })).toBeVisible();
    await expect(page.getByTestId("introduction").filter({ hasText: budi.name }).getByRole("button", { name: "Update" })).toBeVisible();
    await fitsThePhone(page, "introductions with one");
    await expectNoSeriousViolations(page, "introductions with one");
  });
});
