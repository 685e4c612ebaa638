import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

/** One mail the sink accepted, parsed. */
export type SunkMail = {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string | undefined;
  headers: ParsedMail["headers"];
  raw: string;
};

export type SmtpSink = {
  /** `smtp://user:pass@127.0.0.1:<port>` for SMTP_URL. */
  url: string;
  port: number;
  /** Mails accepted so far (a mail the sink held and never answered is not in here). */
  mails: SunkMail[];
  /** Resolves once `n` mails have been accepted (rejects after `timeoutMs`). */
  waitFor: (n: number, timeoutMs?: number) => Promise<SunkMail[]>;
  /**
   * Decides, per incoming mail (1-based count of mails seen), whether the sink answers: "accept" (250), "reject"
   * (a permanent 550), "fail" (a temporary 451), or "hold" (never answers: a test kills the sender meanwhile).
   */
  setPolicy: (policy: (seen: number, mail: SunkMail) => "accept" | "reject" | "fail" | "hold") => void;
  close: () => Promise<void>;
};

/**
 * A real SMTP server on loopback (the smtp-server package) that keeps what it receives: the tests' mail receiver.
 * Plain SMTP with AUTH PLAIN/LOGIN allowed without TLS (loopback only).
 */
export async function startSmtpSink(options: Partial<SMTPServerOptions> = {}): Promise<SmtpSink> {
  const mails: SunkMail[] = [];
  let seen = 0;
  let policy: Parameters<SmtpSink["setPolicy"]>[0] = () => "accept";
  const waiters = new Set<() => void>();
  const held = new Set<() => void>();

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    onAuth(_auth, _session, callback) {
      callback(null, { user: "test" });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw).then(
          (parsed) => {
            const mail: SunkMail = {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              html: typeof parsed.html === "string" ? parsed.html : "",
              messageId: parsed.messageId,
              headers: parsed.headers,
              raw,
            };
            seen += 1;
            const decision = policy(seen, mail);
            if (decision === "hold") {
              held.add(() => callback(new Error("closing")));
              return;
            }
            if (decision === "reject") return callback(Object.assign(new Error("mailbox unavailable"), { responseCode: 550 }));
            if (decision === "fail") return callback(Object.assign(new Error("try again later"), { responseCode: 451 }));
            mails.push(mail);
            for (const w of waiters) w();
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
    ...options,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://test:test@127.0.0.1:${port}`,
    port,
    mails,
    waitFor(n, timeoutMs = 10_000) {
      if (mails.length >= n) return Promise.resolve(mails.slice());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`SMTP sink: ${mails.length} of ${n} mails after ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          if (mails.length < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(mails.slice());
        };
        waiters.add(check);
      });
    },
    setPolicy(p) {
      policy = p;
    },
    async close() {
      for (const release of held) release();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
