import { randomBytes, randomUUID } from "node:crypto";
import { type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { apiAs, expect, expectNoSeriousViolations, hydrated, open, test, type Account } from "./support";

// Issue 15, invitations: the admin's, an operator's and a project owner's invite forms, the kept mail's link, and
// sign-up by that link in a fresh browser (the e2e server has no SMTP_URL: mail is kept for the sent-mail page).
test.describe.configure({ timeout: 120_000 });
test.use({ locale: "en-US" });

const someone = () => `invited-${randomUUID().slice(0, 8)}@e2e.jejaring.id`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A form's outcome line (not the header's live-updates status). */
const notice = (page: Page) => page.locator(".notice[role=status]");

/** The kept invitation mail to an address, once the outbox worker has handled it (through the admin API). */
async function keptMail(request: APIRequestContext, adminToken: string, address: string): Promise<string> {
  const find = async () => {
    const res = await request.get("/api/v1/admin/outbox?channel=email&limit=100", { headers: bearer(adminToken) });
    expect(res.status(), await res.text()).toBe(200);
    const { items } = (await res.json()) as { items: Array<{ id: string; address: string; kind: string; status: string }> };
    return items.find((i) => i.address === address && i.kind === "invitation") ?? null;
  };
  await expect.poll(async () => (await find())?.status, { timeout: 30_000 }).toBe("kept");
  return (await find())!.id;
}

/** The sign-up link in a kept mail's text, as a path on this server. */
async function linkIn(request: APIRequestContext, adminToken: string, mailId: string): Promise<string> {
  const res = await request.get(`/api/v1/admin/outbox/${mailId}`, { headers: bearer(adminToken) });
  expect(res.status(), await res.text()).toBe(200);
  const { rendered } = (await res.json()) as { rendered: { text: string } | null };
  return pathOfLink(rendered?.text ?? "");
}

function pathOfLink(text: string): string {
  const url = /https?:\/\/\S+\/signup\?invitation=[\w-]+/.exec(text)?.[0];
  expect(url, `a sign-up link in: ${text}`).toBeTruthy();
  const u = new URL(url!);
  return u.pathname + u.search;
}

/** A fresh browser (no cookies) as someone new, from an address of their own (sign-ups are metered per address). */
async function stranger(browser: Browser, locale = "en-US", viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ locale, viewport, extraHTTPHeaders: { "x-forwarded-for": `198.51.100.${1 + (randomBytes(1)[0]! % 254)}` } });
  return context.newPage();
}

async function signUpWith(page: Page, link: string, name: string) {
  await page.goto(link);
  await hydrated(page);
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Password").fill(`pw-${randomUUID()}`);
  await page.getByRole("button", { name: "Accept and create my account" }).click();
}

/** Accounts made by an invitation are suspended after the test, like the fixtures' own. */
async function retire(request: APIRequestContext, adminToken: string, email: string) {
  const res = await request.get(`/api/v1/admin/members?q=${encodeURIComponent(email)}`, { headers: bearer(adminToken) });
  const { items = [] } = res.ok() ? ((await res.json()) as { items?: Array<{ id: string; email: string }> }) : {};
  for (const m of items.filter((i) => i.email === email)) {
    await request.post(`/api/v1/members/${m.id}/suspend`, { data: { suspended: true }, headers: bearer(adminToken) });
  }
}

async function demoSpace(request: APIRequestContext, me: Account) {
  const { items } = (await (await apiAs(request, me).get("/spaces")).json()) as { items: Array<{ id: string; name: string }> };
  expect(items.length).toBeGreaterThan(0);
  return items[0]!;
}

