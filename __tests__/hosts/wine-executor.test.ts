/**
 * The Wine executor against real Wine: argument vectors through a `.cmd` file, exit codes, files
 * mapped into the prefix, loopback TCP; and `mode: local` choosing it from WINSHIP_WINE_PREFIX.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createServer, type Server } from 'node:net';
import { existsSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ensureWinePrefix, findWineServer, freePort, type WinePrefix } from '../harness/wine.js';
import { WineExecutor, winePath } from '../../src/hosts/wine.js';
import { localExecutor, LocalWindowsExecutor } from '../../src/hosts/local.js';
import { UserError } from '../../src/runner/errors.js';

let prefix: WinePrefix;
let exec: WineExecutor;

beforeAll(async () => {
  prefix = await ensureWinePrefix('hosts-wine');
  await prefix.keepAlive();
  exec = new WineExecutor({ prefix: prefix.path });
});
afterAll(async () => {
  await prefix?.shutdown();
});

describe('WineExecutor.run', () => {
  test('passes the exit code of the program back', async () => {
    const r = await exec.run(['cmd.exe', '/c', 'exit', '7']);
    expect(r.exitCode).toBe(7);
  });

  test('sc query of a service that does not exist fails (Wine: exit 1 and no text; Windows: 1060)', async () => {
    const r = await exec.run(['sc.exe', 'query', 'winship-no-such-service']);
    expect(r.exitCode).not.toBe(0);
  });

  test('values with spaces, quotes and cmd metacharacters reach reg.exe exactly', async () => {
    const key = 'HKLM\\SOFTWARE\\winship-test-executor';
    const value = 'a "quoted" & | < > ^ % ! (x) C:\\path with space\\';
    const add = await exec.run([
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
    const q = await exec.run(['reg.exe', 'query', key, '/v', 'v']);
    expect(q.exitCode).toBe(0);
    expect(q.stdout).toContain(value);
    await exec.run(['reg.exe', 'delete', key, '/f']);
  });

  test('a newline in an argument is refused before Wine runs', async () => {
    await expect(exec.run(['reg.exe', 'query', 'HKLM\\a\nb'])).rejects.toThrow(UserError);
  });

  test('a command over its timeout is reported as exit code -1', async () => {
    const r = await exec.run(['ping.exe', '-n', '30', '127.0.0.1'], { timeoutMs: 1500 });
    expect(r.exitCode).toBe(-1);
    expect(r.stderr).toMatch(/timed out/);
  });
});

describe('WineExecutor files', () => {
  test('upload, readFile and writeFile use C:\\ inside the prefix', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'winship-exec-'));
    const local = join(dir, 'a.bin');
    writeFileSync(local, Buffer.from([0, 1, 2, 255]));
    await exec.upload(local, 'C:\\winship-test\\up\\a.bin');
    expect(readFileSync(join(prefix.driveC, 'winship-test', 'up', 'a.bin'))).toEqual(
      Buffer.from([0, 1, 2, 255]),
    );
    expect(await exec.readFile('C:\\winship-test\\up\\a.bin')).toEqual(Buffer.from([0, 1, 2, 255]));
    await exec.writeFile('C:\\winship-test\\state.json', '{"v":1}');
    const viaWindows = await exec.run(['cmd.exe', '/c', 'type', 'C:\\winship-test\\state.json']);
    expect(viaWindows.stdout.trim()).toBe('{"v":1}');
    expect(await exec.readFile('C:\\winship-test\\missing.txt')).toBeUndefined();
  });

  test('paths with .. or relative paths are refused', async () => {
    await expect(exec.readFile('C:\\winship-test\\..\\..\\etc\\passwd')).rejects.toThrow(UserError);
    await expect(exec.writeFile('relative\\x', 'x')).rejects.toThrow(UserError);
    expect(() => winePath(prefix.path, 'D:\\x')).toThrow(/only C:/);
  });
});

describe('WineExecutor.openTcp', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    server = createServer((s) => s.end('hello'));
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test('connects to a loopback port', async () => {
    const sock = await exec.openTcp('127.0.0.1', port);
    const data = await new Promise<string>((r) => {
      let s = '';
      sock.on('data', (b: Buffer) => (s += b.toString()));
      sock.on('end', () => r(s));
    });
    expect(data).toBe('hello');
  });

  test('a closed port is an error', async () => {
    const closed = await freePort();
    await expect(exec.openTcp('127.0.0.1', closed)).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('localExecutor', () => {
  test('on Windows it is the direct executor', () => {
    expect(localExecutor({}, 'win32')).toBeInstanceOf(LocalWindowsExecutor);
  });
  test('on Linux with WINSHIP_WINE_PREFIX it runs under Wine and keeps the server up', async () => {
    const local = localExecutor({ WINSHIP_WINE_PREFIX: prefix.path }, 'linux');
    expect(local).toBeInstanceOf(WineExecutor);
    const r = await local.run(['cmd.exe', '/c', 'exit', '3']);
    expect(r.exitCode).toBe(3);
    expect(findWineServer(prefix.path)?.persistent).toBe(true);
  });
  test('on Linux without a prefix it says what to use instead', () => {
    expect(() => localExecutor({}, 'linux')).toThrow(/self-hosted Windows runner, or mode: ssh/);
  });
});

test('the prefix is shared: a second ensure returns the same prefix', async () => {
  expect(await ensureWinePrefix('hosts-wine')).toBe(prefix);
  expect(existsSync(join(prefix.path, 'system.reg'))).toBe(true);
});
