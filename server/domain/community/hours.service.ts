// Hours invested (issue 16, item 2): mutual credit. A member records hours they gave another; the receiver confirms
// (one ledger entry: the giver credited, the receiver debited the same minutes, so all balances sum to zero) or
// rejects. A debit never takes a member below the network's credit limit: it is checked under the debited member's
// hours lock, which every debit takes (ledger.repository.ts). Corrections are reversal entries by the network
// manager, under the same rule. Balances are sums of the ledger, never stored.
import type { DB } from "../../../db/connect.js";
import { DomainError, notFound } from "../errors.js";
import { viewableCard } from "../network/index.js";
import { validationError } from "../validation.js";
import * as repo from "./ledger.repository.js";
import type { HoursCreate, HoursListQuery, HoursOut, HoursReverse, LedgerSettings, MemberLedgerOut, MyLedgerOut } from "./ledger.schemas.js";
import { hoursOf, minutesOf } from "./referral-flow.js";
import type { Actor, CommunityDeps } from "./referrals.service.js";

const iso = (d: Date | string) => new Date(d).toISOString();

function hoursOut(h: repo.HourRow): HoursOut {
  return {
    id: h.id,
    from: { id: h.giver_id, name: h.giver_name },
    to: { id: h.receiver_id, name: h.receiver_name },
    hours: hoursOf(h.minutes),
    description: h.description,
    status: h.reversed ? "reversed" : h.status,
    createdAt: iso(h.created_at),
    decidedAt: h.decided_at ? iso(h.decided_at) : null,
  };
}

const maySee = (actor: Actor, h: { giver_id: string; receiver_id: string }) => actor.role === "admin" || h.giver_id === actor.id || h.receiver_id === actor.id;

