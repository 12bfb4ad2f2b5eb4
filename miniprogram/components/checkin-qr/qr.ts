// The member's check-in QR code as an image the <image> component shows:
// qrcode-generator (pure JS, no canvas) encodes the text and renders a
// two-colour GIF as a base64 data URL, which WeChat's <image> displays
// without a download or a temp file.
//
// `import = require` compiles to a plain require whatever esModuleInterop
// setting the compiling tool (DevTools, ts-jest, esbuild) uses.
import qrcode = require('qrcode-generator');

/** Error correction M: survives a scuffed or glare-hit screen, still a small code. */
export const QR_LEVEL = 'M';
/** Pixels per module in the GIF; the <image> scales it to the size on screen. */
export const QR_CELL = 8;
/** The quiet zone the QR spec asks for: four modules of white on every side. */
export const QR_MARGIN = 4 * QR_CELL;

/** A `data:image/gif;base64,…` URL of `text` as a QR code (byte mode, smallest version that fits). */
export function qrDataUrl(text: string): string {
  const qr = qrcode(0, QR_LEVEL);
  qr.addData(text, 'Byte');
  qr.make();
  return qr.createDataURL(QR_CELL, QR_MARGIN);
}
