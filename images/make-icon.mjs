// Draws images/icon.png (128x128): a script page and a contract page joined by a link, with a check badge.
// Run: node images/make-icon.mjs. Shapes are signed distance functions, anti-aliased by coverage.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const S = 128;
const px = new Float64Array(S * S * 4); // premultiplied-free RGBA in 0..1

const hex = (h) => [parseInt(h.slice(1, 3), 16) / 255, parseInt(h.slice(3, 5), 16) / 255, parseInt(h.slice(5, 7), 16) / 255];
const clamp = (v, a = 0, b = 1) => Math.min(b, Math.max(a, v));
const roundRect = (cx, cy, hw, hh, r) => (x, y) => {
  const qx = Math.abs(x - cx) - hw + r, qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
const capsule = (ax, ay, bx, by, r) => (x, y) => {
  const pax = x - ax, pay = y - ay, bax = bx - ax, bay = by - ay;
  const h = clamp((pax * bax + pay * bay) / (bax * bax + bay * bay));
  return Math.hypot(pax - bax * h, pay - bay * h) - r;
};
const union = (...fs) => (x, y) => Math.min(...fs.map((f) => f(x, y)));
const subtract = (a, b) => (x, y) => Math.max(a(x, y), -b(x, y));

function paint(sdf, color, alpha = 1) {
  const [r, g, b] = hex(color);
  for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) {
    // 4x supersampling
    let cov = 0;
    for (const [ox, oy] of [[0.25, 0.25], [0.75, 0.25], [0.25, 0.75], [0.75, 0.75]]) cov += clamp(0.5 - sdf(x + ox, y + oy)) / 4;
    const a = cov * alpha;
    if (a <= 0) continue;
    const i = (y * S + x) * 4;
    const da = px[i + 3], oa = a + da * (1 - a);
    px[i] = (r * a + px[i] * da * (1 - a)) / oa;
    px[i + 1] = (g * a + px[i + 1] * da * (1 - a)) / oa;
    px[i + 2] = (b * a + px[i + 2] * da * (1 - a)) / oa;
    px[i + 3] = oa;
  }
}

// background tile
paint(roundRect(64, 64, 62, 62, 22), '#1F3A5F');
paint(subtract(roundRect(64, 64, 62, 62, 22), roundRect(64, 64, 58, 58, 19)), '#2E5A8C');
// left page: the script (code lines)
const page = (cx) => roundRect(cx, 58, 21, 30, 4);
paint(page(38), '#E8EEF5');
for (const [y, w, c] of [[40, 24, '#5B8DEF'], [49, 30, '#7A8797'], [58, 18, '#7A8797'], [67, 26, '#7A8797']]) paint(capsule(25, y, 25 + w - 6, y, 2.6), c);
// right page: the contract (key/value rows)
paint(page(90), '#FFFFFF');
for (const y of [40, 51, 62, 73]) { paint(capsule(77, y, 84, y, 2.6), '#F2A541'); paint(capsule(90, y, 102, y, 2.6), '#7A8797'); }
// link between the pages
paint(capsule(57, 58, 71, 58, 3.2), '#F2A541');
paint(circle(57, 58, 4.6), '#F2A541');
paint(circle(71, 58, 4.6), '#F2A541');
// check badge
paint(circle(96, 98, 19), '#1F3A5F');
paint(circle(96, 98, 16), '#3FBF7F');
paint(union(capsule(88, 98, 94, 105, 3), capsule(94, 105, 105, 91, 3)), '#FFFFFF');

// PNG encoding (RGBA, 8 bit, no interlace)
const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc32 = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
const chunk = (type, data) => {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};
const raw = Buffer.alloc(S * (S * 4 + 1));
for (let y = 0; y < S; y++) {
  raw[y * (S * 4 + 1)] = 0;
  for (let x = 0; x < S * 4; x++) raw[y * (S * 4 + 1) + 1 + x] = Math.round(clamp(px[y * S * 4 + x]) * 255);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(S, 0); ihdr.writeUInt32BE(S, 4); ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
const out = join(dirname(fileURLToPath(import.meta.url)), 'icon.png');
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
