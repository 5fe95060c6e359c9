/**
 * Release archives that are the same bytes on every machine: entries sorted by name, one fixed
 * mtime (the commit date), fixed modes, no owner names, gzip/zip headers without host details.
 */
import { chmod, copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/** Gzip level of tar.gz archives: gzip's own default. */
export const GZIP_LEVEL = 6;

/**
 * Sets the gzip header's OS byte to 255 ("unknown"), as `gzip` does not promise the same byte on
 * every platform; the header's mtime is already zero in Node's zlib.
 */
function portableGzipHeader(): Transform {
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (offset <= 9 && offset + chunk.length > 9) chunk[9 - offset] = 255;
      offset += chunk.length;
      done(null, chunk);
    },
  });
}

export type ArchiveFormat = 'tar.gz' | 'zip';

export interface ArchiveEntry {
  /** Path inside the archive, `/`-separated, relative. */
  name: string;
  /** The file on disk. */
  source: string;
  /** 0o755 for programs, 0o644 for everything else. */
  mode: 0o755 | 0o644;
}

/** `auto` is zip for Windows (what Explorer opens) and tar.gz elsewhere (keeps the x bit). */
export function archiveFormatFor(choice: 'auto' | ArchiveFormat, goos: string): ArchiveFormat {
  return choice === 'auto' ? (goos === 'windows' ? 'zip' : 'tar.gz') : choice;
}

export function checkEntryName(name: string): void {
  if (
    name === '' ||
    name.startsWith('/') ||
    name.split('/').some((p) => p === '' || p === '.' || p === '..') ||
    /[\\\0]/.test(name)
  )
    throw new Error(`'${name}' is not a plain relative path for an archive entry`);
}

/**
 * Writes the archive at `out`. Sources are copied into a staging folder under `tmp` first, so
 * entry names and modes are ours whatever the checkout's umask and file names.
 */
export async function writeArchive(
  format: ArchiveFormat,
  out: string,
  entries: readonly ArchiveEntry[],
  mtime: Date,
  tmp: string,
): Promise<void> {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let i = 0; i < sorted.length; i++) {
    checkEntryName(sorted[i]!.name);
    if (i > 0 && sorted[i]!.name === sorted[i - 1]!.name)
      throw new Error(`'${sorted[i]!.name}' is in the archive twice`);
  }
  await mkdir(tmp, { recursive: true });
  const stage = await mkdtemp(join(tmp, 'archive-'));
  try {
    for (const e of sorted) {
      const staged = join(stage, e.name);
      await mkdir(dirname(staged), { recursive: true });
      await copyFile(e.source, staged);
      await chmod(staged, e.mode);
    }
    await rm(out, { force: true });
    const seconds = new Date(Math.floor(mtime.getTime() / 1000) * 1000);
    if (format === 'tar.gz') {
      // tar's own gzip compresses synchronously on the main thread; Node's zlib stream runs on
      // the thread pool, so the next targets' builds and hashes go on while this compresses.
      const tar = await import('tar');
      await pipeline(
        tar.c(
          // 1 MiB reads (tar's default is up to 16 MiB a file) keep memory flat for big binaries.
          { portable: true, mtime: seconds, cwd: stage, noDirRecurse: true, maxReadSize: 1 << 20 },
          sorted.map((e) => e.name),
        ),
        createGzip({ level: GZIP_LEVEL }),
        portableGzipHeader(),
        createWriteStream(out),
      );
    } else {
      const { default: yazl } = await import('yazl');
      const zip = new yazl.ZipFile();
      // DOS timestamps are local time in yazl; feeding it the UTC fields as local ones and leaving
      // out the extended (UTC) timestamp makes the bytes independent of the machine's time zone.
      const dos = new Date(
        seconds.getUTCFullYear(),
        seconds.getUTCMonth(),
        seconds.getUTCDate(),
        seconds.getUTCHours(),
        seconds.getUTCMinutes(),
        seconds.getUTCSeconds(),
      );
      for (const e of sorted)
        zip.addFile(join(stage, e.name), e.name, {
          mtime: dos,
          mode: 0o100000 | e.mode,
          forceDosTimestamp: true,
        });
      zip.end();
      await pipeline(zip.outputStream, createWriteStream(out));
    }
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
