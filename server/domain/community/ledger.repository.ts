// Every query of the ledger (issue 16): referrals and their steps, hour records, the hours ledger and its lock,
// balances (sums of the ledger, never stored) and the network's credit limit.
import { sql } from "kysely";
import type { DB } from "../../../db/connect.js";
import type { ReferralStatus } from "../../../db/schema.js";

/** Advisory lock namespace of a member's hours (two-int form; see bookings/locks and billing/wallet for others). */
const MEMBER_HOURS = 1601;

/**
 * The members' hours locks, held to the end of the transaction, taken in id order (so two transactions that lock
 * the same two members cannot deadlock). Every entry that debits a member is written under that member's lock.
 */
export async function lockHours(db: DB, memberIds: string[]): Promise<void> {
  for (const id of [...new Set(memberIds)].sort()) await sql`SELECT pg_advisory_xact_lock(${MEMBER_HOURS}::int4, hashtext(${id}))`.execute(db);
}

/** A member's name for a notification's facts (who may be reached is the network context's `viewableCard`). */
export async function memberCard(db: DB, id: string) {
  return db.selectFrom("members").select(["id", "name"]).where("id", "=", id).executeTakeFirst();
}

// Referrals

const referralColumns = [
  "r.id",
  "r.from_member_id",
  "r.to_member_id",
  "r.prospect",
  "r.description",
  "r.estimated_value",
  "r.status",
  "r.closed_value",
  "r.created_at",
  "r.closed_at",
  "gf.name as from_name",
  "gt.name as to_name",
] as const;

function referralsQuery(db: DB) {
  return db
    .selectFrom("referrals as r")
    .leftJoin("members as gf", "gf.id", "r.from_member_id")
    .leftJoin("members as gt", "gt.id", "r.to_member_id")
    .select(referralColumns)
    .select((eb) =>
      eb
        .selectFrom("referral_steps as s")
        .whereRef("s.referral_id", "=", "r.id")
        .select(sql<{ status: ReferralStatus; at: string }[]>`coalesce(json_agg(json_build_object('status', s.status, 'at', s.at) ORDER BY s.at, s.status), '[]'::json)`.as("steps"))
        .as("steps"),
    );
}
export type ReferralRow = NonNullable<Awaited<ReturnType<typeof findReferral>>>;

export function findReferral(db: DB, id: string) {
  return referralsQuery(db).where("r.id", "=", id).executeTakeFirst();
}

export function lockReferral(db: DB, id: string) {
  return db.selectFrom("referrals").select(["id", "from_member_id", "to_member_id", "status"]).where("id", "=", id).forUpdate().executeTakeFirst();
}

export function listReferrals(db: DB, memberId: string, filter: { side?: "given" | "received"; status?: ReferralStatus }, limit: number) {
  let q = referralsQuery(db);
  if (filter.side === "given") q = q.where("r.from_member_id", "=", memberId);
  else if (filter.side === "received") q = q.where("r.to_member_id", "=", memberId);
  else q = q.where((eb) => eb.or([eb("r.from_member_id", "=", memberId), eb("r.to_member_id", "=", memberId)]));
  if (filter.status) q = q.where("r.status", "=", filter.status);
  return q.orderBy("r.created_at", "desc").orderBy("r.id", "desc").limit(limit).execute();
}

