/**
 * The executor for `mode: local`: the deploy runs on the Windows machine the job runs on (a
 * self-hosted runner). Like the other executors, each command is written as a `.cmd` batch file
 * by `windows/quote.ts` and run with `cmd.exe /d /c <file>`: commands such as `cmd /c copy` are
 * parsed by cmd.exe, so the cmd escaping the quoting proof checks must apply here too.
 *
 * On Linux with WINSHIP_WINE_PREFIX set, the same mode runs under Wine (how `mode: local` is
 * tested); anywhere else it is refused with a message saying what to use instead.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { win32 } from 'node:path';
import type { Duplex } from 'node:stream';
import { UserError } from '../runner/errors.js';
import { batchFile } from '../windows/quote.js';
import { validateWindowsPath } from '../windows/validate.js';
import type { ExecResult, Executor, RunOptions } from './executor.js';
import { WineExecutor } from './wine.js';

/** Spawns Windows programs on this (Windows) machine. */
export class LocalWindowsExecutor implements Executor {
  readonly label = 'local';
  readonly canHash = true;

  async run(argv: readonly string[], opts: RunOptions = {}): Promise<ExecResult> {
    const script = batchFile(argv); // validates and quotes before anything is written
    const dir = win32.join(tmpdir(), 'winship-cmd');
    const file = win32.join(dir, `${randomBytes(8).toString('hex')}.cmd`);
    await mkdir(dir, { recursive: true });
    await writeFile(file, script, 'utf8');
    try {
      return await this.spawnCmd(file, opts.timeoutMs);
    } finally {
      await rm(file, { force: true });
    }
  }

  private spawnCmd(file: string, timeoutMs?: number): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      // The path is ours (temp folder, hex name): no quoting needed, none possible to inject.
      const child = spawn('cmd.exe', ['/d', '/c', file], {
        windowsHide: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      let timedOut = false;
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              child.kill();
            }, timeoutMs);
      child.on('error', (e) => {
        if (timer) clearTimeout(timer);
        reject(new UserError(`Cannot run cmd.exe: ${e.message}`));
      });
      child.on('close', (code) => {
        if (timer) clearTimeout(timer);
        const stderr = Buffer.concat(err).toString('latin1');
        resolve({
          exitCode: timedOut ? -1 : (code ?? -1),
          // Console output is in the OEM code page; parsers read ASCII fields only.
          stdout: Buffer.concat(out).toString('latin1'),
          stderr: timedOut ? `${stderr}\ntimed out after ${timeoutMs} ms` : stderr,
        });
      });
    });
  }

  async upload(localPath: string, windowsPath: string): Promise<void> {
    const target = validateWindowsPath(windowsPath);
    await mkdir(win32.dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(4).toString('hex')}.part`;
    await copyFile(localPath, tmp);
    await rename(tmp, target);
  }

  async readFile(windowsPath: string): Promise<Buffer | undefined> {
    try {
      return await readFile(validateWindowsPath(windowsPath));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw e;
    }
  }

  async writeFile(windowsPath: string, data: string | Buffer): Promise<void> {
    const target = validateWindowsPath(windowsPath);
    await mkdir(win32.dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(4).toString('hex')}.part`;
    await writeFile(tmp, data);
    await rename(tmp, target);
  }

  openTcp(host: string, port: number): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.once('connect', () => {
        socket.removeListener('error', reject);
        resolve(socket);
      });
      socket.once('error', reject);
    });
  }

  async close(): Promise<void> {}
}

/**
 * The executor for `mode: local`: this Windows machine, or on Linux the Wine prefix named by
 * WINSHIP_WINE_PREFIX (tests). The Wine server is kept up so services outlive single commands.
 */
export function localExecutor(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Executor {
  if (platform === 'win32') return new LocalWindowsExecutor();
  const prefix = env.WINSHIP_WINE_PREFIX;
  if (prefix) return new WineExecutor({ prefix, keepServer: true });
  throw new UserError(
    `mode: local deploys to the machine the job runs on, which must be Windows (this is ${platform}): use a self-hosted Windows runner, or mode: ssh`,
  );
}
