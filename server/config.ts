import { isIP } from "node:net";
import { z } from "zod";
import { DB_DEFAULTS } from "../db/connect.js";

const LogLevel = z.enum(["debug", "info", "warn", "error", "silent"]);

/** The explicit opt-out from a real SESSION_SECRET on PostgreSQL, for local work only (never in production). */
export const DEV_INSECURE_SECRET = "dev-insecure";
const DEVELOPMENT_SECRET = "jejaring-development-secret-not-for-production";

/** Names express's `trust proxy` understands besides addresses and subnets. */
const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/** `false`: no proxy; a number: that many hops; a list: the proxies' addresses, subnets or names. */
export type TrustProxy = false | number | string[];

function isAddressOrSubnet(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split("/");
  const family = isIP(address ?? "");
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  const max = family === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

/**
 * TRUST_PROXY: `false` (default), a hop count (`1`: one reverse proxy in front), or a comma list of the proxies'
 * addresses, subnets or names (`loopback, 10.0.0.0/8`). `true` used to trust every hop, which let any client
 * forge X-Forwarded-For past the per-IP limits: it now means one hop, with a warning.
 */
const TrustProxySchema = z
  .string()
  .trim()
  .transform((raw, ctx): { value: TrustProxy; deprecated: boolean } => {
    const value = raw.toLowerCase();
    if (value === "" || value === "false" || value === "0") return { value: false, deprecated: false };
    if (value === "true") return { value: 1, deprecated: true };
    if (/^\d+$/.test(value)) return { value: Number(value), deprecated: false };
    const entries = value.split(",").map((e) => e.trim()).filter(Boolean);
    const bad = entries.filter((e) => !isAddressOrSubnet(e));
    if (bad.length || !entries.length) {
      ctx.addIssue({
        code: "custom",
        message: `TRUST_PROXY must be false, a hop count, or a list of addresses, subnets or loopback/linklocal/uniquelocal (not ${bad.join(", ") || "empty"})`,
      });
      return z.NEVER;
    }
    return { value: entries, deprecated: false };
  });

const Millis = (fallback: number) => z.coerce.number().int().min(0).max(24 * 3_600_000).default(fallback);

/** An origin (scheme, host and port; no path): `https://jejaring.example`. */
const OriginSchema = z
  .url({ protocol: /^https?$/, message: "PUBLIC_ORIGIN must be an http(s) origin such as https://jejaring.example" })
  .refine((u) => {
    const url = new URL(u);
    return url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password;
  }, "PUBLIC_ORIGIN must be an origin only (no path, query or credentials)")
  .transform((u) => new URL(u).origin);

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The payment gateway's API base URL (issue 14). It comes only from here, never from a request: https, or plain
 * http to this machine's loopback (the local fake provider in tests and development), never http in production.
 */
const GatewayUrlSchema = z
  .url({ protocol: /^https?$/, message: "XENDIT_API_URL must be an http(s) URL such as https://api.xendit.co" })
  .refine((u) => {
    const url = URL.parse(u);
    return !url || (!url.username && !url.password && !url.search && !url.hash);
  }, "XENDIT_API_URL must carry no credentials, query or fragment")
  .refine((u) => {
    const url = URL.parse(u);
    return !url || url.protocol === "https:" || LOOPBACK_HOSTS.has(url.hostname);
  }, "XENDIT_API_URL must be https (plain http only to localhost)")
  .transform((u) => u.replace(/\/+$/, ""));

/** WhatsApp Cloud API's base URL: https, or plain http to this machine's loopback (the local fake in tests). */
const WhatsAppUrlSchema = z
  .url({ protocol: /^https?$/, message: "WHATSAPP_API_URL must be an http(s) URL such as https://graph.facebook.com/v21.0" })
  .refine((u) => {
    const url = URL.parse(u);
    return !url || url.protocol === "https:" || LOOPBACK_HOSTS.has(url.hostname);
  }, "WHATSAPP_API_URL must be https (plain http only to localhost)")
  .transform((u) => u.replace(/\/+$/, ""));

const SmtpUrlSchema = z.url({ protocol: /^smtps?$/, message: "SMTP_URL must look like smtp://user:pass@host:587 or smtps://host:465" });

const Flag = z.enum(["true", "false", "on", "off", "1", "0"]).transform((v) => v === "true" || v === "on" || v === "1");

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default("0.0.0.0"),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    DATA_DIR: z.string().min(1).default("./data"),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    SESSION_SECRET: z
      .string()
      .refine((v) => v === DEV_INSECURE_SECRET || v.length >= 32, "SESSION_SECRET must be at least 32 characters")
      .optional(),
    ORIGIN: z.string().optional(),
    PUBLIC_ORIGIN: OriginSchema.optional(),
    LOG_LEVEL: LogLevel.default("info"),
    SEED_DEMO: z.enum(["auto", "always", "never"]).default("auto"),
    JOBS: z.enum(["on", "off"]).default("on"),
    TRUST_PROXY: TrustProxySchema.default({ value: false, deprecated: false }),
    KEEP_ALIVE_TIMEOUT_MS: Millis(65_000),
    HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1).max(24 * 3_600_000).optional(),
    DB_STATEMENT_TIMEOUT_MS: Millis(DB_DEFAULTS.statementTimeoutMs),
    DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: Millis(DB_DEFAULTS.idleInTransactionTimeoutMs),
    DB_CONNECTION_TIMEOUT_MS: Millis(DB_DEFAULTS.connectionTimeoutMs),
    COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
    REMIX_DEV_ORIGIN: z.string().optional(),
    /** Xendit (the online payment gateway): the secret API key, and the callback verification token. */
    XENDIT_SECRET_KEY: z.string().trim().min(1).optional(),
    XENDIT_CALLBACK_TOKEN: z.string().trim().min(1).optional(),
    XENDIT_API_URL: GatewayUrlSchema.default("https://api.xendit.co"),
    XENDIT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    /** Issue 15: mail over SMTP (absent: mail is kept in the outbox and shown on the admin's sent-mail page). */
    SMTP_URL: SmtpUrlSchema.optional(),
    MAIL_FROM: z.string().trim().min(3).default("Jejaring <no-reply@jejaring.local>"),
    /** Where links in mail point; the same as PUBLIC_ORIGIN (either may be set). */
    PUBLIC_URL: OriginSchema.optional(),
    WHATSAPP_TOKEN: z.string().trim().min(1).optional(),
    WHATSAPP_PHONE_NUMBER_ID: z.string().trim().regex(/^\d{1,30}$/, "WHATSAPP_PHONE_NUMBER_ID is the number's id from Meta's dashboard (digits)").optional(),
    WHATSAPP_API_URL: WhatsAppUrlSchema.default("https://graph.facebook.com/v21.0"),
    WHATSAPP_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    /** Webhook deliveries to loopback, private, link-local and metadata addresses: refused unless true (tests). */
    WEBHOOK_ALLOW_PRIVATE: Flag.default(false),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    OUTBOX_WORKER: z.enum(["on", "off"]).default("on"),
    OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
    OUTBOX_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
    OUTBOX_BATCH: z.coerce.number().int().min(1).max(500).default(20),
    OUTBOX_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  })
  .superRefine((env, ctx) => {
    // On PostgreSQL several nodes share sessions, so there is no per-install file to keep a secret in: a fixed
    // development secret would make every install's tokens and feed URLs forgeable.
    if (env.DATABASE_URL && !env.SESSION_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message: `SESSION_SECRET is required on PostgreSQL (set 32+ random characters; SESSION_SECRET=${DEV_INSECURE_SECRET} for local work only)`,
      });
    }
    if (env.NODE_ENV === "production" && env.SESSION_SECRET === DEV_INSECURE_SECRET) {
      ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: `SESSION_SECRET=${DEV_INSECURE_SECRET} is refused in production` });
    }
    if (Boolean(env.XENDIT_SECRET_KEY) !== Boolean(env.XENDIT_CALLBACK_TOKEN)) {
      ctx.addIssue({
        code: "custom",
        path: [env.XENDIT_SECRET_KEY ? "XENDIT_CALLBACK_TOKEN" : "XENDIT_SECRET_KEY"],
        message: "Set both XENDIT_SECRET_KEY and XENDIT_CALLBACK_TOKEN (from the Xendit dashboard), or neither",
      });
    }
    if (Boolean(env.WHATSAPP_TOKEN) !== Boolean(env.WHATSAPP_PHONE_NUMBER_ID)) {
      ctx.addIssue({
        code: "custom",
        path: [env.WHATSAPP_TOKEN ? "WHATSAPP_PHONE_NUMBER_ID" : "WHATSAPP_TOKEN"],
        message: "Set both WHATSAPP_TOKEN and WHATSAPP_PHONE_NUMBER_ID (from Meta's WhatsApp dashboard), or neither",
      });
    }
    if (env.NODE_ENV === "production" && env.WHATSAPP_API_URL.startsWith("http:")) {
      ctx.addIssue({ code: "custom", path: ["WHATSAPP_API_URL"], message: "WHATSAPP_API_URL must be https in production" });
    }
    if (env.PUBLIC_URL && env.PUBLIC_ORIGIN && new URL(env.PUBLIC_URL).origin !== env.PUBLIC_ORIGIN) {
      ctx.addIssue({ code: "custom", path: ["PUBLIC_URL"], message: "PUBLIC_URL and PUBLIC_ORIGIN name the same thing: set one (or the same origin)" });
    }
    if (env.NODE_ENV === "production" && env.XENDIT_API_URL.startsWith("http:")) {
      ctx.addIssue({ code: "custom", path: ["XENDIT_API_URL"], message: "XENDIT_API_URL must be https in production" });
    }
    const headers = env.HEADERS_TIMEOUT_MS;
    if (headers !== undefined && env.KEEP_ALIVE_TIMEOUT_MS > 0 && headers <= env.KEEP_ALIVE_TIMEOUT_MS) {
      ctx.addIssue({
        code: "custom",
        path: ["HEADERS_TIMEOUT_MS"],
        message: "HEADERS_TIMEOUT_MS must be above KEEP_ALIVE_TIMEOUT_MS (a reused connection must not be cut while its next request's headers arrive)",
      });
    }
  });

