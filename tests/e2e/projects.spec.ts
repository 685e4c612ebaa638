import { randomUUID } from "node:crypto";
import { expect, hydrated, test } from "./support";

test.use({ locale: "en-US" });
// Logs in (password hashing) and creates a project through the room's page: more than 30 s on a loaded machine.
test.describe.configure({ timeout: 60_000 });

test("creating a project through the form opens its room, and the list shows it", async ({ page, member: _signedIn }) => {
  const suffix = randomUUID().slice(0, 8);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Projects" })).toBeVisible();
  await expect(page.getByText("You are not in any project yet. Start one below.")).toBeVisible();
  const list = page.getByRole("list", { name: "Projects" });
  await expect(list.getByRole("listitem")).toHaveCount(0);
  await hydrated(page);

  const projectName = `Katalog Batik ${suffix}`;
  const form = page.getByRole("region", { name: "New project" });
  await form.getByLabel("Project name").fill(projectName);
  await form.getByLabel("Description (optional)").fill("Foto produk dan katalog daring untuk pengrajin batik.");
  await form.getByRole("button", { name: "Create project" }).click();

  // The new project opens its room.
  await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: projectName })).toBeVisible();
  await page.getByRole("link", { name: "← Projects" }).click();

  const item = list.getByRole("listitem").filter({ has: page.getByRole("heading", { name: projectName }) });
  await expect(item).toBeVisible();
  await expect(item).toContainText("Foto produk dan katalog daring untuk pengrajin batik.");
  await expect(item).toContainText("1 member · Owner");
  await expect(page.getByText("You are not in any project yet.")).toHaveCount(0);
  // The form is cleared for the next project.
  await expect(form.getByLabel("Project name")).toHaveValue("");

  // It is stored, not just rendered: still there after a reload.
  await page.reload();
  await expect(list.getByRole("heading", { level: 2, name: projectName })).toBeVisible();
});
