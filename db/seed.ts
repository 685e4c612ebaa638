import { randomUUID } from "node:crypto";
import type { Insertable } from "kysely";
import type { DB } from "./connect.js";
import type { Database, ReferralStatus, ResourceKind, Role, TaskStatus } from "./schema.js";
import network from "./seed/demo-network.json" with { type: "json" };

/**
 * The loader of the demo network for a fresh install; the network itself is data in `seed/demo-network.json`:
 * two spaces with floor plans, ~30 UMKM members whose offers and needs complement one another, and a few
 * projects with their chat and board. Deliberate features of the data, relied on by demos and tests:
 *  - clear complementary pairs, e.g. Bayu ⇄ Fajar (product photography ⇄ web development)
 *    and Ani ⇄ Maya (pembukuan ⇄ copywriting);
 *  - gaps: "halal certification" (needed by the food makers) and "export licensing" are offered by nobody;
 *  - an offer nobody needs: "drone footage".
 * Members are named by handle in the data; a handle `x` logs in as `x@demo.jejaring.id`.
 */

export const DEMO_PASSWORD = "jejaring-demo";

export type Login = { email: string; name: string; role: Role };

/** The shape of `seed/demo-network.json`. */
type DemoNetwork = {
  spaces: Array<{
    name: string;
    timezone: string;
    address: string;
    capacity?: number;
    /** Handles of the operators who run it (admins run every space). */
    operators?: string[];
    /** The same opening hours on each of `weekdays` (1 = Monday … 7 = Sunday); a day without a row is closed. */
    hours: Array<{ weekdays: number[]; opens: string; closes: string }>;
    /** Blocks of desks named `Q-01`, `Q-02`, … in rows of four, 100 units apart, from (x, y). */
    desks: Array<{ zone: string; prefix: string; count: number; x: number; y: number }>;
    resources: Array<{ name: string; kind: ResourceKind; x: number; y: number; capacity?: number; amenities?: string[]; rate?: DemoRate }>;
    /** Its invoicing (PPN 0.11 on top of prices unless told otherwise) and every desk's price. */
    billing?: { code: string; legalName?: string; npwp?: string; bankAccount?: string; taxRate?: number; pricesIncludeTax?: boolean; invoiceNote?: string };
    deskRate?: DemoRate;
  }>;
  /** Staff first, then members; `member` leads the members so it is the obvious demo login. */
  members: Array<{
    handle: string;
    name: string;
    role?: Role;
    headline: string;
    bio: string;
    business: string;
    city: string;
    specialties: string[];
    offers: string[];
    needs: string[];
    links?: string[];
    showPresence?: boolean;
  }>;
  projects: Array<{
    name: string;
    description: string;
    owner: string;
    members: string[];
    /** The room's chat so far, oldest first. */
    chat?: Array<{ by: string; text: string; mentions?: string[] }>;
    tasks?: Array<{ title: string; status: TaskStatus; assignee?: string }>;
  }>;
  /** What the network produced (issue 16): business passed on, with its steps after `given`, and hours given. */
  ledger?: {
    referrals: Array<{ from: string; to: string; prospect: string; description: string; estimatedValue?: number; steps: ReferralStatus[]; closedValue?: number }>;
    hours: Array<{ from: string; to: string; hours: number; description: string; status: "pending" | "confirmed" }>;
  };
};

/** A price in rupiah an hour, optionally capped per day, and in credits an hour. */
type DemoRate = { perHour: number; perDay?: number; creditsPerHour?: number };

/** A demo rate → the resource's rate columns (no rate: free). */
const rateColumns = (rate: DemoRate | undefined) => ({
  rate_per_hour: rate?.perHour ?? null,
  rate_per_day: rate?.perDay ?? null,
  credits_per_hour: rate?.creditsPerHour ?? null,
});

const NETWORK = network as DemoNetwork;
const DESKS_PER_ROW = 4;
const emailOf = (handle: string) => `${handle}@demo.jejaring.id`;

/** Parents before children (foreign keys). */
const INSERT_ORDER = [
  "spaces",
  "billing_settings",
  "opening_hours",
  "resources",
  "members",
  "profiles",
  "space_operators",
  "projects",
  "project_members",
  "messages",
  "tasks",
  "referrals",
  "referral_steps",
  "hour_records",
  "hour_entries",
] as const satisfies ReadonlyArray<keyof Database>;
type Table = (typeof INSERT_ORDER)[number];

