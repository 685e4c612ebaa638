import { randomUUID } from "node:crypto";
import type { DB } from "../../db/connect.js";
import type { Role } from "../../db/schema.js";
import { hashPassword } from "../../server/domain/identity/index.js";
import type { Services } from "../../server/services.js";

export const TEST_PASSWORD = "correct horse battery";
let hash: Promise<string> | undefined;
/** One real scrypt hash per process: hashing at OWASP cost for every factory member would dominate test time. */
const passwordHash = () => (hash ??= hashPassword(TEST_PASSWORD));

export type TestMember = { id: string; email: string; name: string; role: Role; password: string; token: string };

export async function createMember(
  db: DB,
  services: Services,
  overrides: { role?: Role; name?: string; email?: string } = {},
): Promise<TestMember> {
  const suffix = randomUUID().slice(0, 8);
  const email = overrides.email ?? `member-${suffix}@test.jejaring.id`;
  const name = overrides.name ?? `Test Member ${suffix}`;
  const role = overrides.role ?? "member";
  const row = await db
    .insertInto("members")
    .values({ email, name, role, password_hash: await passwordHash() })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("profiles").values({ member_id: row.id }).execute();
  const token = await services.identity.startSession(row.id, "api");
  return { id: row.id, email, name, role, password: TEST_PASSWORD, token };
}
