// Network health over a period (issue 16, item 6), for the network manager: what the network produced (referrals
// given and won, business closed, hours exchanged, month by month), reciprocity per member as a traffic light (the
// rule is `reciprocityLight`), how connected the network is at the end of the period (density), how long newcomers
// take to their first connection, and where the introductions made in the period led. Also as CSV for the
// programme report (Bank Indonesia and ministry cluster programmes ask for these figures).
import { csvTable, ratioCell, type Cell } from "../csv.js";
import { DomainError } from "../errors.js";
import { dayBounds, addDays, localDate } from "../time.js";
import { density, monthsBetween, newcomerFigures, reciprocityLight } from "./health-figures.js";
import * as repo from "./health.repository.js";
import type { LedgerHealthOut, LedgerHealthQuery, HealthCsvSection } from "./ledger.schemas.js";
import { hoursOf } from "./referral-flow.js";
import type { Actor, CommunityDeps } from "./referrals.service.js";

export { reciprocityLight } from "./health-figures.js";

/** The network's zone for a period's local dates and months (the spaces each keep their own for bookings). */
const NETWORK_ZONE = "Asia/Jakarta";
const DEFAULT_DAYS = 90;

type Period = Pick<LedgerHealthQuery, "from" | "to">;

const SECTIONS: Record<HealthCsvSection, { header: string[]; rows: (h: LedgerHealthOut) => Cell[][] }> = {
  summary: {
    header: ["metric", "value"],
    rows: (h) => [
      ["periodFrom", h.period.from],
      ["periodTo", h.period.to],
      ["referralsGiven", h.referrals],
      ["referralsWon", h.won],
      ["closedValueIdr", h.closedValue],
      ["hoursExchanged", h.hoursExchanged],
      ["reciprocityGreen", h.reciprocity.green],
      ["reciprocityAmber", h.reciprocity.amber],
      ["reciprocityRed", h.reciprocity.red],
      ["members", h.density.members],
      ["connections", h.density.connections],
      ["density", ratioCell(h.density.density)],
      ["newcomers", h.newcomers.joined],
      ["newcomersConnected", h.newcomers.connected],
      [`newcomersConnectedWithin${h.newcomers.withinDays}Days`, h.newcomers.connectedWithin],
      ["medianDaysToFirstConnection", h.newcomers.medianDaysToFirstConnection],
      ["introductions", h.introduced.total],
      ["introductionsConnected", h.introduced.connected],
      ["introductionsMet", h.introduced.met],
      ["introductionsReferred", h.introduced.referred],
    ],
  },
  months: {
    header: ["month", "referralsGiven", "referralsWon", "closedValueIdr", "hoursExchanged"],
    rows: (h) => h.months.map((m) => [m.month, m.referrals, m.won, m.closedValue, m.hoursExchanged]),
  },
  members: {
    header: ["memberId", "name", "referralsGiven", "referralsReceived", "hoursGiven", "hoursReceived", "light"],
    rows: (h) => h.reciprocity.members.map((m) => [m.memberId, m.name, m.referralsGiven, m.referralsReceived, m.hoursGiven, m.hoursReceived, m.light]),
  },
};

export function createLedgerHealth({ db, clock }: CommunityDeps) {
  const health = {
    async health(actor: Actor, query: Period): Promise<LedgerHealthOut> {
      if (actor.role !== "admin") throw new DomainError("forbidden", "Only the network manager can see network health.", { reason: "network_manager_only" });
      const to = query.to ?? localDate(clock.now(), NETWORK_ZONE);
      const from = query.from ?? addDays(to, -(DEFAULT_DAYS - 1));
      if (from > to) throw new DomainError("validation_failed", "`from` must not be after `to`.", { reason: "to_before_from", errors: [{ path: "to", code: "to_before_from", message: "Not before from" }] });
      const start = dayBounds(from, NETWORK_ZONE).start.toISOString();
      const end = dayBounds(to, NETWORK_ZONE).end.toISOString();
      const [totals, members, shape, joined, introduced, byMonth] = await Promise.all([
        repo.producedTotals(db, start, end),
        repo.contributions(db, start, end),
        repo.shapeAt(db, end),
        repo.newcomers(db, start, end),
        repo.introductionOutcomes(db, start, end),
        repo.monthly(db, start, end, NETWORK_ZONE),
      ]);
      const rows = members.map((r) => ({
        memberId: r.memberId,
        name: r.name,
        referralsGiven: r.referralsGiven,
        referralsReceived: r.referralsReceived,
        hoursGiven: hoursOf(r.minutesGiven),
        hoursReceived: hoursOf(r.minutesReceived),
        light: reciprocityLight(r.referralsGiven + r.minutesGiven / 60, r.referralsReceived + r.minutesReceived / 60),
      }));
      const count = (light: string) => rows.filter((r) => r.light === light).length;
      return {
        period: { from, to },
        referrals: totals.referrals,
        won: totals.won,
        closedValue: totals.closedValue,
        hoursExchanged: hoursOf(totals.minutes),
        reciprocity: { green: count("green"), amber: count("amber"), red: count("red"), members: rows },
        months: monthsBetween(from, to).map((month) => {
          const m = byMonth.get(month);
          return { month, referrals: m?.referrals ?? 0, won: m?.won ?? 0, closedValue: m?.closedValue ?? 0, hoursExchanged: hoursOf(m?.minutes ?? 0) };
        }),
        density: { ...shape, density: density(shape.members, shape.connections) },
        newcomers: newcomerFigures(joined),
        introduced,
      };
    },

    /** One table of `health` as CSV (RFC 4180, formula-safe), with its file name. */
    async healthCsv(actor: Actor, query: Period & { section: HealthCsvSection }): Promise<{ filename: string; csv: string }> {
      const h = await health.health(actor, query);
      const section = SECTIONS[query.section];
      return { filename: `network-health-${query.section}-${h.period.from}-${h.period.to}.csv`, csv: csvTable(section.header, section.rows(h)) };
    },
  };
  return health;
}