test("an admin invites an operator for a space; the kept mail holds the link; a fresh browser signs up and runs that space; the link a second time says it no longer works", async ({ admin, page, request, browser, adminToken }) => {
  const space = await demoSpace(request, admin);
  const email = someone();
  await open(page, "/admin/members");
  const form = page.getByRole("form", { name: "Invite someone" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption("operator");
  await form.getByLabel("Space").selectOption(space.id);
  await form.getByRole("button", { name: "Send the invitation" }).click();
  await expect(notice(page)).toHaveText(`The invitation is on its way to ${email}.`);
  const row = page.getByTestId(`invitation-${email}`);
  await expect(row).toContainText("Operator");
  await expect(row).toContainText(`Space ${space.name}`);
  await expect(row.getByTestId("invitation-status")).toHaveText("Waiting");
  await expectNoSeriousViolations(page, "/admin/members with invitations");

  // The admin reads the mail on the sent-mail page.
  const mailId = await keptMail(request, admin.token, email);
  await open(page, "/admin/sent-mail");
  await page.getByTestId(`mail-${mailId}`).getByRole("link").click();
  const link = pathOfLink((await page.getByTestId("mail-text").textContent()) ?? "");

  const invited = await stranger(browser);
  try {
    await invited.goto(link);
    await expect(invited.getByRole("heading", { level: 1, name: "You are invited to Jejaring" })).toBeVisible();
    await expect(invited.getByTestId("invitation")).toContainText(`${admin.name} invites you to join as Operator.`);
    await expect(invited.getByTestId("invitation")).toContainText(`Space: ${space.name}`);
    const address = invited.getByLabel("Email");
    await expect(address).toHaveValue(email);
    await expect(address).toHaveAttribute("readonly", "");
    await expectNoSeriousViolations(invited, "/signup?invitation=");
    await signUpWith(invited, link, "Operator Undangan");
    await expect(invited).toHaveURL(new RegExp(`/operator/spaces/${space.id}$`));
    await expect(invited.getByRole("heading", { level: 1, name: space.name })).toBeVisible();
  } finally {
    await invited.context().close();
  }

  await open(page, "/admin/members");
  await expect(page.getByTestId(`invitation-${email}`).getByTestId("invitation-status")).toHaveText("Accepted");
  await expect(page.getByTestId(`invitation-${email}`).getByRole("button", { name: /Withdraw/ })).toHaveCount(0);

  const again = await stranger(browser);
  try {
    const response = await again.goto(link);
    expect(response?.status()).toBe(422);
    await expect(again.getByRole("heading", { level: 1, name: "This invitation no longer works" })).toBeVisible();
    await expect(again.getByRole("link", { name: "Log in" }).last()).toBeVisible();
    await expect(again.getByLabel("Password")).toHaveCount(0);
  } finally {
    await again.context().close();
    await retire(request, adminToken, email);
  }
});

test("an operator invites a member to a space they run; withdrawing it makes the link say it no longer works (en and id, phone width, axe)", async ({ operator, people, page, request, browser, adminToken }) => {
  const space = await demoSpace(request, operator);
  await people.assign(operator, space.id);
  const email = someone();
  await open(page, `/operator/spaces/${space.id}`);
  await page.getByRole("navigation", { name: `Manage ${space.name}` }).getByRole("link", { name: "Invitations" }).click();
  await expect(page).toHaveURL(new RegExp(`/operator/spaces/${space.id}/invitations$`));
  await hydrated(page);
  const form = page.getByRole("form", { name: "Invite someone" });
  // Neither an email nor a number: said beside the field, nothing is sent.
  await form.getByRole("button", { name: "Send the invitation" }).click();
  await expect(form.getByText("Give an email address or a WhatsApp number.")).toBeVisible();
  await form.getByLabel("Email").fill(email);
  await expect(form.getByLabel("Role").locator("option")).toHaveText(["Member", "Operator"]);
  await form.getByRole("button", { name: "Send the invitation" }).click();
  await expect(notice(page)).toHaveText(`The invitation is on its way to ${email}.`);
  await expect(page.getByTestId(`invitation-${email}`)).toContainText("Member");
  await expectNoSeriousViolations(page, "/operator/spaces/:id/invitations");

  const link = await linkIn(request, adminToken, await keptMail(request, adminToken, email));
  // Still good before it is withdrawn.
  const before = await stranger(browser);
  try {
    expect((await before.goto(link))?.status()).toBe(200);
    await expect(before.getByTestId("invitation")).toContainText(`${operator.name} invites you to join as Member.`);
  } finally {
    await before.context().close();
  }

  await page.getByTestId(`invitation-${email}`).getByRole("button", { name: `Withdraw ${email}` }).click();
  await expect(notice(page)).toHaveText("The invitation is withdrawn: its link no longer works.");
  await expect(page.getByTestId(`invitation-${email}`).getByTestId("invitation-status")).toHaveText("Withdrawn");

  for (const [locale, title] of [
    ["en-US", "This invitation no longer works"],
    ["id-ID", "Undangan ini tidak berlaku lagi"],
  ] as const) {
    const visitor = await stranger(browser, locale, { width: 390, height: 844 });
    try {
      expect((await visitor.goto(link))?.status()).toBe(422);
      await expect(visitor.getByRole("heading", { level: 1, name: title })).toBeVisible();
      const { scroll, client } = await visitor.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(scroll, `the invalid invitation page (${locale}) scrolls sideways`).toBeLessThanOrEqual(client);
      await expectNoSeriousViolations(visitor, `invalid invitation (${locale})`);
    } finally {
      await visitor.context().close();
    }
  }
});

test("a project owner invites someone by email; after sign-up they are in the project", async ({ member, page, request, browser, adminToken }) => {
  const name = `Proyek undangan ${randomUUID().slice(0, 8)}`;
  const res = await apiAs(request, member).post("/projects", { name });
  expect(res.status(), await res.text()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const email = someone();
  await open(page, `/projects/${id}`);
  const form = page.getByRole("form", { name: "Invite by email" });
  await form.getByLabel("Email").fill(email);
  await form.getByRole("button", { name: "Send the invitation" }).click();
  await expect(notice(page)).toHaveText(`The invitation is on its way to ${email}.`);
  await expect(page.getByTestId(`invitation-${email}`).getByTestId("invitation-status")).toHaveText("Waiting");
  await expectNoSeriousViolations(page, "/projects/:id with an invitation");

  const link = await linkIn(request, adminToken, await keptMail(request, adminToken, email));
  const invited = await stranger(browser);
  try {
    await invited.goto(link);
    await expect(invited.getByTestId("invitation")).toContainText(`Project: ${name}`);
    await signUpWith(invited, link, "Rekan Undangan");
    await expect(invited).toHaveURL(new RegExp(`/projects/${id}$`));
    await expect(invited.getByRole("heading", { level: 1, name })).toBeVisible();
  } finally {
    await invited.context().close();
    await retire(request, adminToken, email);
  }
  await open(page, `/projects/${id}`);
  await expect(page.getByTestId(`invitation-${email}`).getByTestId("invitation-status")).toHaveText("Accepted");
  await expect(page.getByRole("link", { name: "Rekan Undangan" })).toBeVisible();
});

test("someone logged in who opens an invitation link sees it and is asked to log out first; logging out comes back to it", async ({ member, people, page, request, adminToken }) => {
  const inviter = await people.create({ role: "admin", name: "Pengundang" });
  const email = someone();
  expect((await apiAs(request, inviter).post("/invitations", { email })).status()).toBe(201);
  const link = await linkIn(request, adminToken, await keptMail(request, adminToken, email));
  await open(page, link);
  await expect(page.getByText(`You are logged in as ${member.name}.`)).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveCount(0);
  // A sign-up posted anyway (an old tab, a script) makes no account and keeps the session: it goes home.
  const origin = new URL(page.url()).origin;
  const token = new URL(link, origin).searchParams.get("invitation")!;
  const posted = await page.request.post("/signup", {
    form: { name: "Second Account", email, password: "correct horse battery staple", invitation: token },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect([posted.status(), new URL(posted.headers()["location"] ?? "", origin).pathname]).toEqual([302, "/"]);
  const invitations = (await (await apiAs(request, inviter).get("/invitations")).json()) as { items: Array<{ email: string | null; status: string }> };
  expect(invitations.items.find((i) => i.email === email)?.status).toBe("pending");
  await page.getByRole("button", { name: "Log out to accept" }).click();
  await expect(page).toHaveURL(new RegExp(`/signup\\?invitation=`));
  await expect(page.getByLabel("Email")).toHaveValue(email);
});
