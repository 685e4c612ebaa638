// Billing: the wallet (issue 14). An append-only ledger of credits and day passes per member: lots are opened by
// grants, purchases and positive adjustments; spends, refunds, expiries and negative adjustments draw on lots. Every
// write that draws takes the member's wallet lock first, then reads the lots, then writes (the database trigger
// refuses a lot below zero: the guarantee). Balances are sums of the ledger, never stored.
import { randomUUID } from "node:crypto";
import type { DB } from "../../../db/connect.js";
import type { WalletUnit } from "../../../db/schema.js";
import { DomainError, notFound } from "../errors.js";
import { runsSpace, soleSpaceOf } from "../spaces/index.js";
import { localDate, minutesBetween } from "../time.js";
import type { BillingDeps } from "./deps.js";
import { bookingPrice } from "./price.js";
import { drawFifo, planCharge, type ChargePlan, type PayChoice } from "./wallet-rules.js";
import * as repo from "./wallet.repository.js";
import type { AdjustmentInput, EntryOut, SpaceWalletsOut, WalletOut } from "./wallet.schemas.js";

type Actor = { id: string; role: "member" | "operator" | "admin" };

export type GrantInput = {
  memberId: string;
  /** Where it may be spent: one space, or (null) anywhere in the network. */
  spaceId: string | null;
  unit: WalletUnit;
  amount: number;
  kind: "grant" | "purchase" | "adjustment";
  /** The last local date it may be spent (null: no expiry). */
  expiresOn: string | null;
  reason?: string | null;
  subscriptionId?: string | null;
  invoiceId?: string | null;
  createdBy?: string | null;
};

export type DebitInput = {
  memberId: string;
  /** Lots valid at this space (its own and the network's); null: only network-wide lots. */
  spaceId: string | null;
  unit: WalletUnit;
  amount: number;
  kind: "spend" | "adjustment" | "expiry";
  bookingId?: string | null;
  reason?: string | null;
  createdBy?: string | null;
  /** The local date the lots must still be valid on (default: today in the space's zone). */
  validOn?: string;
  /** Draw only on the space's own lots (an operator's negative adjustment never takes network-wide ones). */
  exactSpace?: boolean;
};

/** A booking as charging sees it: plain facts (bookings adapts its row). */
export type ChargeableBooking = {
  id: string;
  memberId: string;
  spaceId: string;
  resourceId: string;
  resourceKind: "desk" | "room" | "booth";
  start: Date;
  end: Date;
  timezone: string;
};

function insufficient(reason: "not_enough_credits" | "not_enough_day_passes" | "credits_not_accepted" | "day_pass_not_accepted", facts: Record<string, number | string>): DomainError {
  const words = {
    not_enough_credits: "The wallet does not hold enough credits for this.",
    not_enough_day_passes: "The wallet holds no day pass valid here.",
    credits_not_accepted: "This resource cannot be paid with credits.",
    day_pass_not_accepted: "A day pass pays only for a desk with a rate.",
  } as const;
  return new DomainError("insufficient_credits", words[reason], { reason, ...facts });
}

