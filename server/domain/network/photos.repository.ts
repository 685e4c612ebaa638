import type { DB } from "../../../db/connect.js";

// Profile photos: one row per member (the primary key), already processed (see photo-image.ts).

export function upsertPhoto(db: DB, p: { memberId: string; contentType: "image/webp"; full: Uint8Array; thumb: Uint8Array; version: string; now: Date }) {
  return db
    .insertInto("member_photos")
    .values({ member_id: p.memberId, content_type: p.contentType, full: p.full, thumb: p.thumb, version: p.version, updated_at: p.now })
    .onConflict((oc) =>
      oc.column("member_id").doUpdateSet({ content_type: p.contentType, full: p.full, thumb: p.thumb, version: p.version, updated_at: p.now }),
    )
    .returning(["version"])
    .executeTakeFirstOrThrow();
}

export function deletePhoto(db: DB, memberId: string) {
  return db.deleteFrom("member_photos").where("member_id", "=", memberId).executeTakeFirst();
}

export function findVersion(db: DB, memberId: string) {
  return db.selectFrom("member_photos").select("version").where("member_id", "=", memberId).executeTakeFirst();
}

/** One size's bytes (only that column leaves the database). */
export function findImage(db: DB, memberId: string, size: "full" | "thumb") {
  return db
    .selectFrom("member_photos")
    .select(["content_type", "version", size === "full" ? "full as data" : "thumb as data"])
    .where("member_id", "=", memberId)
    .executeTakeFirst();
}
