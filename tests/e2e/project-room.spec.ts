import { randomUUID } from "node:crypto";
import { type Page } from "@playwright/test";
import { dateIn, expect, expectNoSeriousViolations, hydrated, logIn, open, test } from "./support";

test.use({ locale: "en-US" });
// Two fresh members log in (password hashing), create a project and talk across two browser contexts; one test
// mounts the room a hundred times. The default 30 s leaves too little headroom on a loaded 2-core machine.
test.describe.configure({ timeout: 120_000 });

const SPACE_NAME = "Jejaring Makassar — Losari";
const SPACE_TZ = "Asia/Makassar";
const ROOM = "Ruang Pinisi";

/** The first Wednesday at least two days ahead in the space's zone (Losari is open 08–18 Mon–Sat). */
const meetingDate = () => dateIn(SPACE_TZ, 2, 3);

/** Creates a fresh project through the form on /projects and opens its room; returns the room's path. */
async function createProject(page: Page, name: string): Promise<string> {
  await open(page, "/projects");
  const form = page.getByRole("region", { name: "New project" });
  await form.getByLabel("Project name").fill(name);
  await form.getByRole("button", { name: "Create project" }).click();
  // Creating a project opens its room.
  await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expectLive(page);
  return new URL(page.url()).pathname;
}

/** The room has joined its socket room (forms then go live). */
async function expectLive(page: Page) {
  await hydrated(page);
  await expect(page.getByTestId("room-live")).toHaveAttribute("data-live", "true");
}

const chatLog = (page: Page) => page.getByRole("log", { name: "Messages" });
const composer = (page: Page) => page.getByRole("textbox", { name: "Message", exact: true });
const column = (page: Page, name: string) => page.getByRole("list", { name: new RegExp(`^${name} \\(`) });
/** A task card's title in a column. */
const taskIn = (page: Page, name: string, title: string) => column(page, name).locator(".task-title", { hasText: title });

type AppSocket = { connected: boolean; listeners(e: string): unknown[]; _callbacks?: Record<string, unknown[]> };
type WithFinder = { __e2eSocket?: () => AppSocket | null };

/**
 * Gives the test's page a way to the app's one socket, found as React DevTools would: from <main>'s fiber up to the
 * SocketProvider's context value. The app itself exposes no handle (none may ship in a production build); this
 * finder exists only in pages the test opens.
 */
async function installSocketFinder(page: Page) {
  await page.addInitScript(() => {
    type Fiber = { memoizedProps?: { value?: unknown } | null; return: Fiber | null };
    (window as unknown as WithFinder).__e2eSocket = () => {
      const main = document.getElementById("main");
      const key = main ? Object.keys(main).find((k) => k.startsWith("__reactFiber$")) : undefined;
      let fiber = key ? ((main as unknown as Record<string, Fiber | undefined>)[key] ?? null) : null;
      for (; fiber; fiber = fiber.return) {
        const value = fiber.memoizedProps?.value as { socket?: AppSocket | null; status?: string } | undefined;
        if (value && typeof value === "object" && "socket" in value && "status" in value) return value.socket ?? null;
      }
      return null;
    };
  });
}

