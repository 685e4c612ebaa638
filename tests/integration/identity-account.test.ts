import { describe, expect, it } from "vitest";
import { fixedClock } from "../../server/domain/clock.js";
import { expectProblem, json, useTestApp, type TestApp } from "../support/app.js";
import { createMember, createSpace, type TestMember } from "../support/factories.js";
import { roomApi } from "../support/rooms.js";
import { connectMember } from "../support/sockets.js";

// Issue 13: the member's own account — change password, language preference, delete account — and the installable
// web app. With the UI: the pages are posted as a browser posts them (urlencoded, same Origin, no JavaScript).
const NOW = "2027-03-01T00:00:00Z";
const clock = fixedClock(NOW);
const app: TestApp = useTestApp({ remix: true, clock, now: NOW });

/** A browser session of `m` (its cookie header). */
async function browser(m: TestMember): Promise<string> {
  return `jj_session=${await app.services.identity.startSession(m.id, "web")}`;
}

function post(path: string, cookie: string, fields: Record<string, string>) {
  return fetch(`${app.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: app.url, connection: "close", cookie },
    body: new URLSearchParams(fields),
  });
}

const page = (path: string, cookie = "") => fetch(`${app.url}${path}`, { redirect: "manual", headers: { cookie, connection: "close" } });

async function login(email: string, password: string, cookie = "") {
  return post("/login", cookie, { email, password, redirectTo: "/account" });
}

// Real scrypt at OWASP cost on every password check: seconds each on a busy 2-core machine.
const SLOW = { timeout: 300_000 };

const sessionCookieOf = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith("jj_session="))?.split(";")[0];

describe("change password", SLOW, () => {
  it("needs the current password: a wrong one changes nothing and says so beside its field, in the reader's language", async () => {
    const m = await createMember(app.db.db, app.services);
    const cookie = await browser(m);
    const res = await post("/account", `${cookie}; jj_lang=en`, { intent: "password", currentPassword: "not my password", newPassword: "a brand new password" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("That is not your current password.");
    const id = await post("/account", `${cookie}; jj_lang=id`, { intent: "password", currentPassword: "not my password", newPassword: "a brand new password" });
    expect(await id.text()).toContain("Itu bukan kata sandi Anda saat ini.");
    expect((await app.api("/api/v1/auth/tokens", { body: { email: m.email, password: m.password } })).status).toBe(201);
    expect((await app.api("/api/v1/auth/tokens", { body: { email: m.email, password: "a brand new password" } })).status).toBe(401);
  });

  it("refuses a new password under 10 characters with the rule's words", async () => {
    const m = await createMember(app.db.db, app.services);
    const res = await post("/account", `${await browser(m)}; jj_lang=en`, { intent: "password", currentPassword: m.password, newPassword: "short" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Use 10 to 200 characters.");
  });

  it("changes it: the old one stops working, other browser sessions end, this session and API tokens stay", async () => {
    const m = await createMember(app.db.db, app.services);
    const here = await browser(m);
    const elsewhere = await browser(m);
    const res = await post("/account", `${here}; jj_lang=en`, { intent: "password", currentPassword: m.password, newPassword: "a brand new password" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Password changed. 1 other session was logged out.");

    expect((await page("/account", here)).status).toBe(200);
    const ended = await page("/account", elsewhere);
    expect(ended.status).toBe(302);
    expect(ended.headers.get("location")).toMatch(/^\/login/);
    expect((await app.api("/api/v1/me", { token: m.token })).status).toBe(200);

    expect((await app.api("/api/v1/auth/tokens", { body: { email: m.email, password: m.password } })).status).toBe(401);
    expect((await app.api("/api/v1/auth/tokens", { body: { email: m.email, password: "a brand new password" } })).status).toBe(201);
  });

  it("through the API too: PUT /api/v1/me/password", async () => {
    const m = await createMember(app.db.db, app.services);
    await expectProblem(await app.api("/api/v1/me/password", { method: "PUT", token: m.token, body: { currentPassword: "wrong one", newPassword: "a brand new password" } }), 400, "validation_failed");
    await expectProblem(await app.api("/api/v1/me/password", { method: "PUT", token: m.token, body: { currentPassword: m.password, newPassword: "x", extra: 1 } }), 400, "validation_failed");
    expect(
      await json(await app.api("/api/v1/me/password", { method: "PUT", token: m.token, body: { currentPassword: m.password, newPassword: "a brand new password" } }), 200),
    ).toEqual({ endedSessions: 0 });
    expect((await app.api("/api/v1/me", { token: m.token })).status).toBe(200);
  });
});

describe("language preference", SLOW, () => {
  it("is stored on the member and used after log-in on any device, over that device's cookie", async () => {
    const m = await createMember(app.db.db, app.services);
    const phone = await browser(m);
    const saved = await post("/account", `${phone}; jj_lang=id`, { intent: "locale", locale: "en" });
    expect(saved.status).toBe(302);
    expect(saved.headers.getSetCookie().some((c) => c.startsWith("jj_lang=en"))).toBe(true);
    expect((await app.db.db.selectFrom("members").select("locale").where("id", "=", m.id).executeTakeFirstOrThrow()).locale).toBe("en");

    // A laptop whose cookie says Indonesian: logging in brings the member's English, and the cookie follows.
    const res = await login(m.email, m.password, "jj_lang=id");
    expect(res.status).toBe(302);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("jj_lang=en"))).toBe(true);
    const laptop = sessionCookieOf(res)!;
    const html = await (await page("/account", `${laptop}; jj_lang=id`)).text();
    expect(html).toContain('<html lang="en"');
    expect(html).toContain("Your account");
  });

  it("the header's switch updates it for a logged-in member; logged out, the cookie decides", async () => {
    const m = await createMember(app.db.db, app.services);
    const cookie = await browser(m);
    expect((await post("/lang", `${cookie}; jj_lang=en`, { locale: "id", redirectTo: "/account" })).status).toBe(302);
    expect((await app.db.db.selectFrom("members").select("locale").where("id", "=", m.id).executeTakeFirstOrThrow()).locale).toBe("id");
    expect(await (await page("/account", `${cookie}; jj_lang=en`)).text()).toContain("Akun Anda");
    expect(await (await page("/login", "jj_lang=en")).text()).toContain('<html lang="en"');
  });

  it("PUT /api/v1/me/locale stores it; anything but id or en is refused", async () => {
    const m = await createMember(app.db.db, app.services);
    expect((await app.api("/api/v1/me/locale", { method: "PUT", token: m.token, body: { locale: "en" } })).status).toBe(204);
    await expectProblem(await app.api("/api/v1/me/locale", { method: "PUT", token: m.token, body: { locale: "fr" } }), 400, "validation_failed");
    expect((await app.db.db.selectFrom("members").select("locale").where("id", "=", m.id).executeTakeFirstOrThrow()).locale).toBe("en");
  });
});

/** A member with a world around them: bookings (past and upcoming), a project room with a message, a connection. */
async function world() {
  const me = await createMember(app.db.db, app.services, { name: "Dewi Leaving" });
  const friend = await createMember(app.db.db, app.services, { name: "Budi Staying" });
  const admin = await createMember(app.db.db, app.services, { role: "admin", name: "Admin Tetap" });
  const space = await createSpace(app.services, { desks: 2 });
  const desk = space.resources[0]!.id;
  const upcoming = { resourceId: desk, start: "2027-03-02T09:00:00+07:00", end: "2027-03-02T11:00:00+07:00" };
  const earlier = { resourceId: desk, start: "2027-03-01T08:00:00+07:00", end: "2027-03-01T09:00:00+07:00" };
  const future = await json<{ id: string }>(await app.api("/api/v1/bookings", { token: me.token, body: upcoming }), 201);
  const past = await json<{ id: string }>(await app.api("/api/v1/bookings", { token: me.token, body: earlier }), 201);
  clock.set("2027-03-01T03:00:00Z"); // 10:00 in Jakarta: `earlier` is over, `upcoming` is tomorrow

  const rooms = roomApi(app);
  const shared = await rooms.projectWith(me, [friend]);
  const alone = await rooms.projectWith(me);
  await json(await rooms.send(me.token, shared.id, "Halo semua, ini pesan saya"), 201);

  const asked = await json<{ id: string }>(await app.api("/api/v1/connections", { token: me.token, body: { memberId: friend.id } }), 201);
  await json(await app.api(`/api/v1/connections/${asked.id}/accept`, { token: friend.token, body: {} }), 200);
  return { me, friend, admin, space, desk, upcoming, future, past, shared, alone };
}

const count = async (table: "bookings" | "profiles" | "connections" | "sessions" | "project_members", column: string, id: string) =>
  Number(
    (
      await app.db.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where(column as never, "=", id as never)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("delete account", SLOW, () => {
  it("the confirmation page states what happens, with the member's own counts, in both languages", async () => {
    const w = await world();
    const cookie = await browser(w.me);
    const en = await (await page("/account/delete", `${cookie}; jj_lang=en`)).text();
    expect(en).toContain("Your upcoming bookings are cancelled and their places freed (1 booking).");
    expect(en).toContain("shown as from a former member");
    expect(en).toContain("projects with no other member are deleted (1 project)");
    expect(en).toContain("You are logged out on every device and every API token ends.");
    const id = await (await page("/account/delete", `${cookie}; jj_lang=id`)).text();
    expect(id).toContain("Pemesanan Anda yang akan datang dibatalkan dan tempatnya dilepas (1 pemesanan).");
    expect(id).toContain("mantan anggota");
  });

  it("a wrong password deletes nothing and says so", async () => {
    const w = await world();
    const cookie = await browser(w.me);
    // The failed attempt itself is recorded (the log-in throttle's bucket); nothing else changes.
    const counts = async () => ({ ...(await app.db.rowCounts()), rate_limit_buckets: 0 });
    const before = await counts();
    const res = await post("/account/delete", `${cookie}; jj_lang=en`, { password: "not my password" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("That is not your password: nothing was deleted.");
    expect(await counts()).toEqual(before);
  });

  describe("with the right password, everything the page states, at once", SLOW, () => {
    async function deleted() {
      const w = await world();
      const cookie = await browser(w.me);
      const res = await post("/account/delete", `${cookie}; jj_lang=en`, { password: w.me.password });
      expect(res.status, await res.clone().text()).toBe(302);
      expect(res.headers.get("location")).toBe("/login?deleted=1");
      expect(res.headers.getSetCookie().some((c) => /^jj_session=;/.test(c))).toBe(true);
      return { ...w, cookie };
    }

    it("the account is gone: log-in fails like a stranger's, the email can sign up anew, the log-in page says goodbye", async () => {
      const w = await deleted();
      expect(await app.db.db.selectFrom("members").select("id").where("id", "=", w.me.id).executeTakeFirst()).toBeUndefined();
      expect((await app.api("/api/v1/auth/tokens", { body: { email: w.me.email, password: w.me.password } })).status).toBe(401);
      expect(await (await page("/login?deleted=1", "jj_lang=en")).text()).toContain("Your account has been deleted.");
      await json(await app.api("/api/v1/auth/signup", { body: { email: w.me.email, password: "a fresh start password", name: "Dewi Again" } }), 201);
    });

    it("upcoming bookings are cancelled and their places freed; the booking history goes too", async () => {
      const w = await deleted();
      expect(await count("bookings", "member_id", w.me.id)).toBe(0);
      await json(await app.api("/api/v1/bookings", { token: w.friend.token, body: w.upcoming }), 201);
    });

    it("messages stay, as a former member's, and the project room renders them", async () => {
      const w = await deleted();
      const { items } = await json<{ items: Array<{ author: { id: string } | null; body: string }> }>(
        await app.api(`/api/v1/projects/${w.shared.id}/messages`, { token: w.friend.token }),
        200,
      );
      expect(items.find((m) => m.body === "Halo semua, ini pesan saya")?.author).toBeNull();
      const room = await page(`/projects/${w.shared.id}`, `${await browser(w.friend)}; jj_lang=en`);
      expect(room.status).toBe(200);
      const html = await room.text();
      expect(html).toContain("Halo semua, ini pesan saya");
      expect(html).not.toContain("Dewi Leaving");
    });

    it("the profile and connections are removed: directory, profile page and connections render without them", async () => {
      const w = await deleted();
      expect(await count("profiles", "member_id", w.me.id)).toBe(0);
      expect(await count("connections", "requester_id", w.me.id)).toBe(0);
      expect(await count("connections", "addressee_id", w.me.id)).toBe(0);
      await expectProblem(await app.api(`/api/v1/members/${w.me.id}`, { token: w.friend.token }), 404, "not_found");
      const friendCookie = `${await browser(w.friend)}; jj_lang=en`;
      for (const path of ["/network/directory", "/network/connections", "/network"]) {
        const res = await page(path, friendCookie);
        expect(res.status, path).toBe(200);
        expect(await res.text(), path).not.toContain("Dewi Leaving");
      }
      // Notifications keep the facts they were written with (a name as it was then), and still render.
      expect((await page("/notifications", friendCookie)).status).toBe(200);
      expect((await page(`/members/${w.me.id}`, friendCookie)).status).toBe(404);
      const adminCookie = `${await browser(w.admin)}; jj_lang=en`;
      const admin = await page("/admin/members", adminCookie);
      expect(admin.status).toBe(200);
      expect(await admin.text()).not.toContain("Dewi Leaving");
      expect((await page("/admin", adminCookie)).status).toBe(200);
    });

    it("projects: the sole owner's project passes to the longest-standing member; one with no other member is deleted", async () => {
      const w = await deleted();
      const members = await app.db.db.selectFrom("project_members").select(["member_id", "role"]).where("project_id", "=", w.shared.id).execute();
      expect(members).toEqual([{ member_id: w.friend.id, role: "owner" }]);
      expect(await app.db.db.selectFrom("projects").select("id").where("id", "=", w.alone.id).executeTakeFirst()).toBeUndefined();
      expect((await page(`/projects/${w.shared.id}`, `${await browser(w.friend)}; jj_lang=en`)).status).toBe(200);
    });

    it("the member's open sockets are told why they close (account_deleted), so the app can say goodbye", async () => {
      const w = await world();
      const { inbox } = await connectMember(app.url, w.me.token, ["session:ended"]);
      const res = await post("/account/delete", `${await browser(w.me)}; jj_lang=en`, { password: w.me.password });
      expect(res.status).toBe(302);
      expect(await inbox.next("session:ended")).toEqual({ reason: "account_deleted" });
    });

    it("every session and API token ends", async () => {
      const w = await deleted();
      expect(await count("sessions", "member_id", w.me.id)).toBe(0);
      await expectProblem(await app.api("/api/v1/me", { token: w.me.token }), 401, "unauthenticated");
      const res = await page("/account", w.cookie);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toMatch(/^\/login/);
    });
  });

  it("the network's only admin cannot delete their account (and is told why); through the API: DELETE /api/v1/me", async () => {
    const admin = await createMember(app.db.db, app.services, { role: "admin" });
    const res = await post("/account/delete", `${await browser(admin)}; jj_lang=en`, { password: admin.password });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("You are the network");
    await expectProblem(await app.api("/api/v1/me", { method: "DELETE", token: admin.token, body: { password: admin.password } }), 422, "rule_violation");

    const m = await createMember(app.db.db, app.services);
    await expectProblem(await app.api("/api/v1/me", { method: "DELETE", token: m.token, body: { password: "wrong one" } }), 400, "validation_failed");
    expect(await json(await app.api("/api/v1/me", { method: "DELETE", token: m.token, body: { password: m.password } }), 200)).toEqual({
      cancelledBookings: 0,
      deletedProjects: 0,
    });
    await expectProblem(await app.api("/api/v1/me", { token: m.token }), 401, "unauthenticated");
  });
});

describe("an installable web app", SLOW, () => {
  it("serves the manifest as application/manifest+json under the CSP, with its icons, linked from every page", async () => {
    const res = await page("/manifest.webmanifest");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/manifest\+json/);
    const manifest = (await res.json()) as {
      name: string;
      short_name: string;
      start_url: string;
      display: string;
      theme_color: string;
      background_color: string;
      icons: Array<{ src: string; sizes: string; type: string; purpose: string }>;
    };
    expect(manifest).toMatchObject({ name: "Jejaring", short_name: "Jejaring", start_url: "/", display: "standalone" });
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    for (const [sizes, purpose] of [["192x192", "any"], ["512x512", "any"], ["192x192", "maskable"], ["512x512", "maskable"]] as const) {
      const icon = manifest.icons.find((i) => i.sizes === sizes && i.purpose === purpose);
      expect(icon, `${sizes} ${purpose}`).toBeDefined();
      const png = await page(icon!.src);
      expect(png.headers.get("content-type")).toBe("image/png");
      const bytes = Buffer.from(await png.arrayBuffer());
      expect(bytes.subarray(1, 4).toString()).toBe("PNG");
      // IHDR: width and height are the declared size.
      const side = Number(sizes.split("x")[0]);
      expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([side, side]);
    }
    const home = await page("/");
    const csp = home.headers.get("content-security-policy") ?? "";
    // No manifest-src: default-src 'self' governs it, and the manifest is same-origin.
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/manifest-src 'none'/);
    const html = await home.text();
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest"/>');
    expect(html).toMatch(/<meta name="theme-color" content="#0b5f54" media="\(prefers-color-scheme: light\)"\/>/);
  });
});
