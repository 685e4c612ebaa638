import type { OutboxStatus } from "../../../db/schema.js";
import { DomainError } from "../errors.js";
import type { Viewer } from "../identity/index.js";
import type { Outbox, OutboxItem } from "./outbox.service.js";
import type { OutboxListQuery, SentMailQuery } from "./outbox.schemas.js";

/** The admin's outbox: every row by channel and status, each with its attempt log; "retry" on a parked one. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const encodeCursor = (next: { createdAt: Date; id: string }) => Buffer.from(JSON.stringify({ c: next.createdAt.toISOString(), i: next.id })).toString("base64url");

function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString()) as { c?: unknown; i?: unknown };
    const createdAt = new Date(String(v.c));
    const year = createdAt.getUTCFullYear();
    if (typeof v.i === "string" && UUID.test(v.i) && year >= 1970 && year <= 9999) return { createdAt, id: v.i };
  } catch {
    // fall through
  }
  throw new DomainError("validation_failed", "The cursor is not valid.", {
    reason: "invalid_cursor",
    errors: [{ path: "cursor", code: "invalid_cursor", message: "Not a valid cursor" }],
  });
}

/** Admins only; anyone else is told there is nothing here (404), as for a row they may not see. */
function requireAdmin(viewer: Viewer): void {
  if (viewer.role !== "admin") throw new DomainError("not_found", "No such message", { reason: "outbox_message" });
}

/** A row as the admin reads it (rendered mail: subject, text, HTML and its headers; never the payload's secrets). */
function shown(item: OutboxItem) {
  const { rendered: _rendered, ...rest } = item;
  return rest;
}

type Rendered = { subject: string; text: string; html: string; headers: Record<string, string> };
function renderedOf(r: Record<string, unknown> | null): Rendered | null {
  if (!r) return null;
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  const headers = r.headers && typeof r.headers === "object" ? Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, str(v)])) : {};
  return { subject: str(r.subject), text: str(r.text), html: str(r.html), headers };
}

export function createOutboxAdmin({ outbox }: { outbox: Outbox }) {
  async function page(q: { channel?: OutboxItem["channel"]; status?: OutboxStatus | OutboxStatus[]; limit?: number; cursor?: string }) {
    const { items, next } = await outbox.list({ channel: q.channel, status: q.status, limit: q.limit ?? 50, before: decodeCursor(q.cursor) });
    return { items, nextCursor: next ? encodeCursor(next) : null };
  }
  return {
    /** GET /admin/outbox: newest first, by channel and status, with the counts per status (of the channel chosen). */
    async list(viewer: Viewer, q: OutboxListQuery) {
      requireAdmin(viewer);
      const [{ items, nextCursor }, counts] = await Promise.all([page(q), outbox.counts(q.channel)]);
      return { items: items.map(shown), nextCursor, counts };
    },

    /** The sent-mail page: mail handed over or kept, newest first, with what it said. */
    async sentMail(viewer: Viewer, q: SentMailQuery) {
      requireAdmin(viewer);
      const { items, nextCursor } = await page({ ...q, channel: "email", status: ["sent", "kept"] });
      return { items: items.map((i) => ({ ...shown(i), subject: renderedOf(i.rendered)?.subject ?? null })), nextCursor };
    },

    /** One row with its attempt log and, for mail, what it said. */
    async get(viewer: Viewer, id: string) {
      requireAdmin(viewer);
      const { rendered, ...row } = await outbox.get(id);
      return { ...row, rendered: renderedOf(rendered) };
    },

    /** "Retry" on a parked row (any other status: 422 invalid_transition `not_dead`). */
    async retry(viewer: Viewer, id: string) {
      requireAdmin(viewer);
      return shown(await outbox.retry(id));
    },
  };
}

export type OutboxAdmin = ReturnType<typeof createOutboxAdmin>;