export function createHours({ db, clock, notifications }: CommunityDeps) {
  async function read(trx: DB, id: string): Promise<HoursOut> {
    const row = await repo.findHours(trx, id);
    if (!row) throw notFound("Hours record");
    return hoursOut(row);
  }

  /** Under `debtor`'s hours lock (the caller's): refuses a debit that would take them below the limit. */
  async function checkLimit(trx: DB, debtor: string, minutes: number): Promise<void> {
    const [balance, limit] = await Promise.all([repo.balanceMinutes(trx, debtor), repo.creditLimitMinutes(trx)]);
    if (balance - minutes < limit) {
      throw new DomainError("credit_limit_reached", "This would take the member's hours balance past the network's credit limit.", {
        reason: "hours_limit",
        balance: hoursOf(balance),
        balanceAfter: hoursOf(balance - minutes),
        limit: hoursOf(limit),
        hours: hoursOf(minutes),
      });
    }
  }

  async function tell(trx: DB, to: string, other: string, recordId: string, minutes: number, status: "confirmed" | "rejected" | "reversed") {
    const card = await repo.memberCard(trx, other);
    await notifications.notify(trx, to, { kind: "hours_decided", data: { recordId, memberId: other, memberName: card?.name ?? "", hours: hoursOf(minutes), status } });
  }

  return {
    async record(actor: Actor, input: HoursCreate): Promise<HoursOut> {
      return db.transaction().execute(async (trx) => {
        const to = await viewableCard(trx, actor, input.toMemberId);
        if (to.id === actor.id) {
          throw validationError([{ path: "toMemberId", message: "Hours are given to someone else.", code: "self_hours" }], "Hours are given to someone else.", "self_hours");
        }
        const me = await repo.memberCard(trx, actor.id);
        const minutes = minutesOf(input.hours);
        const id = await repo.insertHours(trx, { giver: actor.id, receiver: to.id, minutes, description: input.description, at: clock.now() });
        await notifications.notify(trx, to.id, {
          kind: "hours_recorded",
          data: { recordId: id, memberId: actor.id, memberName: me?.name ?? "", hours: input.hours, description: input.description },
        });
        return read(trx, id);
      });
    },

    /** The receiver confirms: the ledger credits the giver and debits the receiver, within the receiver's limit. */
    async confirm(actor: Actor, id: string): Promise<HoursOut> {
      return db.transaction().execute(async (trx) => {
        const h = await repo.lockHoursRecord(trx, id);
        if (!h || !maySee(actor, h)) throw notFound("Hours record");
        if (h.receiver_id !== actor.id) throw new DomainError("forbidden", "Only the member who received the hours confirms them.", { reason: "receiver_only" });
        if (h.status === "confirmed") return read(trx, id); // a retried confirmation
        if (h.status !== "pending") throw new DomainError("invalid_transition", "These hours were already answered.", { reason: "hours_decided", status: h.status });
        await repo.lockHours(trx, [h.receiver_id]);
        await checkLimit(trx, h.receiver_id, h.minutes);
        const now = clock.now();
        await repo.decideHours(trx, id, "confirmed", now);
        await repo.insertEntry(trx, { recordId: id, creditor: h.giver_id, debtor: h.receiver_id, minutes: h.minutes, kind: "transfer", by: actor.id, at: now });
        await tell(trx, h.giver_id, h.receiver_id, id, h.minutes, "confirmed");
        return read(trx, id);
      });
    },

    async reject(actor: Actor, id: string): Promise<HoursOut> {
      return db.transaction().execute(async (trx) => {
        const h = await repo.lockHoursRecord(trx, id);
        if (!h || !maySee(actor, h)) throw notFound("Hours record");
        if (h.receiver_id !== actor.id) throw new DomainError("forbidden", "Only the member who received the hours answers them.", { reason: "receiver_only" });
        if (h.status === "rejected") return read(trx, id);
        if (h.status !== "pending") throw new DomainError("invalid_transition", "These hours were already answered.", { reason: "hours_decided", status: h.status });
        await repo.decideHours(trx, id, "rejected", clock.now());
        await tell(trx, h.giver_id, h.receiver_id, id, h.minutes, "rejected");
        return read(trx, id);
      });
    },

    /** The network manager corrects confirmed hours: a reversal entry (never an edit), within the giver's limit. */
    async reverse(actor: Actor, id: string, input: HoursReverse): Promise<HoursOut> {
      return db.transaction().execute(async (trx) => {
        const h = await repo.lockHoursRecord(trx, id);
        if (!h || !maySee(actor, h)) throw notFound("Hours record");
        if (actor.role !== "admin") throw new DomainError("forbidden", "Only the network manager corrects the ledger.", { reason: "network_manager_only" });
        const transfer = h.status === "confirmed" ? await repo.transferOf(trx, id) : undefined;
        if (!transfer) throw new DomainError("invalid_transition", "Only confirmed hours can be reversed.", { reason: "hours_decided", status: h.status });
        if (transfer.reversed) throw new DomainError("invalid_transition", "These hours were already reversed.", { reason: "already_reversed" });
        await repo.lockHours(trx, [transfer.creditor_id]);
        await checkLimit(trx, transfer.creditor_id, transfer.minutes);
        await repo.insertEntry(trx, {
          recordId: id,
          creditor: transfer.debtor_id,
          debtor: transfer.creditor_id,
          minutes: transfer.minutes,
          kind: "reversal",
          reversesId: transfer.id,
          reason: input.reason,
          by: actor.id,
          at: clock.now(),
        });
        await tell(trx, h.giver_id, h.receiver_id, id, h.minutes, "reversed");
        await tell(trx, h.receiver_id, h.giver_id, id, h.minutes, "reversed");
        return read(trx, id);
      });
    },

    async get(actor: Actor, id: string): Promise<HoursOut> {
      const row = await repo.findHours(db, id);
      if (!row || !maySee(actor, row)) throw notFound("Hours record");
      return hoursOut(row);
    },

    async list(actor: Actor, query: HoursListQuery): Promise<{ items: HoursOut[] }> {
      return { items: (await repo.listHours(db, actor.id, query, 200)).map(hoursOut) };
    },

    /** My hours and referrals: balances, totals and my newest ledger entries (amounts are mine to see). */
    async mine(actor: Actor): Promise<MyLedgerOut> {
      const [balance, totals, limit, pending, referrals, entries] = await Promise.all([
        repo.balanceMinutes(db, actor.id),
        repo.hourTotals(db, actor.id),
        repo.creditLimitMinutes(db),
        repo.pendingToConfirm(db, actor.id),
        repo.referralTotals(db, actor.id),
        repo.entriesOf(db, actor.id, 50),
      ]);
      return {
        hours: { balance: hoursOf(balance), given: hoursOf(totals.given), received: hoursOf(totals.received), limit: hoursOf(limit), pendingToConfirm: Number(pending.n) },
        referrals,
        entries: entries.map((e) => ({
          id: e.id,
          recordId: e.record_id,
          kind: e.kind,
          hours: hoursOf(e.creditor_id === actor.id ? e.minutes : -e.minutes),
          other: e.other_id ? { id: e.other_id, name: e.other_name ?? "" } : null,
          description: e.kind === "reversal" && e.reason ? e.reason : e.description,
          createdAt: iso(e.created_at),
        })),
      };
    },

    /** What a member who may see the profile sees of its ledger: counts and hours, never a referral's value. */
    async ofMember(actor: Actor, memberId: string): Promise<MemberLedgerOut> {
      const card = await viewableCard(db, actor, memberId);
      const [totals, referrals] = await Promise.all([repo.hourTotals(db, card.id), repo.referralTotals(db, card.id)]);
      return { referralsGiven: referrals.given, referralsWon: referrals.won, hoursGiven: hoursOf(totals.given), hoursReceived: hoursOf(totals.received) };
    },

    async settings(): Promise<{ creditLimitHours: number }> {
      return { creditLimitHours: hoursOf(await repo.creditLimitMinutes(db)) };
    },

    async updateSettings(actor: Actor, input: LedgerSettings): Promise<{ creditLimitHours: number }> {
      if (actor.role !== "admin") throw new DomainError("forbidden", "Only the network manager sets the credit limit.", { reason: "network_manager_only" });
      await repo.setCreditLimit(db, minutesOf(input.creditLimitHours), clock.now());
      return this.settings();
    },
  };
}

export type HoursService = ReturnType<typeof createHours>;