test("two members chat, see each other typing and online, move a task and book a room, live", async ({ page, browser, member: owner, people }) => {
  const suffix = randomUUID().slice(0, 8);
  const projectName = `Katalog Kopi ${suffix}`;
  const guest = await people.create({ name: "Fajar" });
  const pageA = page;
  const contextB = await browser.newContext({ locale: "en-US" });
  try {
    const pageB = await contextB.newPage();
    await logIn(pageB, guest);
    const roomPath = await createProject(pageA, projectName);

    await test.step("a non-member gets a 404 for the room", async () => {
      const response = await pageB.goto(roomPath);
      expect(response?.status()).toBe(404);
      await expect(pageB.getByRole("heading", { name: "No such project" })).toBeVisible();
    });

    await test.step("the owner adds the other member from the directory", async () => {
      const panel = pageA.getByRole("region", { name: "People" });
      await panel.getByRole("searchbox", { name: "Search the directory" }).fill(guest.name);
      await panel.getByRole("button", { name: "Search", exact: true }).click();
      await panel.getByRole("list", { name: "Search results" }).getByRole("button", { name: `Add ${guest.name}` }).click();
      await expect(panel.getByText("Added to the project.")).toBeVisible();
      await expect(pageA.getByTestId("presence").getByRole("listitem").filter({ hasText: guest.name })).toBeVisible();
      await expectLive(pageA);
    });

    await test.step("the new member opens the room from the projects list; both see each other online", async () => {
      await open(pageB, "/projects");
      await pageB.getByRole("list", { name: "Projects" }).getByRole("link", { name: projectName }).click();
      await expect(pageB).toHaveURL(new RegExp(`${roomPath}$`));
      await expectLive(pageB);
      const fajar = pageA.getByTestId("presence").getByRole("listitem").filter({ hasText: guest.name });
      await expect(fajar).toHaveAttribute("data-online", "true");
      await expect(fajar).toContainText("online");
      await expect(pageB.getByTestId("presence").getByRole("listitem").filter({ hasText: owner.name })).toHaveAttribute("data-online", "true");
    });

    await test.step("typing shows on the other side; Enter sends; the message appears on both sides", async () => {
      await composer(pageB).click();
      await composer(pageB).pressSequentially("Halo Sari, ");
      await expect(pageA.getByTestId("typing")).toHaveText(`${guest.name} is typing…`);
      await composer(pageB).press("Shift+Enter");
      await composer(pageB).pressSequentially("foto produk sudah siap.");
      await composer(pageB).press("Enter");
      await expect(composer(pageB)).toHaveValue("");
      const sent = chatLog(pageB).getByRole("listitem").filter({ hasText: "foto produk sudah siap." });
      await expect(sent).toBeVisible();
      await expect(sent).not.toHaveAttribute("data-status", "pending");
      const received = chatLog(pageA).getByRole("listitem").filter({ hasText: "foto produk sudah siap." });
      await expect(received).toContainText(guest.name);
      // The line break is kept (pre-wrap), and the typing notice is gone once the message arrived.
      await expect(received.locator(".chat-text")).toHaveText("Halo Sari,\nfoto produk sudah siap.");
      await expect(pageA.getByTestId("typing")).toHaveText("");
    });

    await test.step("a reply with an @mention (autocomplete) and a link reaches the other side", async () => {
      await composer(pageA).click();
      await composer(pageA).pressSequentially("Makasih @Faj");
      const suggestions = pageA.getByRole("listbox", { name: "Mention a member" });
      await expect(suggestions.getByRole("option", { name: guest.name })).toBeVisible();
      await composer(pageA).press("Enter");
      await expect(composer(pageA)).toHaveValue(`Makasih @${guest.name} `);
      await composer(pageA).pressSequentially("cek https://example.com/katalog?x=1.");
      await composer(pageA).press("Enter");
      const reply = chatLog(pageB).getByRole("listitem").filter({ hasText: "Makasih" });
      await expect(reply.locator("mark.mention")).toHaveText(`@${guest.name}`);
      const link = reply.getByRole("link", { name: "https://example.com/katalog?x=1" });
      await expect(link).toHaveAttribute("href", "https://example.com/katalog?x=1");
      await expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");
      await expect(link).toHaveAttribute("target", "_blank");
    });

    await test.step("a task moved with the keyboard moves on the other side too", async () => {
      const title = `Foto katalog ${suffix}`;
      const newTask = pageA.getByRole("form", { name: "New task" });
      await newTask.getByLabel("Task").fill(title);
      await newTask.getByRole("button", { name: "Add task" }).click();
      await expect(taskIn(pageA, "To do", title)).toBeVisible();
      await expect(taskIn(pageB, "To do", title)).toBeVisible();

      // The card's moves are behind its compact menu, opened with the keyboard too.
      const menu = pageB.locator("summary.task-menu-button", { hasText: `Move ${title}` });
      await menu.focus();
      await pageB.keyboard.press("Enter");
      const move = pageB.getByRole("button", { name: `Move ${title} to Doing` });
      await expect(move).toBeVisible();
      await move.focus();
      await pageB.keyboard.press("Enter");
      await expect(taskIn(pageB, "Doing", title)).toBeVisible();
      await expect(taskIn(pageA, "Doing", title)).toBeVisible();
      await expect(taskIn(pageA, "To do", title)).toHaveCount(0);
    });

    await test.step("booking a meeting room from the room posts the meeting to both sides", async () => {
      const date = meetingDate();
      const meetings = pageA.getByRole("region", { name: "Meetings" });
      await meetings.getByLabel("Room", { exact: true }).selectOption({ label: `${ROOM} (seats 6)` });
      await meetings.getByLabel("Date").fill(date);
      await meetings.getByLabel("From").fill("14:00");
      await meetings.getByLabel("Until").fill("15:00");
      await meetings.getByRole("button", { name: "Book the room" }).click();
      await expect(meetings.getByText(`Booked ${ROOM}, 14:00–15:00.`)).toBeVisible();
      const expected = `${owner.name} booked ${ROOM} at ${SPACE_NAME}`;
      for (const p of [pageA, pageB]) {
        const system = chatLog(p).getByRole("listitem").filter({ hasText: expected });
        await expect(system).toBeVisible();
        // An SVG icon, not an emoji (which shows as a blank box where no emoji font is installed).
        await expect(system.locator("svg.chat-system-icon")).toBeVisible();
        expect(await system.textContent()).not.toMatch(/\p{Extended_Pictographic}/u);
        await expect(system).toContainText("14:00–15:00");
      }
      await expect(meetings.getByRole("list", { name: "Meetings" })).toContainText(ROOM);

      // The same slot again: the conflict is shown inline, nothing is posted.
      await meetings.getByRole("button", { name: "Book the room" }).click();
      await expect(meetings.getByRole("alert")).toContainText("That is already booked.");
      await expect(chatLog(pageA).getByRole("listitem").filter({ hasText: expected })).toHaveCount(1);
    });

    await test.step("a message in a room the member is not viewing bumps the unread badges live", async () => {
      await pageB.getByRole("link", { name: "← Projects" }).click();
      await expect(pageB.getByRole("heading", { level: 1, name: "Projects" })).toBeVisible();
      // A fresh member: this room's messages are all read, and there is no other room.
      const nav = pageB.getByTestId("nav-projects");
      const badge = nav.locator(".badge");
      const navCount = async () => ((await badge.count()) ? Number(await badge.textContent()) : 0);
      const item = pageB.getByRole("list", { name: "Projects" }).getByRole("listitem").filter({ hasText: projectName });
      await expect(item.getByRole("heading")).not.toContainText("unread");
      const before = await navCount();
      await composer(pageA).fill("Satu lagi untuk dibaca nanti");
      await composer(pageA).press("Enter");
      await expect(nav.locator(".sr-only")).toHaveText(`${before + 1} unread message${before ? "s" : ""}`);
      await expect(item.getByRole("heading")).toContainText("1 unread message");
      // Opening the room reads it: the nav no longer counts it.
      await item.getByRole("link", { name: projectName }).click();
      await expectLive(pageB);
      if (before) await expect(nav.locator(".sr-only")).toHaveText(`${before} unread message${before === 1 ? "" : "s"}`);
      else await expect(nav.locator(".badge")).toHaveCount(0);
    });

    await test.step("the room page has no serious accessibility violations", async () => {
      await expectNoSeriousViolations(pageA, "project room");
    });
  } finally {
    await contextB.close();
  }
});

