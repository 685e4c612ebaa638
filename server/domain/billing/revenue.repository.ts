// Every query of the revenue view: a space's subscriptions with their plans, and its invoices' and payments' sums by
// month in the space's zone.
import { sql } from "kysely";
import type { DB } from "../../../db/connect.js";
import type { PlanCycle, SubscriptionStatus } from "../../../db/schema.js";

export async function findSpaceZone(db: DB, spaceId: string): Promise<string | undefined> {
  const row = await db.selectFrom("spaces").select("timezone").where("id", "=", spaceId).executeTakeFirst();
  return row?.timezone;
}

export type SubscriptionRow = {
  planId: string;
  planName: string;
  price: number;
  cycle: PlanCycle;
  status: SubscriptionStatus;
  startedOn: string;
  endsOn: string | null;
  /** The local date (space's zone) it ended. */
  endedOn: string | null;
};

/** The space's subscriptions to recurring plans that started by `lastDay` (local date) and were ever live. */
export async function recurringSubscriptions(db: DB, spaceId: string, zone: string, lastDay: string): Promise<SubscriptionRow[]> {
  const rows = await db
    .selectFrom("subscriptions as s")
    .innerJoin("plans as p", "p.id", "s.plan_id")
    .select([
      "p.id as plan_id",
      "p.name",
      "p.price",
      "p.cycle",
      "s.status",
      sql<string>`to_char(s.started_on, 'YYYY-MM-DD')`.as("started_on"),
      sql<string | null>`to_char(s.ends_on, 'YYYY-MM-DD')`.as("ends_on"),
      sql<string | null>`to_char(s.ended_at AT TIME ZONE ${zone}, 'YYYY-MM-DD')`.as("ended_on"),
    ])
    .where("s.space_id", "=", spaceId)
    .where("p.cycle", "<>", "once")
    .where("s.status", "<>", "pending_payment")
    .where("s.started_on", "<=", lastDay)
    .execute();
  return rows.map((r) => ({
    planId: r.plan_id,
    planName: r.name,
    price: Number(r.price),
    cycle: r.cycle,
    status: r.status as SubscriptionStatus,
    startedOn: r.started_on,
    endsOn: r.ends_on,
    endedOn: r.ended_on,
  }));
}

export type MonthSums = { month: string; invoiced: number; collected: number; withheld: number; outstanding: number };

/**
 * Per month of [fromMonth, toMonth] (YYYY-MM, the space's zone): the totals of invoices issued (void excluded),
 * payments received by their paid date (money, and withheld tax), and the balance due at the month's end of the
 * invoices issued by then and not void then. Months end at local midnight in `zone`.
 */
export async function monthSums(db: DB, spaceId: string, zone: string, fromMonth: string, toMonth: string): Promise<MonthSums[]> {
  const { rows } = await sql<{ month: string; invoiced: string | number; collected: string | number; withheld: string | number; outstanding: string | number }>`
    WITH months AS (
      SELECT d::date AS first_day,
             (d + interval '1 month')::date AS next_first,
             (d AT TIME ZONE ${zone}) AS starts_at,
             ((d + interval '1 month') AT TIME ZONE ${zone}) AS ends_at
        FROM generate_series(${`${fromMonth}-01`}::timestamp, ${`${toMonth}-01`}::timestamp, interval '1 month') AS d
    )
    SELECT to_char(m.first_day, 'YYYY-MM') AS month,
      (SELECT coalesce(sum(i.total), 0) FROM invoices i
        WHERE i.space_id = ${spaceId} AND i.status <> 'void' AND i.issued_on >= m.first_day AND i.issued_on < m.next_first) AS invoiced,
      (SELECT coalesce(sum(p.amount), 0) FROM payments p JOIN invoices i ON i.id = p.invoice_id
        WHERE i.space_id = ${spaceId} AND p.paid_at >= m.starts_at AND p.paid_at < m.ends_at) AS collected,
      (SELECT coalesce(sum(p.withheld), 0) FROM payments p JOIN invoices i ON i.id = p.invoice_id
        WHERE i.space_id = ${spaceId} AND p.paid_at >= m.starts_at AND p.paid_at < m.ends_at) AS withheld,
      (SELECT coalesce(sum(greatest(i.total - coalesce(
                (SELECT sum(p.amount + p.withheld) FROM payments p WHERE p.invoice_id = i.id AND p.paid_at < m.ends_at), 0), 0)), 0)
         FROM invoices i
        WHERE i.space_id = ${spaceId} AND i.issued_on < m.next_first
          AND (i.voided_at IS NULL OR i.voided_at >= m.ends_at)) AS outstanding
    FROM months m
    ORDER BY m.first_day`.execute(db);
  return rows.map((r) => ({
    month: r.month,
    invoiced: Number(r.invoiced),
    collected: Number(r.collected),
    withheld: Number(r.withheld),
    outstanding: Number(r.outstanding),
  }));
}
