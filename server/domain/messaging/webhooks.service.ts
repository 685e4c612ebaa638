// Webhook endpoints (admins only: anyone else is told there is no such thing) and the events they receive. A
// delivery is an outbox row (channel "webhook") written by `emit` inside the transaction of the change it reports;
// webhook.sender.ts signs and sends it. Rules and switching off live here; the HTTP call lives in the sender.
import { randomBytes } from "node:crypto";
import type { DB } from "../../../db/connect.js";
import type { WebhookEndpoint } from "../../../db/schema.js";
import type { Clock } from "../clock.js";
import { DomainError } from "../errors.js";
import type { Outbox } from "./outbox.service.js";
import type { Reach } from "./reach.service.js";
import * as repo from "./webhooks.repository.js";
import { checkUrl, resolveTarget, type Resolver, type UrlProblem } from "./ssrf.js";
import {
  WebhookEventType,
  type DeliveriesQuery,
  type DeliveryList,
  type WebhookCreatedOut,
  type WebhookCreateInput,
  type WebhookDeliveryType,
  type WebhookOut,
  type WebhookUpdateInput,
} from "./webhooks.schemas.js";

/** Who asks (an identity Viewer is one). */
type Actor = { id: string; role: "member" | "operator" | "admin" };

export type WebhooksConfig = { allowPrivate: boolean; timeoutMs: number; resolve?: Resolver };

/** What other contexts call, one line where the change happens: one row per enabled endpoint subscribed to `type`. */
export type WebhookEmitter = { emit(tx: DB, type: WebhookEventType, data: Record<string, string | null>): Promise<void> };
/** For contexts built without webhooks (unit tests of a context): emits nothing. */
export const noWebhooks: WebhookEmitter = { emit: async () => {} };

const iso = (d: Date | string) => new Date(d).toISOString();

export function toWebhookOut(e: WebhookEndpoint): WebhookOut {
  return {
    id: e.id,
    url: e.url,
    events: e.events,
    description: e.description,
    enabled: e.enabled,
    disabledReason: e.disabled_reason,
    disabledAt: e.disabled_at ? iso(e.disabled_at) : null,
    createdAt: iso(e.created_at),
    updatedAt: iso(e.updated_at),
  };
}

/** A new signing secret: `whsec_` and the base64 of 32 random bytes (Standard Webhooks' form). */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

const notFoundWebhook = () => new DomainError("not_found", "There is no such webhook endpoint.", { reason: "webhook" });

function urlError(problem: UrlProblem): DomainError {
  return problem.reason === "private_address"
    ? new DomainError("rule_violation", `Webhooks are not delivered to ${problem.message}`, { reason: "private_address", host: problem.host })
    : new DomainError("rule_violation", `That is not a webhook URL: ${problem.message}`, { reason: "webhook_url" });
}

function eventTypes(events: string[]): WebhookEventType[] {
  const out: WebhookEventType[] = [];
  for (const e of events) {
    const parsed = WebhookEventType.safeParse(e);
    if (!parsed.success) throw new DomainError("rule_violation", `${e} is not an event type.`, { reason: "webhook_event", type: e.slice(0, 64) });
    if (!out.includes(parsed.data)) out.push(parsed.data);
  }
  return out;
}

function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { c?: unknown; id?: unknown };
    if (typeof v.c === "string" && !Number.isNaN(Date.parse(v.c)) && typeof v.id === "string" && /^[0-9a-f-]{36}$/.test(v.id)) {
      return { createdAt: new Date(v.c), id: v.id };
    }
  } catch {
    // fall through
  }
  throw new DomainError("validation_failed", "That page cursor is not valid.", {
    reason: "invalid_cursor",
    errors: [{ path: "cursor", code: "invalid_cursor", message: "Not a valid cursor" }],
  });
}

