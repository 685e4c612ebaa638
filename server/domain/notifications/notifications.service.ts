import type { DB } from "../../../db/connect.js";
import type { Notification } from "../../../db/schema.js";
import type { EventBus } from "../../events.js";
import type { Clock } from "../clock.js";
import * as repo from "./notifications.repository.js";
import type { NotificationInput, NotificationOut } from "./notifications.schemas.js";

/** A stored row as the API and the socket send it. The facts were written by our own code (typed per kind). */
function toOut(n: Notification): NotificationOut {
  return {
    id: n.id,
    kind: n.kind,
    data: n.data,
    createdAt: new Date(n.created_at).toISOString(),
    readAt: n.read_at ? new Date(n.read_at).toISOString() : null,
  } as NotificationOut;
}

/** What else a notification causes in its transaction (messaging's mail and WhatsApp rows; injected to avoid a cycle). */
export type AlsoReach = (tx: DB, memberId: string, input: NotificationInput) => Promise<void>;

export function createNotificationsService({ db, bus, clock, reach }: { db: DB; bus: EventBus; clock: Clock; reach?: AlsoReach }) {
  return {
    /**
     * Stores a notification as facts (inside the caller's transaction) and returns a function that pushes it
     * live; call that after the transaction commits.
     */
    async notify(tx: DB, memberId: string, input: NotificationInput): Promise<() => void> {
      const row = await repo.insertNotification(tx, {
        member_id: memberId,
        kind: input.kind,
        data: JSON.stringify(input.data),
        created_at: clock.now(),
      });
      const notification = toOut(row);
      await reach?.(tx, memberId, input);
      return () => bus.publish("notification.created", { memberId, notification });
    },

    async list(memberId: string, opts: { limit?: number; before?: Date } = {}): Promise<{ items: NotificationOut[]; unread: number }> {
      const items = (await repo.listNotifications(db, memberId, opts.limit ?? 30, opts.before)).map(toOut);
      return { items, unread: await repo.countUnread(db, memberId) };
    },

    async markRead(memberId: string, ids: string[] | "all"): Promise<number> {
      return (await repo.markRead(db, memberId, ids, clock.now())).length;
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
