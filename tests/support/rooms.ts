import { randomUUID } from "node:crypto";
import { io as connectClient } from "socket.io-client";
import type { Ack, JoinAck, MessagePayload } from "../../server/contract/realtime.js";
import { json, type TestApp } from "./app.js";
import type { TestMember } from "./factories.js";
import { EVENT_TIMEOUT_MS, type Client } from "./sockets.js";

/** The events a project room's client listens for. */
export const ROOM_EVENTS = ["message:new", "message:updated", "presence", "typing", "task:changed", "project:membership", "notification"];

export type Project = { id: string; name: string; unread: number; lastSeq: number };

/** Joins a project's room over the socket (from `afterSeq` when given); a refusal throws. */
export async function join(socket: Client, projectId: string, afterSeq?: number): Promise<JoinAck> {
  const ack: Ack<JoinAck> = await socket
    .timeout(EVENT_TIMEOUT_MS)
    .emitWithAck("project:join", afterSeq === undefined ? { projectId } : { projectId, afterSeq });
  if (!ack.ok) throw new Error(`join failed: ${JSON.stringify(ack.error)}`);
  return ack;
}

/** The project calls the room tests make, against `app`. */
export function roomApi(app: TestApp) {
  return {
    /** A new project of `owner`'s with `members` added. */
    async projectWith(owner: TestMember, members: TestMember[] = []): Promise<Project> {
      const project = await json<Project>(await app.api("/api/v1/projects", { token: owner.token, body: { name: "Batik collab" } }), 201);
      for (const m of members) {
        await json(await app.api(`/api/v1/projects/${project.id}/members`, { token: owner.token, body: { memberId: m.id } }), 201);
      }
      return project;
    },
    send: (token: string, projectId: string, body: string, clientId = randomUUID()) =>
      app.api(`/api/v1/projects/${projectId}/messages`, { token, body: { body, clientId } }),
    /** The seqs of the project's stored messages, in order. */
    async storedSeqs(projectId: string, db = app.db.db): Promise<number[]> {
      const rows = await db.selectFrom("messages").select("seq").where("project_id", "=", projectId).orderBy("seq").execute();
      return rows.map((r) => Number(r.seq));
    },
  };
}

/**
 * A room client that follows the protocol the UI follows: it keeps the seq it is caught up to, rejoins with it
 * after every (re)connect (paging over HTTP when the gap is capped), and resends unacknowledged messages with the
 * same client id until one is acked. `moveTo` stands in for a load balancer sending the reconnection elsewhere.
 */
export class RoomClient {
  /** Messages by seq (a redelivered message lands on the same key: duplicates cannot pile up unseen). */
  readonly seen = new Map<number, MessagePayload>();
  /** Every delivery in arrival order, live or from catch-up, duplicates included. */
  readonly deliveries: MessagePayload[] = [];
  readonly acked = new Set<string>();
  cursor = 0;
  socket!: Client;
  #url: string;
  #pending = new Map<string, string>();
  #joined: Promise<void> = Promise.resolve();

  constructor(url: string, readonly token: string, readonly projectId: string) {
    this.#url = url;
    this.#open();
  }

  #open() {
    const socket: Client = connectClient(this.#url, {
      path: "/socket.io",
      transports: ["websocket"],
      auth: { token: this.token },
      forceNew: true,
      reconnectionDelay: 50,
      reconnectionDelayMax: 200,
      timeout: EVENT_TIMEOUT_MS,
    });
    socket.on("message:new", ({ message }) => this.#take(message));
    socket.on("connect", () => {
      this.#joined = this.#join(socket);
    });
    this.socket = socket;
  }

  /** Reconnects to another node, as a load balancer does when the first one is gone. */
  moveTo(url: string): void {
    this.socket.disconnect();
    this.#url = url;
    this.#open();
  }

  close(): void {
    this.socket.disconnect();
  }

  #take(message: MessagePayload) {
    this.deliveries.push(message);
    this.seen.set(message.seq, message);
  }

  async #join(socket: Client) {
    const ack: Ack<JoinAck> = await socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("project:join", { projectId: this.projectId, afterSeq: this.cursor });
    if (!ack.ok) throw new Error(`join failed: ${JSON.stringify(ack.error)}`);
    ack.missed.forEach((m) => this.#take(m));
    let hasMore = ack.hasMore;
    let after = ack.missed.at(-1)?.seq ?? this.cursor;
    while (hasMore) {
      const res = await fetch(`${this.#url}/api/v1/projects/${this.projectId}/messages?afterSeq=${after}&limit=100`, {
        headers: { authorization: `Bearer ${this.token}`, connection: "close" },
      });
      if (!res.ok) throw new Error(`paging failed: ${res.status}`);
      const page = (await res.json()) as { items: MessagePayload[]; hasMore: boolean };
      page.items.forEach((m) => this.#take(m));
      hasMore = page.hasMore;
      after = page.items.at(-1)?.seq ?? after;
    }
    this.cursor = Math.max(this.cursor, ack.lastSeq, after);
    for (const [clientId, body] of this.#pending) void this.#attempt(clientId, body);
  }

  async ready(): Promise<void> {
    const socket = this.socket;
    if (!socket.connected) await new Promise((resolve) => socket.once("connect", () => resolve(undefined)));
    await this.#joined;
  }

  send(body: string): void {
    const clientId = randomUUID();
    this.#pending.set(clientId, body);
    void this.#attempt(clientId, body);
  }

  async #attempt(clientId: string, body: string) {
    const socket = this.socket;
    if (!socket.connected) return;
    try {
      const ack: Ack<{ message: MessagePayload }> = await socket
        .timeout(2_000)
        .emitWithAck("message:send", { projectId: this.projectId, body, clientId });
      if (ack.ok) {
        this.#pending.delete(clientId);
        this.acked.add(clientId);
        this.#take(ack.message);
      }
    } catch {
      // No ack in time. The server went away: resent after the next join. It is only slow (a busy machine): resent
      // now, under the same client id, which the server stores once.
      if (socket === this.socket && socket.connected && this.#pending.has(clientId)) void this.#attempt(clientId, body);
    }
  }

  get unacked(): number {
    return this.#pending.size;
  }

  /** The seqs this client holds, in order. */
  seqs(): number[] {
    return [...this.seen.keys()].sort((a, b) => a - b);
  }
}

/** Polls `done` until it holds or the deadline passes (the caller's assertions then say what is missing). */
export async function until(done: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !(await done())) await new Promise((r) => setTimeout(r, 50));
}
