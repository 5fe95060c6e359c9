/**
 * The executor for `mode: local`: the deploy runs on the Windows machine the job runs on (a
 * self-hosted runner). Programs are spawned directly, without cmd.exe: the command line is built by
 * `windows/quote.ts` and passed verbatim, so there is one quoting module for every executor.
 *
 * On Linux with WINSHIP_WINE_PREFIX set, the same mode runs under Wine (how `mode: local` is
 * tested); anywhere else it is refused with a message saying what to use instead.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { win32 } from 'node:path';
import type { Duplex } from 'node:stream';
import { UserError } from '../runner/errors.js';
import { quoteArg } from '../windows/quote.js';
import { validateWindowsPath } from '../windows/validate.js';
import type { ExecResult, Executor, RunOptions } from './executor.js';
import { WineExecutor } from './wine.js';

/** Spawns Windows programs on this (Windows) machine. */
export class LocalWindowsExecutor implements Executor {
  readonly label = 'local';
  readonly canHash = true;

  run(argv: readonly string[], opts: RunOptions = {}): Promise<ExecResult> {
    const [program, ...args] = argv;
    if (program === undefined) throw new UserError('Cannot run an empty command');
    for (const a of argv)
      if (/[\r\n\0]/.test(a))
        throw new UserError(
          `A value sent to Windows contains a newline or NUL: ${JSON.stringify(a)}`,
        );
    return new Promise((resolve, reject) => {
      const child = spawn(program, args.map(quoteArg), {
        windowsVerbatimArguments: true,
        windowsHide: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      let timedOut = false;
      const timer =
        opts.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              child.kill();
            }, opts.timeoutMs);
      child.on('error', (e) => {
        if (timer) clearTimeout(timer);
        reject(new UserError(`Cannot run '${program}': ${e.message}`));
      });
      child.on('close', (code) => {
        if (timer) clearTimeout(timer);
        const stderr = Buffer.concat(err).toString('latin1');
        resolve({
          exitCode: timedOut ? -1 : (code ?? -1),
          // Console output is in the OEM code page; parsers read ASCII fields only.
          stdout: Buffer.concat(out).toString('latin1'),
          stderr: timedOut ? `${stderr}\ntimed out after ${opts.timeoutMs} ms` : stderr,
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
