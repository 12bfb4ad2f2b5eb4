// The poster as drawing steps on any 2D context (a canvas node's in WeChat,
// a recording one in tests): cover (or a banner), a label, the title in at
// most three lines, and the mini program code with its call to action.
// Sizes are CSS pixels; the component scales by the device pixel ratio.

export const POSTER_SIZE = { width: 300, height: 460 } as const;

const PAD = 20;
const COVER_H = 168;
const TITLE_FONT = 18;
const TITLE_LINE = 26;
const TITLE_LINES = 3;
const QR_SIZE = 88;
const GREEN = '#1f7a4d';
const BRAND = '安徽省环保产业协会';

/** The part of CanvasRenderingContext2D the poster uses. */
export interface PosterContext {
  fillStyle: string;
  strokeStyle: string;
  lineWidth: number;
  font: string;
  textBaseline: string;
  textAlign: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
  drawImage(
    image: PosterImage,
    sx: number,
    sy: number,
    sw: number,
    sh: number,
    dx: number,
    dy: number,
    dw: number,
    dh: number,
  ): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
}

export interface PosterImage {
  width: number;
  height: number;
}

export interface PosterContent {
  title: string;
  /** Above the title: the column of a report, 共建活动 for an event. */
  label: string;
  /** Under 长按识别小程序码: what the code opens. */
  action: string;
}

/**
 * Breaks text into lines that fit `maxWidth`, character by character
 * (Chinese has no spaces to break at); the last allowed line ends with an
 * ellipsis when text is left over.
 */
export function wrapText(text: string, maxWidth: number, measure: (t: string) => number, maxLines: number): string[] {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  const lines: string[] = [];
  let line = '';
  let i = 0;
  for (; i < chars.length; i++) {
    const next = line + chars[i];
    if (line && measure(next) > maxWidth) {
      lines.push(line);
      line = '';
      if (lines.length === maxLines) break;
      i--; // this character starts the next line
      continue;
    }
    line = next;
  }
  if (lines.length < maxLines && line) {
    lines.push(line);
    return lines;
  }
  if (i < chars.length && lines.length) {
    let last = lines[lines.length - 1] as string;
    while (last && measure(`${last}…`) > maxWidth) last = Array.from(last).slice(0, -1).join('');
    lines[lines.length - 1] = `${last}…`;
  }
  return lines;
}

/** Source rectangle that fills (crops) a w×h box with the image, centred. */
export function coverCrop(img: PosterImage, w: number, h: number): { sx: number; sy: number; sw: number; sh: number } {
  const scale = Math.max(w / img.width, h / img.height);
  const sw = w / scale;
  const sh = h / scale;
  return { sx: (img.width - sw) / 2, sy: (img.height - sh) / 2, sw, sh };
}

export function drawPoster(
  ctx: PosterContext,
  content: PosterContent,
  images: { cover: PosterImage | null; qrcode: PosterImage },
): { titleLines: string[] } {
  const { width: W, height: H } = POSTER_SIZE;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, W, H);

  if (images.cover) {
    const c = coverCrop(images.cover, W, COVER_H);
    ctx.drawImage(images.cover, c.sx, c.sy, c.sw, c.sh, 0, 0, W, COVER_H);
  } else {
    ctx.fillStyle = GREEN;
    ctx.fillRect(0, 0, W, COVER_H);
    ctx.fillStyle = '#ffffff';
    ctx.font = 'bold 20px sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(BRAND, W / 2, COVER_H / 2);
  }

  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillStyle = GREEN;
  ctx.font = '13px sans-serif';
  ctx.fillText(content.label, PAD, COVER_H + 18);

  ctx.fillStyle = '#1d1d1f';
  ctx.font = `bold ${TITLE_FONT}px sans-serif`;
  const titleLines = wrapText(content.title, W - PAD * 2, (t) => ctx.measureText(t).width, TITLE_LINES);
  titleLines.forEach((line, k) => ctx.fillText(line, PAD, COVER_H + 42 + k * TITLE_LINE));

  const divider = H - QR_SIZE - 52;
  ctx.strokeStyle = '#ebedf0';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(PAD, divider);
  ctx.lineTo(W - PAD, divider);
  ctx.stroke();

  const qrX = W - PAD - QR_SIZE;
  const qrY = H - PAD - QR_SIZE;
  ctx.drawImage(images.qrcode, 0, 0, images.qrcode.width, images.qrcode.height, qrX, qrY, QR_SIZE, QR_SIZE);

  ctx.fillStyle = '#323233';
  ctx.font = '15px sans-serif';
  ctx.fillText('长按识别小程序码', PAD, qrY + 14);
  ctx.fillStyle = '#969799';
  ctx.font = '12px sans-serif';
  ctx.fillText(content.action, PAD, qrY + 40);
  ctx.fillStyle = GREEN;
  ctx.fillText(BRAND, PAD, qrY + 64);
  return { titleLines };
}
