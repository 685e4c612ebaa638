import { randomUUID } from "node:crypto";
import { type Page } from "@playwright/test";
import { apiAs, dateIn, daytimeZone, expect, open, test, type Account } from "./support";

// Issue 13: the member's home answers "what now": the next booking with its check-in, who is here at my space and
// who of them matches me, unread project rooms, the next project meeting, connection requests, and for a new
// member a first-run checklist that goes away once done. Server-rendered: every fact is in the first HTML.

test.use({ locale: "en-US" });
test.describe.configure({ timeout: 180_000 });

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);


/** A space of its own, open all day every day, no minimum notice: a booking can start a minute from now. */
async function spaceOpenAllDay(request: Parameters<typeof apiAs>[0], operator: Account) {
  const api = apiAs(request, operator);
  const timezone = daytimeZone();
  const name = `Ruang Beranda ${randomUUID().slice(0, 6)}`;
  const created = await api.post("/spaces", {
    name,
    timezone,
    openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: "00:00", closes: "23:59" })),
    rules: { minNoticeMinutes: 0, maxAdvanceDays: 30, maxBookingMinutes: 600, checkInGraceMinutes: 60 },
  });
  expect(created.status(), await created.text()).toBe(201);
  const space = (await created.json()) as { id: string };
  const add = async (resourceName: string, kind: "desk" | "room") => {
    const res = await api.post(`/spaces/${space.id}/resources`, { name: resourceName, kind });
    expect(res.status(), await res.text()).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  return { id: space.id, name, timezone, mine: await add("Meja Satu", "desk"), theirs: await add("Meja Dua", "desk"), room: await add("Ruang Rapat", "room") };
}

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

