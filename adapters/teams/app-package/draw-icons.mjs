// Draws the Teams app icons (a white key): color.png 192×192 on a blue rounded square, and outline.png
// 32×32 white on transparent, as Teams asks. A tiny PNG encoder (RGBA, filter 0, zlib) and 4×4
// supersampling, so no image library is needed. Run it again after changing the drawing:
//   node adapters/teams/app-package/draw-icons.mjs
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function png(size, pixel) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) row.set(pixel(x, y), 1 + x * 4);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter method quirks, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const idat = deflateSync(Buffer.concat(rows), { level: 9 });
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", idat), chunk("IEND", Buffer.alloc(0))]);
}

/** Is the point (unit square) on the key? A ring for the bow, a shaft, two teeth. */
function onKey(u, v, scale, cx = 0.5) {
  const x = (u - cx) / scale + 0.5;
  const y = (v - 0.5) / scale + 0.5;
  const d = Math.hypot(x - 0.3, y - 0.5);
  const bow = d <= 0.2 && d >= 0.09;
  const shaft = x >= 0.47 && x <= 0.9 && y >= 0.455 && y <= 0.545;
  const teeth = (x >= 0.72 && x <= 0.78 && y > 0.5 && y <= 0.67) || (x >= 0.83 && x <= 0.9 && y > 0.5 && y <= 0.63);
  return bow || shaft || teeth;
}

function insideRoundedSquare(u, v, r) {
  const dx = Math.max(r - u, 0, u - (1 - r));
  const dy = Math.max(r - v, 0, v - (1 - r));
  return dx * dx + dy * dy <= r * r;
}

/** Coverage of a pixel by a shape, with 4×4 samples. */
function coverage(size, x, y, inside) {
  let hits = 0;
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) if (inside((x + (i + 0.5) / 4) / size, (y + (j + 0.5) / 4) / size)) hits++;
  return hits / 16;
}

const BLUE = [0x1f, 0x5f, 0x9e];
const colour = png(192, (x, y) => {
  const square = coverage(192, x, y, (u, v) => insideRoundedSquare(u, v, 0.2));
  const key = coverage(192, x, y, (u, v) => onKey(u, v, 0.72));
  const rgb = BLUE.map((c) => Math.round(c + (255 - c) * key));
  return [...rgb, Math.round(255 * square)];
});
const outline = png(32, (x, y) => [255, 255, 255, Math.round(255 * coverage(32, x, y, (u, v) => onKey(u, v, 1)))]);

const here = new URL(".", import.meta.url);
writeFileSync(new URL("color.png", here), colour);
writeFileSync(new URL("outline.png", here), outline);
