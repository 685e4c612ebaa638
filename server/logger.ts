import { pino, type DestinationStream, type Logger as Pino } from "pino";

type Level = "debug" | "info" | "warn" | "error";

/** The server's logging facade: a message and structured fields. Backed by pino; tests may implement it. */
export type Logger = {
  debug: (msg: string, fields?: Record<string, unknown>) => void;
  info: (msg: string, fields?: Record<string, unknown>) => void;
  warn: (msg: string, fields?: Record<string, unknown>) => void;
  error: (msg: string, fields?: Record<string, unknown>) => void;
  child: (fields: Record<string, unknown>) => Logger;
  /** The pino instance behind the facade (absent in test doubles); the HTTP request line is written through it. */
  readonly pino?: Pino;
};

export type LoggerOptions = {
  /** Where the JSON lines go (default stdout); tests pass a stream to read them. */
  destination?: DestinationStream;
};

/**
 * Never written, whatever a caller puts in its fields: credentials travel in these headers. Request lines carry
 * no headers at all (server/http/request-log.ts); this is the net under them.
 */
const REDACT = [
  "authorization",
  "cookie",
  "headers.authorization",
  "headers.cookie",
  'headers["set-cookie"]',
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  // The payment gateway's secrets (server/config.ts GatewayConfig) and its callback's token header.
  "secretKey",
  "callbackToken",
  "*.secretKey",
  "*.callbackToken",
  'headers["x-callback-token"]',
  'req.headers["x-callback-token"]',
  // Issue 15: SMTP credentials, WhatsApp's token, webhook secrets, links' tokens.
  "smtpUrl",
  "*.smtpUrl",
  "token",
  "*.token",
  "secret",
  "*.secret",
];

function wrap(p: Pino): Logger {
  const at = (level: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (fields) p[level](fields, msg);
    else p[level](msg);
  };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (fields) => wrap(p.child(fields)),
    pino: p,
  };
}

/** The one logger: structured JSON lines (`time`, `level`, `msg`, fields), secrets redacted. */
export function createLogger(level: Level | "silent" = "info", options: LoggerOptions = {}): Logger {
  const p = pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Errors are logged under `error` by convention here; pino's serializer keeps name, message, stack, code.
      serializers: { error: pino.stdSerializers.err, err: pino.stdSerializers.err },
      redact: { paths: REDACT, censor: "[redacted]" },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
  return wrap(p);
}
