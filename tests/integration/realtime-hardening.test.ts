import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { io as connectClient } from "socket.io-client";
import { PacketType, type Packet } from "socket.io-parser";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Ack } from "../../server/contract/realtime.js";
import { rooms } from "../../server/realtime/index.js";
import { DEFAULT_MAX_SOCKETS_PER_MEMBER } from "../../server/realtime/socket-cap.js";
import { json, startTestApp, useTestApp, type TestApp } from "../support/app.js";
import { createMember, type TestMember } from "../support/factories.js";
import { freePort, REDIS_SERVER, startRedis } from "../support/processes.js";
import { join, roomApi, until, type Project } from "../support/rooms.js";
import { connectMember, disconnectAll, EVENT_TIMEOUT_MS, manualClient, type Client } from "../support/sockets.js";

const app = useTestApp();
const mine: Client[] = [];
afterEach(() => {
  for (const s of mine.splice(0)) s.disconnect();
  disconnectAll();
  vi.restoreAllMocks();
});

const projectCalls = roomApi(app);
const { projectWith } = projectCalls;
const send = async (owner: TestMember, projectId: string, body: string) => json(await projectCalls.send(owner.token, projectId, body), 201);

/** An acked round trip: every packet the server wrote to this socket before it is in by the time it resolves. */
async function roundTrip(socket: Client): Promise<void> {
  const ack: Ack = await socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("space:unwatch", { spaceId: "00000000-0000-4000-8000-000000000000" });
  expect(ack).toEqual({ ok: true });
}

/**
 * A client that can lose its connection and come back with the connection-state-recovery handshake (pid and
 * offset), on cue: reconnection is manual so the test decides what happens while it is away. `wire` records every
 * event packet the client's manager decoded, connected or not: socket.io-client buffers events that arrive before
 * the CONNECT packet and hands them out on a later connect, so "nothing delivered" is checked on the wire.
 */
function recoverable(token: string, node: TestApp = app) {
  const socket = manualClient(node.url, token);
  mine.push(socket);
  const wire: Array<{ event: string; payload: Record<string, unknown> }> = [];
  socket.io.on("packet", (packet: Packet) => {
    if (packet.type !== PacketType.EVENT) return;
    const [event, payload] = packet.data as [string, Record<string, unknown>];
    wire.push({ event, payload });
  });
  const open = () =>
    new Promise<void>((resolve, reject) => {
      const onConnect = () => {
        socket.off("connect_error", onError);
        resolve();
      };
      const onError = (error: Error) => {
        socket.off("connect", onConnect);
        reject(error);
      };
      socket.once("connect", onConnect);
      socket.once("connect_error", onError);
      socket.connect();
    });
  return {
    socket,
    wire,
    /** Messages of this project that reached the client's wire. */
    messagesOf: (projectId: string) =>
      wire.filter((w) => w.event === "message:new" && w.payload.projectId === projectId).map((w) => (w.payload.message as { body: string }).body),
    open,
    /** The transport drops (as on a flaky network); resolves once the server has seen the socket go. */
    async drop() {
      const server = node.io.of("/").sockets.get(socket.id!);
      expect(server, "the server knows this socket").toBeDefined();
      const gone = new Promise<string>((resolve) => server!.once("disconnect", resolve));
      socket.io.engine.close();
      expect(await gone).toBe("transport close");
    },
  };
}

