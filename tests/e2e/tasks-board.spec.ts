import { randomUUID } from "node:crypto";
import { type Page } from "@playwright/test";
import { apiAs, dateIn, expect, hydrated, logIn, open, test } from "./support";

// Tasks as members of a small team expect from Trello: a description, a due date, an assignee from the project,
// comments, archive and delete (asking first), and "My tasks"; live on a second member's phone. Fresh members,
// in English and in Indonesian.
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
test.describe.configure({ timeout: 150_000 });

const WORDS = {
  en: {
    task: "Task", add: "Add task", due: "Due date", details: "Details", description: "Description", assignee: "Assignee", save: "Save",
    comment: "Your comment", addComment: "Add comment", my: "My tasks", all: "All tasks", menu: "Move", archive: "Archive",
    archived: "Archived (1 task)", restore: "Put", delete: "Delete…", deleteYes: "Yes, delete", todo: "To do", dueOn: "Due",
  },
  id: {
    task: "Tugas", add: "Tambah tugas", due: "Tenggat", details: "Rincian", description: "Deskripsi", assignee: "Penanggung jawab", save: "Simpan",
    comment: "Komentar Anda", addComment: "Kirim komentar", my: "Tugas saya", all: "Semua tugas", menu: "Pindahkan", archive: "Arsipkan",
    archived: "Diarsipkan (1 tugas)", restore: "Kembalikan", delete: "Hapus…", deleteYes: "Ya, hapus", todo: "Akan dikerjakan", dueOn: "Tenggat",
  },
} as const;

const card = (page: Page, title: string) => page.locator("li.task", { has: page.locator(".task-title", { hasText: title }) });

for (const lang of ["en", "id"] as const) {
  const w = WORDS[lang];
  test(`[${lang}] a task gets a description, a due date, an assignee and comments; "My tasks", archive and delete, live`, async ({
    page,
    context,
    member: owner,
    people,
    request,
    browser,
  }) => {
    await context.addCookies([{ name: "jj_lang", value: lang, url: page.url() }]);
    const mate = await people.create({ name: "Dewi" });
    const project = (await (await apiAs(request, owner).post("/projects", { name: `Papan ${lang} ${randomUUID().slice(0, 6)}` })).json()) as { id: string };
    expect((await apiAs(request, owner).post(`/projects/${project.id}/members`, { memberId: mate.id })).status()).toBe(201);
    const other = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      const pageB = await other.newPage();
      await logIn(pageB, mate);
      await other.addCookies([{ name: "jj_lang", value: lang, url: pageB.url() }]);
      for (const p of [page, pageB]) {
        await open(p, `/projects/${project.id}`);
        await expect(p.getByTestId("room-live")).toHaveAttribute("data-live", "true");
      }
      const title = `Foto katalog ${randomUUID().slice(0, 6)}`;
      const due = dateIn("Asia/Jakarta", 10);

      await test.step("create with a due date; the other member sees it live", async () => {
        const form = page.locator("form.task-new");
        await form.getByLabel(w.task, { exact: true }).fill(title);
        await form.getByLabel(w.due).fill(due);
        await form.getByRole("button", { name: w.add }).click();
        await expect(card(page, title)).toBeVisible();
        await expect(card(pageB, title).locator(".task-due")).toContainText(w.dueOn);
      });

      await test.step("open the card: description and assignee; saved and live", async () => {
        await card(page, title).locator("summary", { hasText: w.details }).click();
        const edit = card(page, title).locator("form.task-edit-form");
        await edit.getByLabel(w.description).fill("Latar putih, 20 produk.\nFormat JPG.");
        await edit.getByLabel(w.assignee).selectOption({ label: mate.name });
        await edit.getByRole("button", { name: w.save }).click();
        await expect(card(pageB, title).locator(".task-meta")).toContainText(mate.name);
        await card(pageB, title).locator("summary", { hasText: w.details }).click();
        await expect(card(pageB, title).locator(".task-description")).toHaveText("Latar putih, 20 produk.\nFormat JPG.");
      });

      await test.step("a comment from the other member reaches the owner live", async () => {
        const form = card(pageB, title).locator("form.task-comment-form");
        await form.getByLabel(w.comment).fill("Siap, besok saya kirim.");
        await form.getByRole("button", { name: w.addComment }).click();
        await expect(form.getByLabel(w.comment)).toHaveValue("");
        await expect(card(page, title).locator(".task-comment")).toContainText("Siap, besok saya kirim.");
        await expect(card(page, title).locator(".task-meta")).toContainText("1");
      });

      await test.step('"My tasks" shows only what is assigned to me', async () => {
        const others = `Tugas lain ${randomUUID().slice(0, 6)}`;
        const form = page.locator("form.task-new");
        await form.getByLabel(w.task, { exact: true }).fill(others);
        await form.getByRole("button", { name: w.add }).click();
        await expect(card(pageB, others)).toBeVisible();
        await pageB.getByRole("link", { name: w.my }).click();
        await expect(pageB).toHaveURL(/[?&]tasks=mine/);
        await expect(card(pageB, title)).toBeVisible();
        await expect(card(pageB, others)).toHaveCount(0);
        await pageB.getByRole("link", { name: w.all }).click();
        await expect(card(pageB, others)).toBeVisible();
      });

      await test.step("archive takes it off both boards; restore brings it back", async () => {
        await card(page, title).locator("summary.task-menu-button").click();
        await card(page, title).getByRole("button", { name: new RegExp(`^${w.archive} `) }).click();
        await expect(card(page, title)).toHaveCount(0);
        await expect(card(pageB, title)).toHaveCount(0);
        const archivedList = page.locator("details.board-archived");
        await archivedList.locator("summary", { hasText: w.archived }).click();
        await archivedList.getByRole("button", { name: new RegExp(w.restore) }).click();
        await expect(card(page, title)).toBeVisible();
        await expect(card(pageB, title)).toBeVisible();
      });

      await test.step("delete asks first, then the card is gone for both (and after a reload)", async () => {
        await card(page, title).locator("summary.task-menu-button").click();
        await card(page, title).locator("summary", { hasText: w.delete }).click();
        await expect(card(page, title)).toBeVisible();
        await card(page, title).getByRole("button", { name: new RegExp(`^${w.deleteYes}`) }).click();
        await expect(card(page, title)).toHaveCount(0);
        await expect(card(pageB, title)).toHaveCount(0);
        await pageB.reload();
        await hydrated(pageB);
        await expect(card(pageB, title)).toHaveCount(0);
        expect(await pageB.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      });
    } finally {
      await other.close();
    }
  });
}
