/**
 * The Wine executor against real Wine: argument vectors through a `.cmd` file, exit codes, files
 * mapped into the prefix, loopback TCP; and `mode: local` choosing it from WINSHIP_WINE_PREFIX.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ensureWinePrefix, findWineServer, type WinePrefix } from '../../lab/wine.js';
import { WineExecutor, winePath } from '../../src/hosts/wine.js';
import { localExecutor, LocalWindowsExecutor } from '../../src/hosts/local.js';
import { UserError } from '../../src/runner/errors.js';
import { executorContract } from './contract.js';

let prefix: WinePrefix;
let exec: WineExecutor;

beforeAll(async () => {
  prefix = await ensureWinePrefix('hosts-wine');
  await prefix.keepAlive();
  exec = new WineExecutor({ prefix: prefix.path });
});
afterAll(async () => {
  await prefix?.shutdown();
  if (prefix) rmSync(prefix.toLinuxPath('C:\\winship-test'), { recursive: true, force: true });
});

executorContract(
  'Wine',
  () => ({ exec, toLinuxPath: prefix.toLinuxPath, root: 'C:\\winship-test\\contract' }),
  { canRun: true },
);

describe('WineExecutor.run', () => {
  test('sc query of a service that does not exist fails (Wine: exit 1 and no text; Windows: 1060)', async () => {
    const r = await exec.run(['sc.exe', 'query', 'winship-no-such-service']);
    expect(r.exitCode).not.toBe(0);
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

describe('localExecutor', () => {
  test('on Windows it is the direct executor', async () => {
    expect(await localExecutor({}, 'win32')).toBeInstanceOf(LocalWindowsExecutor);
  });
  test('on Linux with WINSHIP_WINE_PREFIX it runs under Wine and keeps the server up', async () => {
    const local = await localExecutor({ WINSHIP_WINE_PREFIX: prefix.path }, 'linux');
    expect(local).toBeInstanceOf(WineExecutor);
    const r = await local.run(['cmd.exe', '/c', 'exit', '3']);
    expect(r.exitCode).toBe(3);
    expect(findWineServer(prefix.path)?.persistent).toBe(true);
  });
  test('on Linux without a prefix it says what to use instead', async () => {
    await expect(localExecutor({}, 'linux')).rejects.toThrow(
      /self-hosted Windows runner, or mode: ssh/,
    );
  });
});

test('the prefix is shared: a second ensure returns the same prefix', async () => {
  expect(await ensureWinePrefix('hosts-wine')).toBe(prefix);
  expect(existsSync(join(prefix.path, 'system.reg'))).toBe(true);
});