describe("connection-state recovery is a projection of the database's authorization", () => {
  /**
   * The common scene: an owner's project with ana in it, and ana's recoverable client connected (and joined to the
   * room when `joined`) once it has the owner's first message, "before".
   */
  async function anaHasSeenBefore({ joined }: { joined: boolean }) {
    const [owner, ana] = await Promise.all([1, 2].map(() => createMember(app.db.db, app.services)));
    const project = await projectWith(owner!, [ana!]);
    const b = recoverable(ana!.token);
    await b.open();
    if (joined) await join(b.socket, project.id);
    await send(owner!, project.id, "before");
    await roundTrip(b.socket);
    return { owner: owner!, ana: ana!, project, b };
  }

  it("a member still in the project recovers its session and gets what it missed (the fast path stays)", async () => {
    const { owner, project, b } = await anaHasSeenBefore({ joined: true });
    expect(b.messagesOf(project.id)).toEqual(["before"]);

    await b.drop();
    await send(owner!, project.id, "while away");
    await b.open();
    expect(b.socket.recovered).toBe(true);
    await send(owner!, project.id, "after");
    await roundTrip(b.socket);
    expect(b.messagesOf(project.id)).toEqual(["before", "while away", "after"]);
  });

  it("a member removed while away gets nothing more from the project: not the missed messages, not later ones, no typing", async () => {
    const [owner, ana] = await Promise.all([1, 2].map(() => createMember(app.db.db, app.services)));
    const project = await projectWith(owner!, [ana!]);
    const a = await connectMember(app.url, owner!.token, ["presence"]);
    await join(a.socket, project.id);
    const b = recoverable(ana!.token);
    await b.open();
    await join(b.socket, project.id);
    await send(owner!, project.id, "before");
    await roundTrip(b.socket);
    expect(b.messagesOf(project.id)).toEqual(["before"]);

    await b.drop();
    expect((await app.api(`/api/v1/projects/${project.id}/members/${ana!.id}`, { method: "DELETE", token: owner!.token })).status).toBe(204);
    await send(owner!, project.id, "sent after the removal, while away");
    await b.open();

    await send(owner!, project.id, "sent after the recovery");
    a.socket.emit("typing", { projectId: project.id, typing: true });
    await roundTrip(a.socket);
    await roundTrip(b.socket);
    expect(b.messagesOf(project.id)).toEqual(["before"]);
    expect(b.wire.filter((w) => w.event === "typing" || w.event === "presence" || w.event === "task:changed")).toEqual([]);
    // Connected again (the member is still in the network), but in no room of that project.
    const [server] = await app.io.in(rooms.member(ana!.id)).fetchSockets();
    expect(server).toBeDefined();
    expect([...server!.rooms].filter((r) => r.startsWith(`project:${project.id}`))).toEqual([]);
    const rejoin: Ack = await b.socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("project:join", { projectId: project.id });
    expect(rejoin).toMatchObject({ ok: false, error: { code: "not_found" } });
  });

  it("a session revoked while away is refused, and nothing it missed reaches the wire", async () => {
    const { owner, ana, project, b } = await anaHasSeenBefore({ joined: false });
    const seen = b.wire.length;

    await b.drop();
    expect((await app.api("/api/v1/auth/tokens/current", { method: "DELETE", token: ana!.token })).status).toBe(204);
    await send(owner!, project.id, "sent after the revocation");
    await expect(b.open()).rejects.toThrow("unauthenticated");
    expect(b.wire.slice(seen)).toEqual([]);
    expect(await app.io.in(rooms.member(ana!.id)).fetchSockets()).toEqual([]);
  });

  it("a member suspended while away is refused, and nothing it missed reaches the wire", async () => {
    const admin = await createMember(app.db.db, app.services, { role: "admin" });
    const { owner, ana, project, b } = await anaHasSeenBefore({ joined: false });
    const seen = b.wire.length;

    await b.drop();
    await json(await app.api(`/api/v1/members/${ana!.id}/suspend`, { token: admin!.token, body: { suspended: true } }), 200);
    await send(owner!, project.id, "sent after the suspension");
    await expect(b.open()).rejects.toThrow("unauthenticated");
    expect(b.wire.slice(seen)).toEqual([]);
    expect(await app.io.in(rooms.member(ana!.id)).fetchSockets()).toEqual([]);
  });

  it("a removal that lands between the recovery check and the connection is still honoured", async () => {
    const { owner, ana, project, b } = await anaHasSeenBefore({ joined: true });

    await b.drop();
    expect((await app.api(`/api/v1/projects/${project.id}/members/${ana!.id}`, { method: "DELETE", token: owner!.token })).status).toBe(204);
    // The recovery check still sees the member in the project (it read just before the removal committed)…
    vi.spyOn(app.services.projects, "idsOf").mockResolvedValueOnce([project.id]);
    await b.open();
    expect(b.socket.recovered).toBe(true);
    // …and the connection's own read, which the removal's live event could not have reached yet, drops the rooms.
    await roundTrip(b.socket);
    await send(owner!, project.id, "sent after the recovery");
    await roundTrip(b.socket);
    expect(b.messagesOf(project.id)).toEqual(["before"]);
  });

  it("a session recovered under other credentials keeps none of the stored session's rooms", async () => {
    const budi = await createMember(app.db.db, app.services);
    const { ana, b } = await anaHasSeenBefore({ joined: false });

    await b.drop();
    b.socket.auth = { token: budi!.token };
    await b.open();
    expect(b.socket.recovered).toBe(true);
    await roundTrip(b.socket);
    expect(await app.io.in(rooms.member(ana!.id)).fetchSockets()).toEqual([]);
    const [server] = await app.io.in(rooms.member(budi!.id)).fetchSockets();
    expect(server?.id).toBe(b.socket.id);
    expect([...server!.rooms].filter((r) => r.startsWith("project:"))).toEqual([]);
  });
});

