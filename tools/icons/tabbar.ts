// Draws the tab bar icons (miniprogram/images/tab/*.png): 报道, 活动, 我的,
// each normal (grey outline) and selected (the association's green, filled).
// Pure Node: shapes as signed distances, 4×4 supersampling, PNG written with
// zlib. The PNGs are committed; run `npx tsx tools/icons/tabbar.ts` after a
// change here.
//
// WeChat's rule for tab icons (app.json tabBar.list iconPath /
// selectedIconPath): at most 40 KB each, 81 px × 81 px recommended, no
// network images.
// https://developers.weixin.qq.com/miniprogram/dev/reference/configuration/app.html#tabBar
import fs from 'fs';
import path from 'path';
import { pngFile } from '../png';

export const SIZE = 81;
export const MAX_BYTES = 40 * 1024;
/** app.json tabBar.color and selectedColor. */
const GREY: Rgb = [0x64, 0x65, 0x66];
const GREEN: Rgb = [0x1f, 0x7a, 0x4d];
const STROKE = 5;

type Rgb = [number, number, number];
/** Signed distance to a shape's edge: negative inside. */
type Sdf = (x: number, y: number) => number;
/** Painted in order: `ink` fills a shape, `line` strokes its edge, `cut` clears (a hole). */
type Op = { mode: 'ink' | 'line' | 'cut'; shape: Sdf; width?: number };

const roundRect =
  (cx: number, cy: number, hw: number, hh: number, r: number): Sdf =>
  (x, y) => {
    const qx = Math.abs(x - cx) - hw + r;
    const qy = Math.abs(y - cy) - hh + r;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };
const circle =
  (cx: number, cy: number, r: number): Sdf =>
  (x, y) =>
    Math.hypot(x - cx, y - cy) - r;
/** A segment with round caps, `w` thick. */
const segment =
  (ax: number, ay: number, bx: number, by: number, w = STROKE): Sdf =>
  (x, y) => {
    const px = x - ax;
    const py = y - ay;
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
    return Math.hypot(px - dx * t, py - dy * t) - w / 2;
  };
const intersect =
  (...shapes: Sdf[]): Sdf =>
  (x, y) =>
    Math.max(...shapes.map((s) => s(x, y)));
const below =
  (limit: number): Sdf =>
  (_x, y) =>
    y - limit;

function inside(op: Op, x: number, y: number): boolean {
  const d = op.shape(x, y);
  return op.mode === 'line' ? Math.abs(d) <= (op.width ?? STROKE) / 2 : d <= 0;
}

/** RGBA pixels of one icon: 4×4 samples per pixel give the alpha. */
function render(ops: Op[], color: Rgb): Buffer {
  const px = Buffer.alloc(SIZE * SIZE * 4);
  const n = 4;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let covered = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const fx = x + (sx + 0.5) / n;
          const fy = y + (sy + 0.5) / n;
          let on = false;
          for (const op of ops) if (inside(op, fx, fy)) on = op.mode !== 'cut';
          if (on) covered++;
        }
      }
      const i = (y * SIZE + x) * 4;
      px[i] = color[0];
      px[i + 1] = color[1];
      px[i + 2] = color[2];
      px[i + 3] = Math.round((covered / (n * n)) * 255);
    }
  }
  return px;
}

/** An 8-bit RGBA PNG. */
export function encodePng(rgba: Buffer, width: number, height: number): Buffer {
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return pngFile({ width, height, colorType: 6, rows, level: 9 });
}

const C = SIZE / 2;

/** 报道: a page with lines of text. */
function report(selected: boolean): Op[] {
  const page = roundRect(C, C, 24, 30, 6);
  const lines = [segment(29, 27, 52, 27), segment(29, 39, 52, 39), segment(29, 51, 44, 51)];
  return selected
    ? [{ mode: 'ink', shape: page }, ...lines.map((shape): Op => ({ mode: 'cut', shape }))]
    : [{ mode: 'line', shape: page }, ...lines.map((shape): Op => ({ mode: 'ink', shape }))];
}

/** 活动: a calendar page with a tick. */
function events(selected: boolean): Op[] {
  const page = roundRect(C, 45, 29, 26, 6);
  const ringsAt = [28, 53];
  const rings = ringsAt.map((x) => segment(x, 12, x, 24));
  const tick = [segment(30, 47, 38, 55), segment(38, 55, 52, 40)];
  return selected
    ? [
        { mode: 'ink', shape: page },
        // A gap around each ring where it enters the filled page.
        ...ringsAt.map((x): Op => ({ mode: 'cut', shape: segment(x, 8, x, 21, STROKE + 6) })),
        ...rings.map((shape): Op => ({ mode: 'ink', shape })),
        ...tick.map((shape): Op => ({ mode: 'cut', shape })),
      ]
    : [
        { mode: 'line', shape: page },
        { mode: 'ink', shape: segment(14, 31, 67, 31) },
        ...rings.map((shape): Op => ({ mode: 'ink', shape })),
        ...tick.map((shape): Op => ({ mode: 'ink', shape })),
      ];
}

/** 我的: a head and shoulders. */
function mine(selected: boolean): Op[] {
  const head = circle(C, 27, 13);
  const body = intersect(circle(C, 78, 28), below(70));
  return selected
    ? [
        { mode: 'ink', shape: head },
        { mode: 'ink', shape: body },
      ]
    : [
        { mode: 'line', shape: head },
        { mode: 'line', shape: body },
      ];
}

export const ICONS = { report, events, mine } as const;
export const ICON_DIR = path.join(__dirname, '..', '..', 'miniprogram', 'images', 'tab');

/** The file name of an icon: `<name>.png` and `<name>-active.png`. */
export function iconFile(name: keyof typeof ICONS, selected: boolean): string {
  return path.join(ICON_DIR, `${name}${selected ? '-active' : ''}.png`);
}

export function drawIcon(name: keyof typeof ICONS, selected: boolean): Buffer {
  return encodePng(render(ICONS[name](selected), selected ? GREEN : GREY), SIZE, SIZE);
}

if (require.main === module) {
  fs.mkdirSync(ICON_DIR, { recursive: true });
  for (const name of Object.keys(ICONS) as Array<keyof typeof ICONS>) {
    for (const selected of [false, true]) {
      const png = drawIcon(name, selected);
      fs.writeFileSync(iconFile(name, selected), png);
      console.log(`${path.relative(process.cwd(), iconFile(name, selected))}  ${SIZE}×${SIZE}  ${png.length} B`);
    }
  }
}