test.describe("a brand-new member", () => {
  test("phone, English: welcomed (not 'back'), a checklist of three steps, and empty states with the next step", async ({ page, member }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await open(page, "/");
    const first = member.name.split(" ")[0]!;
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Welcome to Jejaring, ${first}`);
    const checklist = page.getByRole("region", { name: "Get started" });
    await expect(checklist).toContainText("0 of 3 done");
    await expect(checklist.getByRole("link")).toHaveText([
      "Say what you offer and what you need on your profile",
      "Book your first desk",
      "Make your first connection",
    ]);
    await expect(checklist.getByRole("link", { name: "Book your first desk" })).toHaveAttribute("href", "/spaces");
    const next = page.getByRole("region", { name: "Your next booking" });
    await expect(next).toContainText("No bookings coming up");
    await expect(next.getByRole("link", { name: "Find a desk" })).toHaveAttribute("href", "/spaces");
    await expect(page.getByRole("region", { name: "Project rooms" }).getByRole("link", { name: "Start a project" })).toHaveAttribute("href", "/projects");
    await expect(page.getByTestId("requests")).toHaveCount(0);
    await expect(page.getByTestId("next-meeting")).toHaveCount(0);
    expect(await overflow(page), "horizontal overflow in px").toBeLessThanOrEqual(0);
  });

  test("desktop, Indonesian: the same home in Bahasa Indonesia", async ({ page, context, member }) => {
    await context.addCookies([{ name: "jj_lang", value: "id", url: new URL(page.url()).origin }]);
    await open(page, "/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Selamat datang di Jejaring, ${member.name.split(" ")[0]}`);
    const checklist = page.getByRole("region", { name: "Mulai di sini" });
    await expect(checklist).toContainText("0 dari 3 selesai");
    await expect(checklist.getByRole("link", { name: "Pesan meja pertama Anda" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Pemesanan berikutnya" })).toContainText("Belum ada pemesanan mendatang");
    await expect(page.getByRole("region", { name: "Ruang proyek" }).getByRole("link", { name: "Mulai proyek" })).toBeVisible();
  });
});

test("what now: check in to the next booking, see who is here and matches, unread rooms, the next meeting, accept a request", async ({ page, context, member, people, request }) => {
  const tag = randomUUID().slice(0, 6);
  const [operator, budi, ani] = await Promise.all([
    people.create({ role: "operator", name: "Operator" }),
    people.create({ name: "Budi" }),
    people.create({ name: "Ani" }),
  ]);
  const space = await spaceOpenAllDay(request, operator);
  const me = apiAs(request, member);
  const asBudi = apiAs(request, budi);

  // My profile needs what Budi offers: he matches me. He is checked in at the space now.
  expect((await me.patch("/me/profile", { headline: `Kopi ${tag}`, needs: [`foto ${tag}`] })).ok()).toBe(true);
  expect((await asBudi.patch("/me/profile", { headline: `Fotografer ${tag}`, offers: [`foto ${tag}`] })).ok()).toBe(true);
  const his = await asBudi.post("/bookings", { resourceId: space.theirs, start: inMinutes(1), end: inMinutes(61) });
  expect(his.status(), await his.text()).toBe(201);
  expect((await asBudi.post(`/bookings/${((await his.json()) as { id: string }).id}/check-in`, {})).status()).toBe(200);

  // My next booking starts in two minutes: check-in is open.
  const mine = await me.post("/bookings", { resourceId: space.mine, start: inMinutes(2), end: inMinutes(62) });
  expect(mine.status(), await mine.text()).toBe(201);

  // Budi's project, with me in it: a message I have not read and a meeting booked for tomorrow.
  const project = (await (await asBudi.post("/projects", { name: `Katalog ${tag}` })).json()) as { id: string };
  expect((await asBudi.post(`/projects/${project.id}/members`, { memberId: member.id })).status()).toBe(201);
  expect((await asBudi.post(`/projects/${project.id}/messages`, { body: "Halo tim!", clientId: randomUUID() })).status()).toBe(201);
  const day = dateIn(space.timezone, 1);
  const meeting = await asBudi.post(`/projects/${project.id}/bookings`, { resourceId: space.room, start: `${day}T10:00`, end: `${day}T11:00` });
  expect(meeting.status(), await meeting.text()).toBe(201);

  // Ani asks to connect.
  expect((await apiAs(request, ani).post("/connections", { memberId: member.id, note: `Halo dari Ani ${tag}` })).status()).toBe(201);

  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, "/");
  const first = member.name.split(" ")[0]!;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Welcome back, ${first}`);

  // The checklist: profile and first booking done, the first connection not yet.
  const checklist = page.getByRole("region", { name: "Get started" });
  await expect(checklist).toContainText("2 of 3 done");
  await expect(checklist.getByRole("link")).toHaveText(["Make your first connection"]);

  const next = page.getByRole("region", { name: "Your next booking" });
  await expect(next).toContainText("Meja Satu");
  await expect(next.getByRole("link", { name: space.name, exact: true })).toHaveAttribute("href", `/spaces/${space.id}`);
  await expect(next).toContainText("Confirmed");

  const here = page.getByRole("region", { name: "Here now" });
  const budiRow = here.getByRole("listitem").filter({ hasText: budi.name });
  await expect(budiRow.getByRole("link", { name: budi.name })).toHaveAttribute("href", `/members/${budi.id}`);
  await expect(budiRow).toContainText("Matches you");
  await expect(here).toContainText("1 person checked in");

  const rooms = page.getByRole("region", { name: "Project rooms" });
  await expect(rooms.getByRole("link", { name: new RegExp(`Katalog ${tag}`) })).toHaveAttribute("href", `/projects/${project.id}`);
  // Budi's message and the meeting's post in the room.
  await expect(rooms).toContainText("2 unread messages");

  const nextMeeting = page.getByRole("region", { name: "Next project meeting" });
  await expect(nextMeeting.getByRole("link", { name: `Katalog ${tag}` })).toBeVisible();
  await expect(nextMeeting).toContainText(`Ruang Rapat at ${space.name}`);

  const requests = page.getByRole("region", { name: "1 connection request" });
  await expect(requests).toContainText(`Halo dari Ani ${tag}`);
  expect(await overflow(page), "horizontal overflow in px").toBeLessThanOrEqual(0);

  // Check in from home.
  await next.getByRole("button", { name: "Check in now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "You are checked in." })).toBeVisible();
  await expect(next).toContainText("Checked in");
  await expect(next.getByRole("button", { name: "Check in now" })).toHaveCount(0);

  // Accept Ani: the last step of the checklist, which goes away.
  await requests.getByRole("button", { name: `Accept: ${ani.name}` }).click();
  await expect(page.getByRole("status").filter({ hasText: "Connection accepted." })).toBeVisible();
  await expect(page.getByTestId("checklist")).toHaveCount(0);
  await expect(page.getByTestId("requests")).toHaveCount(0);

  // The same home in Indonesian, at desktop width.
  await context.addCookies([{ name: "jj_lang", value: "id", url: new URL(page.url()).origin }]);
  await page.setViewportSize({ width: 1280, height: 800 });
  await open(page, "/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Selamat datang kembali, ${first}`);
  await expect(page.getByRole("region", { name: "Pemesanan berikutnya" })).toContainText("Sudah check-in");
  const sini = page.getByRole("region", { name: "Sedang di sini" });
  await expect(sini.getByRole("listitem").filter({ hasText: budi.name })).toContainText("Cocok dengan Anda");
  await expect(sini).toContainText("1 orang sudah check-in"); // the others: I am checked in too now
  await expect(page.getByRole("region", { name: "Ruang proyek" })).toContainText("2 pesan belum dibaca");
  await expect(page.getByRole("region", { name: "Rapat proyek berikutnya" })).toContainText(`Ruang Rapat di ${space.name}`);
});

test("without JavaScript, checking in from home is a plain form post", async ({ browser, people, request }) => {
  const [operator, who] = await Promise.all([people.create({ role: "operator", name: "Operator" }), people.create({ name: "Tanpa JS" })]);
  const space = await spaceOpenAllDay(request, operator);
  const booked = await apiAs(request, who).post("/bookings", { resourceId: space.mine, start: inMinutes(2), end: inMinutes(62) });
  expect(booked.status(), await booked.text()).toBe(201);
  const context = await browser.newContext({ locale: "en-US", javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill(who.email);
    await page.getByLabel("Password", { exact: true }).fill(who.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL((url) => url.pathname !== "/login");
    await page.goto("/");
    const next = page.getByRole("region", { name: "Your next booking" });
    await next.getByRole("button", { name: "Check in now" }).click();
    await expect(page.getByText("You are checked in.")).toBeVisible();
    await expect(page.getByRole("region", { name: "Your next booking" })).toContainText("Checked in");
  } finally {
    await context.close();
  }
});
