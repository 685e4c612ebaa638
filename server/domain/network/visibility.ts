import type { DB } from "../../../db/connect.js";
import { notFound } from "../errors.js";
import * as repo from "./network.repository.js";

/**
 * Who may see a member's profile (and so their photo): anyone, unless the member is hidden; a hidden member only
 * themselves and their accepted connections. Suspended and unknown members, and those one may not see, are 404.
 */
export async function viewableCard(db: DB, viewer: { id: string }, memberId: string) {
  const row = await repo.findCard(db, memberId);
  if (!row) throw notFound("Member");
  if (row.hidden && row.id !== viewer.id) {
    const link = await repo.liveConnectionBetween(db, viewer.id, memberId);
    if (link?.status !== "accepted") throw notFound("Member");
  }
  return row;
}

/** Where a member's photo is served, with its version (so the URL changes with the photo). */
export function photoUrl(memberId: string, version: string | null, size: "full" | "thumb"): string | null {
  if (!version) return null;
  return `/api/v1/members/${memberId}/photo?${size === "thumb" ? "size=64&" : ""}v=${version}`;
}
