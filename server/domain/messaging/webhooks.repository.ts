// Every query of webhook endpoints (the deliveries themselves are outbox rows: outbox.repository.ts).
import { sql } from "kysely";
import type { DB } from "../../../db/connect.js";
import type { WebhookEndpoint } from "../../../db/schema.js";

export type DisabledReason = "gone" | "failing" | "admin";

export function insert(db: DB, row: { url: string; events: string[]; description: string; secret: string; createdBy: string; now: Date }): Promise<WebhookEndpoint> {
  return db
    .insertInto("webhook_endpoints")
    .values({ url: row.url, events: row.events, description: row.description, secret: row.secret, created_by: row.createdBy, created_at: row.now, updated_at: row.now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findById(db: DB, id: string): Promise<WebhookEndpoint | undefined> {
  return db.selectFrom("webhook_endpoints").selectAll().where("id", "=", id).executeTakeFirst();
}

export function list(db: DB): Promise<WebhookEndpoint[]> {
  return db.selectFrom("webhook_endpoints").selectAll().orderBy("created_at", "desc").orderBy("id", "desc").limit(200).execute();
}

export function update(
  db: DB,
  id: string,
  set: { url?: string; events?: string[]; description?: string; enabled?: boolean; now: Date },
): Promise<WebhookEndpoint | undefined> {
  const { now, enabled, ...fields } = set;
  return db
    .updateTable("webhook_endpoints")
    .set({
      ...fields,
      updated_at: now,
      // Switching off by hand says so; switching on clears why it was off.
      ...(enabled === true ? { enabled: true, disabled_at: null, disabled_reason: null } : {}),
      ...(enabled === false ? { enabled: false, disabled_at: now, disabled_reason: "admin" as const } : {}),
    })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export async function remove(db: DB, id: string): Promise<boolean> {
  const r = await db.deleteFrom("webhook_endpoints").where("id", "=", id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Switches an enabled endpoint off; undefined when it was off already (or is gone): only one caller wins. */
export function disable(db: DB, id: string, reason: DisabledReason, now: Date): Promise<WebhookEndpoint | undefined> {
  return db
    .updateTable("webhook_endpoints")
    .set({ enabled: false, disabled_at: now, disabled_reason: reason, updated_at: now })
    .where("id", "=", id)
    .where("enabled", "=", true)
    .returningAll()
    .executeTakeFirst();
}

/** The enabled endpoints subscribed to `type`: one query on the GIN index (events @> ARRAY[type], WHERE enabled). */
export function subscribedTo(db: DB, type: string): Promise<Array<{ id: string; url: string }>> {
  return db
    .selectFrom("webhook_endpoints")
    .select(["id", "url"])
    .where("enabled", "=", true)
    .where(sql<boolean>`events @> ARRAY[${type}]::text[]`)
    .execute();
}

/** Active admins (who hears of an endpoint switched off when its creator is gone). */
export async function activeAdmins(db: DB): Promise<string[]> {
  const rows = await db.selectFrom("members").select("id").where("role", "=", "admin").where("suspended_at", "is", null).execute();
  return rows.map((r) => r.id);
}
