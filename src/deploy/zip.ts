/**
 * Reads one file out of a zip archive (the Windows archives actions/build writes), using the
 * central directory as the index: stored and deflated entries, no ZIP64 (a release binary is far
 * below 4 GiB). The caller verifies the extracted bytes against the manifest's sha256.
 *
 * The archive is untrusted (a downloaded artifact): an archive with any entry whose name could
 * leave the folder it is extracted into (.., absolute, drive letter, backslash, control
 * characters) or that is a symbolic link is refused whole when its directory is read.
 */
import { readFile } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import { UserError } from '../runner/errors.js';
import { archivePathProblem, quoted } from './names.js';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The `made by` hosts whose external attributes hold a Unix mode: Unix and OS X. */
const UNIX_HOSTS = new Set([3, 19]);
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

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
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    const refused = (why: string) =>
      new UserError(`${where}: entry ${quoted(name)} is refused: ${why}`);
    const problem = archivePathProblem(name);
    if (problem) throw refused(problem);
    const mode = zip.readUInt32LE(p + 38) >>> 16;
    if (UNIX_HOSTS.has(zip.readUInt8(p + 5)) && (mode & S_IFMT) === S_IFLNK)
      throw refused('it is a symbolic link');
    entries.push({
      method: zip.readUInt16LE(p + 10),
      compressedSize: zip.readUInt32LE(p + 20),
      size: zip.readUInt32LE(p + 24),
      name,
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
  const localNameLen = zip.readUInt16LE(h + 26);
  // Tools that extract by the local headers would write another file than the one checked here.
  if (zip.toString('utf8', h + 30, h + 30 + localNameLen) !== name)
    throw bad('its local header names another file than the central directory');
  const start = h + 30 + localNameLen + zip.readUInt16LE(h + 28);
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
