import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSha256Sums, parseSha256Sums } from '../../src/build/checksums.js';
import { hashFile } from '../../src/runner/sha256.js';
import { tempDir } from './fixtures.js';

describe('SHA256SUMS', () => {
  it('hashes files like sha256sum and writes a list sha256sum -c accepts', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'b.exe'), 'windows');
    writeFileSync(join(dir, 'a'), Buffer.alloc(3 << 20, 7));
    const digests = await Promise.all(
      ['b.exe', 'a'].map(async (file) => ({ file, ...(await hashFile(join(dir, file))) })),
    );
    expect(digests[1]!.size).toBe(3 << 20);
    expect(digests[0]!.sha256).toBe(
      execFileSync('sha256sum', ['b.exe'], { cwd: dir, encoding: 'utf8' }).slice(0, 64),
    );
    const text = formatSha256Sums(digests);
    expect(text.split('\n')[0]).toMatch(/^[0-9a-f]{64} {2}a$/);
    writeFileSync(join(dir, 'SHA256SUMS'), text);
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' })).toBe(
      'a: OK\nb.exe: OK\n',
    );
    expect(parseSha256Sums(text)).toEqual(
      digests.map(({ file, sha256 }) => ({ file, sha256 })).reverse(),
    );
  });

  it('fails sha256sum -c when a file changes (the list is not a formality)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x'), 'one');
    writeFileSync(
      join(dir, 'SHA256SUMS'),
      formatSha256Sums([{ file: 'x', ...(await hashFile(join(dir, 'x'))) }]),
    );
    writeFileSync(join(dir, 'x'), 'two');
    expect(() =>
      execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, stdio: 'pipe' }),
    ).toThrow();
  });

  it('refuses duplicate names, bad digests and names sha256sum would escape', () => {
    const sha = 'a'.repeat(64);
    expect(() =>
      formatSha256Sums([
        { file: 'x', sha256: sha },
        { file: 'x', sha256: sha },
      ]),
    ).toThrow(/twice/);
    expect(() => formatSha256Sums([{ file: 'x', sha256: 'abc' }])).toThrow(/not a SHA-256/);
    expect(() => formatSha256Sums([{ file: 'a\nb', sha256: sha }])).toThrow(/cannot be listed/);
    expect(() => parseSha256Sums('nonsense\n')).toThrow(/line 1/);
  });
});
