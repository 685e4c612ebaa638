import { randomUUID } from "node:crypto";
import { type Browser, type BrowserContext, type Page } from "@playwright/test";
import { apiAs, expect, expectNoSeriousViolations, logIn, open, test } from "./support";

test.use({ locale: "en-US" });
// Two browsers, log-ins (password hashing) and axe scans: more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 60_000 });

async function saveProfile(page: Page, profile: { offers: string; needs: string; links?: string }) {
  await open(page, "/network/profile");
  await page.getByLabel("What you offer").fill(profile.offers);
  await page.getByLabel("What you need").fill(profile.needs);
  if (profile.links) await page.getByLabel("Links", { exact: true }).fill(profile.links);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
}

/** A separate browser (own cookies) for a second member, with the same locale as the default context. */
async function newMemberContext(browser: Browser, baseURL: string | undefined): Promise<BrowserContext> {
  return browser.newContext({ baseURL, locale: "en-US" });
}

/** Waits until the page's socket is connected, so a live event sent from now on reaches it. */
async function expectLive(page: Page) {
  await expect(page.getByTestId("rt-status")).toHaveAttribute("data-status", "connected");
}

/** Marks the document: the marker survives client-side revalidation and disappears on a full reload. */
async function markDocument(page: Page, marker: string) {
  await page.evaluate((m) => {
    (window as Window & { __e2eMarker?: string }).__e2eMarker = m;
  }, marker);
}

async function expectSameDocument(page: Page, marker: string) {
  expect(await page.evaluate(() => (window as Window & { __e2eMarker?: string }).__e2eMarker), "the page was not reloaded").toBe(marker);
}

const directoryCards = (page: Page) => page.getByTestId("directory").getByRole("article");

/** The profile links (`/members/<id>`) of the cards on the current directory page, in order. */
const directoryMemberLinks = (page: Page) =>
  page.getByTestId("directory").locator("article h3 a").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));

test("complementary members match, connect with a note, and see each other's contact links live", async ({ browser, baseURL, people }) => {
  test.setTimeout(120_000);
  const suffix = randomUUID().slice(0, 8);
  // Made-up tags unique to this run: no demo member (or another run) offers or needs them.
  const kopi = `kopi-${suffix}`;
  const kemasan = `kemasan-${suffix}`;
  const a = await people.create({ name: "Ayu Kopi" });
  const b = { ...(await people.create({ name: "Bima Kemasan" })), link: `https://example.com/b-${suffix}` };
  const note = `Halo! Kopi kami butuh kemasan baru (${suffix}).`;

  const contextA = await newMemberContext(browser, baseURL);
  const contextB = await newMemberContext(browser, baseURL);
  try {
    const pageA = await contextA.newPage();
    const pageB = await contextB.newPage();

    await test.step("both log in and describe complementary offers and needs", async () => {
      await logIn(pageA, a);
      await saveProfile(pageA, { offers: kopi, needs: kemasan });
      await logIn(pageB, b);
      await saveProfile(pageB, { offers: kemasan, needs: kopi, links: b.link });
    });

    const matchCard = pageA.getByTestId("matches").getByRole("article", { name: b.name });
    await test.step("A sees B in their matches with both reasons", async () => {
      await open(pageA, "/network");
      await expect(matchCard).toBeVisible();
      await expect(matchCard.locator('li[data-reason="offers_what_you_need"]')).toHaveText(`Offers what you need: ${kemasan}`);
      await expect(matchCard.locator('li[data-reason="needs_what_you_offer"]')).toHaveText(`Needs what you offer: ${kopi}`);
      await expect(matchCard.getByRole("button", { name: `Connect: ${b.name}` })).toBeVisible();
    });

    await test.step("B opens their connections before anything is sent", async () => {
      await open(pageB, "/network/connections");
      await expect(pageB.getByRole("heading", { level: 1, name: "Connections" })).toBeVisible();
      // No connection of any kind yet: the page offers the next step instead of three empty lists.
      await expect(pageB.getByTestId("connections-empty")).toContainText("You have no connections yet.");
      await expect(pageB.getByRole("region", { name: "Requests to you" })).toHaveCount(0);
      await expectLive(pageB);
      await markDocument(pageB, `b-${suffix}`);
    });

    const state = pageA.getByTestId("connection-state");
    await test.step("A opens B's profile from the match card: no contact links yet; A sends a request with a note", async () => {
      await matchCard.getByRole("link", { name: b.name }).click();
      await expect(pageA).toHaveURL(/\/members\/[0-9a-f-]{36}$/);
      await expect(pageA.getByRole("heading", { level: 1, name: b.name })).toBeVisible();
      await expect(pageA.getByTestId("contact-links")).toHaveCount(0);
      await expect(pageA.getByText("Contact links show once you are connected.")).toBeVisible();
      await expect(pageA.getByRole("link", { name: b.link })).toHaveCount(0);
      await expect(state).toHaveAttribute("data-status", "none");
      await expectLive(pageA);
      await markDocument(pageA, `a-${suffix}`);

      await pageA.getByLabel("A note (optional)").fill(note);
      await pageA.getByRole("button", { name: "Connect", exact: true }).click();
      await expect(state).toHaveAttribute("data-status", "pending");
      await expect(state).toContainText("Request sent — waiting for an answer.");
    });

    await test.step("B sees the request arrive live, with the note, and accepts", async () => {
      const incoming = pageB.getByRole("region", { name: "Requests to you" });
      const request = incoming.getByRole("article", { name: a.name });
      await expect(request).toBeVisible();
      await expect(request).toContainText(`“${note}”`);
      await expect(pageB.getByTestId("bell")).toContainText("1 unread");
      await expectSameDocument(pageB, `b-${suffix}`);
      await expectNoSeriousViolations(pageB, "/network/connections with an incoming request");

      await request.getByRole("button", { name: `Accept: ${a.name}` }).click();
      await expect(pageB.getByRole("region", { name: "Connected" }).getByRole("article", { name: a.name })).toBeVisible();
      await expect(incoming.getByRole("article")).toHaveCount(0);
    });

    await test.step("A's open profile of B turns to connected and shows B's contact link, without a reload", async () => {
      await expect(state).toHaveAttribute("data-status", "accepted");
      await expect(state).toContainText("You are connected.");
      const links = pageA.getByTestId("contact-links");
      await expect(links.getByRole("link", { name: b.link })).toHaveAttribute("href", b.link);
      await expect(pageA.getByText("Contact links show once you are connected.")).toHaveCount(0);
      await expectSameDocument(pageA, `a-${suffix}`);
    });
  } finally {
    await contextA.close();
    await contextB.close();
  }
});

