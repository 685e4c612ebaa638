import { randomUUID } from "node:crypto";
import { type Page } from "@playwright/test";
import { expect, hydrated, logIn, open, test } from "./support";

test.use({ locale: "en-US", viewport: { width: 390, height: 844 } });
test.describe.configure({ timeout: 120_000 });

type WithFinder = { __e2eSocket?: () => { connected: boolean; io: { engine: { close(): void } } } | null };

/** As in project-room.spec.ts: the app's one socket, found from <main>'s React fiber (the app exposes none). */
async function installSocketFinder(page: Page) {
  await page.addInitScript(() => {
    type Fiber = { memoizedProps?: { value?: unknown } | null; return: Fiber | null };
    (window as unknown as { __e2eSocket: () => unknown }).__e2eSocket = () => {
      const main = document.getElementById("main");
      const key = main ? Object.keys(main).find((k) => k.startsWith("__reactFiber$")) : undefined;
      let fiber = key ? ((main as unknown as Record<string, Fiber | undefined>)[key] ?? null) : null;
      for (; fiber; fiber = fiber.return) {
        const value = fiber.memoizedProps?.value as { socket?: unknown; status?: string } | undefined;
        if (value && typeof value === "object" && "socket" in value && "status" in value) return value.socket ?? null;
      }
      return null;
    };
  });
}

/**
 * Cuts the page's Socket.IO connection and keeps it cut while `blocked.on` (Chromium's offline mode leaves an open
 * WebSocket alone): new WebSockets to /socket.io are closed at once and its long-polling requests aborted.
 */
async function socketSwitch(page: Page) {
  const blocked = { on: false };
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (blocked.on) ws.close();
    else ws.connectToServer();
  });
  await page.route(/\/socket\.io\//, (route) => (blocked.on ? route.abort() : route.continue()));
  return {
    async cut() {
      blocked.on = true;
      await page.evaluate(() => (window as unknown as WithFinder).__e2eSocket?.()?.io.engine.close());
    },
    restore() {
      blocked.on = false;
    },
  };
}

const chatLog = (page: Page) => page.getByRole("log", { name: "Messages" });
const composer = (page: Page) => page.getByRole("textbox", { name: "Message", exact: true });
const live = (page: Page) => page.getByTestId("room-live");

test("a message written while the connection is down waits in the log, survives a reload and is stored once when the socket is back", async ({ page, context, people }) => {
  await installSocketFinder(page);
  const socket = await socketSwitch(page);
  await logIn(page, await people.create());
  const name = `Sinyal ${randomUUID().slice(0, 8)}`;
  await open(page, "/projects");
  await page.getByRole("region", { name: "New project" }).getByLabel("Project name").fill(name);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await hydrated(page);
  await expect(live(page)).toHaveAttribute("data-live", "true");

  const text = `Dikirim saat sinyal hilang ${randomUUID().slice(0, 6)}`;
  const copies = () => chatLog(page).locator(".chat-text", { hasText: text });
  const item = () => chatLog(page).getByRole("listitem").filter({ hasText: text });

  await test.step("offline: the send stays on the page, in the log, waiting", async () => {
    await socket.cut();
    await context.setOffline(true);
    await expect(live(page)).toHaveAttribute("data-live", "false");
    await composer(page).fill(text);
    await composer(page).press("Enter");
    await expect(item()).toHaveAttribute("data-status", "waiting");
    await expect(item()).toContainText("Waiting for the connection");
    // Still the room, not an error page.
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(composer(page)).toHaveValue("");
  });

  await test.step("a reload (the socket still cut) shows it waiting again", async () => {
    await context.setOffline(false);
    await page.reload();
    await hydrated(page);
    await expect(item()).toHaveAttribute("data-status", "waiting");
    await expect(live(page)).toHaveAttribute("data-live", "false");
  });

  await test.step("the socket comes back: it goes out by itself, once", async () => {
    socket.restore();
    await expect(live(page)).toHaveAttribute("data-live", "true", { timeout: 30_000 });
    await expect(item()).not.toHaveAttribute("data-status", /.+/);
    await expect(item()).not.toHaveClass(/chat-pending/);
    await expect(copies()).toHaveCount(1);
    // Stored on the server exactly once, and the outbox is empty (nothing comes back on the next load).
    await page.reload();
    await hydrated(page);
    await expect(live(page)).toHaveAttribute("data-live", "true", { timeout: 30_000 });
    await expect(copies()).toHaveCount(1);
    await expect(chatLog(page).locator(".chat-pending")).toHaveCount(0);
  });
});
