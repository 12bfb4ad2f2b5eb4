// Writes miniprogram/images/photo-placeholder.png: the neutral photo shown
// where an imported page had a photo but no usable URL. Deterministic, no
// image library: a palette PNG drawn pixel by pixel.
// Run: npx tsx tools/import/make-placeholder.ts
import fs from 'fs';
import path from 'path';
import { pngFile } from '../png';
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

export function placeholderPng(): Buffer {
  const raw = Buffer.alloc((W + 1) * H);
  for (let y = 0; y < H; y++) {
    raw[y * (W + 1)] = 0; // filter: none
    for (let x = 0; x < W; x++) raw[y * (W + 1) + 1 + x] = pixel(x, y);
  }
  return pngFile({
    width: W,
    height: H,
    colorType: 3,
    rows: raw,
    extra: [['PLTE', Buffer.from(PALETTE.flat())]],
    level: 9,
  });
}

if (require.main === module) {
  const out = path.join(__dirname, '..', '..', 'miniprogram', PLACEHOLDER_IMAGE);
  fs.writeFileSync(out, placeholderPng());
  console.log(`已生成 ${path.relative(process.cwd(), out)}`);
}
