import { describe, expect, it } from "vitest";
import { startTestApp } from "../support/app.js";
import { createTestDb } from "../support/db.js";
import { createMember } from "../support/factories.js";
import { RoomClient, roomApi, until } from "../support/rooms.js";

// A server restart mid-conversation: every client converges to the same seqs, each acked message stored once.
// Its own set-up (not useTestApp): a database of its own that outlives the server stopped and started on it.

describe("server restart mid-conversation", () => {
  it("converges every client to the same seq list, with each acked message stored exactly once", async () => {
    const db = await createTestDb();
    let server = await startTestApp({ db });
    const port = String(server.port);
    const clients: RoomClient[] = [];
    try {
      const members = await Promise.all([1, 2, 3].map(() => createMember(db.db, server.services)));
      const project = await server.services.projects.create(members[0]!.id, { name: "Restart" });
      for (const m of members.slice(1)) await server.services.projects.addMember(members[0]!.id, project.id, { memberId: m.id });
      clients.push(...members.map((m) => new RoomClient(server.url, m.token, project.id)));
      await Promise.all(clients.map((c) => c.ready()));

      for (let i = 0; i < 5; i++) clients.forEach((c, n) => c.send(`before ${n}.${i}`));
      // Stop while those may still be in flight: some are stored and acked, some stored but never acked, some neither.
      await server.stop();
      server = await startTestApp({ db, env: { PORT: port } });
      await Promise.all(clients.map((c) => c.ready()));
      for (let i = 0; i < 5; i++) clients.forEach((c, n) => c.send(`after ${n}.${i}`));

      await until(async () => {
        const total = (await roomApi(server).storedSeqs(project.id)).length;
        return clients.every((c) => c.unacked === 0 && c.seen.size === total);
      });
      const stored = await db.db
        .selectFrom("messages")
        .select(["seq", "client_id", "body"])
        .where("project_id", "=", project.id)
        .orderBy("seq")
        .execute();
      expect(stored).toHaveLength(30);
      expect(new Set(stored.map((m) => m.client_id)).size).toBe(30);
      const seqList = stored.map((m) => Number(m.seq));
      expect(seqList).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      for (const c of clients) {
        expect(c.unacked).toBe(0);
        expect(c.seqs()).toEqual(seqList);
        for (const id of c.acked) expect(stored.filter((m) => m.client_id === id)).toHaveLength(1);
      }
    } finally {
      clients.forEach((c) => c.close());
      await server.stop();
      await db.close();
    }
  });
});
