import type { DB } from "../../../db/connect.js";
import type { Clock } from "../clock.js";
import { notFound, translateDbError } from "../errors.js";
import { processPhoto } from "./photo-image.js";
import * as repo from "./photos.repository.js";
import type { PhotoOut } from "./network.schemas.js";
import { photoUrl, viewableCard } from "./visibility.js";

type Viewer = { id: string };

const toPhotoOut = (memberId: string, version: string): PhotoOut => ({
  photoUrl: photoUrl(memberId, version, "full")!,
  thumbUrl: photoUrl(memberId, version, "thumb")!,
  version,
});

/** A member's profile photo: set (resized, re-encoded, no metadata), removed, and served to who may see the profile. */
export function createPhotosService({ db, clock }: { db: DB; clock: Clock }) {
  return {
    /** Sets (or replaces) my photo from an upload: PNG, JPEG or WebP, checked and processed before anything is written. */
    async set(memberId: string, upload: Uint8Array): Promise<PhotoOut> {
      const photo = await processPhoto(upload);
      try {
        const row = await repo.upsertPhoto(db, { memberId, ...photo, now: clock.now() });
        return toPhotoOut(memberId, row.version);
      } catch (error) {
        // The account went away meanwhile.
        throw translateDbError(error, { "23503": { message: "Member not found.", details: { reason: "member" } } });
      }
    },

    /** Removes my photo (nothing to remove is fine: the initials show either way). */
    async remove(memberId: string): Promise<void> {
      await repo.deletePhoto(db, memberId);
    },

    /** My photo's URLs, or null (the navigation, the account page). */
    async mine(memberId: string): Promise<PhotoOut | null> {
      const row = await repo.findVersion(db, memberId);
      return row ? toPhotoOut(memberId, row.version) : null;
    },

    /** A member's photo at one size, for whoever may see their profile; 404 otherwise, and when there is none. */
    async image(viewer: Viewer, memberId: string, size: "full" | "thumb"): Promise<{ contentType: string; data: Uint8Array; version: string }> {
      await viewableCard(db, viewer, memberId);
      const row = await repo.findImage(db, memberId, size);
      if (!row) throw notFound("Photo");
      return { contentType: row.content_type, data: row.data, version: row.version };
    },
  };
}

export type PhotosService = ReturnType<typeof createPhotosService>;
