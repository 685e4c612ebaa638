// Every query of the wallet: the member's wallet lock, lots and what is left of them, entries, history, and the
// charge columns of bookings. Takes `db | trx` first.
import { sql, type SqlBool } from "kysely";
import type { DB } from "../../../db/connect.js";
import type { ChargeMethod, WalletEntryKind, WalletUnit } from "../../../db/schema.js";

// Advisory keys use the two-int form (a namespace, then a hash of the id): the one-bigint form belongs to jobs, and
// bookings use 1101 (space writes) and 1102 (resource writes).
const MEMBER_WALLET = 1401;

/** The zone that names "today" for a network-wide lot (one that belongs to no space). */
export const NETWORK_ZONE = "Asia/Jakarta";

/** The member's wallet lock, held to the end of the transaction: every write that draws on a lot takes it first. */
export async function lockWallet(db: DB, memberId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${MEMBER_WALLET}::int4, hashtext(${memberId}))`.execute(db);
}

export type RateRow = { rate_per_hour: string | number | null; rate_per_day: string | number | null; credits_per_hour: number | null };

/**
 * The member's wallet lock and the resource's rate in one round trip (the lock is taken before the statement
 * returns; the rate is not guarded by it and needs no fresher snapshot).
 */
export async function lockWalletWithRate(db: DB, memberId: string, resourceId: string): Promise<RateRow | undefined> {
  const { rows } = await sql<RateRow>`
    SELECT r.rate_per_hour, r.rate_per_day, r.credits_per_hour
    FROM (SELECT pg_advisory_xact_lock(${MEMBER_WALLET}::int4, hashtext(${memberId}))) l, resources r
    WHERE r.id = ${resourceId}`.execute(db);
  return rows[0];
}

export type LotRow = {
  id: string;
  unit: WalletUnit;
  space_id: string | null;
  expires_on: string | null;
  created_at: Date;
  subscription_id: string | null;
  remaining: number;
};

/** Where lots may be spent: at a space (its own lots and the network's), exactly one space's (or the network's: null), or anywhere. */
export type LotPlace = { at: string } | { exactly: string | null } | "anywhere";

/**
 * The member's lots with something left, spendable soonest-expiring first, then oldest (FIFO). `validOn`: a local
 * date the lot must not have expired by; or `{ now }`: today in each lot's space's zone.
 */
export async function openLots(
  db: DB,
  memberId: string,
  opts: { units?: WalletUnit[]; place: LotPlace; validOn: string | { now: Date } },
): Promise<LotRow[]> {
  let q = db
    .selectFrom("wallet_entries as l")
    .innerJoin("wallet_entries as e", "e.lot_id", "l.id")
    .leftJoin("spaces as s", "s.id", "l.space_id")
    .select(["l.id", "l.unit", "l.space_id", "l.expires_on", "l.created_at", "l.subscription_id", sql<number>`sum(e.amount)::int`.as("remaining")])
    .where("l.member_id", "=", memberId)
    .whereRef("l.lot_id", "=", "l.id");
  if (opts.units) q = q.where("l.unit", "in", opts.units);
  const place = opts.place;
  if (place !== "anywhere") {
    if ("at" in place) q = q.where((w) => w.or([w("l.space_id", "=", place.at), w("l.space_id", "is", null)]));
    else q = place.exactly === null ? q.where("l.space_id", "is", null) : q.where("l.space_id", "=", place.exactly);
  }
  q = q.where(notExpired(opts.validOn));
  const rows = await q
    .groupBy(["l.id", "l.unit", "l.space_id", "l.expires_on", "l.created_at", "l.subscription_id"])
    .having(sql<SqlBool>`sum(e.amount) > 0`)
    .orderBy(sql`l.expires_on ASC NULLS LAST`)
    .orderBy("l.created_at")
    .orderBy("l.id")
    .execute();
  return rows.map((r) => ({ ...r, remaining: Number(r.remaining) }));
}

/** The lot (alias l, its space s) has not expired on that date, or today in its space's zone. */
function notExpired(validOn: string | { now: Date }) {
  if (typeof validOn === "string") return sql<SqlBool>`(l.expires_on IS NULL OR l.expires_on >= ${validOn}::date)`;
  return sql<SqlBool>`(l.expires_on IS NULL OR l.expires_on >= (${validOn.now.toISOString()}::timestamptz AT TIME ZONE coalesce(s.timezone, ${NETWORK_ZONE}))::date)`;
}

export type NewEntry = {
  memberId: string;
  spaceId: string | null;
  unit: WalletUnit;
  amount: number;
  kind: WalletEntryKind;
  /** Omitted: the entry opens its own lot. */
  lotId?: string;
  id?: string;
  expiresOn?: string | null;
  reason?: string | null;
  bookingId?: string | null;
  subscriptionId?: string | null;
  invoiceId?: string | null;
  createdBy?: string | null;
  createdAt: Date;
  movementId: string;
};

function entryValues(e: NewEntry & { id: string }) {
  return {
    id: e.id,
    member_id: e.memberId,
    space_id: e.spaceId,
    unit: e.unit,
    amount: e.amount,
    kind: e.kind,
    lot_id: e.lotId ?? e.id,
    expires_on: e.expiresOn ?? null,
    reason: e.reason ?? null,
    booking_id: e.bookingId ?? null,
    subscription_id: e.subscriptionId ?? null,
    invoice_id: e.invoiceId ?? null,
    created_by: e.createdBy ?? null,
    created_at: e.createdAt,
    movement_id: e.movementId,
  };
}

export async function insertEntries(db: DB, entries: Array<NewEntry & { id: string }>): Promise<void> {
  if (entries.length === 0) return;
  await db.insertInto("wallet_entries").values(entries.map(entryValues)).execute();
}

export type ChargeColumns = { method: ChargeMethod; credits: number; dayPasses: number; amount: number };

/** A booking's charge written, with the entries that pay it, in one statement. */
export async function writeCharge(db: DB, bookingId: string, charge: ChargeColumns, entries: Array<NewEntry & { id: string }>): Promise<void> {
  const set = {
    charge_method: charge.method,
    charge_credits: charge.credits,
    charge_day_passes: charge.dayPasses,
    charge_amount: charge.amount,
    charge_refunded_at: null,
  };
  if (entries.length === 0) {
    await db.updateTable("bookings").set(set).where("id", "=", bookingId).execute();
    return;
  }
  await db
    .with("spent", (w) => w.insertInto("wallet_entries").values(entries.map(entryValues)).returning("id"))
    .updateTable("bookings")
    .set(set)
    .where("id", "=", bookingId)
    .execute();
}

/**
 * Refunds these bookings' charges in one statement: for every lot a booking still holds (its spends less its
 * refunds), a refund entry on that lot; and the booking's charge marked refunded. Bookings already refunded or
 * never charged are left as they are. Returns the ids refunded.
 */
export async function refundCharges(db: DB, bookingIds: string[], now: Date): Promise<string[]> {
  if (bookingIds.length === 0) return [];
  const at = now.toISOString();
  const { rows } = await sql<{ id: string }>`
    WITH due AS (
      SELECT id FROM bookings
      WHERE id = ANY(${bookingIds}::uuid[]) AND charge_refunded_at IS NULL AND charge_method IS NOT NULL AND charge_method <> 'free'
    ), back AS (
      INSERT INTO wallet_entries (member_id, space_id, unit, amount, kind, lot_id, booking_id, created_at, movement_id)
      SELECT e.member_id, e.space_id, e.unit, -sum(e.amount)::int, 'refund', e.lot_id, e.booking_id, ${at}::timestamptz,
             md5('refund' || e.booking_id::text || ${at})::uuid
      FROM wallet_entries e JOIN due ON due.id = e.booking_id
      WHERE e.kind IN ('spend', 'refund')
      GROUP BY e.member_id, e.space_id, e.unit, e.lot_id, e.booking_id
      HAVING sum(e.amount) < 0
      RETURNING id
    )
    UPDATE bookings b SET charge_refunded_at = ${at}::timestamptz FROM due WHERE b.id = due.id
    RETURNING b.id`.execute(db);
  return rows.map((r) => r.id);
}

/** The lots a subscription granted, with what is left of each (for lapsing them). */
export async function subscriptionLots(db: DB, subscriptionId: string) {
  const rows = await db
    .selectFrom("wallet_entries as l")
    .innerJoin("wallet_entries as e", "e.lot_id", "l.id")
    .select(["l.id", "l.member_id", "l.space_id", "l.unit", sql<number>`sum(e.amount)::int`.as("remaining")])
    .where("l.subscription_id", "=", subscriptionId)
    .whereRef("l.lot_id", "=", "l.id")
    .groupBy(["l.id", "l.member_id", "l.space_id", "l.unit"])
    .having(sql<SqlBool>`sum(e.amount) > 0`)
    .orderBy("l.id")
    .execute();
  return rows.map((r) => ({ ...r, remaining: Number(r.remaining) }));
}

/** Members who hold lots past their expiry (the day after `expires_on` has begun in the lot's zone) with something left. */
export async function membersWithLapsedLots(db: DB, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom("wallet_entries as l")
    .innerJoin("wallet_entries as e", "e.lot_id", "l.id")
    .leftJoin("spaces as s", "s.id", "l.space_id")
    .select("l.member_id")
    .whereRef("l.lot_id", "=", "l.id")
    .where("l.expires_on", "is not", null)
    .where(sql<SqlBool>`l.expires_on < (${now.toISOString()}::timestamptz AT TIME ZONE coalesce(s.timezone, ${NETWORK_ZONE}))::date`)
    .groupBy(["l.id", "l.member_id"])
    .having(sql<SqlBool>`sum(e.amount) > 0`)
    .orderBy("l.member_id")
    .limit(limit)
    .execute();
  return [...new Set(rows.map((r) => r.member_id))];
}

/** One member's lots past their expiry with something left. */
export async function lapsedLotsOf(db: DB, memberId: string, now: Date) {
  const rows = await db
    .selectFrom("wallet_entries as l")
    .innerJoin("wallet_entries as e", "e.lot_id", "l.id")
    .leftJoin("spaces as s", "s.id", "l.space_id")
    .select(["l.id", "l.space_id", "l.unit", sql<number>`sum(e.amount)::int`.as("remaining")])
    .where("l.member_id", "=", memberId)
    .whereRef("l.lot_id", "=", "l.id")
    .where("l.expires_on", "is not", null)
    .where(sql<SqlBool>`l.expires_on < (${now.toISOString()}::timestamptz AT TIME ZONE coalesce(s.timezone, ${NETWORK_ZONE}))::date`)
    .groupBy(["l.id", "l.space_id", "l.unit"])
    .having(sql<SqlBool>`sum(e.amount) > 0`)
    .execute();
  return rows.map((r) => ({ ...r, remaining: Number(r.remaining) }));
}

export type MovementRow = {
  id: string;
  kind: WalletEntryKind;
  credits: number;
  day_passes: number;
  reason: string | null;
  booking_id: string | null;
  space_id: string | null;
  space_name: string | null;
  timezone: string;
  expires_on: string | null;
  created_at: Date;
};

/** A member's history, newest first: one row per movement (entries written together), units summed apart. */
export async function movements(db: DB, memberId: string, limit: number, onlyId?: string): Promise<MovementRow[]> {
  const { rows } = await sql<MovementRow>`
    SELECT coalesce(e.movement_id, e.id) AS id, min(e.kind) AS kind,
           coalesce(sum(e.amount) FILTER (WHERE e.unit = 'credit'), 0)::int AS credits,
           coalesce(sum(e.amount) FILTER (WHERE e.unit = 'day_pass'), 0)::int AS day_passes,
           min(e.reason) AS reason, min(e.booking_id::text) AS booking_id, min(e.space_id::text) AS space_id,
           min(s.name) AS space_name, coalesce(min(s.timezone), ${NETWORK_ZONE}) AS timezone, min(e.expires_on) AS expires_on, max(e.created_at) AS created_at
    FROM wallet_entries e LEFT JOIN spaces s ON s.id = e.space_id
    WHERE e.member_id = ${memberId} AND (${onlyId ?? null}::uuid IS NULL OR coalesce(e.movement_id, e.id) = ${onlyId ?? null}::uuid)
    GROUP BY coalesce(e.movement_id, e.id)
    ORDER BY max(e.created_at) DESC, coalesce(e.movement_id, e.id) DESC
    LIMIT ${limit}`.execute(db);
  return rows.map((r) => ({ ...r, credits: Number(r.credits), day_passes: Number(r.day_passes) }));
}

/**
 * The members an operator sees on a space's wallets page: who holds lots there (or network-wide ones) or has booked
 * there, with their balances valid at the space today (in its zone), by name.
 */
export async function spaceWallets(db: DB, spaceId: string, now: Date, limit: number) {
  const { rows } = await sql<{ id: string; name: string; email: string; credits: number; day_passes: number }>`
    WITH who AS (
      SELECT member_id FROM wallet_entries WHERE space_id = ${spaceId}
      UNION SELECT member_id FROM bookings WHERE space_id = ${spaceId}
    ), today AS (
      SELECT (${now.toISOString()}::timestamptz AT TIME ZONE timezone)::date AS d FROM spaces WHERE id = ${spaceId}
    ), lots AS (
      SELECT l.member_id, l.unit, sum(e.amount) AS left_
      FROM wallet_entries l JOIN wallet_entries e ON e.lot_id = l.id, today
      WHERE l.lot_id = l.id AND l.member_id IN (SELECT member_id FROM who)
        AND (l.space_id = ${spaceId} OR l.space_id IS NULL) AND (l.expires_on IS NULL OR l.expires_on >= today.d)
      GROUP BY l.id, l.member_id, l.unit
    )
    SELECT m.id, m.name, m.email,
           coalesce((SELECT sum(left_) FROM lots WHERE lots.member_id = m.id AND unit = 'credit'), 0)::int AS credits,
           coalesce((SELECT sum(left_) FROM lots WHERE lots.member_id = m.id AND unit = 'day_pass'), 0)::int AS day_passes
    FROM members m WHERE m.id IN (SELECT member_id FROM who)
    ORDER BY m.name, m.id
    LIMIT ${limit}`.execute(db);
  return rows.map((r) => ({ ...r, credits: Number(r.credits), day_passes: Number(r.day_passes) }));
}

export async function memberExists(db: DB, memberId: string): Promise<{ id: string; name: string } | undefined> {
  return db.selectFrom("members").select(["id", "name"]).where("id", "=", memberId).executeTakeFirst();
}
