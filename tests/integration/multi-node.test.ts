import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEventBus } from "../../server/events.js";
import { createServices, type Services } from "../../server/services.js";
import { createTestDb, type TestDb } from "../support/db.js";
import { createMember, type TestMember } from "../support/factories.js";
import { freePort, startServerProcess, type ServerProcess } from "../support/processes.js";
import { RoomClient, until } from "../support/rooms.js";

// Two server processes on one PostgreSQL database and one Redis, as production runs several nodes behind a load
// balancer. Needs DATABASE_URL and REDIS_URL (CI sets both); without them there is nothing to prove here.
const redisUrl = process.env.REDIS_URL;
const enabled = Boolean(redisUrl && process.env.DATABASE_URL && process.env.TEST_DB !== "pglite");
const SECRET = "multi-node-secret-multi-node-secret-0123";

describe.skipIf(!enabled)("two nodes on Redis", () => {
  let db: TestDb;
  let services: Services;
  const nodes: ServerProcess[] = [];
  const clients: RoomClient[] = [];

  async function startNode(): Promise<ServerProcess> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: db.url!,
      REDIS_URL: redisUrl,
      SESSION_SECRET: SECRET,
      SEED_DEMO: "never",
      LOG_LEVEL: "warn",
    };
    const node = await startServerProcess(["--import", "tsx", "server/index.ts"], env, await freePort());
    nodes.push(node);
    return node;
  }

  beforeAll(async () => {
    db = await createTestDb();
    services = createServices({ db: db.db, bus: createEventBus(), secret: SECRET });
  }, 60_000);

  afterAll(async () => {
    clients.forEach((c) => c.close());
    await Promise.all(nodes.map((n) => n.stop("SIGKILL")));
    await db?.close();
  });

  it("shares a room across nodes in seq order, shows presence from both, and survives a node dying mid-stream", async () => {
    const [a, b] = await Promise.all([startNode(), startNode()]);
    const [ana, budi]: TestMember[] = await Promise.all([createMember(db.db, services), createMember(db.db, services)]);
    const project = await services.projects.create(ana!.id, { name: "Two nodes" });
    await services.projects.addMember(ana!.id, project.id, { memberId: budi!.id });

    const onA = new RoomClient(a!.url, ana!.token, project.id);
    const onB = new RoomClient(b!.url, budi!.token, project.id);
    clients.push(onA, onB);
    await onA.ready();
    await onB.ready();

    // Presence spans nodes: Budi's socket is on B, Ana's on A.
    const online = await onB.socket.timeout(5_000).emitWithAck("project:join", { projectId: project.id, afterSeq: onB.cursor });
    expect(online.ok && online.online).toEqual([ana!.id, budi!.id].sort());

    // One after another, as a person types: they reach the other node in seq order.
    for (let i = 1; i <= 10; i++) {
      onA.send(`a${i}`);
      await until(() => onA.unacked === 0);
    }
    await until(() => onB.seen.size === 10);
    expect(onB.deliveries.map((m) => m.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(onB.deliveries.map((m) => m.body)).toEqual(Array.from({ length: 10 }, (_, i) => `a${i + 1}`));

    // Node B dies (no graceful shutdown) while Ana keeps talking; Budi's next connection lands on A.
    for (let i = 11; i <= 30; i++) {
      onA.send(`a${i}`);
      if (i === 15) await b!.stop("SIGKILL");
    }
    onB.moveTo(a!.url);
    await onB.ready();
    await until(() => onA.unacked === 0 && onB.seen.size === 30);

    const stored = await db.db
      .selectFrom("messages")
      .select(["seq", "client_id"])
      .where("project_id", "=", project.id)
      .orderBy("seq")
      .execute();
    expect(stored.map((m) => Number(m.seq))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(stored.map((m) => m.client_id)).size).toBe(30);
    expect(onB.seqs()).toEqual(stored.map((m) => Number(m.seq)));
    expect(onA.seqs()).toEqual(stored.map((m) => Number(m.seq)));
    // Every message Budi holds is the stored one, once: a redelivery could only overwrite the same seq with the same id.
    for (const m of onB.deliveries) expect(onB.seen.get(m.seq)!.id).toBe(m.id);
  }, 120_000);
});
