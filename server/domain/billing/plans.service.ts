// Billing: plans, subscriptions (pro-rated starts, by the member or an operator, cancelled at the period's end),
// purchases of credit packages and day-pass bundles (plans bought once), and the renewal run.
//
// Money moves through the other billing modules, always inside this module's transaction: the first invoice (and
// each renewal's) through invoices.issue, credits and passes through wallet.grant / wallet.lapse. A member's own
// subscription waits for its first invoice to be paid (invoices.onPaid runs the activation in the paying
// transaction); an operator's starts at once, its invoice outstanding.
import type { DB } from "../../../db/connect.js";
import type { PlanCycle, Role, SubscriptionStatus } from "../../../db/schema.js";
import { DomainError, isUniqueViolation, notFound } from "../errors.js";
import { inTx, type Effect } from "../shared/tx.js";
import { localDate } from "../time.js";
import type { BillingDeps } from "./deps.js";
import { taxSplit } from "./money.js";
import { lastDayOf, nextPeriod, oncePeriod, plusDays, type Cycle, type Period } from "./periods.js";
import * as repo from "./plans.repository.js";
import type {
  PlanCreateInput,
  PlanOut,
  PlansQuery,
  PlanUpdateInput,
  QuoteOut,
  QuoteQuery,
  SubscriptionCreateInput,
  SubscriptionOut,
} from "./plans.schemas.js";
import { prorate } from "./proration.js";

type Actor = { id: string; role: Role };

/** What plans needs of the invoices module (its owner builds it; see index.ts). */
export type InvoiceLineInput = {
  kind: string;
  description?: string;
  facts?: Record<string, string | number>;
  quantity: number;
  unitPrice: number;
  planId?: string;
  bookingId?: string;
};
export type InvoicesPort = {
  issue(
    trx: DB,
    input: {
      spaceId: string;
      memberId: string;
      kind: "subscription" | "purchase" | "usage" | "manual";
      subscriptionId?: string;
      lines: InvoiceLineInput[];
      issuedOn?: string;
      dueOn?: string;
      createdBy?: string;
      note?: string;
    },
    /** Events (invoice.issued) to publish once the caller's transaction has committed. */
    effects?: Effect[],
  ): Promise<{ id: string }>;
  onPaid(hook: (trx: DB, invoice: { id: string }) => Promise<void>): void;
  onVoided?(hook: (trx: DB, invoice: { id: string }) => Promise<void>): void;
};
/** What plans needs of the wallet module. */
export type WalletPort = {
  grant(
    trx: DB,
    input: {
      memberId: string;
      spaceId: string | null;
      unit: "credit" | "day_pass";
      amount: number;
      kind: "grant" | "purchase" | "adjustment";
      expiresOn: string | null;
      reason?: string;
      subscriptionId?: string;
      invoiceId?: string;
      createdBy?: string;
    },
  ): Promise<unknown>;
  lapse(trx: DB, input: { subscriptionId: string; today: string }): Promise<unknown>;
};

export type PlansDeps = BillingDeps & {
  settings: { get(trx: DB, spaceId: string): Promise<{ taxRate: number; pricesIncludeTax: boolean }> };
  invoices: InvoicesPort;
  wallet: WalletPort;
};

/** How far ahead a subscription may be started. */
export const MAX_START_AHEAD_DAYS = 92;

const money = (v: string | number) => Number(v);

