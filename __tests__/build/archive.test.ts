import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { archiveFormatFor, writeArchive, type ArchiveEntry } from '../../src/build/archive.js';
import { FIXED_DATE, tempDir } from './fixtures.js';

const MTIME = new Date(FIXED_DATE);
const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

/** The same content as two different checkouts would have it: other paths, modes and mtimes. */
function sources(variant: number): ArchiveEntry[] {
  const dir = tempDir();
  mkdirSync(join(dir, 'docs'));
  writeFileSync(join(dir, 'prog'), 'binary bytes\n'.repeat(1000));
  writeFileSync(join(dir, 'README.md'), '# hello\n');
  writeFileSync(join(dir, 'docs', 'guide.md'), 'guide\n');
  chmodSync(join(dir, 'prog'), variant ? 0o700 : 0o775);
  chmodSync(join(dir, 'README.md'), variant ? 0o600 : 0o664);
  for (const f of ['prog', 'README.md', 'docs/guide.md'])
    utimesSync(join(dir, f), variant * 1e6, variant * 1e6 + 12345);
  // Deliberately unsorted: the archive sorts.
  return [
    { name: 'README.md', source: join(dir, 'README.md'), mode: 0o644 },
    { name: 'prog', source: join(dir, 'prog'), mode: 0o755 },
    { name: 'docs/guide.md', source: join(dir, 'docs', 'guide.md'), mode: 0o644 },
  ];
}

describe('writeArchive', () => {
  it('chooses zip for Windows and tar.gz elsewhere with auto', () => {
    expect(archiveFormatFor('auto', 'windows')).toBe('zip');
    expect(archiveFormatFor('auto', 'linux')).toBe('tar.gz');
    expect(archiveFormatFor('tar.gz', 'windows')).toBe('tar.gz');
  });

  it('writes a tar.gz with sorted entries, the commit date as mtime, fixed modes and no owners', async () => {
    const out = join(tempDir(), 'a.tar.gz');
    await writeArchive('tar.gz', out, sources(0), MTIME, tempDir());
    const listing = execFileSync('tar', ['--utc', '--numeric-owner', '-tvzf', out], {
      encoding: 'utf8',
      env: { ...process.env, TZ: 'UTC' },
    });
    expect(listing.trim().split('\n')).toEqual([
      expect.stringMatching(/^-rw-r--r-- 0\/0 +8 2024-05-01 12:00 README\.md$/),
      expect.stringMatching(/^-rw-r--r-- 0\/0 +6 2024-05-01 12:00 docs\/guide\.md$/),
      expect.stringMatching(/^-rwxr-xr-x 0\/0 +13000 2024-05-01 12:00 prog$/),
    ]);
    // gzip header: no mtime, OS "unknown", so no host detail gets into the bytes.
    const gz = readFileSync(out);
    expect([...gz.subarray(0, 4)]).toEqual([0x1f, 0x8b, 8, 0]);
    expect(gz.readUInt32LE(4)).toBe(0);
    expect(gz[9]).toBe(255);
    const x = tempDir();
    execFileSync('tar', ['-xzf', out, '-C', x]);
    expect(readFileSync(join(x, 'prog'), 'utf8')).toBe('binary bytes\n'.repeat(1000));
  });

  it('writes a zip with sorted entries, Unix modes and the commit date in UTC', async () => {
    const out = join(tempDir(), 'a.zip');
    await writeArchive('zip', out, sources(0), MTIME, tempDir());
    const listing = execFileSync('zipinfo', ['-T', out], { encoding: 'utf8' });
    const lines = listing.split('\n').filter((l) => /^[-d]r/.test(l));
    expect(lines).toEqual([
      expect.stringMatching(/^-rw-r--r-- .* 20240501\.120000 README\.md$/),
      expect.stringMatching(/^-rw-r--r-- .* 20240501\.120000 docs\/guide\.md$/),
      expect.stringMatching(/^-rwxr-xr-x .* 20240501\.120000 prog$/),
    ]);
    execFileSync('unzip', ['-tq', out]);
  });

  it.each(['tar.gz', 'zip'] as const)(
    'gives the same %s bytes from other paths, modes, mtimes and time zones',
    async (format) => {
      process.env.TZ = 'UTC';
      const a = join(tempDir(), `a.${format}`);
      await writeArchive(format, a, sources(0), MTIME, tempDir());
      process.env.TZ = 'Asia/Kolkata';
      const b = join(tempDir(), `b.${format}`);
      await writeArchive(format, b, sources(1), MTIME, tempDir());
      expect(readFileSync(b).equals(readFileSync(a))).toBe(true);
    },
  );

  it('refuses entry names that would escape the archive, and duplicates', async () => {
    const [e] = sources(0);
    await expect(
      writeArchive('zip', join(tempDir(), 'x.zip'), [{ ...e!, name: '../x' }], MTIME, tempDir()),
    ).rejects.toThrow(/not a plain relative path/);
    await expect(
      writeArchive('tar.gz', join(tempDir(), 'x.tgz'), [e!, e!], MTIME, tempDir()),
    ).rejects.toThrow(/twice/);
  });
});
