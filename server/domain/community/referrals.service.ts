// Referrals (issue 16, item 1): business one member passes to another, moved forward by the receiver; `won`
// records the closed value (rupiah, without tax) as a thank-you to the giver. The two members and the network
// manager see a referral; anyone else gets 404. Both sides are told (in the app, and by mail as they prefer).
import type { DB } from "../../../db/connect.js";
import type { Clock } from "../clock.js";
import { DomainError, notFound } from "../errors.js";
import type { WebhookEmitter } from "../messaging/index.js";
import { viewableCard } from "../network/index.js";
import type { NotificationsService } from "../notifications/index.js";
import { validationError } from "../validation.js";
import * as repo from "./ledger.repository.js";
import type { ReferralCreate, ReferralListQuery, ReferralOut, ReferralStep } from "./ledger.schemas.js";
import { stepVerdict } from "./referral-flow.js";

export type Actor = { id: string; role: "member" | "operator" | "admin" };
export type CommunityDeps = { db: DB; clock: Clock; notifications: NotificationsService; webhooks: WebhookEmitter };

const iso = (d: Date | string) => new Date(d).toISOString();

export function referralOut(r: repo.ReferralRow): ReferralOut {
  return {
    id: r.id,
    from: r.from_member_id ? { id: r.from_member_id, name: r.from_name ?? "" } : null,
    to: r.to_member_id ? { id: r.to_member_id, name: r.to_name ?? "" } : null,
    prospect: r.prospect,
    description: r.description,
    estimatedValue: r.estimated_value === null ? null : Number(r.estimated_value),
    status: r.status,
    closedValue: r.closed_value === null ? null : Number(r.closed_value),
    steps: (r.steps ?? []).map((s) => ({ status: s.status, at: iso(s.at) })),
    createdAt: iso(r.created_at),
    closedAt: r.closed_at ? iso(r.closed_at) : null,
  };
}

const maySee = (actor: Actor, r: { from_member_id: string | null; to_member_id: string | null }) =>
  actor.role === "admin" || r.from_member_id === actor.id || r.to_member_id === actor.id;

export function createReferrals({ db, clock, notifications, webhooks }: CommunityDeps) {
  async function read(trx: DB, id: string): Promise<ReferralOut> {
    const row = await repo.findReferral(trx, id);
    if (!row) throw notFound("Referral");
    return referralOut(row);
  }

  return {
    async give(actor: Actor, input: ReferralCreate): Promise<ReferralOut> {
      return db.transaction().execute(async (trx) => {
        // Whom one may see (a hidden member only by their connections; suspended: nobody), by the id as stored
        // (a uuid typed in capitals is the same member, so the self check compares the stored id).
        const to = await viewableCard(trx, actor, input.toMemberId);
        if (to.id === actor.id) {
          throw validationError([{ path: "toMemberId", message: "You cannot refer business to yourself.", code: "self_referral" }], "You cannot refer business to yourself.", "self_referral");
        }
        const from = await repo.memberCard(trx, actor.id);
        const now = clock.now();
        const id = await repo.insertReferral(trx, {
          from: actor.id,
          to: to.id,
          prospect: input.prospect,
          description: input.description,
          estimatedValue: input.estimatedValue ?? null,
          at: now,
        });
        await notifications.notify(trx, to.id, {
          kind: "referral_received",
          data: { referralId: id, memberId: actor.id, memberName: from?.name ?? "", prospect: input.prospect, estimatedValue: input.estimatedValue ?? null },
        });
        return read(trx, id);
      });
    },

    async step(actor: Actor, id: string, input: ReferralStep): Promise<ReferralOut> {
      return db.transaction().execute(async (trx) => {
        // The row lock serialises two steps of one referral: the second sees the first's status.
        const r = await repo.lockReferral(trx, id);
        if (!r || !maySee(actor, r)) throw notFound("Referral");
        if (r.to_member_id !== actor.id) {
          throw new DomainError("forbidden", "Only the member who received the referral moves it on.", { reason: "receiver_only" });
        }
        const verdict = stepVerdict(r.status, input.status);
        if (verdict === "closed") {
          throw new DomainError("invalid_transition", "This referral is closed: won or lost is final.", { reason: "referral_closed", status: r.status });
        }
        if (verdict === "backwards") {
          throw new DomainError("invalid_transition", "A referral only moves forward.", { reason: "referral_backwards", status: r.status, next: input.status });
        }
        if (verdict === "same") return read(trx, id);
        const now = clock.now();
        await repo.stepReferral(trx, id, input.status, input.status === "won" ? input.closedValue! : null, now);
        const out = await read(trx, id);
        if (r.from_member_id) {
          await notifications.notify(trx, r.from_member_id, {
            kind: "referral_updated",
            data: {
              referralId: id,
              memberId: actor.id,
              memberName: out.to?.name ?? "",
              prospect: out.prospect,
              status: input.status,
              closedValue: out.closedValue,
            },
          });
        }
        if (input.status === "won") await webhooks.emit(trx, "referral.won", { referralId: id, fromMemberId: r.from_member_id, toMemberId: r.to_member_id });
        return out;
      });
    },

    async get(actor: Actor, id: string): Promise<ReferralOut> {
      const row = await repo.findReferral(db, id);
      if (!row || !maySee(actor, row)) throw notFound("Referral");
      return referralOut(row);
    },

    async list(actor: Actor, query: ReferralListQuery): Promise<{ items: ReferralOut[] }> {
      const rows = await repo.listReferrals(db, actor.id, query, 200);
      return { items: rows.map(referralOut) };
    },
  };
}

