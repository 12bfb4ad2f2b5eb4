// The PNG container for the images the tools draw (tab bar icons, the demo
// placeholder photo, the local cloud's stand-in mini program codes), after
// the PNG specification (https://www.w3.org/TR/png/): signature, IHDR, any
// extra chunks (a palette), one IDAT, IEND. The pixels are the caller's.
import zlib from 'zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = Array.from({ length: 256 }, (_, k) => {
  let c = k;
  for (let j = 0; j < 8; j++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export interface PngImage {
  width: number;
  height: number;
  /** PNG colour type: 0 greyscale, 3 palette, 6 RGBA (8 bits per sample). */
  colorType: 0 | 3 | 6;
  /** The scanlines, each led by its filter byte. */
  rows: Buffer;
  /** Chunks between IHDR and IDAT, e.g. ['PLTE', palette]. */
  extra?: Array<[string, Buffer]>;
  /** zlib level of the image data (default zlib's own). */
  level?: number;
}

export function pngFile(image: PngImage): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(image.width, 0);
  header.writeUInt32BE(image.height, 4);
  header[8] = 8; // bit depth
  header[9] = image.colorType;
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    ...(image.extra ?? []).map(([type, data]) => chunk(type, data)),
    chunk('IDAT', zlib.deflateSync(image.rows, image.level === undefined ? {} : { level: image.level })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
