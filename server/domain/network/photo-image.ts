import { createHash } from "node:crypto";
import sharp from "sharp";
import { DomainError } from "../errors.js";
import { imageType } from "../shared/image-type.js";

// Turning an uploaded photo into the two squares the app shows. Decoding untrusted images is an attack surface, so:
// the type comes from the magic bytes (PNG, JPEG, WebP; nothing else reaches the decoder), the upload is capped in
// bytes (the HTTP layer stops reading past PHOTO_MAX_BYTES) and in pixels (checked from the header before decoding,
// and again by libvips while it decodes), each pipeline has a time limit, libvips keeps no cache and uses one thread
// per image, and one photo is decoded at a time per process. The output is re-encoded from pixels: no EXIF (GPS),
// XMP, IPTC or ICC profile survives.

export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
/** 25 megapixels: a phone's full-resolution photo passes; a decompression bomb's 50,000 × 50,000 does not. */
export const PHOTO_MAX_PIXELS = 25_000_000;
export const PHOTO_SIZES = { full: 256, thumb: 64 } as const;
const PHOTO_SECONDS = 10;

sharp.cache(false);
sharp.concurrency(1);

export type ProcessedPhoto = { contentType: "image/webp"; full: Buffer; thumb: Buffer; version: string };

const refuse = (reason: "photo_type" | "photo_too_large" | "photo_unreadable" | "photo_too_many_pixels", message: string) => {
  const facts = { maxMegabytes: PHOTO_MAX_BYTES / 1024 / 1024, maxMegapixels: PHOTO_MAX_PIXELS / 1_000_000 };
  return new DomainError("validation_failed", message, { reason, ...facts, errors: [{ path: "photo", code: reason, facts, message }] });
};

/** The "too large" refusal, also for the HTTP layer when it stops reading an upload. */
export const photoTooLarge = () => refuse("photo_too_large", `Use a photo of at most ${PHOTO_MAX_BYTES / 1024 / 1024} MB.`);

let queue: Promise<unknown> = Promise.resolve();
/** One decode at a time per process (memory and the two cores stay bounded however many upload at once). */
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

/** Checks, decodes, centre-crops to squares, re-encodes as WebP without metadata. */
export async function processPhoto(data: Uint8Array): Promise<ProcessedPhoto> {
  if (data.byteLength > PHOTO_MAX_BYTES) throw photoTooLarge();
  if (!imageType(data)) throw refuse("photo_type", "Use a PNG, JPEG or WebP photo.");
  return oneAtATime(async () => {
    const input = { limitInputPixels: PHOTO_MAX_PIXELS, failOn: "error", sequentialRead: true, animated: false } as const;
    let pixels: number;
    try {
      // The header only (no pixels are decoded): how many pixels it claims, checked before any decoding.
      const meta = await sharp(data, { ...input, limitInputPixels: false }).metadata();
      if (!meta.width || !meta.height || !["png", "jpeg", "webp"].includes(meta.format)) throw new Error("not a photo");
      pixels = meta.width * meta.height;
    } catch {
      throw refuse("photo_unreadable", "That photo could not be read.");
    }
    if (pixels > PHOTO_MAX_PIXELS) throw refuse("photo_too_many_pixels", `Use a photo of at most ${PHOTO_MAX_PIXELS / 1_000_000} megapixels.`);
    let full: Buffer;
    try {
      full = await sharp(data, input)
        .autoOrient()
        .resize(PHOTO_SIZES.full, PHOTO_SIZES.full, { fit: "cover", position: "centre" })
        .webp({ quality: 82 })
        .timeout({ seconds: PHOTO_SECONDS })
        .toBuffer();
    } catch {
      throw refuse("photo_unreadable", "That photo could not be read.");
    }
    const thumb = await sharp(full).resize(PHOTO_SIZES.thumb, PHOTO_SIZES.thumb).webp({ quality: 80 }).timeout({ seconds: PHOTO_SECONDS }).toBuffer();
    const version = createHash("sha256").update(full).digest("hex").slice(0, 16);
    return { contentType: "image/webp", full, thumb, version };
  });
}
