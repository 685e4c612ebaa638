import { io as connectClient, type Socket as ClientSocket } from "socket.io-client";
import { expect } from "vitest";
import type { Ack, ClientToServerEvents, NotificationOut, ServerToClientEvents } from "../../server/contract/realtime.js";

export const EVENT_TIMEOUT_MS = 5_000;

export type Client = ClientSocket<ServerToClientEvents, ClientToServerEvents>;
type Listener = (...args: unknown[]) => void;
type LooseEmitter = { on(event: string, fn: Listener): unknown; once(event: string, fn: Listener): unknown };

const open: Client[] = [];

/** Disconnects every client opened by `connectMember` (call in afterEach). */
export function disconnectAll(): void {
  for (const socket of open.splice(0)) socket.disconnect();
}

/**
 * Every payload of the watched server events, in arrival order, recorded from before the connection exists, so
 * nothing can slip past between an action and the `next` that awaits its event. Never sleeps: waits on arrivals.
 */
export class Inbox {
  readonly seen: Array<{ event: string; payload: unknown }> = [];
  #read = new Map<string, number>();
  #waiters: Array<() => void> = [];

  constructor(socket: Client, events: string[]) {
    for (const event of events) {
      (socket as unknown as LooseEmitter).on(event, (payload: unknown) => {
        this.seen.push({ event, payload });
        for (const w of this.#waiters.splice(0)) w();
      });
    }
  }

  all<T>(event: string): T[] {
    return this.seen.filter((s) => s.event === event).map((s) => s.payload as T);
  }

  /** The next not-yet-read payload of `event`; fails after a deadline. */
  async next<T>(event: string): Promise<T> {
    const deadline = Date.now() + EVENT_TIMEOUT_MS;
    for (;;) {
      const read = this.#read.get(event) ?? 0;
      const list = this.all<T>(event);
      if (list.length > read) {
        this.#read.set(event, read + 1);
        return list[read]!;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for "${event}"; seen: ${JSON.stringify(this.seen)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The next `notification` event's notification. */
  async notification(): Promise<NotificationOut> {
    return (await this.next<{ notification: NotificationOut }>("notification")).notification;
  }
}

/**
 * A socket.io client for a token (websocket only, its own connection) that never reconnects on its own and is not
 * connected yet: the caller attaches its listeners, then calls `socket.connect()`.
 */
export function manualClient(url: string, token: string, timeout = EVENT_TIMEOUT_MS): Client {
  return connectClient(url, { path: "/socket.io", transports: ["websocket"], auth: { token }, reconnection: false, forceNew: true, timeout, autoConnect: false });
}

/** A real socket.io client for a member's token, connected and joined to its rooms, with an inbox of `events`. */
export async function connectMember(
  url: string,
  token: string,
  events: string[] = ["availability:changed", "presence:space", "notification"],
): Promise<{ socket: Client; inbox: Inbox }> {
  const socket = manualClient(url, token);
  open.push(socket);
  const inbox = new Inbox(socket, events);
  const emitter = socket as unknown as LooseEmitter;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timed out connecting")), EVENT_TIMEOUT_MS);
    emitter.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
    emitter.once("connect_error", (error) => {
      clearTimeout(timer);
      reject(error as Error);
    });
    socket.connect();
  });
  // The server joins the member's rooms just after the handshake; an acked round trip proves it is done.
  const ack: Ack = await socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("space:unwatch", { spaceId: "00000000-0000-4000-8000-000000000000" });
  expect(ack).toEqual({ ok: true });
  return { socket, inbox };
}

export async function watchSpace(socket: Client, spaceId: string): Promise<void> {
  const ack: Ack = await socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("space:watch", { spaceId });
  expect(ack).toEqual({ ok: true });
}
