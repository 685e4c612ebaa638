import { randomUUID } from "node:crypto";
import { apiAs, expect, open, test } from "./support";

// The domain sends facts ({kind, data}); the page says them in the reader's language, with the plural that
// language needs. One reader, the same stored notification and the same match, read in English and in Indonesian.

test.use({ locale: "en-US" });

test("a notification and a match's reasons read in English and in Indonesian, plurals included", async ({ page, context, member, people, request }) => {
  const tag = randomUUID().slice(0, 6);
  const wants = `kemasan ${tag}`;
  const offers = `foto ${tag}`;
  const budi = await people.create({ name: "Budi" });
  const asMember = apiAs(request, member);
  const asBudi = apiAs(request, budi);
  expect((await asMember.patch("/me/profile", { offers: [offers], needs: [wants] })).ok()).toBe(true);
  expect((await asBudi.patch("/me/profile", { offers: [wants], needs: [offers] })).ok()).toBe(true);
  for (const name of [`Kopi ${tag}`, `Batik ${tag}`]) {
    const project = (await (await asMember.post("/projects", { name })).json()) as { id: string };
    expect((await asMember.post(`/projects/${project.id}/members`, { memberId: budi.id })).status()).toBe(201);
  }
  expect((await asBudi.post("/connections", { memberId: member.id, note: "Halo!" })).status()).toBe(201);

  const card = () => page.getByTestId("matches").getByRole("article", { name: budi.name });
  const notification = () => page.getByTestId("notifications").getByRole("listitem").first();

  await open(page, "/network");
  await expect(card()).toContainText(`Offers what you need: ${wants}`);
  await expect(card()).toContainText(`Needs what you offer: ${offers}`);
  await expect(card()).toContainText("Works on 2 projects with you");
  await open(page, "/notifications");
  await expect(notification()).toContainText(`${budi.name} wants to connect`);

  await context.addCookies([{ name: "jj_lang", value: "id", url: page.url() }]);
  await open(page, "/notifications");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Notifikasi");
  await expect(notification()).toContainText(`${budi.name} ingin terhubung`);
  await open(page, "/network");
  await expect(card()).toContainText(`Menawarkan yang Anda butuhkan: ${wants}`);
  await expect(card()).toContainText(`Membutuhkan yang Anda tawarkan: ${offers}`);
  await expect(card()).toContainText("2 proyek bersama Anda");
  await expect(card()).not.toContainText("projects");
});
