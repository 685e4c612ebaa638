// What the network produced over a period (issue 16, item 6), for the network manager: referrals given and won,
// business closed, hours exchanged, and reciprocity per member as a traffic light (the rule is RECIPROCITY_RULE).
import { sql } from "kysely";
import { DomainError } from "../errors.js";
import { dayBounds, addDays, localDate } from "../time.js";
import type { LedgerHealthOut, LedgerHealthQuery } from "./ledger.schemas.js";
import { hoursOf } from "./referral-flow.js";
import type { Actor, CommunityDeps } from "./referrals.service.js";

/** The network's zone for a period's local dates (the spaces each keep their own for bookings). */
const NETWORK_ZONE = "Asia/Jakarta";
const DEFAULT_DAYS = 90;

/**
 * The traffic light, per member active in the period, on contributions = referrals + hours (one referral counts
 * as one hour): green when they gave at least what they received, amber when at least half, red below half.
 */
export function reciprocityLight(given: number, received: number): "green" | "amber" | "red" {
  if (given >= received) return "green";
  return given * 2 >= received ? "amber" : "red";
}

export function createLedgerHealth({ db, clock }: CommunityDeps) {
  return {
    async health(actor: Actor, query: LedgerHealthQuery): Promise<LedgerHealthOut> {
      if (actor.role !== "admin") throw new DomainError("forbidden", "Only the network manager can see network health.", { reason: "network_manager_only" });
      const to = query.to ?? localDate(clock.now(), NETWORK_ZONE);
      const from = query.from ?? addDays(to, -(DEFAULT_DAYS - 1));
      if (from > to) throw new DomainError("validation_failed", "`from` must not be after `to`.", { reason: "to_before_from", errors: [{ path: "to", code: "to_before_from", message: "Not before from" }] });
      const start = dayBounds(from, NETWORK_ZONE).start.toISOString();
      const end = dayBounds(to, NETWORK_ZONE).end.toISOString();
      const [totals, members] = await Promise.all([
        sql<{ referrals: string | number; won: string | number; closed_value: string | number; minutes: string | number }>`
          SELECT
            (SELECT count(*) FROM referrals WHERE created_at >= ${start}::timestamptz AND created_at < ${end}::timestamptz) AS referrals,
            (SELECT count(*) FROM referrals WHERE status = 'won' AND closed_at >= ${start}::timestamptz AND closed_at < ${end}::timestamptz) AS won,
            (SELECT coalesce(sum(closed_value), 0) FROM referrals WHERE status = 'won' AND closed_at >= ${start}::timestamptz AND closed_at < ${end}::timestamptz) AS closed_value,
            (SELECT coalesce(sum(CASE WHEN kind = 'transfer' THEN minutes ELSE -minutes END), 0) FROM hour_entries
               WHERE created_at >= ${start}::timestamptz AND created_at < ${end}::timestamptz) AS minutes`.execute(db),
        sql<{ member_id: string; name: string; referrals_given: string | number; referrals_received: string | number; minutes_given: string | number; minutes_received: string | number }>`
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
          ORDER BY m.name, m.id`.execute(db),
      ]);
      const t = totals.rows[0]!;
      const rows = members.rows.map((r) => {
        const given = Number(r.referrals_given) + Number(r.minutes_given) / 60;
        const received = Number(r.referrals_received) + Number(r.minutes_received) / 60;
        return {
          memberId: r.member_id,
          name: r.name,
          referralsGiven: Number(r.referrals_given),
          referralsReceived: Number(r.referrals_received),
          hoursGiven: hoursOf(Number(r.minutes_given)),
          hoursReceived: hoursOf(Number(r.minutes_received)),
          light: reciprocityLight(given, received),
        };
      });
      const count = (light: string) => rows.filter((r) => r.light === light).length;
      return {
        period: { from, to },
        referrals: Number(t.referrals),
        won: Number(t.won),
        closedValue: Number(t.closed_value),
        hoursExchanged: hoursOf(Number(t.minutes)),
        reciprocity: { green: count("green"), amber: count("amber"), red: count("red"), members: rows },
      };
    },
  };
}
