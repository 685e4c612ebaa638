/** The image types the server takes (floor plans, profile photos). */
export type ImageType = "image/png" | "image/jpeg" | "image/webp";

/** The image type from its magic bytes (never from a file name or a claimed type). */
export function imageType(data: Uint8Array): ImageType | null {
  const b = (i: number) => data[i] ?? -1;
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return "image/png";
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return "image/jpeg";
  const ascii = (from: number, to: number) => String.fromCharCode(...data.subarray(from, to));
  if (data.byteLength > 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp";
  return null;
}
