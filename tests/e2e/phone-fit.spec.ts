import { randomUUID } from "node:crypto";
import { type Page } from "@playwright/test";
import { apiAs, expect, logIn, open, test, type Account, type People } from "./support";

// Issue 13: every page fits a 390 × 844 phone: the document never scrolls sideways, and the header is one row (a
// visitor's links in it, a signed-in person's behind the menu button). One test per page, so the report names
// each page that overflows.

const WIDTH = 390;
test.use({ locale: "en-US", viewport: { width: WIDTH, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
test.describe.configure({ timeout: 120_000 });

type Role = "visitor" | "member" | "operator" | "admin";
type Ctx = { page: Page; me: Account | null; people: People; request: Parameters<typeof apiAs>[0] };
type PageCase = {
  name: string;
  role: Role;
  path: (ctx: Ctx & { spaceId: string }) => Promise<string> | string;
};

const PAGES: PageCase[] = [
  { name: "visitor: home", role: "visitor", path: () => "/" },
  { name: "visitor: login", role: "visitor", path: () => "/login" },
  { name: "visitor: signup", role: "visitor", path: () => "/signup" },
  {
    name: "visitor: signup by an invitation",
    role: "visitor",
    path: async ({ people, request }) => {
      // An admin's invitation, and its link from the kept mail (the e2e server has no SMTP_URL).
      const admin = await people.create({ role: "admin", name: "Pengundang" });
      const email = `ponsel-${randomUUID().slice(0, 8)}@e2e.jejaring.id`;
      const sent = await apiAs(request, admin).post("/invitations", { email, role: "operator" });
      expect(sent.status(), await sent.text()).toBe(201);
      const kept = async () => {
        const { items } = (await (await apiAs(request, admin).get("/admin/outbox?channel=email&limit=100")).json()) as { items: Array<{ id: string; address: string; status: string }> };
        return items.find((i) => i.address === email) ?? null;
      };
      await expect.poll(async () => (await kept())?.status, { timeout: 30_000 }).toBe("kept");
      const { rendered } = (await (await apiAs(request, admin).get(`/admin/outbox/${(await kept())!.id}`)).json()) as { rendered: { text: string } };
      const link = new URL(/https?:\/\/\S+\/signup\?invitation=[\w-]+/.exec(rendered.text)![0]);
      return link.pathname + link.search;
    },
  },

  {
    name: "visitor: a public event",
    role: "visitor",
    path: async ({ people, request }) => {
      const admin = await people.create({ role: "admin", name: "Penyelenggara" });
      const spaceId = await demoSpace(request, admin);
      const start = new Date(Date.now() + 3 * 86_400_000);
      const body = { spaceId, title: "Malam Kurasi Produk UMKM", description: "Bawa tiga produk.", start: start.toISOString(), end: new Date(start.getTime() + 7_200_000).toISOString(), capacity: 20, visibility: "public" };
      const res = await apiAs(request, admin).post("/events", body);
      expect(res.status(), await res.text()).toBe(201);
      return `/events/${((await res.json()) as { id: string }).id}`;
    },
  },
  { name: "member: home", role: "member", path: () => "/" },
  { name: "member: spaces", role: "member", path: () => "/spaces" },
  { name: "member: a space", role: "member", path: ({ spaceId }) => `/spaces/${spaceId}` },
  { name: "member: bookings", role: "member", path: () => "/bookings" },
  { name: "member: projects", role: "member", path: () => "/projects" },
  {
    name: "member: a project",
    role: "member",
    path: async ({ request, me }) => {
      const res = await apiAs(request, me!).post("/projects", { name: `Proyek ponsel ${randomUUID().slice(0, 8)}` });
      expect(res.status(), await res.text()).toBe(201);
      return `/projects/${((await res.json()) as { id: string }).id}`;
    },
  },
  {
    name: "member: a project with an invitation",
    role: "member",
    path: async ({ request, me }) => {
      const res = await apiAs(request, me!).post("/projects", { name: `Proyek undangan ${randomUUID().slice(0, 8)}` });
      expect(res.status(), await res.text()).toBe(201);
      const { id } = (await res.json()) as { id: string };
      const sent = await apiAs(request, me!).post("/invitations", { email: `ponsel-${randomUUID().slice(0, 8)}@e2e.jejaring.id`, projectId: id });
      expect(sent.status(), await sent.text()).toBe(201);
      return `/projects/${id}`;
    },
  },
  { name: "member: network", role: "member", path: () => "/network" },
  { name: "member: directory", role: "member", path: () => "/network/directory" },
  { name: "member: connections", role: "member", path: () => "/network/connections" },
  { name: "member: introductions", role: "member", path: () => "/network/introductions" },
  { name: "member: profile", role: "member", path: () => "/network/profile" },
  {
    name: "member: a member",
    role: "member",
    path: async ({ people }) => `/members/${(await people.create({ name: "Tetangga" })).id}`,
  },
  { name: "member: notifications", role: "member", path: () => "/notifications" },
  { name: "member: account", role: "member", path: () => "/account" },
  {
    name: "member: account, a WhatsApp code waiting",
    role: "member",
    path: async ({ request, me }) => {
      const res = await apiAs(request, me!).patch("/me/notification-preferences", { phone: `+62813${String(Date.now()).slice(-7)}` });
      expect(res.status(), await res.text()).toBe(200);
      return "/account";
    },
  },
  {
    name: "member: account, an email change waiting",
    role: "member",
    path: async ({ request, me }) => {
      const res = await request.put("/api/v1/me/email", {
        data: { email: `e2e-ponsel-${randomUUID().slice(0, 8)}@e2e.jejaring.id`, password: me!.password },
        headers: { authorization: `Bearer ${me!.token}` },
      });
      expect(res.status(), await res.text()).toBe(202);
      return "/account";
    },
  },
  { name: "member: plans & billing", role: "member", path: () => "/billing" },
  { name: "member: plans", role: "member", path: () => "/plans" },
  { name: "member: wallet", role: "member", path: () => "/wallet" },
  { name: "member: business & hours", role: "member", path: () => "/ledger" },
  { name: "member: invoices", role: "member", path: () => "/invoices" },

  { name: "operator: console", role: "operator", path: () => "/operator" },
  { name: "operator: a space's settings", role: "operator", path: ({ spaceId }) => `/operator/spaces/${spaceId}` },
  { name: "operator: resources", role: "operator", path: ({ spaceId }) => `/operator/spaces/${spaceId}/resources` },
  { name: "operator: plan", role: "operator", path: ({ spaceId }) => `/operator/spaces/${spaceId}/plan` },
  { name: "operator: closures", role: "operator", path: ({ spaceId }) => `/operator/spaces/${spaceId}/closures` },
  { name: "operator: events", role: "operator", path: ({ spaceId }) => `/operator/spaces/${spaceId}/events` },
  { name: "operator: now", role: "operator", path: ({ spaceId }) => `/operator/spaces/${spaceId}/now` },
  { name: "operator: analytics", role: "operator", path: ({ spaceId }) => `/operator/spaces/${spaceId}/analytics` },
  { name: "operator: qr", role: "operator", path: ({ spaceId }) => `/operator/spaces/${spaceId}/qr` },
  { name: "operator: billing settings", role: "operator", path: ({ spaceId }) => `/operator/spaces/${spaceId}/billing` },
  { name: "operator: plans", role: "operator", path: ({ spaceId }) => `/operator/spaces/${spaceId}/plans` },
  { name: "operator: invoices", role: "operator", path: ({ spaceId }) => `/operator/spaces/${spaceId}/invoices` },
  { name: "operator: wallets", role: "operator", path: ({ spaceId }) => `/operator/spaces/${spaceId}/wallets` },
  { name: "operator: revenue", role: "operator", path: ({ spaceId }) => `/operator/spaces/${spaceId}/revenue` },
  {
    name: "operator: invitations",
    role: "operator",
    path: async ({ request, me, spaceId }) => {
      // One sent, so the list (one card per row on a phone) is measured too.
      const sent = await apiAs(request, me!).post("/invitations", { email: `ponsel-${randomUUID().slice(0, 8)}@e2e.jejaring.id`, spaceId });
      expect(sent.status(), await sent.text()).toBe(201);
      return `/operator/spaces/${spaceId}/invitations`;
    },
  },

  { name: "admin: console", role: "admin", path: () => "/admin" },
  { name: "admin: members", role: "admin", path: () => "/admin/members" },
  { name: "admin: outbox", role: "admin", path: () => "/admin/outbox" },
  { name: "admin: sent mail", role: "admin", path: () => "/admin/sent-mail" },
  { name: "admin: webhooks", role: "admin", path: () => "/admin/webhooks" },
];

/** One demo space (the first the API lists), read once per worker through a fresh member's token. */
let demoSpaceId: string | null = null;
async function demoSpace(request: Ctx["request"], me: Account): Promise<string> {
  if (!demoSpaceId) {
    const { items } = (await (await apiAs(request, me).get("/spaces")).json()) as { items: Array<{ id: string; name: string }> };
    expect(items.length, "the demo network has spaces").toBeGreaterThan(0);
    demoSpaceId = items[0]!.id;
  }
  return demoSpaceId;
}

async function measure(page: Page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const header = document.querySelector("header.site-header");
    const menu = document.querySelector<HTMLElement>("[data-testid=menu-toggle]");
    // What sticks out, to name in the failure message.
    const wide = Array.from(document.querySelectorAll<HTMLElement>("main *"))
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : ""}`);
    return {
      scrollWidth: doc.scrollWidth,
      headerHeight: header ? header.getBoundingClientRect().height : 0,
      menuShown: !!menu && menu.offsetParent !== null,
      wide,
    };
  });
}

for (const c of PAGES) {
  test(c.name, async ({ page, people, request }) => {
    const me = c.role === "visitor" ? null : await people.create({ role: c.role, name: "Ponsel" });
    if (me) await logIn(page, me);
    const spaceId = me ? await demoSpace(request, me) : "";
    // Operators see only the spaces they run.
    if (me?.role === "operator") await people.assign(me, spaceId);
    const path = await c.path({ page, me, people, request, spaceId });
    const response = await open(page, path);
    expect(response?.status(), `${path} answers`).toBeLessThan(400);

    const m = await measure(page);
    expect(m.scrollWidth, `${path}: the document is ${m.scrollWidth} px wide at ${WIDTH} px (sticking out: ${m.wide.join(", ") || "?"})`).toBeLessThanOrEqual(WIDTH);
    expect(m.headerHeight, `${path}: the header is one row`).toBeLessThanOrEqual(64);
    if (me) expect(m.menuShown, `${path}: the menu button is shown`).toBe(true);
  });
}
