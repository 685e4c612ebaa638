// The network manager's ledger (issue 16, shared/API.md "The network manager's ledger and community events"):
// referrals (business passed on, forward-only steps) and hours invested (mutual credit). Inputs and outputs.
import { z } from "zod";
import { Id, multiline, text } from "../validation.js";

/** Whole rupiah without tax, up to a trillion. */
const Rupiah = z.number().int().min(0).max(1_000_000_000_000);
const Instant = z.iso.datetime({ offset: true });

export const REFERRAL_STATUSES = ["given", "contacted", "meeting", "won", "lost"] as const;
export const ReferralStatus = z.enum(REFERRAL_STATUSES);
export type ReferralStatus = z.infer<typeof ReferralStatus>;

export const ReferralCreate = z.strictObject({
  toMemberId: Id,
  /** Who the business is for: a name, a company (the giver's words). */
  prospect: text().trim().min(1).max(200),
  /** What they need. */
  description: multiline().trim().max(2000).default(""),
  estimatedValue: Rupiah.optional(),
});
export type ReferralCreate = z.infer<typeof ReferralCreate>;

export const ReferralStep = z
  .strictObject({
    status: z.enum(["contacted", "meeting", "won", "lost"]),
    /** Required with `won`: the business closed, in rupiah without tax. */
    closedValue: Rupiah.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.status === "won" && v.closedValue === undefined) ctx.addIssue({ code: "custom", path: ["closedValue"], message: "closed_value_required" });
    if (v.status !== "won" && v.closedValue !== undefined) ctx.addIssue({ code: "custom", path: ["closedValue"], message: "closed_value_only_won" });
  });
export type ReferralStep = z.infer<typeof ReferralStep>;

const Party = z.object({ id: z.uuid(), name: z.string() }).nullable();

export const ReferralOut = z.object({
  id: z.uuid(),
  from: Party.describe("The giver (null: a former member)"),
  to: Party.describe("The receiver (null: a former member)"),
  prospect: z.string(),
  description: z.string(),
  estimatedValue: z.number().int().nullable(),
  status: ReferralStatus,
  closedValue: z.number().int().nullable(),
  steps: z.array(z.object({ status: ReferralStatus, at: Instant })),
  createdAt: Instant,
  closedAt: Instant.nullable(),
});
export type ReferralOut = z.infer<typeof ReferralOut>;

export const ReferralListQuery = z.strictObject({
  /** given: the ones I passed on; received: the ones passed to me; default both. */
  side: z.enum(["given", "received"]).optional(),
  status: ReferralStatus.optional(),
});
export type ReferralListQuery = z.infer<typeof ReferralListQuery>;
export const ReferralList = z.object({ items: z.array(ReferralOut) });

/** Hours in quarter-hour steps, from a quarter of an hour to 100 hours in one record. */
const Hours = z
  .number()
  .min(0.25)
  .max(100)
  .refine((h) => Number.isInteger(h * 4), { message: "quarter_hours" });

export const HoursCreate = z.strictObject({
  toMemberId: Id,
  hours: Hours,
  description: text().trim().min(1).max(500),
});
export type HoursCreate = z.infer<typeof HoursCreate>;

export const HoursReverse = z.strictObject({ reason: text().trim().min(1).max(500) });
export type HoursReverse = z.infer<typeof HoursReverse>;

export const HOUR_STATUSES = ["pending", "confirmed", "rejected", "reversed"] as const;

export const HoursOut = z.object({
  id: z.uuid(),
  from: Party,
  to: Party,
  hours: z.number(),
  description: z.string(),
  status: z.enum(HOUR_STATUSES),
  createdAt: Instant,
  decidedAt: Instant.nullable(),
});
export type HoursOut = z.infer<typeof HoursOut>;

export const HoursListQuery = z.strictObject({
  status: z.enum(HOUR_STATUSES).optional(),
  side: z.enum(["given", "received"]).optional(),
});
export type HoursListQuery = z.infer<typeof HoursListQuery>;
export const HoursList = z.object({ items: z.array(HoursOut) });

export const LedgerEntryOut = z.object({
  id: z.uuid(),
  recordId: z.uuid(),
  kind: z.enum(["transfer", "reversal"]),
  /** Positive: hours credited to me; negative: debited. */
  hours: z.number(),
  other: Party,
  description: z.string(),
  createdAt: Instant,
});

