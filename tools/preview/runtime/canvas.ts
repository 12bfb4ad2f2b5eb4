// <canvas type="2d">: a real <canvas> in the host, and the node WeChat's
// selector query hands out (width/height, getContext('2d'), createImage,
// requestAnimationFrame), plus canvasToTempFilePath.
import type { ExparserNode } from 'miniprogram-exparser';
import { addTempFile } from './files';

export type ImageResolver = (src: string) => string;

const canvases = new WeakMap<ExparserNode, HTMLCanvasElement>();
let resolveImage: ImageResolver = (s) => s;

export function setImageResolver(fn: ImageResolver): void {
  resolveImage = fn;
}

export function attachCanvas(node: ExparserNode, host: HTMLElement): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.className = 'mp-canvas';
  host.appendChild(canvas);
  canvases.set(node, canvas);
  return canvas;
}

/** An <img> whose src takes mini program paths (package paths, temp files, cloud fileIDs). */
function createImage(): HTMLImageElement {
  const img = new Image();
  img.crossOrigin = 'anonymous';
  const desc = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src');
  Object.defineProperty(img, 'src', {
    configurable: true,
    get: () => (desc && desc.get ? desc.get.call(img) : ''),
    set: (v: string) => desc && desc.set && desc.set.call(img, resolveImage(String(v))),
  });
  return img;
}

export function canvasNodeOf(node: ExparserNode): HTMLCanvasElement | null {
  const canvas = canvases.get(node);
  if (!canvas) return null;
  const extra = canvas as HTMLCanvasElement & Record<string, unknown>;
  if (!extra.createImage) {
    extra.createImage = createImage;
    extra.requestAnimationFrame = (cb: FrameRequestCallback) => window.requestAnimationFrame(cb);
    extra.cancelAnimationFrame = (id: number) => window.cancelAnimationFrame(id);
    extra.createPath2D = (p?: Path2D | string) => new Path2D(p);
  }
  return canvas;
}

export interface ExportOptions {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  destWidth?: number;
  destHeight?: number;
  fileType?: string;
  quality?: number;
}

/** wx.canvasToTempFilePath for a 2D canvas node: the region, scaled, as a temp file. */
export function canvasToTempFile(canvas: HTMLCanvasElement, o: ExportOptions): Promise<string> {
  // Sizes in the options are in CSS pixels of the canvas as shown.
  const cssW = canvas.clientWidth || canvas.width;
  const cssH = canvas.clientHeight || canvas.height;
  const sx = canvas.width / cssW;
  const sy = canvas.height / cssH;
  const x = o.x || 0;
  const y = o.y || 0;
  const w = o.width || cssW - x;
  const h = o.height || cssH - y;
  const out = document.createElement('canvas');
  out.width = Math.round(o.destWidth || w * sx);
  out.height = Math.round(o.destHeight || h * sy);
  const ctx = out.getContext('2d');
  if (!ctx) return Promise.reject(new Error('2d context unavailable'));
  ctx.drawImage(canvas, x * sx, y * sy, w * sx, h * sy, 0, 0, out.width, out.height);
  const type = o.fileType === 'jpg' ? 'image/jpeg' : 'image/png';
  return new Promise((resolve, reject) => {
    out.toBlob(
      (blob) =>
        blob
          ? resolve(addTempFile(blob, `canvas.${o.fileType === 'jpg' ? 'jpg' : 'png'}`))
          : reject(new Error('toBlob failed')),
      type,
      o.quality,
    );
  });
}