test("own messages can be edited and deleted, and the others see it", async ({ page, member: _signedIn }) => {
  await createProject(page, `Edit ${randomUUID().slice(0, 8)}`);
  await composer(page).fill("Rapat jam 9");
  await composer(page).press("Enter");
  const item = chatLog(page).getByRole("listitem").filter({ hasText: "Rapat jam 9" });
  await expect(item.locator("summary", { hasText: "Delete…" })).toBeVisible();
  await item.locator("summary", { hasText: "Edit" }).click();
  await item.getByRole("textbox", { name: "Edit your message" }).fill("Rapat jam 10");
  await item.getByRole("button", { name: "Save" }).click();
  const edited = chatLog(page).getByRole("listitem").filter({ hasText: "Rapat jam 10" });
  await expect(edited).toContainText("edited");
  // Deleting asks first: opening the question changes nothing yet.
  await edited.locator("summary", { hasText: "Delete…" }).click();
  await expect(edited.getByText("Delete this message for everyone?")).toBeVisible();
  await expect(edited.locator(".chat-text")).toHaveText("Rapat jam 10");
  await edited.getByRole("button", { name: "Yes, delete" }).click();
  await expect(chatLog(page).getByText("This message was deleted.")).toBeVisible();
  await expect(chatLog(page).getByText("Rapat jam 10")).toHaveCount(0);
  // Still so after a reload (it is stored, not just shown).
  await page.reload();
  await expect(chatLog(page).getByText("This message was deleted.")).toBeVisible();
});

