import { randomUUID } from "node:crypto";
import { expect, test } from "./support";

test.use({ locale: "en-US" });

test("creating a project through the form shows it in the list", async ({ page, member: _signedIn }) => {
  const suffix = randomUUID().slice(0, 8);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Projects" })).toBeVisible();
  await expect(page.getByText("You are not in any project yet. Start one below.")).toBeVisible();
  const list = page.getByRole("list", { name: "Projects" });
  await expect(list.getByRole("listitem")).toHaveCount(0);

  const projectName = `Katalog Batik ${suffix}`;
  const form = page.getByRole("region", { name: "New project" });
  await form.getByLabel("Project name").fill(projectName);
  await form.getByLabel("Description (optional)").fill("Foto produk dan katalog daring untuk pengrajin batik.");
  await form.getByRole("button", { name: "Create project" }).click();

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
