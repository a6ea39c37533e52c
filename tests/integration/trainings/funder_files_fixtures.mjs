// Helpers of the funders' files tests: read a ZIP archive in node (central directory, raw inflate,
// CRC-32 checked), test it with `unzip -t` when unzip is installed, read a PDF's text with pdftotext,
// and parse the archive's summary (00-sommaire.txt).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// Entries of a ZIP archive in central-directory order: { name, method, flags, crc, data }.
export function readZip(buf) {
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { end = i; break; }
  }
  assert.ok(end >= 0, 'no end of central directory');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'central header');
    const flags = buf.readUInt16LE(at + 8);
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    at += 46 + nameLength + extra + comment;
    assert.equal(buf.readUInt32LE(local), 0x04034b50, 'local header');
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const packed = buf.subarray(dataAt, dataAt + compressed);
    const data = method === 8 ? zlib.inflateRawSync(packed) : Buffer.from(packed);
    assert.equal(data.length, size, `size of ${name}`);
    assert.equal(crc32(data), crc, `CRC-32 of ${name}`);
    out.push({ name, method, flags, crc, data });
  }
  return out;
}

const hasUnzip = spawnSync('sh', ['-c', 'command -v unzip'], { encoding: 'utf8' }).status === 0;

// `unzip -t` on the archive (skipped when unzip is not installed); returns the names unzip lists.
export function unzipTest(buf) {
  if (!hasUnzip) return null;
  const file = path.join(os.tmpdir(), `trame-ff-${randomUUID()}.zip`);
  fs.writeFileSync(file, buf);
  try {
    const t = spawnSync('unzip', ['-t', file], { encoding: 'utf8' });
    assert.equal(t.status, 0, t.stdout + t.stderr);
    assert.match(t.stdout, /No errors detected/);
    const l = spawnSync('unzip', ['-Z1', file], { encoding: 'utf8' });
    assert.equal(l.status, 0, l.stderr);
    return l.stdout.split('\n').filter(Boolean);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

export function pdfText(bytes) {
  const file = path.join(os.tmpdir(), `trame-ff-${randomUUID()}.pdf`);
  fs.writeFileSync(file, bytes);
  try {
    const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.replace(/\u00a0|\u202f/g, ' ').replace(/\s+/g, ' ');
  } finally {
    fs.rmSync(file, { force: true });
  }
}

// The summary's files: [{ name, sha256 }], and its missing pieces (the lines « Pièce manquante : … »).
export function parseSummary(text) {
  const files = [...text.matchAll(/^ {2}(\S[^\r\n]*)\r?\n {4}SHA-256 : ([0-9a-f]{64})/gm)].map((m) => ({ name: m[1], sha256: m[2] }));
  const missing = [...text.matchAll(/Pièce manquante : ([^\r\n]+)/g)].map((m) => m[1]);
  return { files, missing };
}