export function createWallet({ db, clock }: BillingDeps) {
  /** Today's local date at a space (or in the network's zone). */
  async function todayAt(trx: DB, spaceId: string | null): Promise<string> {
    if (spaceId === null) return localDate(clock.now(), repo.NETWORK_ZONE);
    const s = await trx.selectFrom("spaces").select("timezone").where("id", "=", spaceId).executeTakeFirst();
    if (!s) throw notFound("Space");
    return localDate(clock.now(), s.timezone);
  }

  /** Draws under the wallet lock the caller holds: FIFO over the open lots, one entry per lot. */
  async function drawLocked(trx: DB, input: DebitInput, validOn: string, movementId: string) {
    const lots = await repo.openLots(trx, input.memberId, {
      units: [input.unit],
      place: input.spaceId === null ? { exactly: null } : input.exactSpace ? { exactly: input.spaceId } : { at: input.spaceId },
      validOn,
    });
    const draws = drawFifo(
      lots.map((l) => ({ id: l.id, spaceId: l.space_id, remaining: l.remaining })),
      input.amount,
    );
    const balance = lots.reduce((n, l) => n + l.remaining, 0);
    if (!draws) throw insufficient(input.unit === "credit" ? "not_enough_credits" : "not_enough_day_passes", { needed: input.amount, balance });
    const now = clock.now();
    const entries = draws.map((d) => ({
      id: randomUUID(),
      memberId: input.memberId,
      spaceId: d.lot.spaceId,
      unit: input.unit,
      amount: -d.amount,
      kind: input.kind,
      lotId: d.lot.id,
      reason: input.reason ?? null,
      bookingId: input.bookingId ?? null,
      createdBy: input.createdBy ?? null,
      createdAt: now,
      movementId,
    }));
    await repo.insertEntries(trx, entries);
    return entries;
  }

  function entryOut(r: repo.MovementRow): EntryOut {
    return {
      id: r.id,
      kind: r.kind,
      credits: r.credits,
      dayPasses: r.day_passes,
      reason: r.reason,
      bookingId: r.booking_id,
      spaceId: r.space_id,
      spaceName: r.space_name,
      timezone: r.timezone,
      expiresOn: r.expires_on,
      createdAt: new Date(r.created_at).toISOString(),
    };
  }

  const wallet = {
    /** Opens a lot (a grant, a purchase, a positive adjustment). Adding never needs the lock: no lot can go below zero. */
    async grant(trx: DB, input: GrantInput, movementId: string = randomUUID()): Promise<{ id: string; movementId: string }> {
      if (!Number.isInteger(input.amount) || input.amount <= 0) throw new Error("A grant is a positive whole number.");
      const id = randomUUID();
      await repo.insertEntries(trx, [
        {
          id,
          memberId: input.memberId,
          spaceId: input.spaceId,
          unit: input.unit,
          amount: input.amount,
          kind: input.kind,
          expiresOn: input.expiresOn,
          reason: input.reason ?? null,
          subscriptionId: input.subscriptionId ?? null,
          invoiceId: input.invoiceId ?? null,
          createdBy: input.createdBy ?? null,
          createdAt: clock.now(),
          movementId,
        },
      ]);
      return { id, movementId };
    },

    /**
     * Takes `amount` from the member's lots valid at the space (FIFO: soonest expiry, then oldest), under the
     * member's wallet lock. Not enough → insufficient_credits (nothing written).
     */
    async debit(trx: DB, input: DebitInput, movementId: string = randomUUID()): Promise<{ movementId: string; entries: number }> {
      if (!Number.isInteger(input.amount) || input.amount <= 0) throw new Error("A debit is a positive whole number.");
      await repo.lockWallet(trx, input.memberId);
      const validOn = input.validOn ?? (await todayAt(trx, input.spaceId));
      const entries = await drawLocked(trx, input, validOn, movementId);
      return { movementId, entries: entries.length };
    },

    /** Lapses what is left of a subscription's lots (at its renewal or end): one expiry entry per lot. Returns how many units. */
    async lapse(trx: DB, input: { subscriptionId: string; today: string }): Promise<number> {
      const first = await repo.subscriptionLots(trx, input.subscriptionId);
      if (first.length === 0) return 0;
      const memberId = first[0]!.member_id;
      await repo.lockWallet(trx, memberId);
      // Read again under the lock: a booking may have spent from them meanwhile.
      const lots = await repo.subscriptionLots(trx, input.subscriptionId);
      const movementId = randomUUID();
      const now = clock.now();
      await repo.insertEntries(
        trx,
        lots.map((l) => ({
          id: randomUUID(),
          memberId: l.member_id,
          spaceId: l.space_id,
          unit: l.unit,
          amount: -l.remaining,
          kind: "expiry" as const,
          lotId: l.id,
          reason: `lapsed ${input.today}`,
          subscriptionId: input.subscriptionId,
          createdAt: now,
          movementId,
        })),
      );
      return lots.reduce((n, l) => n + l.remaining, 0);
    },

    /** What the member may spend at a space today (its own lots and the network's, not expired in its zone). */
    async balance(trx: DB = db, memberId: string, spaceId: string): Promise<{ credits: number; dayPasses: number }> {
      const lots = await repo.openLots(trx, memberId, { place: { at: spaceId }, validOn: await todayAt(trx, spaceId) });
      return {
        credits: lots.filter((l) => l.unit === "credit").reduce((n, l) => n + l.remaining, 0),
        dayPasses: lots.filter((l) => l.unit === "day_pass").reduce((n, l) => n + l.remaining, 0),
      };
    },

    /**
     * Charges a booking just placed, in its transaction: the member's wallet lock and the resource's rate (one
     * round trip), the lots valid at the space on the booking's local date (only when credits or a pass may pay),
     * then the spend entries and the booking's charge (one statement). An explicit way to pay that cannot →
     * insufficient_credits.
     */
    async charge(trx: DB, b: ChargeableBooking, pay: PayChoice): Promise<ChargePlan> {
      const rate = await repo.lockWalletWithRate(trx, b.memberId, b.resourceId);
      if (!rate) throw notFound("Resource");
      const price = bookingPrice(
        b.resourceKind,
        {
          perHour: rate.rate_per_hour === null ? null : Number(rate.rate_per_hour),
          perDay: rate.rate_per_day === null ? null : Number(rate.rate_per_day),
          creditsPerHour: rate.credits_per_hour === null ? null : Number(rate.credits_per_hour),
        },
        minutesBetween(b.start, b.end),
      );
      const validOn = localDate(b.start, b.timezone);
      const units: WalletUnit[] = [];
      if (price.credits !== null && price.credits > 0 && (pay === "auto" || pay === "credits")) units.push("credit");
      if (price.dayPasses !== null && price.dayPasses > 0 && (pay === "auto" || pay === "day_pass")) units.push("day_pass");
      const lots = units.length ? await repo.openLots(trx, b.memberId, { units, place: { at: b.spaceId }, validOn }) : [];
      const of = (unit: WalletUnit) => lots.filter((l) => l.unit === unit).map((l) => ({ id: l.id, spaceId: l.space_id, remaining: l.remaining }));
      const held = { credits: of("credit").reduce((n, l) => n + l.remaining, 0), dayPasses: of("day_pass").reduce((n, l) => n + l.remaining, 0) };
      const plan = planCharge(pay, price, held);
      if ("refused" in plan) throw insufficient(plan.refused, { needed: plan.needed, balance: plan.balance });
      const now = clock.now();
      const movementId = randomUUID();
      const spend = (unit: WalletUnit, amount: number) =>
        (amount > 0 ? drawFifo(of(unit), amount)! : []).map((d) => ({
          id: randomUUID(),
          memberId: b.memberId,
          spaceId: d.lot.spaceId,
          unit,
          amount: -d.amount,
          kind: "spend" as const,
          lotId: d.lot.id,
          bookingId: b.id,
          createdAt: now,
          movementId,
        }));
      await repo.writeCharge(trx, b.id, plan, [...spend("credit", plan.credits), ...spend("day_pass", plan.dayPasses)]);
      return plan;
    },

    /** Gives back what these bookings were charged (refund entries on the same lots; invoice charges dropped). */
    async refund(trx: DB, bookingIds: string[]): Promise<string[]> {
      return repo.refundCharges(trx, bookingIds, clock.now());
    },

    /** The job: expiry entries for what is left of lots past their last valid day. Returns how many members it touched. */
    async expireLapsed(trx: DB, limit = 200): Promise<number> {
      const now = clock.now();
      const members = await repo.membersWithLapsedLots(trx, now, limit);
      for (const memberId of members) {
        await repo.lockWallet(trx, memberId);
        const lots = await repo.lapsedLotsOf(trx, memberId, now);
        const movementId = randomUUID();
        await repo.insertEntries(
          trx,
          lots.map((l) => ({ id: randomUUID(), memberId, spaceId: l.space_id, unit: l.unit, amount: -l.remaining, kind: "expiry" as const, lotId: l.id, createdAt: now, movementId })),
        );
      }
      return members.length;
    },

    /** GET /me/wallet: balances (valid today), what expires when, per place, and the newest movements. */
    async mine(viewer: Actor, query: { limit?: number } = {}): Promise<WalletOut> {
      const now = clock.now();
      const [lots, moves] = await Promise.all([
        repo.openLots(db, viewer.id, { place: "anywhere", validOn: { now } }),
        repo.movements(db, viewer.id, query.limit ?? 50),
      ]);
      const sum = (unit: WalletUnit) => lots.filter((l) => l.unit === unit).reduce((n, l) => n + l.remaining, 0);
      const expiring = (unit: WalletUnit) => {
        const by = new Map<string, number>();
        for (const l of lots) if (l.unit === unit && l.expires_on) by.set(l.expires_on, (by.get(l.expires_on) ?? 0) + l.remaining);
        return [...by.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([expiresOn, amount]) => ({ amount, expiresOn }));
      };
      const names = new Map(moves.map((m) => [m.space_id, m.space_name]));
      const missing = [...new Set(lots.map((l) => l.space_id).filter((id): id is string => id !== null && !names.has(id)))];
      if (missing.length) {
        for (const s of await db.selectFrom("spaces").select(["id", "name"]).where("id", "in", missing).execute()) names.set(s.id, s.name);
      }
      const places = new Map<string | null, { spaceId: string | null; spaceName: string | null; credits: number; dayPasses: number }>();
      for (const l of lots) {
        const p = places.get(l.space_id) ?? { spaceId: l.space_id, spaceName: l.space_id === null ? null : (names.get(l.space_id) ?? null), credits: 0, dayPasses: 0 };
        if (l.unit === "credit") p.credits += l.remaining;
        else p.dayPasses += l.remaining;
        places.set(l.space_id, p);
      }
      return {
        credits: { balance: sum("credit"), expiring: expiring("credit") },
        dayPasses: { balance: sum("day_pass"), expiring: expiring("day_pass") },
        places: [...places.values()].sort((a, b) => (a.spaceName ?? "").localeCompare(b.spaceName ?? "")),
        entries: moves.map(entryOut),
      };
    },

    /**
     * An operator's adjustment of a member's wallet at a space they run (an admin may name none: network-wide).
     * Positive opens a lot; negative draws on the space's own lots (FIFO) and may not take more than is there.
     */
    async adjust(viewer: Actor, memberId: string, input: AdjustmentInput): Promise<EntryOut> {
      return db.transaction().execute(async (trx) => {
        // An operator of one space may leave it out (the contract's body); one of several names it.
        const spaceId = input.spaceId ?? (await soleSpaceOf(trx, viewer));
        if (spaceId === null && viewer.role === "operator") {
          throw new DomainError("validation_failed", "Name the space the adjustment is for: you run several.", { reason: "invalid_body", errors: [{ path: "spaceId", code: "required", message: "Required" }] });
        }
        // Only who runs the space (an admin: any, or the network) may; for anyone else it does not exist.
        if (spaceId === null ? viewer.role !== "admin" : !(await runsSpace(trx, viewer, spaceId))) throw notFound(spaceId === null ? "Member" : "Space");
        if (!(await repo.memberExists(trx, memberId))) throw notFound("Member");
        const movementId = randomUUID();
        const parts: Array<[WalletUnit, number]> = [];
        if (input.credits) parts.push(["credit", input.credits]);
        if (input.dayPasses) parts.push(["day_pass", input.dayPasses]);
        if (parts.some(([, n]) => n < 0)) {
          await repo.lockWallet(trx, memberId);
          const validOn = await todayAt(trx, spaceId);
          for (const [unit, n] of parts) {
            if (n < 0) await drawLocked(trx, { memberId, spaceId, unit, amount: -n, kind: "adjustment", reason: input.reason, createdBy: viewer.id, exactSpace: true }, validOn, movementId);
          }
        }
        for (const [unit, n] of parts) {
          if (n > 0) await wallet.grant(trx, { memberId, spaceId, unit, amount: n, kind: "adjustment", expiresOn: null, reason: input.reason, createdBy: viewer.id }, movementId);
        }
        const [row] = await repo.movements(trx, memberId, 1, movementId);
        return entryOut(row!);
      });
    },

    /** An operator's wallets page: members holding lots at the space or who booked it, with their balances there. */
    async spaceWallets(viewer: Actor, spaceId: string): Promise<SpaceWalletsOut> {
      if (!(await runsSpace(db, viewer, spaceId))) throw notFound("Space");
      const rows = await repo.spaceWallets(db, spaceId, clock.now(), 500);
      return { spaceId, items: rows.map((r) => ({ member: { id: r.id, name: r.name, email: r.email }, credits: r.credits, dayPasses: r.day_passes })) };
    },

  };
  return wallet;
}

export type Wallet = ReturnType<typeof createWallet>;
