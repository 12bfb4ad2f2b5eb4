// Writes miniprogram/images/photo-placeholder.png: the neutral photo shown
// where an imported page had a photo but no usable URL. Deterministic, no
// image library: a palette PNG drawn pixel by pixel.
// Run: npx tsx tools/import/make-placeholder.ts
import fs from 'fs';
import path from 'path';
import zlib from 'zlib';
import { PLACEHOLDER_IMAGE, PLACEHOLDER_IMAGE_SIZE } from '../../miniprogram/contract/content';

const { width: W, height: H } = PLACEHOLDER_IMAGE_SIZE;
// 0 background, 1 frame, 2 sun, 3 far hill, 4 near hill
const PALETTE = [
  [0xee, 0xf3, 0xf0],
  [0xc9, 0xd9, 0xcf],
  [0xf2, 0xd9, 0x8c],
  [0xa8, 0xc8, 0xb4],
  [0x7f, 0xb0, 0x93],
];

function pixel(x: number, y: number): number {
  const cx = W / 2;
  const cy = H / 2;
  const fw = 220;
  const fh = 160;
  const inFrame = Math.abs(x - cx) <= fw / 2 && Math.abs(y - cy) <= fh / 2;
  if (!inFrame) return 0;
  const border = Math.abs(x - cx) > fw / 2 - 8 || Math.abs(y - cy) > fh / 2 - 8;
  if (border) return 1;
  const sx = cx + 50;
  const sy = cy - 35;
  if ((x - sx) ** 2 + (y - sy) ** 2 <= 18 ** 2) return 2;
  const base = cy + fh / 2 - 8;
  if (y >= base - (70 - Math.abs(x - (cx + 20)) * 0.9)) return 3;
  if (y >= base - (90 - Math.abs(x - (cx - 40)) * 1.1)) return 4;
  return 0;
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export function placeholderPng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(W, 0);
  ihdr.writeUInt32BE(H, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 3; // palette
  const raw = Buffer.alloc((W + 1) * H);
  for (let y = 0; y < H; y++) {
    raw[y * (W + 1)] = 0; // filter: none
    for (let x = 0; x < W; x++) raw[y * (W + 1) + 1 + x] = pixel(x, y);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('PLTE', Buffer.from(PALETTE.flat())),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (require.main === module) {
  const out = path.join(__dirname, '..', '..', 'miniprogram', PLACEHOLDER_IMAGE);
  fs.writeFileSync(out, placeholderPng());
  console.log(`已生成 ${path.relative(process.cwd(), out)}`);
}
