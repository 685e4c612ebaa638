import type { Browser, BrowserContext, Page } from "@playwright/test";
import { apiAs, expect, open, test, type Account } from "./support";

// The network on a phone (390 × 844): the directory's typo search and its over-long query, the connections page
// from "none yet" to accept and remove (with a confirmation that works without JavaScript), long names, and the
// global search page. English unless a test says otherwise.
test.use({ locale: "en-US", viewport: { width: 390, height: 844 } });
test.describe.configure({ timeout: 60_000 });

/** No horizontal scrolling of the document at this width. */
async function expectFits(page: Page, label: string) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `${label}: ${scrollWidth}px wide in a ${clientWidth}px viewport`).toBeLessThanOrEqual(clientWidth);
}

/** The same signed-in member in a second context without JavaScript (plain forms and links only). */
async function withoutJs(browser: Browser, page: Page, baseURL: string | undefined): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    locale: "en-US",
    viewport: { width: 390, height: 844 },
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
}

async function befriend(request: Parameters<typeof apiAs>[0], a: Account, b: Account) {
  const asked = (await (await apiAs(request, a).post("/connections", { memberId: b.id })).json()) as { id: string };
  const accepted = await apiAs(request, b).post(`/connections/${asked.id}/accept`, {});
  expect(accepted.status()).toBe(200);
  return asked.id;
}

test.describe("directory", () => {
  test("typos find the demo's packaging designer and a city; the page fits", async ({ page, member: _signedIn }) => {
    await open(page, "/network/directory?q=pakaging");
    await expect(page.getByTestId("directory").getByRole("article", { name: "Dewi Kartika" })).toBeVisible();
    await expectFits(page, "directory");
    await open(page, "/network/directory?q=Dwi%20Kartka");
    await expect(page.getByTestId("directory").getByRole("article").first()).toHaveAccessibleName("Dewi Kartika");
    await open(page, "/network/directory?q=Makasar");
    await expect(page.getByTestId("directory").getByRole("article", { name: "Yosef Rante" })).toBeVisible();
  });

  test("an over-long query gets the field's message and nobody, never the whole directory", async ({ page, member: _signedIn }) => {
    const response = await page.goto(`/network/directory?q=${"packaging ".repeat(20)}`);
    expect(response?.status()).toBe(400);
    await expect(page.getByTestId("directory-error")).toBeVisible();
    await expect(page.getByLabel("Name, business, skill or need")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("directory").getByRole("article")).toHaveCount(0);
    await expectFits(page, "directory with an error");
  });
});

test.describe("connections", () => {
  test("with none yet, the page says so and offers the next step", async ({ page, member: _signedIn }) => {
    await open(page, "/network/connections");
    const empty = page.getByTestId("connections-empty");
    await expect(empty).toContainText("You have no connections yet.");
    await empty.getByRole("link", { name: "Search the directory" }).click();
    await expect(page).toHaveURL(/\/network\/directory$/);
  });

  test("accept a request from the network page, then remove the connection after confirming — without JavaScript", async ({ page, browser, baseURL, member, people, request }) => {
    const asker = await people.create({ name: "Penanya" });
    const friend = await people.create({ name: "Teman" });
    await befriend(request, member, friend);
    await apiAs(request, asker).post("/connections", { memberId: member.id, note: "Ayo kolaborasi" });

    const context = await withoutJs(browser, page, baseURL);
    try {
      const plain = await context.newPage();
      await plain.goto("/network");
      const requests = plain.getByTestId("incoming-requests");
      await expect(requests).toContainText("1 request to connect");
      await requests.getByRole("button", { name: `Accept: ${asker.name}` }).click();
      await expect(plain.getByTestId("incoming-requests")).toHaveCount(0);

      await plain.goto("/network/connections");
      await expect(plain.getByTestId("connection").filter({ hasText: asker.name })).toHaveAttribute("data-status", "accepted");
      // Removing asks first; "Keep" keeps.
      await plain.getByRole("link", { name: `Remove connection: ${friend.name}` }).click();
      const confirm = plain.getByTestId("remove-confirm");
      await expect(confirm).toContainText(`Remove ${friend.name} from your connections?`);
      await expectFits(plain, "connections with a confirmation");
      await confirm.getByRole("link", { name: "Keep" }).click();
      await expect(plain.getByTestId("remove-confirm")).toHaveCount(0);
      await expect(plain.getByTestId("connection").filter({ hasText: friend.name })).toHaveCount(1);

      await plain.getByRole("link", { name: `Remove connection: ${friend.name}` }).click();
      await plain.getByRole("button", { name: "Yes, remove" }).click();
      await expect(plain.getByRole("status").filter({ hasText: "Done: removed" })).toContainText("Done: removed from your connections.");
      await expect(plain.getByTestId("connection").filter({ hasText: friend.name })).toHaveCount(0);
      await expect(plain.getByTestId("connection").filter({ hasText: asker.name })).toHaveCount(1);
    } finally {
      await context.close();
    }
    const theirs = (await (await apiAs(request, friend).get("/connections")).json()) as { items: unknown[] };
    expect(theirs.items).toEqual([]);
  });
});