/** Every row of the demo network, table by table, with fresh ids; `now` places the rooms' history two days back. */
function demoRows(passwordHash: string, now: number): { [T in Table]: Array<Insertable<Database[T]>> } {
  const ids = new Map(NETWORK.members.map((m) => [m.handle, randomUUID()]));
  const idOf = (handle: string) => {
    const id = ids.get(handle);
    if (!id) throw new Error(`Seed data refers to unknown member ${handle}`);
    return id;
  };
  const spaces = NETWORK.spaces.map((s) => ({ ...s, id: randomUUID() }));
  const projects = NETWORK.projects.map((p) => ({ ...p, id: randomUUID(), chat: p.chat ?? [], tasks: p.tasks ?? [] }));
  const start = now - 2 * 86_400_000;
  const referrals = (NETWORK.ledger?.referrals ?? []).map((r, i) => ({ ...r, id: randomUUID(), at: start - (i + 3) * 86_400_000 }));
  const hours = (NETWORK.ledger?.hours ?? []).map((h, i) => ({ ...h, id: randomUUID(), at: start - (i + 1) * 86_400_000 }));
  const dayAfter = (at: number, n: number) => new Date(at + n * 86_400_000);
  // Each room's history and board take seqs like live writes do: messages first, then tasks.
  const lastSeq = (p: (typeof projects)[number]) => p.chat.length + p.tasks.length;

  return {
    spaces: spaces.map((s) => ({ id: s.id, name: s.name, timezone: s.timezone, address: s.address, capacity: s.capacity })),
    billing_settings: spaces.flatMap((s) =>
      s.billing
        ? [
            {
              space_id: s.id,
              code: s.billing.code,
              tax_rate: s.billing.taxRate ?? 0.11,
              prices_include_tax: s.billing.pricesIncludeTax ?? false,
              legal_name: s.billing.legalName ?? "",
              npwp: s.billing.npwp ?? "",
              bank_account: s.billing.bankAccount ?? "",
              invoice_note: s.billing.invoiceNote ?? "",
            },
          ]
        : [],
    ),
    opening_hours: spaces.flatMap((s) =>
      s.hours.flatMap((h) => h.weekdays.map((weekday) => ({ space_id: s.id, weekday, opens: h.opens, closes: h.closes }))),
    ),
    resources: spaces.flatMap((s) => [
      ...s.desks.flatMap((block) =>
        Array.from({ length: block.count }, (_, i) => ({
          space_id: s.id,
          name: `${block.prefix}-${String(i + 1).padStart(2, "0")}`,
          kind: "desk" as const,
          zone: block.zone,
          x: block.x + (i % DESKS_PER_ROW) * 100,
          y: block.y + Math.floor(i / DESKS_PER_ROW) * 100,
          ...rateColumns(s.deskRate),
        })),
      ),
      ...s.resources.map(({ rate, ...r }) => ({ space_id: s.id, ...r, ...rateColumns(rate) })),
    ]),
    members: NETWORK.members.map((m) => ({
      id: idOf(m.handle),
      email: emailOf(m.handle),
      name: m.name,
      role: m.role ?? "member",
      password_hash: passwordHash,
      locale: null,
      // Demo addresses count as confirmed, so the demo sends invoices and reminders (issue 15).
      email_verified_at: new Date(),
    })),
    profiles: NETWORK.members.map((m) => ({
      member_id: idOf(m.handle),
      headline: m.headline,
      bio: m.bio,
      business_name: m.business,
      city: m.city,
      specialties: m.specialties,
      offers: m.offers,
      needs: m.needs,
      links: m.links ?? [],
      show_presence: m.showPresence ?? true,
    })),
    space_operators: spaces.flatMap((s) => (s.operators ?? []).map((handle) => ({ space_id: s.id, member_id: idOf(handle) }))),
    projects: projects.map((p) => ({
      id: p.id,
      name: p.name,
      description: p.description,
      created_by: idOf(p.owner),
      last_seq: lastSeq(p),
    })),
    // The owner has read everything; the others have something waiting.
    project_members: projects.flatMap((p) => [
      { project_id: p.id, member_id: idOf(p.owner), role: "owner" as const, last_read_seq: lastSeq(p) },
      ...p.members.map((handle) => ({ project_id: p.id, member_id: idOf(handle), role: "member" as const })),
    ]),
    messages: projects.flatMap((p) =>
      p.chat.map((m, i) => ({
        project_id: p.id,
        seq: i + 1,
        updated_seq: i + 1,
        author_id: idOf(m.by),
        client_id: `seed-${i + 1}`,
        body: m.text,
        mentions: (m.mentions ?? []).map(idOf),
        // Where the text writes each mention ("@Bayu …", by first name): the spans the room highlights.
        mention_spans: JSON.stringify(
          (m.mentions ?? []).flatMap((handle) => {
            const first = NETWORK.members.find((x) => x.handle === handle)?.name.split(" ")[0] ?? handle;
            const at = m.text.indexOf(`@${first}`);
            return at < 0 ? [] : [{ memberId: idOf(handle), start: at, end: at + 1 + first.length }];
          }),
        ),
        created_at: new Date(start + i * 37 * 60_000),
      })),
    ),
    tasks: projects.flatMap((p) =>
      p.tasks.map((t, i) => ({
        project_id: p.id,
        title: t.title,
        status: t.status,
        assignee_id: t.assignee ? idOf(t.assignee) : null,
        position: i + 1,
        seq: p.chat.length + i + 1,
        created_by: idOf(p.owner),
        created_at: new Date(start),
        updated_at: new Date(start),
      })),
    ),
    referrals: referrals.map((r) => {
      const last = r.steps.at(-1) ?? "given";
      const closed = last === "won" || last === "lost";
      return {
        id: r.id,
        from_member_id: idOf(r.from),
        to_member_id: idOf(r.to),
        prospect: r.prospect,
        description: r.description,
        estimated_value: r.estimatedValue ?? null,
        status: last,
        closed_value: last === "won" ? (r.closedValue ?? 0) : null,
        created_at: new Date(r.at),
        updated_at: dayAfter(r.at, r.steps.length),
        closed_at: closed ? dayAfter(r.at, r.steps.length) : null,
      };
    }),
    referral_steps: referrals.flatMap((r) => (["given", ...r.steps] as ReferralStatus[]).map((status, i) => ({ referral_id: r.id, status, at: dayAfter(r.at, i) }))),
    hour_records: hours.map((h) => ({
      id: h.id,
      giver_id: idOf(h.from),
      receiver_id: idOf(h.to),
      minutes: Math.round(h.hours * 60),
      description: h.description,
      status: h.status,
      created_at: new Date(h.at),
      decided_at: h.status === "pending" ? null : dayAfter(h.at, 1),
    })),
    // Confirmed hours are in the ledger: the giver credited, the receiver debited (every balance sums to zero).
    hour_entries: hours
      .filter((h) => h.status === "confirmed")
      .map((h) => ({
        record_id: h.id,
        creditor_id: idOf(h.from),
        debtor_id: idOf(h.to),
        minutes: Math.round(h.hours * 60),
        kind: "transfer" as const,
        created_by: idOf(h.to),
        created_at: dayAfter(h.at, 1),
      })),
  };
}

