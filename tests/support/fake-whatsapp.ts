import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// A local stand-in for the WhatsApp Cloud API's `POST /{phoneNumberId}/messages` (the only fake allowed here): it
// records every request and answers as told — 200 with a message id, 429, 400, 500, or never (a hang).
export type FakeWhatsAppAnswer = 200 | 400 | 429 | 500 | "hang";
export type FakeWhatsAppRequest = { path: string; headers: IncomingMessage["headers"]; body: Record<string, unknown> };

export type FakeWhatsApp = {
  url: string;
  requests: FakeWhatsAppRequest[];
  /** Answers for the next requests, in order; afterwards 200. */
  answer: (...next: FakeWhatsAppAnswer[]) => void;
  close: () => Promise<void>;
};

const ERRORS: Record<number, { message: string; type: string; code: number }> = {
  400: { message: "(#131026) Message undeliverable", type: "OAuthException", code: 131026 },
  429: { message: "(#130429) Rate limit hit", type: "OAuthException", code: 130429 },
  500: { message: "(#131000) Something went wrong", type: "OAuthException", code: 131000 },
};

export async function startFakeWhatsApp(): Promise<FakeWhatsApp> {
  const requests: FakeWhatsAppRequest[] = [];
  let queue: FakeWhatsAppAnswer[] = [];
  const hanging = new Set<import("node:http").ServerResponse>();
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      requests.push({ path: req.url ?? "", headers: req.headers, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} });
      const a = queue.shift() ?? 200;
      if (a === "hang") {
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
        return;
      }
      res.writeHead(a, { "content-type": "application/json" });
      if (a === 200) {
        const to = (requests.at(-1)!.body.to as string) ?? "";
        res.end(JSON.stringify({ messaging_product: "whatsapp", contacts: [{ input: to, wa_id: to }], messages: [{ id: `wamid.${requests.length}` }] }));
      } else {
        res.end(JSON.stringify({ error: { ...ERRORS[a], fbtrace_id: "fake" } }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v21.0`,
    requests,
    answer: (...next) => void (queue = next),
    close: async () => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