test("mounting and unmounting the room 100 times leaves at most one listener per socket event", async ({ page, people }) => {
  test.setTimeout(240_000);
  await installSocketFinder(page);
  await logIn(page, await people.create());
  const roomPath = await createProject(page, `Listeners ${randomUUID().slice(0, 8)}`);

  const counts = () =>
    page.evaluate(() => {
      const s = (window as unknown as WithFinder).__e2eSocket?.();
      if (!s) return null;
      const events = Object.keys(s._callbacks ?? {}).map((k) => k.replace(/^\$/, ""));
      return Object.fromEntries(events.map((e) => [e, s.listeners(e).length]));
    });
  const mounted = await counts();
  expect(mounted, "the test finds the app's socket").not.toBeNull();
  expect(mounted!["typing"], "the open room listens for typing").toBe(1);

  const result = await page.evaluate(
    async ({ room }) => {
      type Router = { navigate: (to: string) => Promise<void> };
      const w = window as unknown as { __remixRouter: Router };
      const socket = (window as unknown as WithFinder).__e2eSocket!()!;
      const until = async (check: () => boolean) => {
        const start = performance.now();
        while (!check()) {
          if (performance.now() - start > 10_000) throw new Error("timed out waiting for the page");
          await new Promise((r) => requestAnimationFrame(r));
        }
      };
      const roomShown = () => document.querySelector('[data-testid="room-live"]') !== null;
      let mountedRooms = 0;
      for (let i = 0; i < 100; i++) {
        await w.__remixRouter.navigate("/projects");
        await until(() => !roomShown() && socket.listeners("typing").length === 0);
        await w.__remixRouter.navigate(room);
        await until(() => roomShown() && socket.listeners("typing").length === 1);
        mountedRooms += 1;
      }
      await w.__remixRouter.navigate("/projects");
      await until(() => !roomShown());
      return { mountedRooms };
    },
    { room: roomPath },
  );
  expect(result.mountedRooms).toBe(100);
  await expect(page.getByRole("heading", { level: 1, name: "Projects" })).toBeVisible();

  const after = await counts();
  expect(after).not.toBeNull();
  const tooMany = Object.entries(after!).filter(([, n]) => n > 1);
  expect(tooMany, "events with more than one listener").toEqual([]);
  for (const event of ["typing", "presence", "task:changed", "message:updated"]) {
    expect(after![event] ?? 0, `${event} listeners once the room is closed`).toBe(0);
  }
  // The app-wide ones stay: the nav's unread counter and the connection status.
  expect(after!["message:new"]).toBe(1);
  expect(after!["connect"]).toBe(1);

  // Still a working room after all that.
  await page.getByRole("list", { name: "Projects" }).getByRole("link").first().click();
  await expectLive(page);
});

