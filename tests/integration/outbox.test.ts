import { describe, expect, it } from "vitest";
import { createOutboxWorker } from "../../server/domain/messaging/worker.js";
import type { Sender, Senders } from "../../server/domain/messaging/senders.js";
import { useTestApp } from "../support/app.js";
import { createMember } from "../support/factories.js";

const app = useTestApp();

describe("outbox (foundation)", () => {
  it("a rolled-back transaction sends nothing; a committed one is sent once, with its attempt recorded", async () => {
    const m = await createMember(app.db.db, app.services);
    const message = { kind: "password_reset" as const, data: { memberName: m.name, token: "secret-token", expiresAt: new Date().toISOString() } };
    await app.db.db
      .transaction()
      .execute(async (tx) => {
        await app.services.messaging.outbox.enqueue(tx, { channel: "email", memberId: m.id, to: m.email, locale: "en", message });
        throw new Error("roll back");
      })
      .catch(() => {});
    await app.db.db.transaction().execute((tx) => app.services.messaging.outbox.enqueue(tx, { channel: "email", memberId: m.id, to: m.email, locale: "en", message }));
    const seen: string[] = [];
    const ok: Sender = { send: async (row) => (seen.push(row.id), { outcome: "sent" }) };
    const senders: Senders = { email: ok, whatsapp: ok, webhook: ok };
    const worker = createOutboxWorker({ db: app.db.db, clock: app.services.clock, senders });
    const settled = await worker.drain();
    expect(settled.map((s) => s.status)).toEqual(["sent"]);
    expect(seen).toHaveLength(1);
    expect(await worker.drain()).toEqual([]);
    const row = await app.db.db.selectFrom("outbox").selectAll().executeTakeFirstOrThrow();
    expect(row.status).toBe("sent");
    expect((row.payload as { data: { token: unknown } }).data.token).toBeNull();
    const attempts = await app.db.db.selectFrom("outbox_attempts").selectAll().execute();
    expect(attempts.map((a) => [a.attempt, a.outcome])).toEqual([[1, "sent"]]);
  });
});
