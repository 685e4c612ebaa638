// Billing's plans and subscriptions: every query (takes `db | trx` first).
import { sql } from "kysely";
import type { DB } from "../../../db/connect.js";
import type { PlanCycle, PlanKind, SubscriptionStatus } from "../../../db/schema.js";

const planColumns = [
  "plans.id",
  "plans.space_id",
  "spaces.name as space_name",
  "plans.name",
  "plans.description",
  "plans.kind",
  "plans.price",
  "plans.cycle",
  "plans.credits_per_cycle",
  "plans.day_passes_per_cycle",
  "plans.setup_fee",
  "plans.deposit",
  "plans.valid_days",
  "plans.public",
  "plans.active",
  "plans.created_at",
] as const;

function plansQuery(db: DB) {
  return db.selectFrom("plans").leftJoin("spaces", "spaces.id", "plans.space_id").select(planColumns);
}
export type PlanRow = NonNullable<Awaited<ReturnType<typeof findPlan>>>;

export function findPlan(db: DB, id: string) {
  return plansQuery(db).where("plans.id", "=", id).executeTakeFirst();
}

/** The plan row locked for the subscribing transaction (shared: an edit waits, another subscription does not). */
export async function lockPlan(db: DB, id: string): Promise<boolean> {
  const row = await db.selectFrom("plans").select("id").where("id", "=", id).forShare().executeTakeFirst();
  return row !== undefined;
}

/**
 * Plans for a list: of some spaces (all of theirs: `runIds`), plus public active plans of the others and the
 * network's; `spaceId` narrows to one space (and the network-wide plans).
 */
export function listPlans(db: DB, opts: { spaceId?: string; runIds: string[] | "all" }) {
  let q = plansQuery(db);
  if (opts.spaceId) q = q.where((eb) => eb.or([eb("plans.space_id", "=", opts.spaceId!), eb("plans.space_id", "is", null)]));
  if (opts.runIds !== "all") {
    const run = opts.runIds;
    q = q.where((eb) =>
      eb.or([
        eb.and([eb("plans.public", "=", true), eb("plans.active", "=", true)]),
        ...(run.length ? [eb("plans.space_id", "in", run)] : []),
      ]),
    );
  }
  return q.orderBy("spaces.name").orderBy("plans.active", "desc").orderBy("plans.price").orderBy("plans.id").limit(500).execute();
}

