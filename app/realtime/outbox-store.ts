import type { StoredOutboxItem } from "./room-state";

// The outbox's copy in the tab's sessionStorage: messages written but not yet confirmed survive a reload (and a
// dropped connection) and go out again with the same client id, which the server stores once. Keyed by member and
// project, so another account in the same tab never sees (or sends) them. Storage can be missing, full or refused
// (private mode): then the outbox simply lives in memory.

const PREFIX = "jejaring:outbox:v1";
/** More than this is not a chat outbox any more; the oldest are kept (they were written first). */
const MAX_ITEMS = 50;
const MAX_BODY = 20_000;

export const outboxKey = (memberId: string, projectId: string) => `${PREFIX}:${memberId}:${projectId}`;

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null;
  }
}

const isItem = (x: unknown): x is StoredOutboxItem =>
  typeof x === "object" &&
  x !== null &&
  typeof (x as StoredOutboxItem).clientId === "string" &&
  (x as StoredOutboxItem).clientId.length > 0 &&
  (x as StoredOutboxItem).clientId.length <= 64 &&
  typeof (x as StoredOutboxItem).body === "string" &&
  (x as StoredOutboxItem).body.length <= MAX_BODY;

/** The stored outbox; anything unreadable counts as empty. */
export function readOutbox(memberId: string, projectId: string): StoredOutboxItem[] {
  const raw = storage()?.getItem(outboxKey(memberId, projectId));
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter(isItem).slice(0, MAX_ITEMS).map(({ clientId, body }) => ({ clientId, body })) : [];
  } catch {
    return [];
  }
}

/** Stores the outbox (an empty one removes the key). */
export function writeOutbox(memberId: string, projectId: string, items: StoredOutboxItem[]): void {
  const store = storage();
  if (!store) return;
  const key = outboxKey(memberId, projectId);
  try {
    if (items.length === 0) store.removeItem(key);
    else store.setItem(key, JSON.stringify(items.slice(0, MAX_ITEMS)));
  } catch {
    // Full or refused: the outbox stays in memory only.
  }
}
