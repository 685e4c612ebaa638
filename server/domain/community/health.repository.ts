// The reads behind network health (issue 16, item 6): what the network produced in a period [start, end), how
// connected it is at the end of it, how fast newcomers find someone, and where introductions led. Read-only
// reporting over the community's tables and the network's connections and introductions (one SQL round trip
// each, no rows counted in JavaScript beyond the newcomers' waits).
import { sql } from "kysely";
import type { DB } from "../../../db/connect.js";

type Num = string | number;

export async function producedTotals(db: DB, start: string, end: string) {
  const { rows } = await sql<{ referrals: Num; won: Num; closed_value: Num; minutes: Num }>`
    SELECT
      (SELECT count(*) FROM referrals WHERE created_at >= ${start}::timestamptz AND created_at < ${end}::timestamptz) AS referrals,
      (SELECT count(*) FROM referrals WHERE status = 'won' AND closed_at >= ${start}::timestamptz AND closed_at < ${end}::timestamptz) AS won,
      (SELECT coalesce(sum(closed_value), 0) FROM referrals WHERE status = 'won' AND closed_at >= ${start}::timestamptz AND closed_at < ${end}::timestamptz) AS closed_value,
      (SELECT coalesce(sum(CASE WHEN kind = 'transfer' THEN minutes ELSE -minutes END), 0) FROM hour_entries
         WHERE created_at >= ${start}::timestamptz AND created_at < ${end}::timestamptz) AS minutes`.execute(db);
  const t = rows[0]!;
  return { referrals: Number(t.referrals), won: Number(t.won), closedValue: Number(t.closed_value), minutes: Number(t.minutes) };
}

/** Per member active in the period: referrals given and received, minutes given and received (net of reversals). */
export async function contributions(db: DB, start: string, end: string) {
  const { rows } = await sql<{ member_id: string; name: string; referrals_given: Num; referrals_received: Num; minutes_given: Num; minutes_received: Num }>`
    WITH moves AS (
      SELECT from_member_id AS member_id, 1 AS rg, 0 AS rr, 0 AS mg, 0 AS mr FROM referrals
        WHERE from_member_id IS NOT NULL AND created_at >= ${start}::timestamptz AND created_at < ${end}::timestamptz
      UNION ALL
      SELECT to_member_id, 0, 1, 0, 0 FROM referrals
        WHERE to_member_id IS NOT NULL AND created_at >= ${start}::timestamptz AND created_at < ${end}::timestamptz
      UNION ALL
      SELECT CASE WHEN kind = 'transfer' THEN creditor_id ELSE debtor_id END, 0, 0, CASE WHEN kind = 'transfer' THEN minutes ELSE -minutes END, 0
        FROM hour_entries WHERE created_at >= ${start}::timestamptz AND created_at < ${end}::timestamptz
      UNION ALL
      SELECT CASE WHEN kind = 'transfer' THEN debtor_id ELSE creditor_id END, 0, 0, 0, CASE WHEN kind = 'transfer' THEN minutes ELSE -minutes END
        FROM hour_entries WHERE created_at >= ${start}::timestamptz AND created_at < ${end}::timestamptz
    )
    SELECT m.id AS member_id, m.name, sum(rg) AS referrals_given, sum(rr) AS referrals_received, sum(mg) AS minutes_given, sum(mr) AS minutes_received
    FROM moves JOIN members m ON m.id = moves.member_id
    GROUP BY m.id, m.name
    ORDER BY m.name, m.id`.execute(db);
  return rows.map((r) => ({
    memberId: r.member_id,
    name: r.name,
    referralsGiven: Number(r.referrals_given),
    referralsReceived: Number(r.referrals_received),
    minutesGiven: Number(r.minutes_given),
    minutesReceived: Number(r.minutes_received),
  }));
}

/**
 * The network's shape at `end`: members who had joined by then and are not suspended, and the accepted
 * connections among them by then (a connection is one pair, whoever asked).
 */
