import { parseArgs } from "node:util";
import { z } from "zod";
import { connect } from "../db/connect.js";
import { migrateToLatest } from "../db/migrate.js";
import { loadConfig } from "./config.js";
import { DomainError } from "./domain/errors.js";
import { identitySchemas } from "./domain/identity/index.js";
import { parseOrThrow } from "./domain/validation.js";
import { createEventBus } from "./events.js";
import { createServices } from "./services.js";

const USAGE = `Usage:
  npm run cli -- create-user --email E --password P --name N [--role member|operator|admin]
  npm run cli -- set-role --email E --role member|operator|admin
`;

const out = (s: string) => process.stdout.write(`${s}\n`);

export async function runCli(argv: string[]): Promise<number> {
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
  if (command !== "create-user" && command !== "set-role") {
    process.stderr.write(USAGE);
    return 2;
  }
  const config = loadConfig();
  const conn = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(conn.db);
    const services = createServices({ db: conn.db, bus: createEventBus(), secret: config.sessionSecret || "cli" });
    const role = parseOrThrow(identitySchemas.RoleSchema.default("member"), values.role);
    if (command === "create-user") {
      const input = parseOrThrow(identitySchemas.SignupInput, { email: values.email, password: values.password, name: values.name });
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