export type Config = {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  /** Used to key HMACs (ICS feed secrets, request fingerprints). */
  sessionSecret: string;
  /** Allowed browser origins (ORIGIN, else PUBLIC_ORIGIN); empty means "the request's own host". */
  origins: string[];
  /**
   * Where absolute URLs (calendar feed, QR codes, mail links) point: PUBLIC_ORIGIN, else the first ORIGIN.
   * `undefined`: the address the server listens on (server/index.ts resolves it); never the Host header.
   */
  publicOrigin: string | undefined;
  logLevel: z.infer<typeof LogLevel>;
  seedDemo: "auto" | "always" | "never";
  jobs: boolean;
  /** express's `trust proxy`: which hops of X-Forwarded-For/-Proto to believe (see TrustProxySchema). */
  trustProxy: TrustProxy;
  /** Idle keep-alive connections stay open this long (above load balancers' idle timeouts). */
  keepAliveTimeoutMs: number;
  /** How long the server waits for a request's headers (above the keep-alive timeout). */
  headersTimeoutMs: number;
  /** PostgreSQL pool limits (ms; 0 = no limit): a statement, a session idle in a transaction, a wait for a connection. */
  dbStatementTimeoutMs: number;
  dbIdleInTransactionTimeoutMs: number;
  dbConnectionTimeoutMs: number;
  /** Secure cookies: on in production unless COOKIE_SECURE=false (plain-HTTP LAN installs). */
  secureCookies: boolean;
  /** Set by `remix dev`: live reload is on. */
  remixDevOrigin: string | undefined;
  /** The online payment gateway (Xendit's invoice API); null: none configured (members pay by transfer). */
  gateway: GatewayConfig | null;
  /** Mail: SMTP_URL (credentials inside: never logged) and the From address. No smtpUrl: mail is kept, not sent. */
  mail: { smtpUrl: string | undefined; from: string };
  /** WhatsApp Business Cloud API; null: none configured (nothing goes by WhatsApp). */
  whatsapp: { token: string; phoneNumberId: string; apiUrl: string; timeoutMs: number } | null;
  webhooks: { allowPrivate: boolean; timeoutMs: number };
  /** The outbox worker: on every node unless OUTBOX_WORKER=off. */
  outbox: { worker: boolean; pollMs: number; leaseMs: number; batchSize: number; concurrency: number };
  /** Settings that work but should be changed; logged once at start. */
  warnings: string[];
};

