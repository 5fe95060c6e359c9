/**
 * Reads one file out of a zip archive (the Windows archives actions/build writes), using the
 * central directory as the index: stored and deflated entries, no ZIP64 (a release binary is far
 * below 4 GiB). The caller verifies the extracted bytes against the manifest's sha256.
 */
import { readFile } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import { UserError } from '../runner/errors.js';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

/** The entries listed in the central directory. */
export function zipEntries(zip: Buffer, where: string): ZipEntry[] {
  const bad = (why: string) => new UserError(`${where} is not a readable zip archive: ${why}`);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  const cdOffset = zip.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff || count === 0xffff) throw bad('ZIP64 archives are not supported');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== CENTRAL)
      throw bad('broken central directory');
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    entries.push({
      method: zip.readUInt16LE(p + 10),
      compressedSize: zip.readUInt32LE(p + 20),
      size: zip.readUInt32LE(p + 24),
      name: zip.toString('utf8', p + 46, p + 46 + nameLen),
      localHeaderOffset: zip.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The bytes of entry `name`; undefined when the archive has no such entry. */
export function extractEntry(zip: Buffer, name: string, where: string): Buffer | undefined {
  const entry = zipEntries(zip, where).find((e) => e.name === name);
  if (!entry) return undefined;
  const bad = (why: string) => new UserError(`${where}: entry ${name} cannot be read: ${why}`);
  const h = entry.localHeaderOffset;
  if (h + 30 > zip.length || zip.readUInt32LE(h) !== LOCAL) throw bad('broken local header');
  const start = h + 30 + zip.readUInt16LE(h + 26) + zip.readUInt16LE(h + 28);
  const raw = zip.subarray(start, start + entry.compressedSize);
  if (raw.length !== entry.compressedSize) throw bad('truncated');
  let data: Buffer;
  if (entry.method === 0) data = Buffer.from(raw);
  else if (entry.method === 8) {
    try {
      data = inflateRawSync(raw);
    } catch (e) {
      throw bad(`corrupt deflate data (${(e as Error).message})`);
    }
  } else throw bad(`compression method ${entry.method} is not supported (only stored and deflate)`);
  if (data.length !== entry.size) throw bad(`expected ${entry.size} bytes, got ${data.length}`);
  return data;
}

export async function extractEntryFromFile(
  zipPath: string,
  name: string,
): Promise<Buffer | undefined> {
  return extractEntry(await readFile(zipPath), name, zipPath);
}
