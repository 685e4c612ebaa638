import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// A local stand-in for Xendit's invoice API (the one third-party HTTP the tests fake): a real HTTP server that
// creates invoices as POST /v2/invoices does (Basic auth with the secret key, amounts in IDR), and a helper that sends
// the app the invoice callback Xendit would, with the right verification token or a forged one.

export const FAKE_SECRET_KEY = "xnd_development_fake_secret_key_0123456789";
export const FAKE_CALLBACK_TOKEN = "fake-callback-verification-token-0123456789";

export type FakeInvoice = {
  id: string;
  external_id: string;
  amount: number;
  description: string;
  payer_email?: string;
  success_redirect_url?: string;
  failure_redirect_url?: string;
  currency: string;
  invoice_url: string;
  expiry_date: string;
  status: "PENDING" | "PAID" | "SETTLED" | "EXPIRED";
};

export type FakeXendit = {
  url: string;
  /** The env that points the app at this fake. */
  env: Record<string, string>;
  invoices: FakeInvoice[];
  /** Every create request's Authorization header (to prove the secret is sent as Basic auth). */
  authorizations: Array<string | undefined>;
  /** Answer the next creates with this status (e.g. 500), or hang past the app's timeout (`"hang"`). */
  failNext: (how: number | "hang" | null) => void;
  /** The body Xendit posts when the invoice changes status. */
  callbackBody: (invoice: FakeInvoice, change?: { status?: "PAID" | "SETTLED" | "EXPIRED"; paidAmount?: number; paymentMethod?: string }) => Record<string, unknown>;
  /** POSTs a callback to the app; `token: null` sends none. */
  sendCallback: (appUrl: string, body: unknown, token?: string | null) => Promise<Response>;
  close: () => Promise<void>;
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFakeXendit(options: { secretKey?: string; now?: () => Date } = {}): Promise<FakeXendit> {
  const secretKey = options.secretKey ?? FAKE_SECRET_KEY;
  const now = options.now ?? (() => new Date());
  const invoices: FakeInvoice[] = [];
  const authorizations: Array<string | undefined> = [];
  let fail: number | "hang" | null = null;
  const hanging = new Set<() => void>();

  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const raw = await readBody(req);
    if (req.method !== "POST" || req.url !== "/v2/invoices") return send(404, { error_code: "NOT_FOUND" });
    authorizations.push(req.headers.authorization);
    const expected = `Basic ${Buffer.from(`${secretKey}:`).toString("base64")}`;
    if (req.headers.authorization !== expected) return send(401, { error_code: "INVALID_API_KEY", message: "API key is invalid" });
    if (fail === "hang") {
      await new Promise<void>((resolve) => hanging.add(resolve));
      return send(500, { error_code: "SERVER_ERROR" });
    }
    if (typeof fail === "number") return send(fail, { error_code: "SERVER_ERROR" });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return send(400, { error_code: "API_VALIDATION_ERROR" });
    }
    if (typeof body.external_id !== "string" || typeof body.amount !== "number" || !Number.isInteger(body.amount) || body.amount < 1) {
      return send(400, { error_code: "API_VALIDATION_ERROR", message: "external_id and a positive integer amount are required" });
    }
    const id = `fake${String(invoices.length + 1).padStart(6, "0")}${Math.random().toString(16).slice(2, 8)}`;
    const invoice: FakeInvoice = {
      id,
      external_id: body.external_id,
      amount: body.amount,
      description: String(body.description ?? ""),
      payer_email: typeof body.payer_email === "string" ? body.payer_email : undefined,
      success_redirect_url: typeof body.success_redirect_url === "string" ? body.success_redirect_url : undefined,
      failure_redirect_url: typeof body.failure_redirect_url === "string" ? body.failure_redirect_url : undefined,
      currency: String(body.currency ?? "IDR"),
      invoice_url: `https://checkout-staging.xendit.co/web/${id}`,
      expiry_date: new Date(now().getTime() + 86_400_000).toISOString(),
      status: "PENDING",
    };
    invoices.push(invoice);
    send(200, { ...invoice, merchant_name: "Fake", available_banks: [], available_ewallets: [] });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    env: { XENDIT_SECRET_KEY: secretKey, XENDIT_CALLBACK_TOKEN: FAKE_CALLBACK_TOKEN, XENDIT_API_URL: url, XENDIT_TIMEOUT_MS: "1000" },
    invoices,
    authorizations,
    failNext: (how) => {
      fail = how;
    },
    callbackBody: (invoice, change = {}) => ({
      id: invoice.id,
      external_id: invoice.external_id,
      user_id: "5f0000000000000000000000",
      is_high: false,
      status: change.status ?? "PAID",
      merchant_name: "Fake",
      amount: invoice.amount,
      paid_amount: change.paidAmount ?? invoice.amount,
      payer_email: invoice.payer_email,
      description: invoice.description,
      payment_method: change.paymentMethod ?? "QR_CODE",
      payment_channel: change.paymentMethod === "VIRTUAL_ACCOUNT" ? "BCA" : "QRIS",
      paid_at: now().toISOString(),
      currency: "IDR",
      created: now().toISOString(),
      updated: now().toISOString(),
    }),
    sendCallback: (appUrl, body, token = FAKE_CALLBACK_TOKEN) =>
      fetch(`${appUrl}/api/v1/payments/callbacks/xendit`, {
        method: "POST",
        headers: { connection: "close", "content-type": "application/json", ...(token === null ? {} : { "x-callback-token": token }) },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    close: async () => {
      for (const release of hanging) release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