function planOut(r: repo.PlanRow): PlanOut {
  return {
    id: r.id,
    spaceId: r.space_id,
    spaceName: r.space_name ?? null,
    name: r.name,
    description: r.description,
    kind: r.kind,
    price: money(r.price),
    currency: "IDR",
    interval: r.cycle,
    creditsPerCycle: r.credits_per_cycle,
    dayPassesPerCycle: r.day_passes_per_cycle,
    setupFee: money(r.setup_fee),
    deposit: money(r.deposit),
    validDays: r.valid_days,
    public: r.public,
    active: r.active,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

function subscriptionOut(r: repo.SubscriptionRow): SubscriptionOut {
  const period = { start: r.period_start, end: r.period_end };
  return {
    id: r.id,
    status: r.status,
    planId: r.plan_id,
    plan: { name: r.plan_name, kind: r.plan_kind, interval: r.plan_cycle, price: money(r.plan_price) },
    member: { id: r.member_id, name: r.member_name },
    spaceId: r.space_id,
    spaceName: r.space_name ?? null,
    currentPeriod: { ...period, lastDay: lastDayOf(period) },
    startedOn: r.started_on,
    endsOn: r.ends_on,
    renewsOn: r.status === "active" && r.plan_cycle !== "once" ? r.period_end : null,
    invoiceId: r.invoice_id ?? null,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** The first period of a plan starting on a date, what it costs and what it grants. */
function firstCycle(plan: PlanOut, startDate: string) {
  if (plan.interval === "once") {
    return { period: oncePeriod(startDate, plan.validDays), price: plan.price, credits: plan.creditsPerCycle, dayPasses: plan.dayPassesPerCycle, days: 0, ofDays: 0, prorated: false };
  }
  const p = prorate(startDate, plan.interval, plan);
  return { period: p.period, price: p.price, credits: p.credits, dayPasses: p.dayPasses, days: p.days, ofDays: p.ofDays, prorated: p.days < p.ofDays };
}

export function createPlans(deps: PlansDeps) {
  const { db, clock, spaces, settings, invoices, wallet } = deps;

  const canRun = (actor: Actor, spaceId: string | null, trx: DB = db) =>
    spaceId === null ? Promise.resolve(actor.role === "admin") : spaces.runs(actor, spaceId, trx);

  /** A plan the actor may see: public and active, or one of a space they run. */
  async function visiblePlan(actor: Actor, id: string, trx: DB = db): Promise<PlanOut> {
    const row = await repo.findPlan(trx, id);
    if (!row) throw notFound("Plan");
    if ((row.public && row.active) || (await canRun(actor, row.space_id, trx))) return planOut(row);
    throw notFound("Plan");
  }

  async function zoneOf(trx: DB, spaceId: string) {
    const s = await repo.spaceZone(trx, spaceId);
    if (!s) throw notFound("Space");
    return s;
  }

  /** The space that sells a subscription: the plan's, or (network-wide plans) the one named. */
  function sellingSpace(plan: PlanOut, spaceId: string | undefined): string {
    if (plan.spaceId) return plan.spaceId;
    if (!spaceId) {
      throw new DomainError("validation_failed", "A network-wide plan needs the space that sells it.", {
        reason: "space_required",
        errors: [{ path: "spaceId", code: "space_required", message: "Name the space that sells this plan." }],
      });
    }
    return spaceId;
  }

  function checkStart(startDate: string, today: string) {
    if (startDate < today) throw new DomainError("in_the_past", "A subscription starts today or later.", { reason: "start_in_past", today });
    if (startDate > plusDays(today, MAX_START_AHEAD_DAYS)) {
      throw new DomainError("rule_violation", `A subscription starts at most ${MAX_START_AHEAD_DAYS} days ahead.`, { reason: "start_too_far", maxDays: MAX_START_AHEAD_DAYS });
    }
  }

  async function quoteFor(trx: DB, plan: PlanOut, spaceId: string, startDate: string): Promise<QuoteOut> {
    const cycle = firstCycle(plan, startDate);
    const lines: QuoteOut["lines"] = [];
    if (cycle.price > 0 || (plan.setupFee === 0 && plan.deposit === 0)) {
      lines.push({ kind: "plan", amount: cycle.price, ...(cycle.prorated ? { days: cycle.days, ofDays: cycle.ofDays } : {}) });
    }
    if (plan.setupFee > 0) lines.push({ kind: "setup_fee", amount: plan.setupFee });
    if (plan.deposit > 0) lines.push({ kind: "deposit", amount: plan.deposit });
    const s = await settings.get(trx, spaceId);
    const sum = lines.reduce((a, l) => a + l.amount, 0);
    const split = taxSplit(sum, s.taxRate, s.pricesIncludeTax);
    return {
      planId: plan.id,
      spaceId,
      startDate,
      period: { ...cycle.period, lastDay: lastDayOf(cycle.period) },
      prorated: cycle.prorated,
      lines,
      credits: cycle.credits,
      dayPasses: cycle.dayPasses,
      subtotal: split.subtotal,
      tax: { rate: s.taxRate, amount: split.tax },
      total: split.total,
      currency: "IDR",
    };
  }

  /** Grants a cycle's credits and passes: plan grants lapse at the period's end, purchases after their validity. */
  async function grantCycle(
    trx: DB,
    sub: { id: string; memberId: string; planSpaceId: string | null; cycle: PlanCycle; validDays: number | null; planName: string },
    amounts: { credits: number; dayPasses: number },
    period: Period,
    today: string,
    invoiceId: string | null,
    createdBy: string | null,
  ) {
    const once = sub.cycle === "once";
    const expiresOn = once ? (sub.validDays === null ? null : plusDays(today, sub.validDays - 1)) : lastDayOf(period);
    for (const [unit, amount] of [["credit", amounts.credits], ["day_pass", amounts.dayPasses]] as const) {
      if (amount <= 0) continue;
      await wallet.grant(trx, {
        memberId: sub.memberId,
        spaceId: sub.planSpaceId,
        unit,
        amount,
        kind: once ? "purchase" : "grant",
        expiresOn,
        reason: sub.planName,
        subscriptionId: sub.id,
        ...(invoiceId ? { invoiceId } : {}),
        ...(createdBy ? { createdBy } : {}),
      });
    }
  }

  /**
   * A pending subscription whose first invoice is paid: active (a once-bought plan: granted, then ended), with what
   * its first period grants. Runs in the paying transaction; a second call (a replayed payment) changes nothing.
   */
  async function activate(trx: DB, subscriptionId: string, invoiceId: string | null) {
    const locked = await repo.lockSubscription(trx, subscriptionId);
    if (!locked || locked.status !== "pending_payment") return;
    const plan = await repo.findPlan(trx, locked.plan_id);
    if (!plan) return;
    const out = planOut(plan);
    const zone = await zoneOf(trx, locked.space_id!);
    const today = localDate(clock.now(), zone.timezone);
    const period = { start: locked.period_start, end: locked.period_end };
    // The first period's share, as quoted when it was bought (pro-rated from its start).
    const cycle = firstCycle(out, locked.period_start);
    await grantCycle(
      trx,
      { id: locked.id, memberId: locked.member_id, planSpaceId: out.spaceId, cycle: out.interval, validDays: out.validDays, planName: out.name },
      cycle,
      period,
      today,
      invoiceId,
      null,
    );
    if (out.interval === "once") await repo.setStatus(trx, locked.id, "ended", { ended: true, endsOn: today });
    else await repo.setStatus(trx, locked.id, "active");
  }

  invoices.onPaid(async (trx, invoice) => {
    const subscriptionId = await repo.subscriptionOfInvoice(trx, invoice.id);
    if (subscriptionId) await activate(trx, subscriptionId, invoice.id);
  });
  // A first invoice voided before it was paid: the subscription it was waiting for never starts.
  invoices.onVoided?.(async (trx, invoice) => {
    const subscriptionId = await repo.subscriptionOfInvoice(trx, invoice.id);
    if (!subscriptionId) return;
    const locked = await repo.lockSubscription(trx, subscriptionId);
    if (locked?.status === "pending_payment") await repo.setStatus(trx, locked.id, "ended", { ended: true });
  });

  async function visibleSubscription(actor: Actor, id: string, trx: DB = db) {
    const row = await repo.findSubscription(trx, id);
    if (!row) throw notFound("Subscription");
    if (row.member_id === actor.id || (row.space_id !== null && (await spaces.runs(actor, row.space_id, trx))) || actor.role === "admin") return row;
    throw notFound("Subscription");
  }

  return {
    // ---- plans

    /** Operator of the space (admins: any, or none for a network-wide plan). */
    async createPlan(actor: Actor, input: PlanCreateInput): Promise<PlanOut> {
      const spaceId = input.spaceId ?? null;
      if (spaceId === null && actor.role !== "admin") {
        throw new DomainError("validation_failed", "Name the space that sells the plan.", {
          reason: "space_required",
          errors: [{ path: "spaceId", code: "space_required", message: "Name the space that sells this plan." }],
        });
      }
      if (spaceId !== null) await spaces.requireOperator(actor, spaceId);
      const { id } = await repo.insertPlan(db, {
        spaceId,
        name: input.name,
        description: input.description ?? "",
        kind: input.kind,
        price: input.price,
        cycle: input.interval,
        creditsPerCycle: input.creditsPerCycle ?? 0,
        dayPassesPerCycle: input.dayPassesPerCycle ?? 0,
        setupFee: input.setupFee ?? 0,
        deposit: input.deposit ?? 0,
        validDays: input.validDays ?? null,
        public: input.public ?? true,
        createdBy: actor.id,
      });
      return planOut((await repo.findPlan(db, id))!);
    },

    /** Members: public active plans (of one space and the network's); operators also every plan of the spaces they run. */
    async listPlans(actor: Actor, query: PlansQuery = {}): Promise<PlanOut[]> {
      const runIds = actor.role === "admin" ? ("all" as const) : (await spaces.listRun(actor)).map((s) => s.id);
      return (await repo.listPlans(db, { spaceId: query.spaceId, runIds })).map(planOut);
    },

    getPlan: (actor: Actor, id: string) => visiblePlan(actor, id),

    /** Operator of its space: change a plan; `active: false` archives it (running subscriptions go on, none start). */
    async updatePlan(actor: Actor, id: string, input: PlanUpdateInput): Promise<PlanOut> {
      const row = await repo.findPlan(db, id);
      if (!row || !(await canRun(actor, row.space_id))) throw notFound("Plan");
      if (input.validDays != null && row.cycle !== "once") {
        throw new DomainError("validation_failed", "Only plans bought once have a validity.", {
          reason: "invalid_body",
          errors: [{ path: "validDays", code: "valid_days_once_only", message: "Only plans bought once have a validity." }],
        });
      }
      const set: Parameters<typeof repo.updatePlan>[2] = {};
      if (input.name !== undefined) set.name = input.name;
      if (input.description !== undefined) set.description = input.description;
      if (input.price !== undefined) set.price = input.price;
      if (input.creditsPerCycle !== undefined) set.credits_per_cycle = input.creditsPerCycle;
      if (input.dayPassesPerCycle !== undefined) set.day_passes_per_cycle = input.dayPassesPerCycle;
      if (input.setupFee !== undefined) set.setup_fee = input.setupFee;
      if (input.deposit !== undefined) set.deposit = input.deposit;
      if (input.validDays !== undefined) set.valid_days = input.validDays;
      if (input.public !== undefined) set.public = input.public;
      if (input.active !== undefined) set.active = input.active;
      if (Object.keys(set).length) await repo.updatePlan(db, id, set);
      return planOut((await repo.findPlan(db, id))!);
    },

    /** Archive: a plan is never deleted (its subscriptions and invoice lines name it). */
    archivePlan(actor: Actor, id: string): Promise<PlanOut> {
      return this.updatePlan(actor, id, { active: false });
    },

    /** What subscribing (or buying) would invoice first: the pro-rated period, setup fee, deposit and PPN. */
    async quote(actor: Actor, planId: string, query: QuoteQuery = {}): Promise<QuoteOut> {
      const plan = await visiblePlan(actor, planId);
      const spaceId = sellingSpace(plan, query.spaceId);
      const zone = await zoneOf(db, spaceId);
      const today = localDate(clock.now(), zone.timezone);
      const startDate = query.startDate ?? today;
      checkStart(startDate, today);
      return quoteFor(db, plan, spaceId, startDate);
    },

    // ---- subscriptions

    /**
     * A member subscribes themselves to a public active plan (pending until its first invoice is paid; a free plan is
     * active at once); an operator subscribes a member to one of their space's plans (active at once, invoice
     * outstanding). A once-bought plan is a purchase: its credits or passes are granted when paid, then it ends.
     */
    async subscribe(actor: Actor, input: SubscriptionCreateInput): Promise<{ id: string; status: SubscriptionStatus; currentPeriod: Period; invoiceId: string | null }> {
      const forOther = input.memberId !== undefined && input.memberId !== actor.id;
      try {
        return await inTx(db, undefined, async (trx, effects) => {
          if (!(await repo.lockPlan(trx, input.planId))) throw notFound("Plan");
          const row = (await repo.findPlan(trx, input.planId))!;
          const plan = planOut(row);
          const runs = await canRun(actor, plan.spaceId, trx);
          if (forOther) {
            // Only the operators of the plan's space subscribe someone else (anyone else: no such plan for them).
            if (!runs) throw notFound("Plan");
          } else if (!(plan.public || runs)) throw notFound("Plan");
          if (!plan.active) throw new DomainError("rule_violation", "This plan is archived.", { reason: "plan_archived" });
          const memberId = input.memberId ?? actor.id;
          if (forOther && !(await repo.memberExists(trx, memberId))) throw notFound("Member");
          const spaceId = sellingSpace(plan, input.spaceId);
          if (!plan.spaceId && forOther && !(await spaces.runs(actor, spaceId, trx))) throw notFound("Space");
          const zone = await zoneOf(trx, spaceId);
          const today = localDate(clock.now(), zone.timezone);
          const startDate = input.startDate ?? today;
          checkStart(startDate, today);
          if (await repo.findLive(trx, memberId, plan.id)) {
            throw new DomainError("already_exists", "This member already has this plan.", { reason: "already_subscribed" });
          }
          const quote = await quoteFor(trx, plan, spaceId, startDate);
          const sum = quote.lines.reduce((a, l) => a + l.amount, 0);
          const byOperator = forOther;
          const status: "active" | "pending_payment" = sum === 0 || byOperator ? "active" : "pending_payment";
          const sub = await repo.insertSubscription(trx, {
            planId: plan.id,
            memberId,
            spaceId,
            status,
            start: quote.period.start,
            end: quote.period.end,
            createdBy: actor.id,
          });
          let invoiceId: string | null = null;
          if (sum > 0) {
            const facts = { planName: plan.name, interval: plan.interval, from: quote.period.start, to: quote.period.lastDay };
            const invoice = await invoices.issue(trx, {
              spaceId,
              memberId,
              kind: plan.interval === "once" ? "purchase" : "subscription",
              subscriptionId: sub.id,
              issuedOn: today,
              createdBy: actor.id,
              lines: quote.lines.map((l) => ({
                kind: l.kind,
                description: plan.name,
                facts: l.kind === "plan" ? { ...facts, ...(l.days !== undefined ? { days: l.days, ofDays: l.ofDays! } : {}) } : { planName: plan.name },
                quantity: 1,
                unitPrice: l.amount,
                planId: plan.id,
              })),
            }, effects);
            invoiceId = invoice.id;
          }
          let finalStatus: SubscriptionStatus = status;
          if (status === "active") {
            await grantCycle(
              trx,
              { id: sub.id, memberId, planSpaceId: plan.spaceId, cycle: plan.interval, validDays: plan.validDays, planName: plan.name },
              quote,
              quote.period,
              today,
              invoiceId,
              actor.id,
            );
            if (plan.interval === "once") {
              await repo.setStatus(trx, sub.id, "ended", { ended: true, endsOn: today });
              finalStatus = "ended";
            }
          }
          return { id: sub.id, status: finalStatus, currentPeriod: { start: quote.period.start, end: quote.period.end }, invoiceId };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new DomainError("already_exists", "This member already has this plan.", { reason: "already_subscribed" });
        throw error;
      }
    },

    /** The owner or an operator of its space: it ends at the current period's end (no refund of the period). */
    async cancel(actor: Actor, id: string): Promise<{ status: "cancelling"; endsOn: string }> {
      return db.transaction().execute(async (trx) => {
        await visibleSubscription(actor, id, trx);
        const locked = (await repo.lockSubscription(trx, id))!;
        if (locked.status === "cancelling") return { status: "cancelling" as const, endsOn: locked.period_end };
        if (locked.status === "pending_payment") {
          throw new DomainError("invalid_transition", "It has not started: its invoice is waiting to be paid or voided.", { reason: "subscription_pending" });
        }
        if (locked.status === "ended") throw new DomainError("invalid_transition", "It has already ended.", { reason: "subscription_ended" });
        await repo.setStatus(trx, id, "cancelling", { endsOn: locked.period_end, cancelled: true });
        return { status: "cancelling" as const, endsOn: locked.period_end };
      });
    },

    async getSubscription(actor: Actor, id: string): Promise<SubscriptionOut> {
      return subscriptionOut(await visibleSubscription(actor, id));
    },

    async mySubscriptions(actor: Actor): Promise<SubscriptionOut[]> {
      return (await repo.listSubscriptions(db, { memberId: actor.id })).map(subscriptionOut);
    },

    /** Operator of the space. */
    async spaceSubscriptions(actor: Actor, spaceId: string, query: { status?: SubscriptionStatus } = {}): Promise<SubscriptionOut[]> {
      await spaces.requireOperator(actor, spaceId);
      return (await repo.listSubscriptions(db, { spaceId, status: query.status })).map(subscriptionOut);
    },

    /** A member's id by email (the operator page subscribes a member by their address); null when there is none. */
    async memberByEmail(email: string): Promise<{ id: string; name: string } | null> {
      return (await repo.memberByEmail(db, email.trim())) ?? null;
    },

    /**
     * The renewal job (under the job's advisory lock, in its transaction): every subscription whose period has ended
     * by today in its space's zone moves on. Cancelled ones end (their plan credits lapse); active ones start their
     * next period: the old cycle's credits and passes lapse, the next invoice is issued and the new cycle granted.
     * Each step is a conditional update on the old period's end, so a second run (another node) does nothing twice.
     * A subscription the job missed for several periods catches up one period at a time.
     */
    async renew(trx: DB = db): Promise<{ renewed: number; ended: number; effects: Effect[] }> {
      const effects: Effect[] = [];
      const now = clock.now();
      // The latest local date anywhere (UTC+14); each row is then checked against its own zone.
      const until = plusDays(now.toISOString().slice(0, 10), 1);
      let renewed = 0;
      let ended = 0;
      for (const s of await repo.dueSubscriptions(trx, until)) {
        const today = localDate(now, s.timezone);
        let end = s.period_end;
        if (end > today) continue;
        if (s.status === "cancelling") {
          if (await repo.endCancelled(trx, s.id, end)) {
            await wallet.lapse(trx, { subscriptionId: s.id, today });
            ended++;
          }
          continue;
        }
        for (let step = 0; end <= today && step < 60; step++) {
          const next = nextPeriod(end, s.cycle as Cycle);
          if (!(await repo.advancePeriod(trx, s.id, end, next))) break;
          await wallet.lapse(trx, { subscriptionId: s.id, today });
          const price = money(s.price);
          const period = { start: next.start, end: next.end };
          let invoiceId: string | null = null;
          if (price > 0) {
            const invoice = await invoices.issue(trx, {
              spaceId: s.space_id!,
              memberId: s.member_id,
              kind: "subscription",
              subscriptionId: s.id,
              issuedOn: today,
              lines: [
                {
                  kind: "plan",
                  description: s.plan_name,
                  facts: { planName: s.plan_name, interval: s.cycle, from: next.start, to: lastDayOf(period) },
                  quantity: 1,
                  unitPrice: price,
                  planId: s.plan_id,
                },
              ],
            }, effects);
            invoiceId = invoice.id;
          }
          await grantCycle(
            trx,
            { id: s.id, memberId: s.member_id, planSpaceId: s.plan_space_id, cycle: s.cycle, validDays: null, planName: s.plan_name },
            { credits: s.credits_per_cycle, dayPasses: s.day_passes_per_cycle },
            period,
            today,
            invoiceId,
            null,
          );
          renewed++;
          end = next.end;
        }
      }
      return { renewed, ended, effects };
    },
  };
}

export type PlansService = ReturnType<typeof createPlans>;
