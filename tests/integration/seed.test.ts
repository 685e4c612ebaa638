import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type Connection } from "../../db/connect.js";
import { migrateToLatest } from "../../db/migrate.js";
import { DEMO_PASSWORD, isEmpty, seedDemo } from "../../db/seed.js";
import { verifyPassword } from "../../server/domain/identity/index.js";
import { runNode } from "../support/processes.js";

// A well-formed but fake hash: real hashing is slow and irrelevant here.
const FAKE_HASH = "scrypt$N=2,r=1,p=1$x$y";

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

describe("seedDemo", () => {
  let conn: Connection;
  let logins: Awaited<ReturnType<typeof seedDemo>>["logins"];
  let emptyBefore: boolean;

  beforeAll(async () => {
    conn = await connect({ dataDir: "memory://" });
    await migrateToLatest(conn.db);
    emptyBefore = await isEmpty(conn.db);
    ({ logins } = await seedDemo(conn.db, { passwordHash: FAKE_HASH }));
  }, 60_000);

  afterAll(async () => {
    await conn?.close();
  });

  it("flips isEmpty from true to false", async () => {
    expect(emptyBefore).toBe(true);
    expect(await isEmpty(conn.db)).toBe(false);
  });

  it("prices the demo: billing settings with PPN 0.11 and a bank account, desks by the hour capped per day, rooms in rupiah and credits", async () => {
    const billing = await conn.db
      .selectFrom("billing_settings")
      .innerJoin("spaces", "spaces.id", "billing_settings.space_id")
      .select(["spaces.name", "code", "tax_rate", "prices_include_tax", "bank_account"])
      .orderBy("spaces.name")
      .execute();
    expect(billing.map((b) => [b.code, Number(b.tax_rate), b.prices_include_tax])).toEqual([["JKT", 0.11, false], ["MKS", 0.11, false]]);
    expect(billing.every((b) => b.bank_account.startsWith("BCA 123-456-7890 a.n. "))).toBe(true);
    const resources = await conn.db.selectFrom("resources").select(["kind", "rate_per_hour", "rate_per_day", "credits_per_hour"]).execute();
    const rate = (r: (typeof resources)[number]) => [Number(r.rate_per_hour), r.rate_per_day === null ? null : Number(r.rate_per_day), r.credits_per_hour];
    expect(new Set(resources.filter((r) => r.kind === "desk").map((r) => JSON.stringify(rate(r))))).toEqual(new Set([JSON.stringify([15_000, 75_000, null])]));
    expect(new Set(resources.filter((r) => r.kind === "room").map((r) => JSON.stringify(rate(r))))).toEqual(new Set([JSON.stringify([100_000, null, 1])]));
  });

  it("creates the two spaces in their own time zones, with opening hours", async () => {
    const spaces = await conn.db
      .selectFrom("spaces")
      .select(["id", "name", "timezone", "capacity"])
      .orderBy("name")
      .execute();
    expect(spaces.map((s) => [s.name, s.timezone])).toEqual([
      ["Jejaring Jakarta — Kemang", "Asia/Jakarta"],
      ["Jejaring Makassar — Losari", "Asia/Makassar"],
    ]);
    expect(spaces[0]?.capacity).toBe(40);

    const hours = await conn.db.selectFrom("opening_hours").selectAll().orderBy("weekday").execute();
    const jakarta = hours.filter((h) => h.space_id === spaces[0]?.id);
    expect(jakarta.map((h) => h.weekday)).toEqual([1, 2, 3, 4, 5, 6]); // closed on Sunday
    expect(jakarta.at(0)).toMatchObject({ opens: "08:00:00", closes: "20:00:00" });
    expect(jakarta.at(-1)).toMatchObject({ opens: "09:00:00", closes: "17:00:00" });
    expect(hours.filter((h) => h.space_id === spaces[1]?.id)).toHaveLength(6);
  });

  it("lays out every space's resources at distinct, well-spaced positions on the canvas", async () => {
    const resources = await conn.db.selectFrom("resources").select(["space_id", "name", "kind", "x", "y"]).execute();
    const bySpace = groupBy(resources, (r) => r.space_id);
    expect(bySpace.size).toBe(2);
    for (const list of bySpace.values()) {
      expect(new Set(list.map((r) => r.kind))).toEqual(new Set(["desk", "room", "booth"]));
      for (const r of list) {
        expect(r.x).toBeGreaterThanOrEqual(0);
        expect(r.x).toBeLessThanOrEqual(1000);
        expect(r.y).toBeGreaterThanOrEqual(0);
        expect(r.y).toBeLessThanOrEqual(600);
      }
      expect(new Set(list.map((r) => `${r.x},${r.y}`)).size).toBe(list.length);
      for (const a of list) {
        for (const b of list) {
          if (a !== b)
            expect(Math.hypot(a.x! - b.x!, a.y! - b.y!), `${a.name} vs ${b.name}`).toBeGreaterThanOrEqual(60);
        }
      }
    }
  });

  it("creates one admin, two operators and a plain member@ login", async () => {
    const members = await conn.db.selectFrom("members").select(["email", "role", "password_hash"]).execute();
    expect(members.length).toBeGreaterThanOrEqual(28);
    expect(members.filter((m) => m.role === "admin").map((m) => m.email)).toEqual(["admin@demo.jejaring.id"]);
    expect(members.filter((m) => m.role === "operator")).toHaveLength(2);
    expect(members.every((m) => m.password_hash === FAKE_HASH && m.email === m.email.toLowerCase())).toBe(true);

    expect(logins.map((l) => l.role)).toEqual(["admin", "operator", "operator", "member", "member", "member"]);
    expect(logins[3]?.email).toBe("member@demo.jejaring.id");
  });

  it("assigns each demo operator to the space they run (Kemang, Losari), and no one else", async () => {
    const rows = await conn.db
      .selectFrom("space_operators")
      .innerJoin("members", "members.id", "space_operators.member_id")
      .innerJoin("spaces", "spaces.id", "space_operators.space_id")
      .select(["members.email", "spaces.name"])
      .orderBy("members.email")
      .execute();
    expect(rows).toEqual([
      { email: "operator.mks@demo.jejaring.id", name: "Jejaring Makassar — Losari" },
      { email: "operator@demo.jejaring.id", name: "Jejaring Jakarta — Kemang" },
    ]);
  });

  describe("profiles", () => {
    const profiles = async () =>
      conn.db
        .selectFrom("members")
        .leftJoin("profiles", "profiles.member_id", "members.id")
        .select(["members.email", "profiles.member_id", "profiles.offers", "profiles.needs", "profiles.show_presence"])
        .execute();

    it("gives every member a profile, two of them hiding presence", async () => {
      const rows = await profiles();
      expect(rows.every((p) => p.member_id !== null)).toBe(true);
      expect(rows.filter((p) => p.show_presence === false)).toHaveLength(2);
    });

    it("makes needs and offers complement one another, with planted gaps", async () => {
      const rows = (await profiles()).map((p) => ({ email: p.email, offers: p.offers ?? [], needs: p.needs ?? [] }));
      const offeredByOthers = (email: string, tag: string) =>
        rows.some((o) => o.email !== email && o.offers.includes(tag));

      const served = rows.filter((m) => m.needs.every((tag) => offeredByOthers(m.email, tag)));
      expect(served.length / rows.length).toBeGreaterThanOrEqual(0.8);

      const pairs = rows.flatMap((a) =>
        rows.filter(
          (b) =>
            b.email !== a.email &&
            a.offers.some((t) => b.needs.includes(t)) &&
            b.offers.some((t) => a.needs.includes(t)),
        ),
      );
      expect(pairs.length).toBeGreaterThan(0);

      const allOffers = new Set(rows.flatMap((m) => m.offers));
      const allNeeds = new Set(rows.flatMap((m) => m.needs));
      expect([...allNeeds].filter((t) => !allOffers.has(t))).toContain("halal certification");
      expect([...allOffers].filter((t) => !allNeeds.has(t))).toContain("drone footage");
    });
  });

  it("creates projects with one owner and 2–4 other members each", async () => {
    const rows = await conn.db
      .selectFrom("projects")
      .innerJoin("project_members", "project_members.project_id", "projects.id")
      .select(["projects.id", "projects.created_by", "project_members.member_id", "project_members.role"])
      .execute();
    const byProject = groupBy(rows, (r) => r.id);
    expect(byProject.size).toBeGreaterThanOrEqual(3);
    for (const list of byProject.values()) {
      const owners = list.filter((r) => r.role === "owner");
      expect(owners.map((r) => r.member_id)).toEqual([list[0]?.created_by]);
      expect(list.length - 1).toBeGreaterThanOrEqual(2);
      expect(list.length - 1).toBeLessThanOrEqual(4);
    }
  });

  it("gives project rooms a history whose seqs run 1..last_seq without gaps, as live writes would", async () => {
    const projects = await conn.db.selectFrom("projects").select(["id", "last_seq"]).execute();
    const withHistory = projects.filter((p) => Number(p.last_seq) > 0);
    expect(withHistory.length).toBeGreaterThanOrEqual(2);
    for (const p of withHistory) {
      const messages = await conn.db.selectFrom("messages").select("seq").where("project_id", "=", p.id).execute();
      const tasks = await conn.db.selectFrom("tasks").select("seq").where("project_id", "=", p.id).execute();
      const seqs = [...messages, ...tasks].map((r) => Number(r.seq)).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: Number(p.last_seq) }, (_, i) => i + 1));
    }
  });

  it("records what the network produced: referrals at every step (won ones with a value), hours confirmed and waiting, balances summing to zero", async () => {
    const referrals = await conn.db.selectFrom("referrals").select(["id", "status", "closed_value"]).execute();
    expect(new Set(referrals.map((r) => r.status))).toEqual(new Set(["given", "contacted", "meeting", "won", "lost"]));
    for (const r of referrals) expect(r.closed_value !== null).toBe(r.status === "won");
    const steps = await conn.db.selectFrom("referral_steps").select(["referral_id", "status"]).execute();
    for (const r of referrals) expect(steps.filter((s) => s.referral_id === r.id).map((s) => s.status)).toContain(r.status);
    const records = await conn.db.selectFrom("hour_records").select(["id", "status"]).execute();
    const entries = await conn.db.selectFrom("hour_entries").select(["record_id", "creditor_id", "debtor_id", "minutes"]).execute();
    expect(entries.map((e) => e.record_id).sort()).toEqual(records.filter((r) => r.status === "confirmed").map((r) => r.id).sort());
    expect(records.some((r) => r.status === "pending")).toBe(true);
    const balance = new Map<string, number>();
    for (const e of entries) {
      balance.set(e.creditor_id, (balance.get(e.creditor_id) ?? 0) + e.minutes);
      balance.set(e.debtor_id, (balance.get(e.debtor_id) ?? 0) - e.minutes);
    }
    expect([...balance.values()].reduce((a, b) => a + b, 0)).toBe(0);
    for (const b of balance.values()) expect(b).toBeGreaterThanOrEqual(-20 * 60);
  });
});