export function insertPlan(
  db: DB,
  p: {
    spaceId: string | null;
    name: string;
    description: string;
    kind: PlanKind;
    price: number;
    cycle: PlanCycle;
    creditsPerCycle: number;
    dayPassesPerCycle: number;
    setupFee: number;
    deposit: number;
    validDays: number | null;
    public: boolean;
    createdBy: string | null;
  },
) {
  return db
    .insertInto("plans")
    .values({
      space_id: p.spaceId,
      name: p.name,
      description: p.description,
      kind: p.kind,
      price: p.price,
      cycle: p.cycle,
      credits_per_cycle: p.creditsPerCycle,
      day_passes_per_cycle: p.dayPassesPerCycle,
      setup_fee: p.setupFee,
      deposit: p.deposit,
      valid_days: p.validDays,
      public: p.public,
      created_by: p.createdBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

export function updatePlan(
  db: DB,
  id: string,
  p: Partial<{
    name: string;
    description: string;
    price: number;
    credits_per_cycle: number;
    day_passes_per_cycle: number;
    setup_fee: number;
    deposit: number;
    valid_days: number | null;
    public: boolean;
    active: boolean;
  }>,
) {
  return db
    .updateTable("plans")
    .set({ ...p, updated_at: sql`now()` })
    .where("id", "=", id)
    .execute();
}

// ---- subscriptions

const subscriptionColumns = [
  "s.id",
  "s.plan_id",
  "s.member_id",
  "s.space_id",
  "s.status",
  "s.period_start",
  "s.period_end",
  "s.started_on",
  "s.ends_on",
  "s.created_at",
  "p.name as plan_name",
  "p.kind as plan_kind",
  "p.cycle as plan_cycle",
  "p.price as plan_price",
  "m.name as member_name",
  "sp.name as space_name",
  "sp.timezone",
] as const;

function subscriptionsQuery(db: DB) {
  return db
    .selectFrom("subscriptions as s")
    .innerJoin("plans as p", "p.id", "s.plan_id")
    .innerJoin("members as m", "m.id", "s.member_id")
    .leftJoin("spaces as sp", "sp.id", "s.space_id")
    .select(subscriptionColumns)
    .select((eb) =>
      eb
        .selectFrom("invoices as i")
        .select("i.id")
        .whereRef("i.subscription_id", "=", "s.id")
        .orderBy("i.issued_on", "desc")
        .orderBy("i.created_at", "desc")
        .limit(1)
        .as("invoice_id"),
    );
}
export type SubscriptionRow = NonNullable<Awaited<ReturnType<typeof findSubscription>>>;

export function findSubscription(db: DB, id: string) {
  return subscriptionsQuery(db).where("s.id", "=", id).executeTakeFirst();
}

/** The subscription's row locked for a change of status (lock, then read, then check, then write). */
export function lockSubscription(db: DB, id: string) {
  return db.selectFrom("subscriptions").select(["id", "status", "member_id", "space_id", "plan_id", "period_start", "period_end"]).where("id", "=", id).forUpdate().executeTakeFirst();
}

export function listSubscriptions(db: DB, where: { memberId?: string; spaceId?: string; status?: SubscriptionStatus }) {
  let q = subscriptionsQuery(db);
  if (where.memberId) q = q.where("s.member_id", "=", where.memberId);
  if (where.spaceId) q = q.where("s.space_id", "=", where.spaceId);
  if (where.status) q = q.where("s.status", "=", where.status);
  return q
    .orderBy(sql`CASE s.status WHEN 'ended' THEN 1 ELSE 0 END`)
    .orderBy("s.created_at", "desc")
    .orderBy("s.id")
    .limit(500)
    .execute();
}

/** A live (not ended) subscription of this member to this plan, if any. */
export function findLive(db: DB, memberId: string, planId: string) {
  return db
    .selectFrom("subscriptions")
    .select(["id", "status"])
    .where("member_id", "=", memberId)
    .where("plan_id", "=", planId)
    .where("status", "in", ["pending_payment", "active", "cancelling"])
    .executeTakeFirst();
}

export function insertSubscription(
  db: DB,
  s: { planId: string; memberId: string; spaceId: string; status: SubscriptionStatus; start: string; end: string; createdBy: string | null },
) {
  return db
    .insertInto("subscriptions")
    .values({
      plan_id: s.planId,
      member_id: s.memberId,
      space_id: s.spaceId,
      status: s.status,
      period_start: s.start,
      period_end: s.end,
      started_on: s.start,
      created_by: s.createdBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

export function setStatus(db: DB, id: string, status: SubscriptionStatus, extra: { endsOn?: string; cancelled?: boolean; ended?: boolean } = {}) {
  return db
    .updateTable("subscriptions")
    .set({
      status,
      ...(extra.endsOn !== undefined ? { ends_on: extra.endsOn } : {}),
      ...(extra.cancelled ? { cancelled_at: sql`now()` } : {}),
      ...(extra.ended ? { ended_at: sql`now()` } : {}),
    })
    .where("id", "=", id)
    .execute();
}

/** Subscriptions running (or running out) whose period ended on or before `until` (the latest local date anywhere). */
export function dueSubscriptions(db: DB, until: string) {
  return db
    .selectFrom("subscriptions as s")
    .innerJoin("plans as p", "p.id", "s.plan_id")
    .innerJoin("spaces as sp", "sp.id", "s.space_id")
    .select([
      "s.id",
      "s.member_id",
      "s.space_id",
      "s.status",
      "s.period_end",
      "sp.timezone",
      "p.id as plan_id",
      "p.name as plan_name",
      "p.cycle",
      "p.price",
      "p.credits_per_cycle",
      "p.day_passes_per_cycle",
      "p.space_id as plan_space_id",
    ])
    .where("s.status", "in", ["active", "cancelling"])
    .where("s.period_end", "<=", until)
    .where("p.cycle", "<>", "once")
    .orderBy("s.period_end")
    .orderBy("s.id")
    .limit(1000)
    .execute();
}

/**
 * Moves an active subscription to its next period, only if it is still in the period that ended on `oldEnd`: a
 * second run (another node, a retry) finds nothing to change. True when this call moved it.
 */
export async function advancePeriod(db: DB, id: string, oldEnd: string, next: { start: string; end: string }): Promise<boolean> {
  const rows = await db
    .updateTable("subscriptions")
    .set({ period_start: next.start, period_end: next.end })
    .where("id", "=", id)
    .where("status", "=", "active")
    .where("period_end", "=", oldEnd)
    .returning("id")
    .execute();
  return rows.length === 1;
}

/** Ends a cancelled subscription whose last period ended on `oldEnd` (once: a second run changes nothing). */
export async function endCancelled(db: DB, id: string, oldEnd: string): Promise<boolean> {
  const rows = await db
    .updateTable("subscriptions")
    .set({ status: "ended", ended_at: sql`now()` })
    .where("id", "=", id)
    .where("status", "=", "cancelling")
    .where("period_end", "=", oldEnd)
    .returning("id")
    .execute();
  return rows.length === 1;
}

/** The subscription an invoice bills, if any (read in the paying transaction). */
export async function subscriptionOfInvoice(db: DB, invoiceId: string): Promise<string | null> {
  const row = await db.selectFrom("invoices").select("subscription_id").where("id", "=", invoiceId).executeTakeFirst();
  return row?.subscription_id ?? null;
}

export function memberExists(db: DB, id: string) {
  return db.selectFrom("members").select(["id", "name"]).where("id", "=", id).executeTakeFirst();
}

export function memberByEmail(db: DB, email: string) {
  return db.selectFrom("members").select(["id", "name"]).where(sql`lower(email)`, "=", email.toLowerCase()).executeTakeFirst();
}

export function spaceZone(db: DB, id: string) {
  return db.selectFrom("spaces").select(["id", "name", "timezone"]).where("id", "=", id).executeTakeFirst();
}