export async function shapeAt(db: DB, end: string) {
  const { rows } = await sql<{ members: Num; connections: Num }>`
    WITH live AS (SELECT id FROM members WHERE suspended_at IS NULL AND created_at < ${end}::timestamptz)
    SELECT (SELECT count(*) FROM live) AS members,
           (SELECT count(DISTINCT (least(c.requester_id, c.addressee_id), greatest(c.requester_id, c.addressee_id)))
              FROM connections c
             WHERE c.status = 'accepted' AND c.responded_at < ${end}::timestamptz
               AND c.requester_id IN (SELECT id FROM live) AND c.addressee_id IN (SELECT id FROM live)) AS connections`.execute(db);
  const r = rows[0]!;
  return { members: Number(r.members), connections: Number(r.connections) };
}

/** Members who joined in the period, each with when they joined and their first accepted connection (if any, ever). */
export async function newcomers(db: DB, start: string, end: string) {
  const { rows } = await sql<{ joined_at: Date | string; first_at: Date | string | null }>`
    SELECT m.created_at AS joined_at,
           (SELECT min(c.responded_at) FROM connections c
             WHERE c.status = 'accepted' AND (c.requester_id = m.id OR c.addressee_id = m.id)) AS first_at
      FROM members m
     WHERE m.suspended_at IS NULL AND m.created_at >= ${start}::timestamptz AND m.created_at < ${end}::timestamptz`.execute(db);
  return rows.map((r) => ({ joinedAt: new Date(r.joined_at), firstAt: r.first_at === null ? null : new Date(r.first_at) }));
}

/**
 * Introductions the network manager made in the period and where they led: the pair connected (an accepted
 * connection, either way), either of the two said they met, and the pair passed business (a referral between them, either way, after the introduction).
 */
export async function introductionOutcomes(db: DB, start: string, end: string) {
  const { rows } = await sql<{ total: Num; connected: Num; met: Num; referred: Num }>`
    WITH made AS (
      SELECT i.* FROM introductions i WHERE i.created_at >= ${start}::timestamptz AND i.created_at < ${end}::timestamptz
    )
    SELECT count(*) AS total,
           count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM connections c WHERE c.status = 'accepted'
                AND least(c.requester_id, c.addressee_id) = least(made.member_a, made.member_b)
                AND greatest(c.requester_id, c.addressee_id) = greatest(made.member_a, made.member_b))) AS connected,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM introduction_feedback f WHERE f.introduction_id = made.id AND f.met)) AS met,
           count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM referrals r WHERE r.created_at >= made.created_at
                AND ((r.from_member_id = made.member_a AND r.to_member_id = made.member_b)
                  OR (r.from_member_id = made.member_b AND r.to_member_id = made.member_a)))) AS referred
      FROM made`.execute(db);
  const r = rows[0]!;
  return { total: Number(r.total), connected: Number(r.connected), met: Number(r.met), referred: Number(r.referred) };
}

/** Month by month (in `zone`), what the network produced: referrals given, won, business closed and net minutes. */
export async function monthly(db: DB, start: string, end: string, zone: string) {
  const { rows } = await sql<{ month: string; referrals: Num; won: Num; closed_value: Num; minutes: Num }>`
    WITH facts AS (
      SELECT created_at AS at, 1 AS referrals, 0 AS won, 0::bigint AS closed_value, 0 AS minutes FROM referrals
        WHERE created_at >= ${start}::timestamptz AND created_at < ${end}::timestamptz
      UNION ALL
      SELECT closed_at, 0, 1, closed_value, 0 FROM referrals
        WHERE status = 'won' AND closed_at >= ${start}::timestamptz AND closed_at < ${end}::timestamptz
      UNION ALL
      SELECT created_at, 0, 0, 0, CASE WHEN kind = 'transfer' THEN minutes ELSE -minutes END FROM hour_entries
        WHERE created_at >= ${start}::timestamptz AND created_at < ${end}::timestamptz
    )
    SELECT to_char(at AT TIME ZONE ${zone}, 'YYYY-MM') AS month,
           sum(referrals) AS referrals, sum(won) AS won, coalesce(sum(closed_value), 0) AS closed_value, sum(minutes) AS minutes
      FROM facts GROUP BY 1 ORDER BY 1`.execute(db);
  return new Map(rows.map((r) => [r.month, { referrals: Number(r.referrals), won: Number(r.won), closedValue: Number(r.closed_value), minutes: Number(r.minutes) }]));
}