test("the room is usable at phone width without horizontal scrolling", async ({ browser, people }) => {
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  try {
    const page = await context.newPage();
    await logIn(page, await people.create());
    await createProject(page, `Ponsel ${randomUUID().slice(0, 8)} dengan nama proyek yang cukup panjang sekali`);
    await composer(page).fill("Tautan panjang: https://example.com/" + "a".repeat(120));
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect(chatLog(page).getByRole("link")).toBeVisible();
    const newTask = page.getByRole("form", { name: "New task" });
    await newTask.getByLabel("Task").fill("Tugas di ponsel");
    await newTask.getByRole("button", { name: "Add task" }).click();
    await expect(taskIn(page, "To do", "Tugas di ponsel")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, "horizontal overflow in px").toBeLessThanOrEqual(0);
    const box = await composer(page).boundingBox();
    expect(box!.width).toBeGreaterThan(200);
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
  } finally {
    await context.close();
  }
});

test("without JavaScript a message is sent by a plain form post", async ({ browser, people }) => {
  const who = await people.create();
  const context = await browser.newContext({ locale: "en-US", javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill(who.email);
    await page.getByLabel("Password", { exact: true }).fill(who.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByRole("button", { name: "Log out", exact: true })).toBeVisible();

    const name = `Tanpa JS ${randomUUID().slice(0, 8)}`;
    await page.goto("/projects");
    const form = page.getByRole("region", { name: "New project" });
    await form.getByLabel("Project name").fill(name);
    await form.getByRole("button", { name: "Create project" }).click();
    // The post answers with a redirect to the new room (a plain form post, no JavaScript).
    await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

    await composer(page).fill("Dikirim tanpa JavaScript");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect(chatLog(page).getByRole("listitem").filter({ hasText: "Dikirim tanpa JavaScript" })).toBeVisible();

    // A task created and moved by form posts too.
    const newTask = page.getByRole("form", { name: "New task" });
    await newTask.getByLabel("Task").fill("Tugas tanpa JS");
    await newTask.getByRole("button", { name: "Add task" }).click();
    await page.locator("summary.task-menu-button", { hasText: "Move Tugas tanpa JS" }).click();
    await page.getByRole("button", { name: "Move Tugas tanpa JS to Done" }).click();
    await expect(taskIn(page, "Done", "Tugas tanpa JS")).toBeVisible();

    // Reloading the room (GET) shows the message once.
    await page.goto(new URL(page.url()).pathname);
    await expect(chatLog(page).locator(".chat-text", { hasText: "Dikirim tanpa JavaScript" })).toHaveCount(1);
  } finally {
    await context.close();
  }
});

test("the production build ships no test hook: no socket handle on window, none in any script it serves", async ({ page, people }) => {
  await installSocketFinder(page);
  await logIn(page, await people.create());
  await open(page, "/projects");
  await page.waitForFunction(() => (window as unknown as WithFinder).__e2eSocket?.()?.connected === true);
  expect(await page.evaluate(() => Object.keys(window).filter((k) => /jejaring/i.test(k)))).toEqual([]);

  // Every module the build can load (the manifest's entry and routes) and every script this page loaded lazily.
  const scripts = await page.evaluate(() => {
    type Manifest = { entry: { module: string; imports: string[] }; routes: Record<string, { module: string; imports?: string[] }> };
    const m = (window as unknown as { __remixManifest: Manifest }).__remixManifest;
    const lazy = performance.getEntriesByType("resource").map((e) => e.name).filter((n) => /\.js(\?|$)/.test(n));
    return [...new Set([m.entry.module, ...m.entry.imports, ...Object.values(m.routes).flatMap((r) => [r.module, ...(r.imports ?? [])]), ...lazy])];
  });
  expect(scripts.length).toBeGreaterThan(10);
  for (const url of scripts) {
    const res = await page.request.get(url);
    expect(res.ok(), url).toBe(true);
    expect(await res.text(), url).not.toContain("__jejaringSocket");
  }
});