test.describe("directory", () => {
  // A fresh member searches the shared demo network.
  test("a misspelt search finds the demo product photographer", async ({ page, member: _signedIn }) => {
    await open(page, "/network/directory");
    // Bayu's headline is "Product photographer for UMKM"; "fotographer" is a typo of it.
    await page.getByLabel("Name, business, skill or need").fill("fotographer");
    await page.getByRole("main").getByRole("button", { name: "Search", exact: true }).click();
    await expect(page).toHaveURL(/[?&]q=fotographer(&|$)/);
    const first = directoryCards(page).first();
    await expect(first).toHaveAccessibleName("Bayu Pratama");
    await expect(first.getByRole("list", { name: "Offers" })).toContainText("product photography");
  });

  test("the issue's typo search q=fotograffi finds the demo product photographer", async ({ page, member: _signedIn }) => {
    await open(page, "/network/directory?q=fotograffi");
    await expect(directoryCards(page).first()).toHaveAccessibleName("Bayu Pratama", { timeout: 2_000 });
  });

  test("'More results' pages through a broad query without duplicates", async ({ page, member: _signedIn }) => {
    await open(page, "/network/directory?q=a");
    const seen: string[] = [];
    let pages = 0;
    for (;;) {
      pages += 1;
      const hrefs = await directoryMemberLinks(page);
      expect(hrefs.length, `page ${pages} has results`).toBeGreaterThan(0);
      expect(hrefs.length, `page ${pages} is at most 20 long`).toBeLessThanOrEqual(20);
      seen.push(...hrefs);
      const more = page.getByRole("link", { name: "More results" });
      if ((await more.count()) === 0) break;
      expect(pages, "the pagination ends").toBeLessThan(10);
      const firstBefore = hrefs[0];
      await more.click();
      await expect(page).toHaveURL(/[?&]cursor=/);
      await expect(page.getByLabel("Name, business, skill or need")).toHaveValue("a");
      await expect(page.getByTestId("directory").locator("article h3 a").first()).not.toHaveAttribute("href", firstBefore!);
    }
    // "a" matches the start of a word (or a close typo of one): 24 of the demo network's 30 visible members have
    // such a word in their name, headline, business, city or tags — more than one page.
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(seen.length).toBeGreaterThanOrEqual(20);
    expect(new Set(seen).size, "no member is listed twice").toBe(seen.length);
  });
});

