import { unstable_composeUploadHandlers, unstable_createMemoryUploadHandler, type UploadHandler } from "@remix-run/node";

/** A file part larger than the limit: its bytes were counted and dropped, never kept. */
export const TOO_LARGE = "\u0000too-large";

/**
 * Reads a multipart form whose one file field (`field`) may hold at most `maxBytes`, keeping no more than that in
 * memory. A larger file is read to its end and dropped (the field's value is TOO_LARGE), so the browser gets a
 * proper answer on a healthy connection instead of a reset mid-upload; one past `drainBytes` is not worth reading
 * and fails the parse (answer it with `Connection: close`). Text fields are capped at 1 KB.
 */
export function cappedFileUpload(field: string, maxBytes: number, drainBytes = maxBytes * 4): UploadHandler {
  const file: UploadHandler = async ({ name, data, filename, contentType }) => {
    if (name !== field || filename === undefined) return undefined;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > drainBytes) throw new RangeError("upload far past its limit");
      if (size <= maxBytes) chunks.push(chunk);
    }
    if (size > maxBytes) return TOO_LARGE;
    // The chunks are plain bytes (Uint8Array over an ArrayBuffer), which is what a BlobPart is.
    return new File(chunks as BlobPart[], filename, { type: contentType });
  };
  return unstable_composeUploadHandlers(file, unstable_createMemoryUploadHandler({ maxPartSize: 1024 }));
}
