import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { hashFile, sha256OfStream } from '../../src/runner/sha256.js';

describe('SHA-256 read a chunk at a time', () => {
  it('hashes a file of several chunks as sha256sum does, and counts its bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'winship-sha256-'));
    const file = join(dir, 'big.bin');
    const bytes = Buffer.alloc((5 << 20) + 123);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
    writeFileSync(file, bytes);
    const digest = await hashFile(file);
    expect(digest).toEqual({
      sha256: execFileSync('sha256sum', [file], { encoding: 'utf8' }).slice(0, 64),
      size: bytes.length,
    });
  });

  it('hashes a stream across its chunks and tells each chunk length', async () => {
    const chunks = ['win', 'ship', '', 'x'.repeat(70_000)].map((s) => Buffer.from(s));
    const seen: number[] = [];
    const sha256 = await sha256OfStream(Readable.from(chunks), (n) => seen.push(n));
    expect(sha256).toBe(
      execFileSync('sha256sum', { input: Buffer.concat(chunks), encoding: 'utf8' }).slice(0, 64),
    );
    expect(seen).toEqual(chunks.map((c) => c.length));
  });

  it('rejects when the file does not exist', async () => {
    await expect(hashFile(join(tmpdir(), 'winship-no-such-file'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