test.describe("long names", () => {
  test("a 100-character name wraps on the directory, connections and member pages at 390 px", async ({ page, member, people, request }) => {
    const long = await people.create({ name: "Srikandiwidyaningrumsarilestarikusumawardhanimahadewi".repeat(2).slice(0, 90) });
    await befriend(request, member, long);
    for (const path of [`/network/directory?q=${encodeURIComponent(long.name.slice(0, 30))}`, "/network/connections", `/members/${long.id}`, "/network"]) {
      await open(page, path);
      await expectFits(page, path);
    }
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  });

  test("the profile edits the name within the sign-up limit", async ({ page, member: _signedIn }) => {
    await open(page, "/network/profile");
    await page.getByLabel("Your name").fill("Nama Baru Anggota");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
    await expect(page.getByLabel("Your name")).toHaveAttribute("maxlength", "100");
    await expectFits(page, "profile");
  });
});

test.describe("global search", () => {
  test("groups people, spaces and my projects, each linking to its page", async ({ page, member }) => {
    const project = (await (await apiAs(page.request, member).post("/projects", { name: "Kopi Makassar naik kelas" })).json()) as { id: string };
    await open(page, "/search");
    await expect(page.getByTestId("search-start")).toBeVisible();
    await page.getByLabel("People, spaces or projects").fill("makasar");
    await page.getByRole("main").getByRole("button", { name: "Search", exact: true }).click();
    await expect(page).toHaveURL(/\/search\?q=makasar$/);
    await expect(page.getByTestId("search-spaces").getByRole("link", { name: "Jejaring Makassar — Losari" })).toBeVisible();
    await expect(page.getByTestId("search-people").getByRole("link", { name: "Yosef Rante" })).toBeVisible();
    await expect(page.getByTestId("search-projects").getByRole("link", { name: "Kopi Makassar naik kelas" })).toHaveAttribute("href", `/projects/${project.id}`);
    await expectFits(page, "search results");
    await page.getByTestId("search-people").getByRole("link", { name: "Yosef Rante" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Yosef Rante" })).toBeVisible();
  });

  test("nothing found offers the next step; an over-long search says what to fix", async ({ page, member: _signedIn }) => {
    await open(page, "/search?q=zzqqxxvv");
    const empty = page.getByTestId("search-empty");
    await expect(empty).toContainText("Nothing found for “zzqqxxvv”.");
    await expect(empty.getByRole("link", { name: "Browse the directory" })).toHaveAttribute("href", "/network/directory");
    const response = await page.goto(`/search?q=${"x".repeat(150)}`);
    expect(response?.status()).toBe(400);
    await expect(page.getByTestId("search-error")).toBeVisible();
    await expectFits(page, "search with an error");
  });

  test("works without JavaScript and in Indonesian", async ({ browser, baseURL, page, member: _signedIn }) => {
    const context = await browser.newContext({ baseURL, locale: "id-ID", viewport: { width: 390, height: 844 }, javaScriptEnabled: false, storageState: await page.context().storageState() });
    try {
      const plain = await context.newPage();
      await plain.goto("/search");
      await plain.getByLabel("Orang, ruang kerja, atau proyek").fill("kemang");
      await plain.getByRole("button", { name: "Cari", exact: true }).click();
      await expect(plain.getByTestId("search-spaces")).toContainText("Ruang kerja");
      await expect(plain.getByTestId("search-spaces").getByRole("link", { name: "Jejaring Jakarta — Kemang" })).toBeVisible();
    } finally {
      await context.close();
    }
  });
});
