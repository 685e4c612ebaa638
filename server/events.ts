import { EventEmitter } from "node:events";
import type { MessagePayload, NotificationOut, TaskPayload } from "./contract/realtime.js";

/** Every event the domain publishes. Realtime and jobs subscribe; the domain never knows who listens. */
/** A notification as pushed live: the one `NotificationOut` of the notifications context (the API sends the same). */
export type NotificationEvent = NotificationOut;

export type DomainEvents = {
  /** `accountDeleted`: the sessions ended because the member deleted the account (the client says so). */
  "session.revoked": { sessionIds: string[]; memberId: string; accountDeleted?: boolean };
  /** A resource's availability changed in [start, end). */
  "booking.changed": {
    spaceId: string;
    resourceId: string;
    start: string;
    end: string;
    change: "created" | "cancelled" | "checked_in" | "released" | "moved";
  };
  /** Who is checked in at a space changed. */
  "presence.changed": { spaceId: string };
  "notification.created": { memberId: string; notification: NotificationEvent };
  "member.updated": { memberId: string };
  /** A member joined or left a project (its creator counts as joining), or a direct room was opened (`kind`). */
  "project.membership": { projectId: string; memberId: string; change: "added" | "removed"; kind?: "team" | "direct" };
  /** A room event that took a seq: a message posted, edited or deleted. */
  "project.message": { projectId: string; message: MessagePayload; change: "new" | "updated" };
  /** A room event that took a seq: a task created or changed. */
  "project.task": { projectId: string; task: TaskPayload };
  /** An invoice was issued (billing); issue 15 turns it into a webhook. */
  "invoice.issued": { invoiceId: string; spaceId: string; memberId: string | null; number: string; total: number; dueOn: string };
  /** An invoice became paid in full (money received plus tax withheld). */
  "invoice.paid": { invoiceId: string; spaceId: string; memberId: string | null; number: string; total: number; paidAt: string };
};

export type EventName = keyof DomainEvents;

export type EventBus = {
  publish<E extends EventName>(event: E, payload: DomainEvents[E]): void;
  subscribe<E extends EventName>(event: E, handler: (payload: DomainEvents[E]) => void): () => void;
};

/** The typed in-process bus. Handlers run after the publishing call returns (never inside its transaction). */
export function createEventBus(onError: (event: string, error: unknown) => void = () => {}): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  return {
    publish(event, payload) {
      queueMicrotask(() => {
        for (const listener of emitter.listeners(event)) {
          try {
            (listener as (p: unknown) => void)(payload);
          } catch (error) {
            onError(event, error);
          }
        }
      });
    },
    subscribe(event, handler) {
      emitter.on(event, handler);
      return () => emitter.off(event, handler);
    },
  };
}