export async function insertReferral(
  db: DB,
  row: { from: string; to: string; prospect: string; description: string; estimatedValue: number | null; at: Date },
): Promise<string> {
  const { id } = await db
    .insertInto("referrals")
    .values({
      from_member_id: row.from,
      to_member_id: row.to,
      prospect: row.prospect,
      description: row.description,
      estimated_value: row.estimatedValue,
      created_at: row.at,
      updated_at: row.at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("referral_steps").values({ referral_id: id, status: "given", at: row.at }).execute();
  return id;
}

export async function stepReferral(db: DB, id: string, status: ReferralStatus, closedValue: number | null, at: Date): Promise<void> {
  const closed = status === "won" || status === "lost";
  await db
    .updateTable("referrals")
    .set({ status, closed_value: closedValue, updated_at: at, closed_at: closed ? at : null })
    .where("id", "=", id)
    .execute();
  await db.insertInto("referral_steps").values({ referral_id: id, status, at }).onConflict((oc) => oc.doNothing()).execute();
}

// Hours

const hourColumns = [
  "h.id",
  "h.giver_id",
  "h.receiver_id",
  "h.minutes",
  "h.description",
  "h.status",
  "h.created_at",
  "h.decided_at",
  "mg.name as giver_name",
  "mr.name as receiver_name",
] as const;

function hoursQuery(db: DB) {
  return db
    .selectFrom("hour_records as h")
    .innerJoin("members as mg", "mg.id", "h.giver_id")
    .innerJoin("members as mr", "mr.id", "h.receiver_id")
    .select(hourColumns)
    .select((eb) =>
      eb
        .exists(eb.selectFrom("hour_entries as e").select("e.id").where("e.record_id", "=", eb.ref("h.id")).where("e.kind", "=", "reversal"))
        .as("reversed"),
    );
}
export type HourRow = NonNullable<Awaited<ReturnType<typeof findHours>>>;

export function findHours(db: DB, id: string) {
  return hoursQuery(db).where("h.id", "=", id).executeTakeFirst();
}

export function lockHoursRecord(db: DB, id: string) {
  return db.selectFrom("hour_records").select(["id", "giver_id", "receiver_id", "minutes", "status"]).where("id", "=", id).forUpdate().executeTakeFirst();
}

export function listHours(db: DB, memberId: string, filter: { side?: "given" | "received"; status?: string }, limit: number) {
  let q = hoursQuery(db);
  if (filter.side === "given") q = q.where("h.giver_id", "=", memberId);
  else if (filter.side === "received") q = q.where("h.receiver_id", "=", memberId);
  else q = q.where((eb) => eb.or([eb("h.giver_id", "=", memberId), eb("h.receiver_id", "=", memberId)]));
  if (filter.status === "reversed") q = q.where("h.status", "=", "confirmed").where(sql<boolean>`EXISTS (SELECT 1 FROM hour_entries e WHERE e.record_id = h.id AND e.kind = 'reversal')`);
  else if (filter.status === "confirmed") q = q.where("h.status", "=", "confirmed").where(sql<boolean>`NOT EXISTS (SELECT 1 FROM hour_entries e WHERE e.record_id = h.id AND e.kind = 'reversal')`);
  else if (filter.status) q = q.where("h.status", "=", filter.status as "pending" | "rejected");
  return q.orderBy("h.created_at", "desc").orderBy("h.id", "desc").limit(limit).execute();
}

export async function insertHours(db: DB, row: { giver: string; receiver: string; minutes: number; description: string; at: Date }): Promise<string> {
  const { id } = await db
    .insertInto("hour_records")
    .values({ giver_id: row.giver, receiver_id: row.receiver, minutes: row.minutes, description: row.description, created_at: row.at })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export function decideHours(db: DB, id: string, status: "confirmed" | "rejected", at: Date) {
  return db.updateTable("hour_records").set({ status, decided_at: at }).where("id", "=", id).where("status", "=", "pending").executeTakeFirst();
}

export async function insertEntry(
  db: DB,
  e: { recordId: string; creditor: string; debtor: string; minutes: number; kind: "transfer" | "reversal"; reversesId?: string | null; reason?: string | null; by: string | null; at: Date },
): Promise<string> {
  const { id } = await db
    .insertInto("hour_entries")
    .values({
      record_id: e.recordId,
      creditor_id: e.creditor,
      debtor_id: e.debtor,
      minutes: e.minutes,
      kind: e.kind,
      reverses_id: e.reversesId ?? null,
      reason: e.reason ?? null,
      created_by: e.by,
      created_at: e.at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export function transferOf(db: DB, recordId: string) {
  return db
    .selectFrom("hour_entries as e")
    .select(["e.id", "e.creditor_id", "e.debtor_id", "e.minutes"])
    .select((eb) => eb.exists(eb.selectFrom("hour_entries as r").select("r.id").whereRef("r.reverses_id", "=", "e.id")).as("reversed"))
    .where("e.record_id", "=", recordId)
    .where("e.kind", "=", "transfer")
    .executeTakeFirst();
}

/** A member's balance in minutes: what the ledger credits them minus what it debits them. */
export async function balanceMinutes(db: DB, memberId: string): Promise<number> {
  const { rows } = await sql<{ balance: string | number }>`
    SELECT coalesce(sum(CASE WHEN creditor_id = ${memberId} THEN minutes ELSE -minutes END), 0) AS balance
    FROM hour_entries WHERE creditor_id = ${memberId} OR debtor_id = ${memberId}`.execute(db);
  return Number(rows[0]?.balance ?? 0);
}

/** Minutes given (credited, net of reversals) and received (debited, net of reversals). */
export async function hourTotals(db: DB, memberId: string): Promise<{ given: number; received: number }> {
  const { rows } = await sql<{ given: string | number; received: string | number }>`
    SELECT
      coalesce(sum(CASE WHEN kind = 'transfer' AND creditor_id = ${memberId} THEN minutes
                        WHEN kind = 'reversal' AND debtor_id = ${memberId} THEN -minutes END), 0) AS given,
      coalesce(sum(CASE WHEN kind = 'transfer' AND debtor_id = ${memberId} THEN minutes
                        WHEN kind = 'reversal' AND creditor_id = ${memberId} THEN -minutes END), 0) AS received
    FROM hour_entries WHERE creditor_id = ${memberId} OR debtor_id = ${memberId}`.execute(db);
  return { given: Number(rows[0]?.given ?? 0), received: Number(rows[0]?.received ?? 0) };
}

export function pendingToConfirm(db: DB, memberId: string) {
  return db
    .selectFrom("hour_records")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("receiver_id", "=", memberId)
    .where("status", "=", "pending")
    .executeTakeFirstOrThrow();
}

export function entriesOf(db: DB, memberId: string, limit: number) {
  return db
    .selectFrom("hour_entries as e")
    .innerJoin("hour_records as h", "h.id", "e.record_id")
    .leftJoin("members as o", (j) => j.on(sql<boolean>`o.id = CASE WHEN e.creditor_id = ${memberId} THEN e.debtor_id ELSE e.creditor_id END`))
    .select(["e.id", "e.record_id", "e.kind", "e.minutes", "e.creditor_id", "e.created_at", "h.description", "e.reason", "o.id as other_id", "o.name as other_name"])
    .where((eb) => eb.or([eb("e.creditor_id", "=", memberId), eb("e.debtor_id", "=", memberId)]))
    .orderBy("e.created_at", "desc")
    .orderBy("e.id", "desc")
    .limit(limit)
    .execute();
}

/** Counts and sums of the referrals a member gave and received. */
export async function referralTotals(db: DB, memberId: string) {
  const { rows } = await sql<Record<string, string | number>>`
    SELECT
      count(*) FILTER (WHERE from_member_id = ${memberId}) AS given,
      count(*) FILTER (WHERE to_member_id = ${memberId}) AS received,
      count(*) FILTER (WHERE from_member_id = ${memberId} AND status = 'won') AS won,
      coalesce(sum(closed_value) FILTER (WHERE from_member_id = ${memberId}), 0) AS closed_value,
      count(*) FILTER (WHERE to_member_id = ${memberId} AND status = 'won') AS won_received,
      coalesce(sum(closed_value) FILTER (WHERE to_member_id = ${memberId}), 0) AS closed_value_received
    FROM referrals WHERE from_member_id = ${memberId} OR to_member_id = ${memberId}`.execute(db);
  const r = rows[0] ?? {};
  return {
    given: Number(r.given ?? 0),
    received: Number(r.received ?? 0),
    won: Number(r.won ?? 0),
    closedValue: Number(r.closed_value ?? 0),
    wonReceived: Number(r.won_received ?? 0),
    closedValueReceived: Number(r.closed_value_received ?? 0),
  };
}

export async function creditLimitMinutes(db: DB): Promise<number> {
  const row = await db.selectFrom("community_settings").select("hours_credit_limit_minutes").executeTakeFirst();
  return row?.hours_credit_limit_minutes ?? -1200;
}

export async function setCreditLimit(db: DB, minutes: number, at: Date): Promise<void> {
  await db
    .insertInto("community_settings")
    .values({ hours_credit_limit_minutes: minutes, updated_at: at })
    .onConflict((oc) => oc.column("id").doUpdateSet({ hours_credit_limit_minutes: minutes, updated_at: at }))
    .execute();
}