export function createWebhooks({ db, clock, outbox, reach, config }: { db: DB; clock: Clock; outbox: Outbox; reach: Reach; config: WebhooksConfig }) {
  /** The endpoint for an admin; anyone else (and a missing one): not_found. */
  async function load(actor: Actor, id: string, tx: DB = db): Promise<WebhookEndpoint> {
    if (actor.role !== "admin") throw notFoundWebhook();
    const e = await repo.findById(tx, id);
    if (!e) throw notFoundWebhook();
    return e;
  }

  /** The URL rules at registration: offline first, then every address the name resolves to. */
  async function checkedUrl(raw: string): Promise<string> {
    const offline = checkUrl(raw, { allowPrivate: config.allowPrivate });
    if (!offline.ok) throw urlError(offline.problem);
    try {
      const resolved = await resolveTarget(offline.url, { allowPrivate: config.allowPrivate, resolve: config.resolve });
      if (!resolved.ok && resolved.problem.reason === "private_address") throw urlError(resolved.problem);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      // A name that does not resolve today may tomorrow: accepted, and checked again at every send.
    }
    return offline.url.toString();
  }

  async function enqueue(tx: DB, endpoint: { id: string; url: string }, type: WebhookDeliveryType, data: Record<string, string | null>) {
    return outbox.enqueue(tx, { channel: "webhook", endpointId: endpoint.id, url: endpoint.url, body: { type, timestamp: clock.now().toISOString(), data } });
  }

  return {
    async register(actor: Actor, input: WebhookCreateInput): Promise<WebhookCreatedOut> {
      if (actor.role !== "admin") throw notFoundWebhook();
      const events = eventTypes(input.events);
      const url = await checkedUrl(input.url);
      const secret = newSecret();
      const row = await repo.insert(db, { url, events, description: input.description ?? "", secret, createdBy: actor.id, now: clock.now() });
      return { ...toWebhookOut(row), secret };
    },

    async list(actor: Actor): Promise<WebhookOut[]> {
      if (actor.role !== "admin") throw notFoundWebhook();
      return (await repo.list(db)).map(toWebhookOut);
    },

    async get(actor: Actor, id: string): Promise<WebhookOut> {
      return toWebhookOut(await load(actor, id));
    },

    /** url, events, description, enabled (switching on clears why it was off). */
    async update(actor: Actor, id: string, input: WebhookUpdateInput): Promise<WebhookOut> {
      await load(actor, id);
      const events = input.events ? eventTypes(input.events) : undefined;
      const url = input.url !== undefined ? await checkedUrl(input.url) : undefined;
      const row = await repo.update(db, id, {
        ...(url !== undefined ? { url } : {}),
        ...(events ? { events } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        now: clock.now(),
      });
      if (!row) throw notFoundWebhook();
      return toWebhookOut(row);
    },

    /** Deletes the endpoint and, with it, its deliveries (pending ones are never sent). */
    async remove(actor: Actor, id: string): Promise<void> {
      await load(actor, id);
      if (!(await repo.remove(db, id))) throw notFoundWebhook();
    },

    /** The endpoint's deliveries, newest first. */
    async deliveries(actor: Actor, id: string, query: DeliveriesQuery): Promise<DeliveryList> {
      await load(actor, id);
      const page = await outbox.list({ channel: "webhook", endpointId: id, limit: query.limit, before: decodeCursor(query.cursor) });
      return {
        items: page.items.map((m) => ({
          id: m.id,
          type: m.kind,
          attempt: m.attempts,
          status: m.status,
          responseStatus: m.responseStatus,
          nextAttemptAt: m.status === "pending" ? m.availableAt : null,
          lastError: m.lastError,
          createdAt: m.createdAt,
        })),
        nextCursor: page.next ? Buffer.from(JSON.stringify({ c: page.next.createdAt.toISOString(), id: page.next.id })).toString("base64url") : null,
      };
    },

    /** A `ping` delivery through the outbox (sent even to a switched-off endpoint: it is the admin's test). */
    async ping(actor: Actor, id: string): Promise<{ id: string }> {
      const e = await load(actor, id);
      const row = await db.transaction().execute((tx) => enqueue(tx, e, "ping", { endpointId: e.id }));
      return { id: row!.id };
    },

    /** One delivery per enabled endpoint subscribed to `type`, in the caller's transaction (a rollback sends nothing). */
    async emit(tx: DB, type: WebhookEventType, data: Record<string, string | null>): Promise<void> {
      for (const e of await repo.subscribedTo(tx, type)) await enqueue(tx, e, type, data);
    },

    /** The endpoint a delivery goes to, as it is now (the sender reads its URL and secret). */
    endpoint: (id: string) => repo.findById(db, id),

    /**
     * Switches an endpoint off (410 Gone, or a delivery that kept failing) and tells its creator (or, with the
     * creator gone, every admin) by mail, in one transaction; a second caller finds it off already and does nothing.
     */
    async disable(id: string, reason: "gone" | "failing"): Promise<boolean> {
      return db.transaction().execute(async (tx) => {
        const e = await repo.disable(tx, id, reason, clock.now());
        if (!e) return false;
        const creator = e.created_by ? await tx.selectFrom("members").select("id").where("id", "=", e.created_by).where("suspended_at", "is", null).executeTakeFirst() : undefined;
        const admins = creator ? [creator.id] : await repo.activeAdmins(tx);
        for (const memberId of admins) {
          await reach.toMember(tx, memberId, { kind: "webhook_disabled", data: { endpointId: e.id, url: e.url, reason } }, { dedupeKey: `webhook_disabled:${e.id}:${iso(e.disabled_at!)}:${memberId}` });
        }
        return true;
      });
    },
  };
}

export type Webhooks = ReturnType<typeof createWebhooks>;
