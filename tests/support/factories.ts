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

/**
 * Who the factories act as when a test names nobody: an admin (admins run every space, and creating one assigns
 * no one). Its id is no member's; nothing the factories do as it records who did it.
 */
export const FACTORY_ADMIN = { id: "00000000-0000-4000-8000-00000000ad01", role: "admin" as const };

/** Assigns an operator to a space (as the admin API does), e.g. a second operator of a factory space. */
export async function assignOperator(db: DB, spaceId: string, memberId: string): Promise<void> {
  await db.insertInto("space_operators").values({ space_id: spaceId, member_id: memberId }).onConflict((oc) => oc.doNothing()).execute();
}

export type TestSpace = { id: string; timezone: string; resources: Array<{ id: string; name: string; zone: string; kind: string }> };

/**
 * A space open every day 07:00–21:00 (unless told otherwise) with `desks` desks in zone "A" and one room. With
 * `operator` (a member with the operator role) it is created by them, so they run it; otherwise by an admin.
 */
export async function createSpace(
  services: Services,
  opts: {
    timezone?: string;
    desks?: number;
    zones?: string[];
    hours?: Array<{ weekday: number; opens: string; closes: string }>;
    rules?: Partial<{ maxBookingMinutes: number; maxAdvanceDays: number; minNoticeMinutes: number; checkInGraceMinutes: number; oneDeskPerMember: boolean }>;
    operator?: { id: string; role: Role };
  } = {},
): Promise<TestSpace> {
  const timezone = opts.timezone ?? "Asia/Jakarta";
  const actor = opts.operator ?? FACTORY_ADMIN;
  const space = await services.spaces.create(actor, {
    name: `Space ${randomUUID().slice(0, 6)}`,
    timezone,
    openingHours: opts.hours ?? [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: "07:00", closes: "21:00" })),
    // "One desk per member at a time" is on by default in the product (issue 13); the factory's spaces leave it off
    // unless a test asks, so tests that give one member several desks at once keep testing what they were about.
    rules: { maxBookingMinutes: 600, maxAdvanceDays: 365, minNoticeMinutes: 0, checkInGraceMinutes: 30, oneDeskPerMember: false, ...opts.rules },
    // A test that asks for no opening hours means a space closed all week.
    ...(opts.hours?.length === 0 ? { confirmClosedAllWeek: true } : {}),
  });
  const zones = opts.zones ?? ["A"];
  const resources: TestSpace["resources"] = [];
  for (let i = 0; i < (opts.desks ?? 3); i++) {
    const zone = zones[i % zones.length]!;
    const r = await services.spaces.addResource(actor, space.id, { name: `D-${String(i + 1).padStart(2, "0")}`, kind: "desk", zone, x: 50 + i * 70, y: 50 });
    resources.push({ id: r.id, name: r.name, zone: r.zone, kind: r.kind });
  }
  const room = await services.spaces.addResource(actor, space.id, { name: "Room 1", kind: "room", capacity: 6, x: 50, y: 300 });
  resources.push({ id: room.id, name: room.name, zone: room.zone, kind: room.kind });
  return { id: space.id, timezone, resources };
}
