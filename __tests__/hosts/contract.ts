/**
 * The executor contract: what the engine relies on from every executor (local, Wine, SSH), as one
 * suite that takes an executor factory. Each executor's test file runs it against a real host of
 * its kind; what an executor cannot do where the suite runs (the local executor has no cmd.exe on
 * Linux) is named in `can`, never silently skipped.
 */
import { createServer, type Server } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Executor } from '../../src/hosts/executor.js';
import { UserError } from '../../src/runner/errors.js';
import { freePort } from '../../lab/wine.js';

export interface ContractHost {
  exec: Executor;
  /** The Linux path where a Windows path of this host lives, to check files from outside. */
  toLinuxPath(windowsPath: string): string;
  /** A folder the suite may write under (removed by the caller). */
  root: string;
}

/**
 * `canRun`: whether commands can run where the suite runs (false: the local executor on Linux,
 * which has no cmd.exe); known when the tests are collected.
 */
export function executorContract(
  name: string,
  host: () => Promise<ContractHost> | ContractHost,
  { canRun }: { canRun: boolean },
) {
  describe(`executor contract: ${name}`, () => {
    let h: ContractHost;
    let local: string;
    beforeAll(async () => {
      h = await host();
      local = mkdtempSync(join(tmpdir(), 'winship-contract-'));
    });
    afterAll(() => rmSync(local, { recursive: true, force: true }));
    const dir = () => `${h.root}\\c-${randomBytes(3).toString('hex')}`;

    test('states its capabilities', () => {
      expect(typeof h.exec.capabilities.hashFile).toBe('boolean');
      expect(h.exec.label).not.toBe('');
    });

    test('refuses a newline in an argument before anything runs', async () => {
      await expect(h.exec.run(['reg.exe', 'query', 'HKLM\\a\nb'])).rejects.toThrow(UserError);
    });

    test.runIf(canRun)('passes exit codes back whole', async () => {
      expect((await h.exec.run(['cmd.exe', '/c', 'exit', '7'])).exitCode).toBe(7);
      expect((await h.exec.run(['cmd.exe', '/c', 'exit', '1060'])).exitCode).toBe(1060);
    });

    test.runIf(canRun)(
      'values with quotes, spaces and cmd metacharacters reach reg.exe exactly',
      async () => {
        const key = `HKLM\\SOFTWARE\\winship-contract-${randomBytes(3).toString('hex')}`;
        const value = 'a "quoted" & | < > ^ % ! (x) C:\\path with space\\';
        const add = await h.exec.run([
          'reg.exe',
          'add',
          key,
          '/v',
          'v',
          '/t',
          'REG_SZ',
          '/d',
          value,
          '/f',
        ]);
        expect(add.exitCode).toBe(0);
        const q = await h.exec.run(['reg.exe', 'query', key, '/v', 'v']);
        expect(q.exitCode).toBe(0);
        expect(q.stdout).toContain(value);
        expect((await h.exec.run(['reg.exe', 'delete', key, '/f'])).exitCode).toBe(0);
      },
    );

    test.runIf(canRun)('a command over its timeout reports exit code -1', async () => {
      const r = await h.exec.run(['ping.exe', '-n', '30', '127.0.0.1'], { timeoutMs: 1500 });
      expect(r.exitCode).toBe(-1);
      expect(r.stderr).toMatch(/timed out/);
    });

    test('uploads a file byte for byte, making its folders, leaving no temporary file', async () => {
      const file = join(local, 'payload.bin');
      writeFileSync(file, randomBytes(3 * 1024 * 1024 + 17));
      const win = `${dir()}\\deep\\payload.bin`;
      await h.exec.upload(file, win);
      const there = h.toLinuxPath(win);
      expect(readFileSync(there).equals(readFileSync(file))).toBe(true);
      expect(readdirSync(dirname(there))).toEqual(['payload.bin']);
    });

    test('writes, replaces and reads files; a missing file reads as undefined', async () => {
      const win = `${dir()}\\state.json`;
      expect(await h.exec.readFile(win)).toBeUndefined();
      await h.exec.writeFile(win, '{"v":1}');
      await h.exec.writeFile(win, Buffer.from('{"v":2}'));
      expect((await h.exec.readFile(win))?.toString()).toBe('{"v":2}');
      expect(readFileSync(h.toLinuxPath(win), 'utf8')).toBe('{"v":2}');
      expect(readdirSync(dirname(h.toLinuxPath(win)))).toEqual(['state.json']);
    });

    test('reads a file back as its SHA-256, streamed; a missing file is undefined', async () => {
      const file = join(local, 'release.bin');
      // Larger than one streamed chunk (1 MiB) and not a multiple of it.
      const data = randomBytes(2 * 1024 * 1024 + 4099);
      writeFileSync(file, data);
      const win = `${dir()}\\release.bin`;
      await h.exec.upload(file, win);
      expect(h.exec.sha256File).toBeTypeOf('function');
      expect(await h.exec.sha256File(win)).toBe(createHash('sha256').update(data).digest('hex'));
      expect(await h.exec.sha256File(`${dir()}\\none.bin`)).toBeUndefined();
      await expect(h.exec.sha256File(`${h.root}\\..\\..\\etc\\passwd`)).rejects.toThrow(UserError);
    });

    test('refuses relative paths and paths with ..', async () => {
      await expect(h.exec.readFile(`${h.root}\\..\\..\\etc\\passwd`)).rejects.toThrow(UserError);
      await expect(h.exec.writeFile('relative\\x', 'x')).rejects.toThrow(UserError);
      await expect(h.exec.upload(join(local, 'none'), 'C:relative')).rejects.toThrow(UserError);
      expect(existsSync(h.toLinuxPath(`${h.root}\\x`))).toBe(false);
    });

    describe('openTcp', () => {
      let server: Server;
      let port: number;
      beforeAll(async () => {
        port = await freePort();
        server = createServer((s) => s.end(`hello from ${port}`));
        await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
      });
      afterAll(() => new Promise<void>((r) => server.close(() => r())));

      test('reaches a port where the host listens', async () => {
        const sock = await h.exec.openTcp('127.0.0.1', port);
        const data = await new Promise<string>((resolve, reject) => {
          let s = '';
          sock.on('data', (b: Buffer) => (s += b.toString()));
          sock.on('end', () => resolve(s));
          sock.on('error', reject);
        });
        sock.destroy();
        expect(data).toBe(`hello from ${port}`);
      });

      test('a closed port is an error', async () => {
        const closed = await freePort();
        await expect(h.exec.openTcp('127.0.0.1', closed)).rejects.toThrow();
      });
    });
  });
}
