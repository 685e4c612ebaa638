import { randomBytes, randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test as base, type APIRequestContext, type Page } from "@playwright/test";

/** The demo network's password (db/seed.ts): only for the test of the printed demo logins, and the fixtures' admin. */
export const DEMO_PASSWORD = "jejaring-demo";
const DEMO_ADMIN = "admin@demo.jejaring.id";

type Role = "member" | "operator" | "admin";

/** A fresh account made for one test: log it in with `logIn(page, account)`, call the API with its `token`. */
export type Account = { id: string; email: string; name: string; role: Role; password: string; token: string };

export type People = {
  /**
   * A new account with a unique email, made through the public API (sign-up, then the role through the admin API).
   * `name` is made unique with a suffix ("Fajar" → "Fajar 3f9a1c2e"), so a page can be searched for it.
   */
  create(options?: { role?: Role; name?: string }): Promise<Account>;
  /**
   * Assigns an operator to run a space (through the admin API, as the demo admin): operators see only the spaces
   * they run, so a fresh operator needs this before working on a demo space (spaces they create are theirs).
   */
  assign(operator: Account, spaceId: string): Promise<void>;
};

type Fixtures = {
  people: People;
  /** A fresh member, logged in on `page`. Ask for one of member, operator, admin per test; others through `people`. */
  member: Account;
  /** A fresh operator, logged in on `page`. */
  operator: Account;
  /** A fresh admin, logged in on `page`. */
  admin: Account;
};

/** The demo admin's API token, once per worker: it sets the fixtures' roles and suspends their accounts after. */
type WorkerFixtures = { adminToken: string };

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/**
 * A documentation-range address (RFC 5737) for each sign-up, as if each new member came from their own network:
 * the app allows 20 sign-ups an hour per client address, and the e2e server trusts a proxy on loopback (see
 * tests/support/e2e-server.ts), so the suite's many sign-ups are not all metered as one address.
 */
const someAddress = () => `203.0.113.${1 + (randomBytes(1)[0]! % 254)}`;