export const MyLedgerOut = z.object({
  hours: z.object({
    balance: z.number().describe("Hours credited minus hours debited"),
    given: z.number(),
    received: z.number(),
    limit: z.number().describe("The lowest balance allowed (≤ 0)"),
    pendingToConfirm: z.number().int(),
  }),
  referrals: z.object({
    given: z.number().int(),
    received: z.number().int(),
    won: z.number().int().describe("Referrals I gave that were won"),
    closedValue: z.number().int().describe("Business closed from referrals I gave (rupiah, without tax)"),
    wonReceived: z.number().int(),
    closedValueReceived: z.number().int(),
  }),
  entries: z.array(LedgerEntryOut),
});
export type MyLedgerOut = z.infer<typeof MyLedgerOut>;

/** What anyone may see of another member: counts only, never amounts. */
export const MemberLedgerOut = z.object({
  referralsGiven: z.number().int(),
  referralsWon: z.number().int(),
  hoursGiven: z.number(),
  hoursReceived: z.number(),
});
export type MemberLedgerOut = z.infer<typeof MemberLedgerOut>;

export const LedgerSettings = z.strictObject({
  /** The lowest hours balance a member may reach (0 to −1000). */
  creditLimitHours: z.number().min(-1000).max(0).refine((h) => Number.isInteger(h * 4), { message: "quarter_hours" }),
});
export type LedgerSettings = z.infer<typeof LedgerSettings>;
export const LedgerSettingsOut = z.object({ creditLimitHours: z.number() });

const LocalDay = z.iso.date().refine((d) => Number(d.slice(0, 4)) >= 2000 && Number(d.slice(0, 4)) <= 2100, { message: "year_range", params: { min: "2000", max: "2100" } });
export const LedgerHealthQuery = z.strictObject({
  /** First local date of the period (the network's zone); default 89 days before `to`. */
  from: LocalDay.optional(),
  /** Last local date of the period; default today. */
  to: LocalDay.optional(),
  format: z.enum(["json", "csv"]).default("json"),
  /** Which table the CSV carries (JSON always has all of them): the figures, month by month, or per member. */
  section: z.enum(["summary", "months", "members"]).default("summary"),
});
export type LedgerHealthQuery = z.infer<typeof LedgerHealthQuery>;
export type HealthCsvSection = LedgerHealthQuery["section"];

export const LedgerHealthOut = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  referrals: z.number().int().describe("Referrals given in the period"),
  won: z.number().int().describe("Referrals won in the period"),
  closedValue: z.number().int().describe("Business closed in the period (rupiah, without tax)"),
  hoursExchanged: z.number().describe("Hours confirmed in the period, net of reversals"),
  reciprocity: z.object({
    green: z.number().int(),
    amber: z.number().int(),
    red: z.number().int(),
    members: z.array(
      z.object({
        memberId: z.uuid(),
        name: z.string(),
        referralsGiven: z.number().int(),
        referralsReceived: z.number().int(),
        hoursGiven: z.number(),
        hoursReceived: z.number(),
        light: z.enum(["green", "amber", "red"]),
      }),
    ),
  }),
  months: z
    .array(z.object({ month: z.string().describe("YYYY-MM"), referrals: z.number().int(), won: z.number().int(), closedValue: z.number().int(), hoursExchanged: z.number() }))
    .describe("Every month the period touches, in the network's zone (Asia/Jakarta), with what it produced"),
  density: z
    .object({ members: z.number().int(), connections: z.number().int(), density: z.number() })
    .describe("At the end of the period: members (not suspended), accepted connections among them, and the share of all possible pairs connected"),
  newcomers: z
    .object({
      joined: z.number().int(),
      connected: z.number().int(),
      connectedWithin: z.number().int(),
      withinDays: z.number().int(),
      medianDaysToFirstConnection: z.number().nullable(),
    })
    .describe("Members who joined in the period: how many have a connection, how many found it within `withinDays`, and the median wait in days"),
  introduced: z
    .object({ total: z.number().int(), connected: z.number().int(), met: z.number().int(), referred: z.number().int() })
    .describe("Introductions made in the period: how many pairs connected, met (either said so), and passed business (a referral between them afterwards)"),
});
export type LedgerHealthOut = z.infer<typeof LedgerHealthOut>;
