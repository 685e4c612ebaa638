import type { DB } from "../../../db/connect.js";
import type { OutboxChannel, OutboxRow, OutboxStatus } from "../../../db/schema.js";
import type { Clock } from "../clock.js";
import { DomainError } from "../errors.js";
import type { OutboundMessage } from "./messages.schemas.js";
import * as repo from "./outbox.repository.js";
import { MAX_ATTEMPTS } from "./retry.js";

/** A webhook delivery's body (Standard Webhooks): the event type, when it happened, and the ids it names. */
export type WebhookBody = { type: string; timestamp: string; data: Record<string, unknown> };

/**
 * One message to send, written by `enqueue` inside the transaction of the change that causes it.
 * `dedupeKey`: a second enqueue with the same key writes nothing (a reminder per booking and channel).
 * `availableAt`: not before (a mention's mail waits to see whether the member reads the room first).
 */
export type Outgoing =
  | {
      channel: "email" | "whatsapp";
      /** The member it is for (null: an invitation to someone not yet a member). */
      memberId: string | null;
      /** An email address or an E.164 phone number. */
      to: string;
      locale: "id" | "en";
      message: OutboundMessage;
      dedupeKey?: string;
      availableAt?: Date;
    }
  | {
      channel: "webhook";
      endpointId: string;
      url: string;
      body: WebhookBody;
      dedupeKey?: string;
    };

export type OutboxItem = {
  id: string;
  channel: OutboxChannel;
  kind: string;
  memberId: string | null;
  address: string;
  endpointId: string | null;
  locale: "id" | "en";
  status: OutboxStatus;
  attempts: number;
  maxAttempts: number;
  availableAt: string;
  lastError: string | null;
  responseStatus: number | null;
  rendered: Record<string, string> | null;
  createdAt: string;
  sentAt: string | null;
};

const iso = (d: Date | string) => new Date(d).toISOString();

export function toItem(r: OutboxRow): OutboxItem {
  return {
    id: r.id,
    channel: r.channel,
    kind: r.kind,
    memberId: r.member_id,
    address: r.address,
    endpointId: r.endpoint_id,
    locale: r.locale,
    status: r.status,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    availableAt: iso(r.available_at),
    lastError: r.last_error,
    responseStatus: r.response_status,
    rendered: r.rendered,
    createdAt: iso(r.created_at),
    sentAt: r.sent_at ? iso(r.sent_at) : null,
  };
}

export function createOutbox({ db, clock }: { db: DB; clock: Clock }) {
  return {
    /**
     * Writes a message to the outbox within the caller's transaction `tx`: it leaves only if that transaction
     * commits, and the worker sends it after. Returns the row (null when its dedupe key was already written).
     */
    async enqueue(tx: DB, out: Outgoing): Promise<OutboxRow | null> {
      const now = clock.now();
      if (out.channel === "webhook") {
        return repo.insert(tx, {
          channel: "webhook",
          kind: out.body.type,
          member_id: null,
          address: out.url,
          endpoint_id: out.endpointId,
          locale: "en",
          payload: JSON.stringify(out.body),
          dedupe_key: out.dedupeKey ?? null,
          max_attempts: MAX_ATTEMPTS,
          available_at: now,
          created_at: now,
        });
      }
      return repo.insert(tx, {
        channel: out.channel,
        kind: out.message.kind,
        member_id: out.memberId,
        address: out.to,
        endpoint_id: null,
        locale: out.locale,
        payload: JSON.stringify(out.message),
        dedupe_key: out.dedupeKey ?? null,
        max_attempts: MAX_ATTEMPTS,
        available_at: out.availableAt && out.availableAt > now ? out.availableAt : now,
        created_at: now,
      });
    },

    /** The admin's view: newest first. */
    async list(q: { channel?: OutboxChannel; status?: OutboxStatus | OutboxStatus[]; endpointId?: string; limit?: number; before?: { createdAt: Date; id: string } } = {}) {
      const limit = Math.min(q.limit ?? 50, 100);
      const rows = await repo.list(db, { ...q, limit: limit + 1 });
      const items = rows.slice(0, limit).map(toItem);
      const last = rows.length > limit ? items[items.length - 1] : undefined;
      return { items, next: last ? { createdAt: new Date(last.createdAt), id: last.id } : null };
    },

    async get(id: string) {
      const row = await repo.findById(db, id);
      if (!row) throw new DomainError("not_found", "No such message");
      const attempts = await repo.attemptsOf(db, id);
      return {
        ...toItem(row),
        attemptLog: attempts.map((a) => ({
          attempt: a.attempt,
          startedAt: iso(a.started_at),
          durationMs: a.duration_ms,
          outcome: a.outcome,
          responseStatus: a.response_status,
          error: a.error,
        })),
      };
    },

    counts: (channel?: OutboxChannel) => repo.countsByStatus(db, channel),

    /** "Retry" on a parked message: back in the queue with a fresh set of attempts. */
    async retry(id: string): Promise<OutboxItem> {
      const row = await repo.requeue(db, id, clock.now());
      if (!row) {
        if (!(await repo.findById(db, id))) throw new DomainError("not_found", "No such message");
        throw new DomainError("invalid_transition", "Only a parked message can be retried", { reason: "not_dead" });
      }
      return toItem(row);
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