describe("npm run db:migrate and db:seed (server/cli.ts migrate | seed)", () => {
  // A child process on a PGlite data directory of its own (one process per directory), on both test databases.
  const dir = mkdtempSync(path.join(tmpdir(), "jj-seed-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, NODE_ENV: "test", DATA_DIR: dir, LOG_LEVEL: "silent" };
  const cli = (command: string) => runNode(["server/cli.ts", command], env);

  it("migrates, seeds only an empty database with DEMO_PASSWORD, and prints the logins", async () => {
    const migrate = await cli("migrate");
    expect(migrate, migrate.stderr).toMatchObject({ code: 0, stderr: "" });
    expect(migrate.stdout).toMatch(/^Applied: 2026-11-29T0300_foundation, /);
    expect((await cli("migrate")).stdout).toBe("Already up to date.\n");

    const seeded = await cli("seed");
    expect(seeded, seeded.stderr).toMatchObject({ code: 0, stderr: "" });
    expect(seeded.stdout).toMatch(`Log in with password "${DEMO_PASSWORD}" as:`);
    expect(seeded.stdout).toMatch(/^ {2}admin +admin@demo\.jejaring\.id +Rina Admin$/m);
    expect(seeded.stdout).toMatch(/^ {2}member +member@demo\.jejaring\.id +Sari Lestari$/m);

    const again = await cli("seed");
    expect(again).toMatchObject({ code: 0, stdout: "The database already has members; nothing was seeded.\n" });

    const conn = await connect({ dataDir: dir });
    try {
      const members = await conn.db.selectFrom("members").select(["email", "password_hash"]).execute();
      expect(members.length).toBeGreaterThanOrEqual(28);
      expect(new Set(members.map((m) => m.password_hash)).size).toBe(1);
      expect(await verifyPassword(DEMO_PASSWORD, members[0]!.password_hash)).toBe(true);
      // The money demo (issue 14): every space sells its plans in IDR; members have wallets, paid and outstanding invoices.
      const plans = await conn.db.selectFrom("plans").select(["space_id", "name", "price", "cycle"]).execute();
      const spaces = await conn.db.selectFrom("spaces").select("id").execute();
      for (const space of spaces) {
        expect(plans.filter((p) => p.space_id === space.id).map((p) => [p.name, Number(p.price), p.cycle]).sort()).toEqual([
          ["Day pass", 75_000, "once"],
          ["Hot desk bulanan", 1_250_000, "month"],
          ["Paket ruang rapat 10 jam", 900_000, "once"],
          ["Virtual office", 4_500_000, "year"],
        ]);
      }
      const invoices = await conn.db.selectFrom("invoices").select(["status", "number"]).execute();
      expect(invoices.filter((i) => i.status === "paid").length).toBeGreaterThanOrEqual(2);
      expect(invoices.filter((i) => i.status === "issued").length).toBeGreaterThanOrEqual(2);
      expect(invoices.every((i) => /^INV\/[A-Z]{2,10}\/\d{4}\/\d{4}$/.test(i.number))).toBe(true);
      const lots = await conn.db.selectFrom("wallet_entries").select(["member_id", "kind"]).execute();
      expect(lots.some((l) => l.kind === "grant")).toBe(true);
      expect(lots.some((l) => l.kind === "purchase")).toBe(true);
      expect(await conn.db.selectFrom("subscriptions").select("id").where("status", "=", "active").execute()).not.toHaveLength(0);
    } finally {
      await conn.close();
    }
  }, 120_000);
});
