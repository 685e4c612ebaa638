// zod input and output schemas of billing's plans and subscriptions (one validation for form actions, API and OpenAPI).
import { z } from "zod";
import { isValidDate } from "../time.js";
import { multiline, text } from "../validation.js";

export const PLAN_KINDS = ["hot_desk", "dedicated_desk", "private_office", "virtual_office", "day_passes", "credits"] as const;
export const PLAN_INTERVALS = ["week", "month", "quarter", "year", "once"] as const;
export const SUBSCRIPTION_STATUSES = ["pending_payment", "active", "cancelling", "ended"] as const;

/** Integer rupiah up to a trillion (far above any plan, far below 2^53). */
export const Rupiah = z.number().int().min(0).max(1_000_000_000_000);
const Count = z.number().int().min(0).max(100_000);

/** A local date `YYYY-MM-DD` (in the space's zone), years 2000–2100. */
export const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "date_format")
  .refine(isValidDate, { message: "real_date" })
  .refine((v) => Number(v.slice(0, 4)) >= 2000 && Number(v.slice(0, 4)) <= 2100, { message: "year_range", params: { min: "2000", max: "2100" } });

const planFields = {
  name: text().trim().min(1).max(100),
  description: multiline().trim().max(1000).optional(),
  price: Rupiah,
  creditsPerCycle: Count.optional(),
  dayPassesPerCycle: Count.optional(),
  setupFee: Rupiah.optional(),
  deposit: Rupiah.optional(),
  /** Plans bought once: how many days their credits and passes stay valid (none: until used). */
  validDays: z.number().int().min(1).max(3660).optional(),
  public: z.boolean().optional(),
};

export const PlanCreateInput = z
  .strictObject({
    ...planFields,
    /** The space that sells it; admins may leave it out for a network-wide plan. */
    spaceId: z.uuid().optional(),
    kind: z.enum(PLAN_KINDS),
    interval: z.enum(PLAN_INTERVALS),
  })
  .refine((p) => p.validDays === undefined || p.interval === "once", { message: "valid_days_once_only", path: ["validDays"] });
export type PlanCreateInput = z.infer<typeof PlanCreateInput>;

export const PlanUpdateInput = z.strictObject({
  name: planFields.name.optional(),
  description: planFields.description,
  price: Rupiah.optional(),
  creditsPerCycle: planFields.creditsPerCycle,
  dayPassesPerCycle: planFields.dayPassesPerCycle,
  setupFee: planFields.setupFee,
  deposit: planFields.deposit,
  validDays: planFields.validDays.nullable(),
  public: planFields.public,
  /** false archives the plan: no new subscriptions; running ones go on. */
  active: z.boolean().optional(),
});
export type PlanUpdateInput = z.infer<typeof PlanUpdateInput>;

export const PlansQuery = z.strictObject({ spaceId: z.uuid().optional() });
export type PlansQuery = z.infer<typeof PlansQuery>;

export const PlanOut = z.object({
  id: z.string(),
  spaceId: z.string().nullable(),
  spaceName: z.string().nullable(),
  name: z.string(),
  description: z.string(),
  kind: z.enum(PLAN_KINDS),
  price: z.number().int(),
  currency: z.literal("IDR"),
  interval: z.enum(PLAN_INTERVALS),
  creditsPerCycle: z.number().int(),
  dayPassesPerCycle: z.number().int(),
  setupFee: z.number().int(),
  deposit: z.number().int(),
  validDays: z.number().int().nullable(),
  public: z.boolean(),
  active: z.boolean(),
  createdAt: z.string(),
});
export type PlanOut = z.infer<typeof PlanOut>;

export const SubscriptionCreateInput = z.strictObject({
  planId: z.uuid(),
  /** Operators: the member they subscribe (a member subscribes only themselves). */
  memberId: z.uuid().optional(),
  /** The first day (in the space's zone); today when left out. A start after a period's first day is pro-rated. */
  startDate: LocalDate.optional(),
  /** A network-wide plan: the space that sells it and issues its invoices. */
  spaceId: z.uuid().optional(),
});
export type SubscriptionCreateInput = z.infer<typeof SubscriptionCreateInput>;

export const QuoteQuery = z.strictObject({ startDate: LocalDate.optional(), spaceId: z.uuid().optional() });
export type QuoteQuery = z.infer<typeof QuoteQuery>;

export const QuoteLine = z.object({
  kind: z.enum(["plan", "setup_fee", "deposit"]),
  amount: z.number().int(),
  /** The plan line of a partial first period: its days out of the whole period's. */
  days: z.number().int().optional(),
  ofDays: z.number().int().optional(),
});
/** What the first invoice will say (PPN at the space's rate), before subscribing or buying. */
export const QuoteOut = z.object({
  planId: z.string(),
  spaceId: z.string(),
  startDate: z.string(),
  period: z.object({ start: z.string(), end: z.string(), lastDay: z.string() }),
  prorated: z.boolean(),
  lines: z.array(QuoteLine),
  credits: z.number().int(),
  dayPasses: z.number().int(),
  subtotal: z.number().int(),
  tax: z.object({ rate: z.number(), amount: z.number().int() }),
  total: z.number().int(),
  currency: z.literal("IDR"),
});
export type QuoteOut = z.infer<typeof QuoteOut>;

export const Period = z.object({
  start: z.string(),
  /** Exclusive: the day the next period starts (the renewal date). */
  end: z.string(),
  lastDay: z.string(),
});

export const SubscriptionOut = z.object({
  id: z.string(),
  status: z.enum(SUBSCRIPTION_STATUSES),
  planId: z.string(),
  plan: z.object({ name: z.string(), kind: z.enum(PLAN_KINDS), interval: z.enum(PLAN_INTERVALS), price: z.number().int() }),
  member: z.object({ id: z.string(), name: z.string() }),
  spaceId: z.string().nullable(),
  spaceName: z.string().nullable(),
  currentPeriod: Period,
  startedOn: z.string(),
  /** Cancelled: the day it ends (the current period's end). */
  endsOn: z.string().nullable(),
  /** Active and not cancelled: the day the next period starts and its invoice is issued. */
  renewsOn: z.string().nullable(),
  /** The latest invoice issued for it (null for a free plan). */
  invoiceId: z.string().nullable(),
  createdAt: z.string(),
});
export type SubscriptionOut = z.infer<typeof SubscriptionOut>;

export const SubscriptionCreatedOut = z.object({
  id: z.string(),
  status: z.enum(SUBSCRIPTION_STATUSES),
  currentPeriod: z.object({ start: z.string(), end: z.string() }),
  invoiceId: z.string().nullable(),
});
export const SubscriptionCancelledOut = z.object({ status: z.literal("cancelling"), endsOn: z.string() });

export const SubscriptionsQuery = z.strictObject({ status: z.enum(SUBSCRIPTION_STATUSES).optional() });
