import { randomUUID } from "node:crypto";
import { type Page } from "@playwright/test";
import { apiAs, expect, hydrated, open, test } from "./support";

// The room as a member uses it on a phone: fits 390 px, the board's moves behind a compact menu, the meeting form
// filled in for the team, and leaving that asks first; in English and in Indonesian.
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
test.describe.configure({ timeout: 90_000 });

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

const WORDS = {
  en: { board: "Tasks", task: "Task", add: "Add task", todo: "To do", doing: "Doing", menu: "Move", moveTo: "to", room: "Room",
    date: "Date", leave: "Leave the project", leaveYes: "Yes, leave the project", projects: "Projects", booth: "Booth 1" },
  id: { board: "Tugas", task: "Tugas", add: "Tambah tugas", todo: "Akan dikerjakan", doing: "Sedang dikerjakan", menu: "Pindahkan", moveTo: "ke",
    room: "Ruangan", date: "Tanggal", leave: "Keluar dari proyek", leaveYes: "Ya, keluar dari proyek", projects: "Proyek", booth: "Booth 1" },
} as const;

for (const lang of ["en", "id"] as const) {
  const w = WORDS[lang];
  test(`[${lang}] the room fits a phone: compact board menu, a meeting form for the team, leaving asks first`, async ({ page, context, member, people, request }) => {
    await context.addCookies([{ name: "jj_lang", value: lang, url: page.url() }]);
    const api = apiAs(request, member);
    const name = `Ponsel ${lang} ${randomUUID().slice(0, 8)} dengan nama proyek yang cukup panjang`;
    const project = (await (await api.post("/projects", { name })).json()) as { id: string };
    const mate = await people.create({ name: "Rekan" });
    expect((await api.post(`/projects/${project.id}/members`, { memberId: mate.id, role: "owner" })).status()).toBe(201);
    expect((await api.post(`/projects/${project.id}/tasks`, { title: `Foto produk ${lang}` })).status()).toBe(201);
    await open(page, `/projects/${project.id}`);
    await expect(page.getByTestId("room-live")).toHaveAttribute("data-live", "true");

    await test.step("no horizontal overflow at 390 px", async () => {
      expect(await overflow(page), "horizontal overflow in px").toBeLessThanOrEqual(0);
    });

    await test.step("a card's moves are behind its menu", async () => {
      const title = `Foto produk ${lang}`;
      const move = page.getByRole("button", { name: new RegExp(`^${w.menu} ${title} ${w.moveTo} ${w.doing}`) });
      await expect(move).toBeHidden();
      const menu = page.locator("summary", { hasText: `${w.menu} ${title}` });
      await menu.click();
      await expect(move).toBeVisible();
      expect(await overflow(page), "the open menu overflows").toBeLessThanOrEqual(0);
      await move.click();
      await expect(page.getByRole("list", { name: new RegExp(`^${w.doing} \\(`) }).locator(".task-title", { hasText: title })).toBeVisible();
    });

    await test.step("the meeting form offers rooms for the whole team, with a date filled in", async () => {
      const select = page.getByLabel(w.room, { exact: true });
      const options = await select.locator("option").allTextContents();
      expect(options.length).toBeGreaterThan(0);
      expect(options.join("|"), "a one-seat booth is offered to a team of two").not.toContain(w.booth);
      const date = await page.getByLabel(w.date, { exact: true }).inputValue();
      expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const today = new Date(Date.now() - 24 * 3600_000).toISOString().slice(0, 10);
      expect(date >= today, `${date} is not in the past`).toBe(true);
    });

    await test.step("leaving asks first; only the confirmation leaves", async () => {
      await page.locator("summary", { hasText: w.leave }).click();
      const yes = page.getByRole("button", { name: w.leaveYes });
      await expect(yes).toBeVisible();
      await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
      await yes.click();
      await expect(page.getByRole("heading", { level: 1, name: w.projects })).toBeVisible();
      await expect(page.getByRole("list", { name: w.projects }).getByText(name)).toHaveCount(0);
    });
  });
}

test("without JavaScript, leaving also asks first (a post without the confirmation leaves nothing)", async ({ browser, people, request }) => {
  const who = await people.create();
  const name = `Tanpa JS ${randomUUID().slice(0, 8)}`;
  const project = (await (await apiAs(request, who).post("/projects", { name })).json()) as { id: string };
  const context = await browser.newContext({ locale: "en-US", javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill(who.email);
    await page.getByLabel("Password", { exact: true }).fill(who.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByTestId("bell")).toBeVisible(); // signed in
    await page.goto(`/projects/${project.id}`);
    await page.locator("summary", { hasText: "Leave the project" }).click();
    await page.getByRole("button", { name: "Yes, leave the project" }).click();
    await expect(page).toHaveURL(/\/projects$/);
    expect((await page.goto(`/projects/${project.id}`))?.status()).toBe(404);
  } finally {
    await context.close();
  }
});

test("on a wide screen the chat card has no empty space below its composer", async ({ browser, people, request }) => {
  const who = await people.create();
  const project = (await (await apiAs(request, who).post("/projects", { name: `Lebar ${randomUUID().slice(0, 8)}` })).json()) as { id: string };
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const { logIn } = await import("./support");
    await logIn(page, who);
    await open(page, `/projects/${project.id}`);
    await hydrated(page);
    const card = await page.getByRole("region", { name: "Chat" }).boundingBox();
    const send = await page.getByRole("button", { name: "Send", exact: true }).boundingBox();
    const side = await page.getByRole("region", { name: "People" }).boundingBox();
    expect(card && send && side).toBeTruthy();
    // The composer sits at the card's bottom (its padding apart), however tall the sidebar is.
    expect(card!.y + card!.height - (send!.y + send!.height)).toBeLessThan(40);
  } finally {
    await context.close();
  }
});
