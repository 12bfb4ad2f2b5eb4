// What a member's check-in QR code must show (not a test file): the text
// the admin scanner parses, checkinScanText(eventId, code), encoded by
// qrcode-generator independently of the component, as the GIF data URL the
// component's <image> displays.
import qrcode = require('qrcode-generator');
import { QR_CELL, QR_LEVEL, QR_MARGIN } from '../../miniprogram/components/checkin-qr/qr';
import { text, type SimNode } from '../helpers/simulate';

export interface ShownQr {
  /** What the component encoded. */
  text: string;
  /** The <image>'s src as rendered. */
  src: string;
}

/**
 * The QR a rendered <checkin-qr> shows. simulate's built-in <image> has no
 * properties (its `src` is not kept on the rendered element), so the src is
 * read from the data its template binds (`src="{{ src }}"`), once the
 * <image> is known to be rendered.
 */
export function shownQr(node: SimNode): ShownQr {
  const image = node.querySelector('#checkin-qr-image');
  if (!image || !image.dom || image.dom.tagName.toLowerCase() !== 'wx-image') {
    throw new Error(`no QR image in: ${text(node)}`);
  }
  return { text: String(node.data.text), src: String(node.data.src) };
}

/** The data URL of `scanText` made straight with the encoder, and the GIF's expected side in pixels. */
export function expectedQr(scanText: string): { src: string; side: number } {
  const qr = qrcode(0, QR_LEVEL);
  qr.addData(scanText, 'Byte');
  qr.make();
  return { src: qr.createDataURL(QR_CELL, QR_MARGIN), side: qr.getModuleCount() * QR_CELL + 2 * QR_MARGIN };
}

/** Width and height from a data:image/gif URL's logical screen descriptor. */
export function gifSize(src: string): { width: number; height: number } {
  const m = /^data:image\/gif;base64,([A-Za-z0-9+/=]+)$/.exec(src);
  if (!m) throw new Error(`not a GIF data URL: ${src.slice(0, 40)}…`);
  const bytes = Buffer.from(m[1] as string, 'base64');
  if (bytes.subarray(0, 6).toString('latin1') !== 'GIF87a') throw new Error('not a GIF87a image');
  return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
}
