// Writes the web app's PNG icons (public/icons/*.png, public/apple-touch-icon.png) from the favicon's shape: a white diamond on the brand
// green. No image library: the pixels are computed here (anti-aliased by 4×4 supersampling) and written as PNG
// through zlib. Run `node scripts/make-icons.mjs` after changing the mark; the PNGs are committed.
import { Buffer } from "node:buffer";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { deflateSync } from "node:zlib";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const BRAND = [0x0b, 0x5f, 0x54];
const WHITE = [0xff, 0xff, 0xff];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/**
 * One icon: `maskable` fills the whole square with the brand colour and keeps the mark inside the central 80 %
 * safe zone (launchers crop it to a circle or a squircle); `any` is a rounded square like the favicon.
 */
function icon(size, maskable) {
  const out = Buffer.alloc(size * size * 4);
  const S = 4;
  const radius = maskable ? 0 : 7 / 32;
  const half = maskable ? 0.28 : 11 / 32; // the diamond's half-diagonal (favicon: 11 of 32)
  const halfW = maskable ? 0.23 : 9 / 32;
  const inRounded = (x, y) => {
    if (radius === 0) return true;
    const cx = Math.min(Math.max(x, radius), 1 - radius);
    const cy = Math.min(Math.max(y, radius), 1 - radius);
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
  };
  const inDiamond = (x, y) => Math.abs(x - 0.5) / halfW + Math.abs(y - 0.5) / half <= 1;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let mark = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const x = (px + (sx + 0.5) / S) / size;
          const y = (py + (sy + 0.5) / S) / size;
          if (!inRounded(x, y)) continue;
          bg++;
          if (inDiamond(x, y)) mark++;
        }
      }
      const n = S * S;
      const alpha = bg / n;
      const t = bg ? mark / bg : 0;
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) out[i + c] = Math.round(BRAND[c] * (1 - t) + WHITE[c] * t);
      out[i + 3] = Math.round(alpha * 255);
    }
  }
  return png(size, out);
}

const dir = path.join(root, "public/icons");
mkdirSync(dir, { recursive: true });
for (const size of [192, 512]) {
  writeFileSync(path.join(dir, `icon-${size}.png`), icon(size, false));
  writeFileSync(path.join(dir, `maskable-${size}.png`), icon(size, true));
}
// iOS asks for /apple-touch-icon.png by itself (full-bleed: it rounds the corners).
writeFileSync(path.join(root, "public/apple-touch-icon.png"), icon(180, true));
process.stdout.write(`Wrote ${dir}/icon-{192,512}.png, maskable-{192,512}.png and public/apple-touch-icon.png\n`);
