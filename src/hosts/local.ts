/**
 * The executor for `mode: local`: the deploy runs on the Windows machine the job runs on (a
 * self-hosted runner). Like the other executors, each command is written as a `.cmd` batch file
 * (command-file.ts, quoting by `windows/quote.ts`) and run with `cmd.exe /d /c <file>`: commands
 * such as `cmd /c copy` are parsed by cmd.exe, so the cmd escaping the quoting proof checks must
 * apply here too.
 *
 * On Linux the lab may name a Wine prefix (hosts/lab.ts); the Wine executor is then imported on
 * demand, so the bundles of actions that never run Wine do not carry it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { win32 } from 'node:path';
import { UserError } from '../runner/errors.js';
import { runProcess } from '../runner/process.js';
import { validateWindowsPath } from '../windows/validate.js';
import { commandFile, refusedAsNotUtf8 } from './command-file.js';
import type { ExecResult, Executor, PathMapper, RunOptions } from './executor.js';
import { labSettings } from './lab.js';
import { localFileOps } from './local-files.js';

/** Spawns Windows programs on this (Windows) machine. */
export class LocalWindowsExecutor implements Executor {
  readonly label = 'local';
  readonly capabilities = { hashFile: true, acls: true };
  readonly upload: Executor['upload'];
  readonly readFile: Executor['readFile'];
  readonly sha256File: Executor['sha256File'];
  readonly writeFile: Executor['writeFile'];
  readonly openTcp: Executor['openTcp'];

  /** `mapPath`: this machine's paths as they are (tests on Linux map them into a folder). */
  constructor(mapPath: PathMapper = (p) => validateWindowsPath(p)) {
    const files = localFileOps((p) => mapPath(validateWindowsPath(p)));
    this.upload = files.upload;
    this.readFile = files.readFile;
    this.sha256File = files.sha256File;
    this.writeFile = files.writeFile;
    this.openTcp = files.openTcp;
  }

  async run(argv: readonly string[], opts: RunOptions = {}): Promise<ExecResult> {
    const script = commandFile(argv); // validates and quotes before anything is written
    const dir = win32.join(tmpdir(), 'winship-cmd');
    const file = win32.join(dir, `${randomBytes(8).toString('hex')}.cmd`);
    await mkdir(dir, { recursive: true });
    await writeFile(file, script, 'utf8');
    try {
      const result = await this.spawnCmd(file, opts.timeoutMs);
      refusedAsNotUtf8(this.label, result);
      return result;
    } finally {
      await rm(file, { force: true });
    }
  }

  private async spawnCmd(file: string, timeoutMs?: number): Promise<ExecResult> {
    // The path is ours (temp folder, hex name): no quoting needed, none possible to inject.
    const r = await runProcess('cmd.exe', ['/d', '/c', file], {
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      // Console output is in the OEM code page; parsers read ASCII fields only.
      encoding: 'latin1',
      missing: 'Cannot run cmd.exe: it is not on PATH (mode: local needs a Windows runner)',
    });
    return {
      exitCode: r.timedOut || r.signal ? -1 : r.code,
      stdout: r.stdout,
      stderr: r.timedOut ? `${r.stderr}\ntimed out after ${timeoutMs} ms` : r.stderr,
    };
  }

  async close(): Promise<void> {}
}

/**
 * The executor for `mode: local`: this Windows machine, or on Linux the lab's Wine prefix (tests).
 * The Wine server is kept up so services outlive single commands.
 */
export async function localExecutor(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<Executor> {
  if (platform === 'win32') return new LocalWindowsExecutor();
  const { winePrefix } = labSettings(env);
  if (winePrefix) {
    const { WineExecutor } = await import('./wine.js');
    return new WineExecutor({ prefix: winePrefix, keepServer: true });
  }
  throw new UserError(
    `mode: local deploys to the machine the job runs on, which must be Windows (this is ${platform}): use a self-hosted Windows runner, or mode: ssh`,
  );
}