async function ok<T>(response: Awaited<ReturnType<APIRequestContext["get"]>>, what: string): Promise<T> {
  expect(response.ok(), `${what}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/**
 * Every test gets its own people: `member`, `operator` or `admin` (logged in on `page`) and `people.create()` for the
 * others. After the test their future bookings are cancelled (the demo spaces' slots are free for the next run) and
 * the accounts are suspended: they no longer log in or show in the directory, matches or the network's counts. Their
 * other rows (projects, messages, connections) stay, and disturb no other test, which each make their own.
 */
export const test = base.extend<Fixtures, WorkerFixtures>({
  adminToken: [
    async ({ playwright }, use, workerInfo) => {
      const request = await playwright.request.newContext({ baseURL: workerInfo.project.use.baseURL });
      const { token } = await ok<{ token: string }>(
        await request.post("/api/v1/auth/tokens", { data: { email: DEMO_ADMIN, password: DEMO_PASSWORD, label: "e2e fixtures" } }),
        "the demo admin's token",
      );
      await use(token);
      await request.delete("/api/v1/auth/tokens/current", { headers: bearer(token) });
      await request.dispose();
    },
    { scope: "worker" },
  ],

  people: async ({ request, adminToken, context }, use) => {
    const made: Account[] = [];
    await use({
      async create({ role = "member", name = "Anggota E2E" } = {}) {
        const suffix = randomUUID().slice(0, 8);
        const password = `e2e-${randomUUID()}`;
        const fields = { email: `e2e-${suffix}@e2e.jejaring.id`, name: `${name} ${suffix}`, password };
        const { member, token } = await ok<{ member: { id: string }; token: string }>(
          await request.post("/api/v1/auth/signup", { data: fields, headers: { "x-forwarded-for": someAddress() } }),
          "sign-up",
        );
        if (role !== "member") {
          await ok(await request.patch(`/api/v1/members/${member.id}/role`, { data: { role }, headers: bearer(adminToken) }), `make ${role}`);
        }
        const account: Account = { id: member.id, email: fields.email, name: fields.name, role, password, token };
        made.push(account);
        return account;
      },
      async assign(operator, spaceId) {
        await ok(await request.put(`/api/v1/spaces/${spaceId}/operators/${operator.id}`, { headers: bearer(adminToken) }), "assign the operator");
      },
    });
    // Close the test's pages first: a suspension ends the accounts' sessions, and a page still open would get
    // `session:ended` and navigate to the log-in page while the context is being torn down (a slow, flaky close).
    for (const open of context.pages()) await open.close();
    for (const account of made) {
      // Best effort: a booking that has begun or ended cannot be cancelled, and need not be.
      const mine = await request.get("/api/v1/bookings", { headers: bearer(account.token) });
      const { items = [] } = mine.ok() ? ((await mine.json()) as { items?: Array<{ id: string; end: string; status: string }> }) : {};
      for (const b of items) {
        if ((b.status === "confirmed" || b.status === "checked_in") && new Date(b.end).getTime() > Date.now()) {
          await request.delete(`/api/v1/bookings/${b.id}`, { headers: bearer(account.token) });
        }
      }
      await ok(await request.post(`/api/v1/members/${account.id}/suspend`, { data: { suspended: true }, headers: bearer(adminToken) }), "suspend");
    }
  },

  member: async ({ people, page }, use) => use(await signedIn(page, await people.create({ name: "Anggota" }))),
  operator: async ({ people, page }, use) => use(await signedIn(page, await people.create({ role: "operator", name: "Operator" }))),
  admin: async ({ people, page }, use) => use(await signedIn(page, await people.create({ role: "admin", name: "Admin" }))),
});

export { expect };

/** Resolves once React has hydrated every form, so a submit goes through Remix (fetch), not a native post. */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    Array.from(document.forms).every((form) => Object.keys(form).some((key) => key.startsWith("__reactProps$"))),
  );
}

/** Loads a page and waits for hydration. */
export async function open(page: Page, path: string) {
  const response = await page.goto(path);
  await hydrated(page);
  return response;
}

/** Logs an account in (English UI) through the form. */
export async function logIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await open(page, "/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Log in" }).click();
  // Signed in: the bell is in the header row at every width (on a phone "Log out" sits behind the menu button).
  await expect(page.getByTestId("bell")).toBeVisible({ timeout: 30_000 });
}

/** The page's one signed-in account: a second role fixture in the same test would log the first one out. */
const owners = new WeakMap<Page, Account>();
async function signedIn(page: Page, account: Account): Promise<Account> {
  const first = owners.get(page);
  if (first) throw new Error(`page is already signed in as ${first.role}: ask for one of member, operator, admin; others through people.create()`);
  owners.set(page, account);
  await logIn(page, account);
  return account;
}

/** The local date (YYYY-MM-DD) in a zone `days` from today, moved on to the next `weekday` (0 = Sunday) if given. */
export function dateIn(timeZone: string, days: number, weekday?: number): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  while (weekday !== undefined && d.getUTCDay() !== weekday) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * A zone where it is now between 02:00 and 20:00, so a booking from a minute from now to two hours later stays on
 * one local day whatever the hour the suite runs (a space open 00:00–23:59 refuses one that crosses midnight).
 */
export function daytimeZone(at = new Date()): string {
  const zones = ["Asia/Jakarta", "Europe/London", "America/New_York", "Asia/Tokyo", "Pacific/Honolulu", "America/Los_Angeles"];
  const hourIn = (timeZone: string) => Number(new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", hourCycle: "h23" }).format(at));
  const zone = zones.find((z) => hourIn(z) >= 2 && hourIn(z) < 20);
  if (!zone) throw new Error("no daytime zone among the candidates");
  return zone;
}

/** Tomorrow's local date (YYYY-MM-DD) in a zone. */
export const tomorrowIn = (timeZone: string) => dateIn(timeZone, 1);

/** Calls the API as an account (a bearer token: no cookie, so no Origin check). */
export function apiAs(request: APIRequestContext, account: Account) {
  const headers = bearer(account.token);
  return {
    get: (path: string) => request.get(`/api/v1${path}`, { headers }),
    post: (path: string, data: unknown) => request.post(`/api/v1${path}`, { data, headers }),
    patch: (path: string, data: unknown) => request.patch(`/api/v1${path}`, { data, headers }),
  };
}

/** Runs axe (WCAG 2.x A/AA and best practices) on the current page; fails on serious or critical violations. */
export async function expectNoSeriousViolations(page: Page, label: string, opts: { frames?: boolean } = {}): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]);
  // A sandboxed frame (a mail's HTML on the sent-mail page) runs no script, so axe cannot enter it and waits forever:
  // such a page is checked without its frames (the mail's own markup is checked by the mail template tests).
  if (opts.frames === false) builder = builder.setLegacyMode(true).options({ iframes: false });
  const results = await builder.analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 10).map((n) => n.target.join(" ")) }));
  expect(serious, `axe violations on ${label}`).toEqual([]);
}