/** Resolves with the reason of the socket's next disconnect (a deadline fails the test instead of hanging it). */
function disconnected(socket: Client): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timed out waiting for disconnect")), EVENT_TIMEOUT_MS);
    socket.once("disconnect", (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** A browser-like client (it reconnects by itself after a network loss), connected. */
async function browserLike(url: string, token: string): Promise<{ socket: Client; replaced: Array<{ reason: string; limit: number }> }> {
  const socket: Client = connectClient(url, { path: "/socket.io", transports: ["websocket"], auth: { token }, forceNew: true, reconnectionDelay: 20 });
  mine.push(socket);
  const replaced: Array<{ reason: string; limit: number }> = [];
  socket.on("connection:replaced", (notice) => replaced.push(notice));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  await roundTrip(socket);
  return { socket, replaced };
}

describe("sockets per member", () => {
  const MAX = DEFAULT_MAX_SOCKETS_PER_MEMBER;

  it(`keeps at most ${MAX} sockets per member: the oldest is told why, closed, and does not come back`, async () => {
    const [ana, budi] = await Promise.all([1, 2].map(() => createMember(app.db.db, app.services)));
    const oldest = await browserLike(app.url, ana!.token);
    const others: Array<Awaited<ReturnType<typeof connectMember>>> = [];
    for (let i = 1; i < MAX; i++) others.push(await connectMember(app.url, ana!.token, ["connection:replaced"]));
    const bystander = await connectMember(app.url, budi!.token, ["connection:replaced"]);
    expect(await app.io.in(rooms.member(ana!.id)).fetchSockets()).toHaveLength(MAX);

    const gone = disconnected(oldest.socket);
    const newest = await connectMember(app.url, ana!.token, ["connection:replaced"]);
    expect(await gone).toBe("io server disconnect");
    expect(oldest.replaced).toEqual([{ reason: "too_many_connections", limit: MAX }]);
    // A close from the server is final: the client does not reconnect (no tab-against-tab loop).
    expect(oldest.socket.active).toBe(false);

    await roundTrip(newest.socket);
    for (const o of others) await roundTrip(o.socket);
    await roundTrip(bystander.socket);
    const left = await app.io.in(rooms.member(ana!.id)).fetchSockets();
    expect(left).toHaveLength(MAX);
    expect(left.map((s) => s.id)).not.toContain(oldest.socket.id);
    for (const c of [...others, newest, bystander]) {
      expect(c.socket.connected).toBe(true);
      expect(c.inbox.all("connection:replaced")).toEqual([]);
    }
  });

  describe.skipIf(!REDIS_SERVER)("across two nodes on one Redis", () => {
    // Two more servers on the suite's database, sharing a Redis of their own (nothing else is on it).
    let redis: ChildProcess | undefined;
    let nodeA: TestApp;
    let nodeB: TestApp;
    beforeAll(async () => {
      const port = await freePort();
      redis = await startRedis(port);
      const env = { REDIS_URL: `redis://127.0.0.1:${port}` };
      nodeA = await startTestApp({ db: app.db, env });
      nodeB = await startTestApp({ db: app.db, env });
    });
    afterAll(async () => {
      for (const s of mine.splice(0)) s.disconnect();
      disconnectAll();
      await nodeB?.stop();
      await nodeA?.stop();
      redis?.kill("SIGKILL");
    });

    it("counts the member's sockets on every node and closes the oldest, on the other node or on this one", async () => {
      const ana = await createMember(app.db.db, nodeA.services);
      const oldest = await browserLike(nodeA.url, ana.token);
      const onA: Array<Awaited<ReturnType<typeof connectMember>>> = [];
      for (let i = 1; i < MAX / 2; i++) onA.push(await connectMember(nodeA.url, ana.token, ["connection:replaced"]));
      for (let i = 0; i < MAX / 2; i++) await connectMember(nodeB.url, ana.token, ["connection:replaced"]);
      expect(await nodeB.io.in(rooms.member(ana.id)).fetchSockets()).toHaveLength(MAX);

      const gone = disconnected(oldest.socket);
      await connectMember(nodeB.url, ana.token, ["connection:replaced"]);
      expect(await gone).toBe("io server disconnect");
      expect(oldest.replaced).toEqual([{ reason: "too_many_connections", limit: MAX }]);
      const left = await nodeA.io.in(rooms.member(ana.id)).fetchSockets();
      expect(left).toHaveLength(MAX);
      expect(left.map((s) => s.id)).not.toContain(oldest.socket.id);

      // The oldest is now on node A, where the next one connects: told, then closed, there too.
      const next = onA[0]!;
      const nextGone = disconnected(next.socket);
      await connectMember(nodeA.url, ana.token, ["connection:replaced"]);
      expect(await next.inbox.next("connection:replaced")).toEqual({ reason: "too_many_connections", limit: MAX });
      expect(await nextGone).toBe("io server disconnect");
      expect(await nodeB.io.in(rooms.member(ana.id)).fetchSockets()).toHaveLength(MAX);
    });

    it("a revoked session's sockets hear why before they close, on the node that revoked it and on the other", async () => {
      const ana = await createMember(app.db.db, nodeA.services);
      const onA = await connectMember(nodeA.url, ana.token, ["session:ended"]);
      const onB = await connectMember(nodeB.url, ana.token, ["session:ended"]);
      const closed = Promise.all([disconnected(onA.socket), disconnected(onB.socket)]);
      expect((await nodeB.api("/api/v1/auth/tokens/current", { method: "DELETE", token: ana.token })).status).toBe(204);
      expect(await onB.inbox.next("session:ended")).toEqual({ reason: "logged_out" });
      expect(await onA.inbox.next("session:ended")).toEqual({ reason: "logged_out" });
      expect(await closed).toEqual(["io server disconnect", "io server disconnect"]);
    });

    it("a member removed while away gets nothing from the project through a recovery stored in Redis", async () => {
      const [owner, ana] = await Promise.all([1, 2].map(() => createMember(app.db.db, nodeA.services)));
      const project = await json<Project>(await nodeA.api("/api/v1/projects", { token: owner!.token, body: { name: "Redis" } }), 201);
      await json(await nodeA.api(`/api/v1/projects/${project.id}/members`, { token: owner!.token, body: { memberId: ana!.id } }), 201);
      const post = async (body: string) =>
        json(await nodeB.api(`/api/v1/projects/${project.id}/messages`, { token: owner!.token, body: { body, clientId: randomUUID() } }), 201);
      const b = recoverable(ana!.token, nodeA);
      await b.open();
      await join(b.socket, project.id);
      await post("before");
      await until(() => b.messagesOf(project.id).length === 1);

      // The fast path works here: away and back, the missed message is replayed from the stream.
      await b.drop();
      await post("while away");
      await b.open();
      expect(b.socket.recovered).toBe(true);
      await until(() => b.messagesOf(project.id).length === 2);

      await b.drop();
      expect((await nodeB.api(`/api/v1/projects/${project.id}/members/${ana!.id}`, { method: "DELETE", token: owner!.token })).status).toBe(204);
      await post("after the removal, while away");
      await b.open();
      await post("after the recovery");
      const watcher = await connectMember(nodeA.url, owner!.token, ["message:new"]);
      await post("last");
      await watcher.inbox.next("message:new");
      await roundTrip(b.socket);
      expect(b.messagesOf(project.id)).toEqual(["before", "while away"]);
    });

    it("a session found revoked just after the handshake hears why before its socket closes", async () => {
      const ana = await createMember(app.db.db, nodeA.services);
      // The re-check after joining the session's room finds it gone (a revocation that raced the handshake).
      vi.spyOn(nodeA.services.identity, "isSessionLive").mockResolvedValueOnce(false);
      const socket: Client = connectClient(nodeA.url, { path: "/socket.io", transports: ["websocket"], auth: { token: ana.token }, reconnection: false, forceNew: true });
      mine.push(socket);
      const ended = new Promise<unknown>((resolve) => socket.once("session:ended", resolve));
      expect(await disconnected(socket)).toBe("io server disconnect");
      expect(await Promise.race([ended, "no notice before the close"])).toEqual({ reason: "revoked" });
    });
  });
});
