import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWhatsAppSender } from "../../server/domain/messaging/whatsapp.sender.js";
import { createOutboxWorker } from "../../server/domain/messaging/worker.js";
import type { Sender, Senders } from "../../server/domain/messaging/senders.js";
import type { MessagingConfig } from "../../server/domain/messaging/index.js";
import { useTestApp } from "../support/app.js";
import { createMember, type TestMember } from "../support/factories.js";
import { startFakeWhatsApp, type FakeWhatsApp } from "../support/fake-whatsapp.js";

// The WhatsApp sender against a local fake of the Cloud API: the template body and auth header it sends, 429 and 5xx
// tried again, 400 parked, a hang cut by the timeout (retryable); without a token the words are kept.
const app = useTestApp();
let fake: FakeWhatsApp;
beforeAll(async () => {
  fake = await startFakeWhatsApp();
});
afterAll(async () => {
  await fake?.close();
});

const config = (whatsapp: MessagingConfig["whatsapp"]): Pick<MessagingConfig, "whatsapp" | "publicOrigin"> => ({ whatsapp, publicOrigin: () => "https://jejaring.test" });
const configured = () => config({ token: "test-token", phoneNumberId: "1234567890", apiUrl: fake.url, timeoutMs: 300 });
const none: Sender = { send: async () => ({ outcome: "failed", retryable: false, error: "not this channel" }) };

function workerWith(whatsapp: Sender) {
  const senders: Senders = { email: none, webhook: none, whatsapp };
  return createOutboxWorker({ db: app.db.db, clock: app.services.clock, senders, options: { sendTimeoutMs: 5_000 } });
}

async function reminderRow(m: TestMember, locale: "id" | "en" = "id") {
  const message = {
    kind: "booking_reminder" as const,
    data: {
      bookingId: "0b8f4a2e-1c1d-4e0a-9f55-3c6b9a2d1e01",
      spaceId: "0b8f4a2e-1c1d-4e0a-9f55-3c6b9a2d1e02",
      spaceName: "Ruang Kerja Kemang",
      resourceId: "0b8f4a2e-1c1d-4e0a-9f55-3c6b9a2d1e03",
      resourceName: "Desk 4",
      timezone: "Asia/Jakarta",
      start: "2027-03-01T02:00:00.000Z",
      end: "2027-03-01T04:00:00.000Z",
    },
  };
  const row = await app.db.db.transaction().execute((tx) =>
    app.services.messaging.outbox.enqueue(tx, { channel: "whatsapp", memberId: m.id, to: "+6281234567890", locale, message }),
  );
  return row!;
}
const stored = (id: string) => app.db.db.selectFrom("outbox").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("WhatsApp sender (Cloud API)", () => {
  it("sends a template message with the bearer token, the row id as callback data, and the body parameters", async () => {
    const m = await createMember(app.db.db, app.services);
    const row = await reminderRow(m, "en");
    fake.requests.length = 0;
    fake.answer(200);
    const [settled] = await workerWith(createWhatsAppSender({ config: configured() } as never)).drain();
    expect(settled!.status).toBe("sent");
    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0]!;
    expect(req.path).toBe("/v21.0/1234567890/messages");
    expect(req.headers.authorization).toBe("Bearer test-token");
    expect(req.body).toMatchObject({
      messaging_product: "whatsapp",
      to: "6281234567890",
      type: "template",
      biz_opaque_callback_data: row.id,
      template: { name: "jejaring_booking_reminder", language: { code: "en" } },
    });
    const params = (req.body.template as { components: Array<{ type: string; parameters: Array<{ type: string; text: string }> }> }).components[0]!;
    expect(params.type).toBe("body");
    expect(params.parameters.map((p) => p.text).slice(0, 2)).toEqual(["Desk 4", "Ruang Kerja Kemang"]);
    expect(params.parameters[2]!.text).toMatch(/09:00/); // 02:00 UTC in Jakarta
    expect((await stored(row.id)).response_status).toBe(200);
    // Settled as sent: never sent again.
    expect(await workerWith(createWhatsAppSender({ config: configured() } as never)).drain()).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it("429 and 500 are tried again; 400 (undeliverable) is parked at once", async () => {
    const m = await createMember(app.db.db, app.services);
    const row = await reminderRow(m);
    fake.answer(429);
    const sender = createWhatsAppSender({ config: configured() } as never);
    const [first] = await workerWith(sender).drain();
    expect(first!.status).toBe("pending");
    expect(await stored(row.id)).toMatchObject({ status: "pending", response_status: 429 });
    expect((await stored(row.id)).last_error).toContain("130429");

    const other = await reminderRow(m);
    fake.answer(500);
    const [second] = await workerWith(sender).drain();
    expect(second!.row.id).toBe(other.id);
    expect(second!.status).toBe("pending");

    const bad = await reminderRow(m);
    fake.answer(400);
    const [third] = await workerWith(sender).drain();
    expect(third!.row.id).toBe(bad.id);
    expect(third!.status).toBe("dead");
    expect(await stored(bad.id)).toMatchObject({ status: "dead", response_status: 400 });
  });

  it("a hang is cut by WHATSAPP_TIMEOUT_MS and tried again", async () => {
    const m = await createMember(app.db.db, app.services);
    const row = await reminderRow(m);
    fake.answer("hang");
    const t0 = performance.now();
    const [settled] = await workerWith(createWhatsAppSender({ config: configured() } as never)).drain();
    expect(performance.now() - t0).toBeLessThan(4_000);
    expect(settled!.status).toBe("pending");
    expect((await stored(row.id)).last_error).toContain("timed out");
  });

  it("without a WhatsApp account the message is kept with its words (Indonesian here)", async () => {
    const m = await createMember(app.db.db, app.services);
    const row = await reminderRow(m, "id");
    const before = fake.requests.length;
    const [settled] = await workerWith(createWhatsAppSender({ config: config(null) } as never)).drain();
    expect(settled!.status).toBe("kept");
    expect(fake.requests).toHaveLength(before);
    const rendered = (await stored(row.id)).rendered!;
    expect(rendered.text).toContain("Pengingat");
    expect(rendered.text).toContain("Desk 4");
  });
});