/**
 * Inserts the demo network in one transaction. Call only on an empty database (see `isEmpty`). The password
 * hash of every demo account is the caller's (server/ hashes DEMO_PASSWORD; db/ knows no hashing).
 */
export async function seedDemo(db: DB, opts: { passwordHash: string }): Promise<{ logins: Login[] }> {
  const rows = demoRows(opts.passwordHash, Date.now());
  await db.transaction().execute(async (trx) => {
    for (const table of INSERT_ORDER) {
      // One table at a time; TypeScript cannot pair a union of tables with a union of row types on its own.
      if (rows[table].length) await trx.insertInto(table).values(rows[table] as never).execute();
    }
  });
  return { logins: DEMO_LOGINS };
}

/** The logins printed for a demo install: the staff, then the first three members. */
const DEMO_LOGINS: Login[] = [
  ...NETWORK.members.filter((m) => m.role === "admin" || m.role === "operator"),
  ...NETWORK.members.filter((m) => !m.role || m.role === "member").slice(0, 3),
].map((m) => ({ email: emailOf(m.handle), name: m.name, role: m.role ?? "member" }));

/** The demo logins that exist in this database (printed on every start of a demo install). */
export async function demoLogins(db: DB): Promise<Login[]> {
  const rows = await db
    .selectFrom("members")
    .select("email")
    .where(
      "email",
      "in",
      DEMO_LOGINS.map((l) => l.email),
    )
    .execute();
  const present = new Set(rows.map((r) => r.email));
  return DEMO_LOGINS.filter((l) => present.has(l.email));
}

export async function isEmpty(db: DB): Promise<boolean> {
  const row = await db.selectFrom("members").select("id").limit(1).executeTakeFirst();
  return row === undefined;
}