test("the admin introduces two members; the table tracks it and both are notified", async ({ page, browser, baseURL, admin: _signedIn, people, request }) => {
  test.setTimeout(90_000);
  const suffix = randomUUID().slice(0, 8);
  const note = `Ani needs copy for her online class, Maya needs her books in order (${suffix}).`;
  const [ani, maya] = [await people.create({ name: "Ani Susanti" }), await people.create({ name: "Maya Anggraini" })];
  const headlines = { ani: "Pembukuan & laporan keuangan UMKM", maya: "Copywriter bilingual" };
  for (const [who, headline] of [[ani, headlines.ani], [maya, headlines.maya]] as const) {
    expect((await apiAs(request, who).patch("/me/profile", { headline })).status()).toBe(200);
  }

  const aniContext = await newMemberContext(browser, baseURL);
  try {
    const aniPage = await aniContext.newPage();
    await test.step("Ani has her notifications open", async () => {
      await logIn(aniPage, ani);
      await open(aniPage, "/notifications");
      await expect(aniPage.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
      await expectLive(aniPage);
      await markDocument(aniPage, `ani-${suffix}`);
    });

    await test.step("the admin introduces Ani and Maya with a note", async () => {
      await open(page, "/admin");
      await expect(page.getByRole("heading", { level: 1, name: "Network manager" })).toBeVisible();
      const form = page.getByRole("region", { name: "Introduce two members" });
      await form.getByLabel("First member").selectOption({ label: `${ani.name} — ${headlines.ani}` });
      await form.getByLabel("Second member").selectOption({ label: `${maya.name} — ${headlines.maya}` });
      await form.getByLabel("Why should they meet?").fill(note);
      await form.getByRole("button", { name: "Introduce", exact: true }).click();
      await expect(form.getByRole("status")).toHaveText("Introduction sent to both.");

      const row = page.getByRole("region", { name: "Introductions" }).getByRole("row").filter({ hasText: note });
      await expect(row.getByRole("cell")).toHaveText([ani.name, maya.name, note, "Not yet"]);
      await expect(row.getByRole("link", { name: ani.name })).toHaveAttribute("href", `/members/${ani.id}`);
    });

    await test.step("Ani sees the introduction in her notifications, live, and follows it to Maya's profile", async () => {
      const item = aniPage.getByTestId("notifications").getByRole("listitem").filter({ hasText: note });
      await expect(item).toContainText(`Meet ${maya.name} — ${headlines.maya}`);
      await expectSameDocument(aniPage, `ani-${suffix}`);
      await open(aniPage, "/notifications"); // and it is stored, not only pushed
      await expect(item).toContainText(`Meet ${maya.name} — ${headlines.maya}`);

      await item.getByRole("link").click();
      await expect(aniPage).toHaveURL(new RegExp(`/members/${maya.id}\\?introduction=[0-9a-f-]{36}$`));
      await expect(aniPage.getByRole("heading", { level: 1, name: maya.name })).toBeVisible();
      await expect(aniPage.getByTestId("connection-state")).toContainText("The network manager introduced you.");
    });
  } finally {
    await aniContext.close();
  }
});

test.describe("axe: network pages", () => {
  for (const path of ["/network", "/network/directory", "/network/directory?q=batik", "/network/connections", "/admin"]) {
    test(`no serious or critical violations on ${path}`, async ({ page, admin: _signedIn }) => {
      const response = await page.goto(path);
      expect(response?.ok(), `${path} responds`).toBe(true);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoSeriousViolations(page, path);
    });
  }

  test("no serious or critical violations on a member profile", async ({ page, admin: _signedIn }) => {
    await open(page, "/network/directory?q=Bayu");
    await directoryCards(page).getByRole("link", { name: "Bayu Pratama" }).click();
    await expect(page).toHaveURL(/\/members\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1, name: "Bayu Pratama" })).toBeVisible();
    await expectNoSeriousViolations(page, "a member profile");
  });
});
