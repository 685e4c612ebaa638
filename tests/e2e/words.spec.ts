import { randomUUID } from "node:crypto";
import { apiAs, dateIn, expect, open, test } from "./support";

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

test("a meeting booked for a project reads in its room in each language, with its weekly count", async ({ page, context, member, request }) => {
  const api = apiAs(request, member);
  const project = (await (await api.post("/projects", { name: `Rapat ${randomUUID().slice(0, 6)}` })).json()) as { id: string };
  const { items: spaces } = (await (await api.get("/spaces")).json()) as { items: Array<{ id: string; timezone: string }> };
  const space = spaces.find((s) => s.timezone === "Asia/Jakarta")!;
  // A Wednesday afternoon a few weeks out, weekly three times; the next Wednesday if another test holds the room.
  let booked = false;
  for (let week = 1; week <= 5 && !booked; week++) {
    const day = dateIn(space.timezone, 7 * week, 3);
    const { resources } = (await (await api.get(`/spaces/${space.id}/availability?date=${day}`)).json()) as {
      resources: Array<{ id: string; kind: string }>;
    };
    const room = resources.find((r) => r.kind === "room")!;
    const res = await api.post(`/projects/${project.id}/bookings`, {
      resourceId: room.id,
      start: `${day}T15:00`,
      end: `${day}T16:00`,
      recurrence: { freq: "weekly", count: 3 },
    });
    booked = res.status() === 201;
    if (!booked) expect(res.status(), await res.text()).toBe(409);
  }
  expect(booked).toBe(true);

  const system = () => page.getByRole("log").locator(".chat-system").first();
  await open(page, `/projects/${project.id}`);
  await expect(system()).toContainText(`${member.name} booked`);
  await expect(system()).toContainText("15:00–16:00");
  await expect(system()).toContainText("(+2 more weekly)");

  await context.addCookies([{ name: "jj_lang", value: "id", url: page.url() }]);
  await open(page, `/projects/${project.id}`);
  await expect(system()).toContainText(`${member.name} memesan`);
  await expect(system()).toContainText("(+2 lagi tiap minggu)");
});
