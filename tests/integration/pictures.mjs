// Pictures for upload tests, made here (node's zlib writes PNG's IDAT), and the size read back from
// a served PNG or JPEG's header: uploads are decoded, shrunk into a box and written again (issue 14).
import { deflateSync } from 'node:zlib';

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
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function header(width, height, alpha) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;               // bits per sample
  ihdr[9] = alpha ? 6 : 2;   // RGBA or RGB
  return chunk('IHDR', ihdr);
}

// A width×height PNG, 8-bit RGB (or RGBA with `alpha`), each pixel given by paint(x, y) → [r, g, b, a].
// The default paint is a smooth gradient (a small file for its size).
export function png(width, height, { alpha = false, paint } = {}) {
  const channels = alpha ? 4 : 3;
  const color = paint || ((x, y) => [(x * 255 / width) | 0, (y * 255 / height) | 0, 128, 255]);
  const raw = Buffer.alloc((width * channels + 1) * height);
  let at = 0;
  for (let y = 0; y < height; y++) {
    raw[at++] = 0;  // filter: none
    for (let x = 0; x < width; x++) {
      const p = color(x, y);
      for (let c = 0; c < channels; c++) raw[at++] = p[c];
    }
  }
  return Buffer.concat([SIGNATURE, header(width, height, alpha), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// Noise, as in a photograph.
export function noise(x, y) {
  let v = (Math.imul(x, 2654435761) ^ Math.imul(y, 40503)) >>> 0;
  v = (v ^ (v >>> 13)) >>> 0;
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, 255];
}

// A PNG that declares width×height pixels and holds almost nothing: a decompression bomb's header.
export function pngHeaderOnly(width, height) {
  return Buffer.concat([SIGNATURE, header(width, height, false), chunk('IDAT', deflateSync(Buffer.alloc(16))), chunk('IEND', Buffer.alloc(0))]);
}

// { type, width, height, alpha } of a PNG or JPEG (its IHDR or first SOF marker), and for a JPEG
// whether it carries an APP1 (EXIF/XMP) segment; null when it is neither.
export function pictureInfo(bytes) {
  if (bytes.subarray(0, 8).equals(SIGNATURE)) {
    return { type: 'image/png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), alpha: bytes[25] === 6 || bytes[25] === 4 };
  }
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let at = 2;
  let app1 = false;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1];
    const length = bytes.readUInt16BE(at + 2);
    if (marker === 0xe1) app1 = true;
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { type: 'image/jpeg', height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7), alpha: false, app1 };
    }
    at += 2 + length;
  }
  return null;
}
