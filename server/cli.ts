import { parseArgs } from "node:util";
import { z } from "zod";
import { connect, type DB } from "../db/connect.js";
import { migrateToLatest } from "../db/migrate.js";
import { DEMO_PASSWORD, isEmpty, seedDemo } from "../db/seed.js";
import { loadConfig } from "./config.js";
import { DomainError } from "./domain/errors.js";
import { hashPassword, identitySchemas } from "./domain/identity/index.js";
import { parseOrThrow } from "./domain/validation.js";
import { createEventBus } from "./events.js";
import { seedMoneyDemo } from "./demo-money.js";
import { createServices } from "./services.js";

const USAGE = `Usage:
  npm run db:migrate      (npm run cli -- migrate)  applies the migrations not yet applied
  npm run db:seed         (npm run cli -- seed)     the demo network, only into an empty database
  npm run cli -- create-user --email E --name N [--role member|operator|admin]
      The password comes from JEJARING_PASSWORD, else from stdin (the first line), else it is asked for
      without echo when stdin is a terminal. (--password P still works but is visible to other users.)
  npm run cli -- set-role --email E --role member|operator|admin
`;

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

/** How long a piped stdin may stay silent before the CLI gives up (it must never hang, e.g. on CI). */
const STDIN_IDLE_MS = 30_000;

/**
 * The first line of a piped stdin (without its line ending), "" when stdin is empty, closed or unreadable, or an
 * error when nothing at all arrives for STDIN_IDLE_MS.
 */
function readFirstLine(stream: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    const finish = (error: Error | null, value = "") => {
      clearTimeout(timer);
      stream.off("data", onData).off("end", onEnd).off("error", onError);
      stream.pause();
      if (error) reject(error);
      else resolve(value);
    };
    const timer = setTimeout(
      () => finish(new Error(`No password arrived on stdin within ${STDIN_IDLE_MS / 1000} s (set JEJARING_PASSWORD or pipe it in).`)),
      STDIN_IDLE_MS,
    );
    const onData = (chunk: string) => {
      clearTimeout(timer);
      buffer += chunk;
      const eol = buffer.search(/\r?\n/);
      if (eol >= 0) finish(null, buffer.slice(0, eol));
    };
    const onEnd = () => finish(null, buffer.replace(/\r$/, ""));
    const onError = () => finish(null, "");
    stream.setEncoding("utf8");
    stream.on("data", onData).on("end", onEnd).on("error", onError);
    stream.resume();
  });
}

/** Asks on the terminal without echoing what is typed (raw mode); Ctrl-C cancels. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let value = "";
    const finish = (error: Error | null) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n" || ch === "\u0004") return finish(null);
        if (ch === "\u0003") return finish(new Error("Cancelled."));
        if (ch === "\u007f" || ch === "\b") value = Array.from(value).slice(0, -1).join("");
        else value += ch;
      }
    };
    stdin.setEncoding("utf8");
    stdin.setRawMode(true);
    stdin.on("data", onData);
    stdin.resume();
  });
}

/**
 * The new account's password, never required on the command line (where `ps` and shell history show it):
 * JEJARING_PASSWORD, else stdin's first line, else a prompt without echo on a terminal. `--password` still works,
 * with a warning.
 */
async function readPassword(flag: string | undefined, env: NodeJS.ProcessEnv): Promise<string> {
  if (flag !== undefined) {
    err("Warning: --password is visible to other users (ps) and kept in shell history; set JEJARING_PASSWORD or pipe it on stdin instead.");
    return flag;
  }
  if (env.JEJARING_PASSWORD) return env.JEJARING_PASSWORD;
  if (!process.stdin.isTTY) return readFirstLine(process.stdin);
  const first = await promptHidden("Password: ");
  const again = await promptHidden("Repeat the password: ");
  if (first !== again) throw new Error("The passwords do not match.");
  return first;
}

/** `npm run db:seed`: the demo network (db/seed.ts) with DEMO_PASSWORD hashed here, only into an empty database. */
async function seed(db: DB): Promise<number> {
  if (!(await isEmpty(db))) {
    out("The database already has members; nothing was seeded.");
    return 0;
  }
  const { logins } = await seedDemo(db, { passwordHash: await hashPassword(DEMO_PASSWORD) });
  await seedMoneyDemo(db, createServices({ db, bus: createEventBus(), secret: "cli-seed" }));
  const lines = logins.map((l) => `  ${l.role.padEnd(8)} ${l.email.padEnd(34)} ${l.name}`);
  out(`Seeded the demo network. Log in with password "${DEMO_PASSWORD}" as:\n${lines.join("\n")}`);
  return 0;
}

const COMMANDS = ["create-user", "set-role", "migrate", "seed"] as const;
type Command = (typeof COMMANDS)[number];

export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: "string" },
      password: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
    },
    strict: true,
  });
  if (!COMMANDS.includes(command as Command)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const password = command === "create-user" ? await readPassword(values.password, env) : undefined;
  if (command === "create-user" && !password) {
    err("A password is required: set JEJARING_PASSWORD, pipe it on stdin, or run in a terminal to be asked for it.");
    return 2;
  }
  const config = loadConfig(env);
  const conn = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    // Every command first brings the schema up to date.
    const applied = await migrateToLatest(conn.db);
    if (command === "migrate") {
      out(applied.length ? `Applied: ${applied.join(", ")}` : "Already up to date.");
      return 0;
    }
    if (command === "seed") return await seed(conn.db);
    const services = createServices({ db: conn.db, bus: createEventBus(), secret: config.sessionSecret || "cli" });
    const role = parseOrThrow(identitySchemas.RoleSchema.default("member"), values.role);
    if (command === "create-user") {
      const input = parseOrThrow(identitySchemas.SignupInput, { email: values.email, password, name: values.name });
      const member = await services.identity.signup(input, { role });
      out(`Created ${member.role} ${member.email} (${member.id}).`);
    } else {
      const email = parseOrThrow(z.string().min(1, "--email is required"), values.email);
      const member = await services.identity.grantRole(email, role);
      out(`${member.email} is now ${member.role}.`);
    }
    return 0;
  } catch (error) {
    if (error instanceof DomainError) {
      const fields = (error.details.errors ?? []).map((e) => `  --${e.path}: ${e.message}`).join("\n");
      process.stderr.write(`${error.message}\n${fields}${fields ? "\n" : ""}`);
      return 1;
    }
    throw error;
  } finally {
    await conn.close();
  }
}

runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
