import { z } from "zod";

const LogLevel = z.enum(["debug", "info", "warn", "error", "silent"]);

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default("0.0.0.0"),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    DATA_DIR: z.string().min(1).default("./data"),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional(),
    ORIGIN: z.string().optional(),
    LOG_LEVEL: LogLevel.default("info"),
    SEED_DEMO: z.enum(["auto", "always", "never"]).default("auto"),
    JOBS: z.enum(["on", "off"]).default("on"),
    TRUST_PROXY: z.enum(["true", "false"]).default("false"),
    COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
    REMIX_DEV_ORIGIN: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.SESSION_SECRET && env.DATABASE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message: "SESSION_SECRET is required in production on PostgreSQL (set 32+ random characters)",
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
  /** Allowed browser origins; empty means "the request's own host". */
  origins: string[];
  logLevel: z.infer<typeof LogLevel>;
  seedDemo: "auto" | "always" | "never";
  jobs: boolean;
  trustProxy: boolean;
  /** Secure cookies: on in production unless COOKIE_SECURE=false (plain-HTTP LAN installs). */
  secureCookies: boolean;
  /** Set by `remix dev`: live reload is on. */
  remixDevOrigin: string | undefined;
};

/** Parses the environment once. Nothing else in the server reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    // The embedded single-machine default derives a stable per-install secret from the data dir (see server/index.ts).
    sessionSecret: e.SESSION_SECRET ?? "",
    origins: (e.ORIGIN ?? "")
      .split(",")
      .map((s) => s.trim().replace(/\/$/, ""))
      .filter(Boolean),
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO,
    jobs: e.JOBS === "on",
    trustProxy: e.TRUST_PROXY === "true",
    secureCookies: e.COOKIE_SECURE === "auto" ? e.NODE_ENV === "production" : e.COOKIE_SECURE === "true",
    remixDevOrigin: e.REMIX_DEV_ORIGIN,
  };
}
