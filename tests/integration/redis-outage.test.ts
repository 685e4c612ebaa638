import type { ChildProcess } from "node:child_process";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { MessagePayload } from "../../server/contract/realtime.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { createMember } from "../support/factories.js";
import { createClient } from "redis";
import { freePort, REDIS_SERVER, startRedis } from "../support/processes.js";
import { until } from "../support/rooms.js";
import { connectMember, disconnectAll, EVENT_TIMEOUT_MS } from "../support/sockets.js";

// A node keeps serving its own clients when Redis goes away. The test runs a Redis of its own (so stopping it
// disturbs nothing else); it needs the redis-server binary, which CI installs.

describe.skipIf(!REDIS_SERVER)("when Redis goes away", () => {
  let app: TestApp | undefined;
  let redis: ChildProcess | undefined;
  afterEach(() => disconnectAll());
  afterAll(async () => {
    await app?.stop();
    redis?.kill("SIGKILL");
  });

  it("still delivers a room's messages to the node's own sockets, and carries on when Redis is back", async () => {
    const port = await freePort();
    redis = await startRedis(port);
    app = await startTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    const [ana, budi] = await Promise.all([createMember(app.db.db, app.services), createMember(app.db.db, app.services)]);
    const project = await app.services.projects.create(ana.id, { name: "Outage" });
    await app.services.projects.addMember(ana.id, project.id, { memberId: budi.id });
    const a = await connectMember(app.url, ana.token, ["message:new"]);
    const b = await connectMember(app.url, budi.token, ["message:new"]);
    const send = async (body: string) => {
      const ack = await a.socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("message:send", { projectId: project.id, body, clientId: body });
      expect(ack.ok).toBe(true);
      return (await b.inbox.next<{ message: MessagePayload }>("message:new")).message;
    };

    expect((await send("before")).seq).toBe(1);
    const exited = new Promise((resolve) => redis!.once("exit", resolve));
    redis.kill("SIGKILL");
    await exited;
    expect((await send("during")).seq).toBe(2);

    redis = await startRedis(port);
    expect((await send("after")).seq).toBe(3);
    // Once the node has reconnected, broadcasts go through Redis again (the fresh Redis's stream fills up).
    const probe = createClient({ url: `redis://127.0.0.1:${port}` });
    await probe.connect();
    let n = 0;
    await until(async () => {
      await send(`again ${++n}`);
      return (await probe.xLen("socket.io")) > 0;
    });
    expect(await probe.xLen("socket.io")).toBeGreaterThan(0);
    probe.destroy();
  }, 60_000);
});