/** Xendit's credentials and where its API is. Secrets: never logged (the logger redacts `secretKey`, `callbackToken`). */
export type GatewayConfig = {
  provider: "xendit";
  secretKey: string;
  callbackToken: string;
  apiUrl: string;
  timeoutMs: number;
};

/** Parses the environment once. Nothing else in the server reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const warnings: string[] = [];
  if (e.TRUST_PROXY.deprecated) {
    warnings.push("TRUST_PROXY=true is deprecated and now means one proxy hop (TRUST_PROXY=1); set the hop count or the proxies' subnets");
  }
  let sessionSecret = e.SESSION_SECRET ?? "";
  if (sessionSecret === DEV_INSECURE_SECRET) {
    warnings.push(`SESSION_SECRET=${DEV_INSECURE_SECRET}: using a fixed development secret; tokens and feed URLs are forgeable`);
    sessionSecret = DEVELOPMENT_SECRET;
  }
  const origins = (e.ORIGIN ?? "")
    .split(",")
    .map((s) => s.trim().replace(/\/$/, ""))
    .filter(Boolean);
  const publicOrigin = e.PUBLIC_ORIGIN ?? e.PUBLIC_URL ?? origins[0];
  if (!e.SMTP_URL && e.NODE_ENV === "production") {
    warnings.push("SMTP_URL is not set: no mail leaves this server (it is kept on the admins' sent-mail page, password-reset links included)");
  }
  if (e.WEBHOOK_ALLOW_PRIVATE && e.NODE_ENV === "production") {
    warnings.push("WEBHOOK_ALLOW_PRIVATE=true: webhooks may be delivered to private and loopback addresses of this network");
  }
  if (!publicOrigin && e.NODE_ENV === "production") {
    warnings.push("PUBLIC_ORIGIN is not set: calendar feed and QR code links point at this server's own address; set PUBLIC_ORIGIN=https://your.host");
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    // The embedded single-machine default keeps a random per-install secret in the data dir (see server/index.ts).
    sessionSecret,
    origins: origins.length ? origins : publicOrigin ? [publicOrigin] : [],
    publicOrigin,
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO,
    jobs: e.JOBS === "on",
    trustProxy: e.TRUST_PROXY.value,
    keepAliveTimeoutMs: e.KEEP_ALIVE_TIMEOUT_MS,
    headersTimeoutMs: e.HEADERS_TIMEOUT_MS ?? e.KEEP_ALIVE_TIMEOUT_MS + 1_000,
    dbStatementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    dbIdleInTransactionTimeoutMs: e.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    dbConnectionTimeoutMs: e.DB_CONNECTION_TIMEOUT_MS,
    secureCookies: e.COOKIE_SECURE === "auto" ? e.NODE_ENV === "production" : e.COOKIE_SECURE === "true",
    remixDevOrigin: e.REMIX_DEV_ORIGIN,
    gateway:
      e.XENDIT_SECRET_KEY && e.XENDIT_CALLBACK_TOKEN
        ? { provider: "xendit", secretKey: e.XENDIT_SECRET_KEY, callbackToken: e.XENDIT_CALLBACK_TOKEN, apiUrl: e.XENDIT_API_URL, timeoutMs: e.XENDIT_TIMEOUT_MS }
        : null,
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    whatsapp:
      e.WHATSAPP_TOKEN && e.WHATSAPP_PHONE_NUMBER_ID
        ? { token: e.WHATSAPP_TOKEN, phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID, apiUrl: e.WHATSAPP_API_URL, timeoutMs: e.WHATSAPP_TIMEOUT_MS }
        : null,
    webhooks: { allowPrivate: e.WEBHOOK_ALLOW_PRIVATE, timeoutMs: e.WEBHOOK_TIMEOUT_MS },
    outbox: {
      worker: e.OUTBOX_WORKER === "on",
      pollMs: e.OUTBOX_POLL_MS,
      leaseMs: e.OUTBOX_LEASE_MS,
      batchSize: e.OUTBOX_BATCH,
      concurrency: e.OUTBOX_CONCURRENCY,
    },
    warnings,
  };
}
