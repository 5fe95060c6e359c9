/**
 * An executor over a Wine prefix, so the engine runs real sc.exe/reg.exe/cmd.exe on Linux (tests,
 * and `mode: local` when the lab names a prefix, see hosts/lab.ts). Commands are written as a `.cmd`
 * batch file with `windows/quote.ts` and run with `wine cmd /c <file>`: cmd.exe then parses the same
 * text it would on Windows (passing a quoted command line through `wine cmd /c "..."` mangles inner
 * quotes).
 *
 * Windows paths map to `<prefix>/drive_c/...` (and `Z:\` to `/`, Wine's own mapping) in one place:
 * `winePath`. Capabilities differ from Windows: certutil is a stub, so release files are verified
 * by reading them back (`capabilities.hashFile` false, see `verifyFile` in engine/host.ts).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../runner/errors.js';
import { runProcess } from '../runner/process.js';
import { sleep } from '../runner/time.js';
import { validateWindowsPath } from '../windows/validate.js';
import { commandFile, parseRcFile, refusedAsNotUtf8 } from './command-file.js';
import type { ExecResult, Executor, RunOptions } from './executor.js';
import { localFileOps } from './local-files.js';

/** Where the `.cmd` files of `run` are written inside the prefix. */
const SCRATCH = 'C:\\windows\\temp\\winship-cmd';

export interface WineExecutorOptions {
  /** WINEPREFIX (an existing, initialised prefix). */
  prefix: string;
  /** The wine loader; default `wine`. */
  wine?: string;
  /** Start a persistent `wineserver -p` before the first command so services outlive commands. */
  keepServer?: boolean;
  /** A locale for the commands (`ja_JP.UTF-8`): Wine takes its code pages from it. */
  locale?: string;
}

/** Environment for every Wine process of a prefix. */
export function wineProcessEnv(prefix: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WINEPREFIX: prefix,
    WINEDEBUG: '-all',
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
  };
}

/** `C:\a\b` in the prefix at `prefix` as a Linux path; the path is validated first. */
export function winePath(prefix: string, windowsPath: string): string {
  const p = validateWindowsPath(windowsPath);
  const drive = p.slice(0, 1).toUpperCase();
  const rest = p
    .slice(3)
    .split('\\')
    .filter((s) => s !== '');
  if (drive === 'C') return join(prefix, 'drive_c', ...rest);
  if (drive === 'Z') return join('/', ...rest);
  throw new UserError(`Path '${windowsPath}': only C: (and Z:, the Linux root) exist under Wine`);
}

/** The wineserver process serving `prefix`, found through /proc (processes of the same user). */
export function findWineServer(prefix: string): { pid: number; persistent: boolean } | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^[0-9]+$/.test(d));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0');
      if (!/wineserver(64)?$/.test(argv[0] ?? '')) continue;
      const environ = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
      if (!environ.includes(`WINEPREFIX=${prefix}`)) continue;
      return { pid: Number(pid), persistent: argv.includes('-p') };
    } catch {
      /* exited meanwhile, or not ours to read */
    }
  }
  return undefined;
}

/**
 * Makes the prefix's wineserver persistent (`wineserver -p`). An ordinary server already running
 * refuses a second one (exit 2) and ends ~3 s after its last ordinary process: retry until then.
 */
export async function keepWineServer(prefix: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (findWineServer(prefix)?.persistent) return;
    const code = await wineserver(prefix, ['-p']);
    if (code === 0) return;
    if (Date.now() > deadline)
      throw new Error(`wineserver -p for ${prefix} did not start (exit code ${code})`);
    await sleep(300);
  }
}

/** `wineserver -k`: ends every Wine process of the prefix, services included, and waits for it. */
export async function stopWineServer(prefix: string): Promise<void> {
  await wineserver(prefix, ['-k']);
  const deadline = Date.now() + 15_000;
  while (findWineServer(prefix) && Date.now() < deadline) await sleep(100);
}

/**
 * Runs `wineserver` and waits for its exit only: a server it starts daemonizes and would keep
 * inherited pipes open, so no stdio is shared.
 */
function wineserver(prefix: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('wineserver', args, { env: wineProcessEnv(prefix), stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', () => {
      clearTimeout(timer);
      resolve(-1);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
}

export class WineExecutor implements Executor {
  readonly label: string;
  /** Wine's certutil is a stub: release files are verified by reading them back. */
  readonly capabilities = { hashFile: false, acls: false };
  private readonly prefix: string;
  private readonly wine: string;
  private serverKept?: Promise<void>;
  private readonly keepServer: boolean;
  private readonly env: NodeJS.ProcessEnv;

  constructor(opts: WineExecutorOptions) {
    this.prefix = opts.prefix;
    this.wine = opts.wine ?? 'wine';
    this.keepServer = opts.keepServer ?? false;
    this.env = {
      ...wineProcessEnv(opts.prefix),
      ...(opts.locale ? { LANG: opts.locale, LC_ALL: opts.locale } : {}),
    };
    this.label = `wine:${opts.prefix}`;
    const files = localFileOps((p) => winePath(this.prefix, p));
    this.upload = files.upload;
    this.readFile = files.readFile;
    this.sha256File = files.sha256File;
    this.writeFile = files.writeFile;
    this.openTcp = files.openTcp;
  }

  readonly upload: Executor['upload'];
  readonly readFile: Executor['readFile'];
  readonly sha256File: Executor['sha256File'];
  readonly writeFile: Executor['writeFile'];
  /** Wine shares the Linux network: the host's 127.0.0.1 is ours. */
  readonly openTcp: Executor['openTcp'];

  /** Linux path of a Windows path of this prefix. */
  toLinuxPath(windowsPath: string): string {
    return winePath(this.prefix, windowsPath);
  }

  async run(argv: readonly string[], opts: RunOptions = {}): Promise<ExecResult> {
    // Validates and quotes before anything is written. Output goes to files named in the batch
    // file: Wine's first process starts services.exe, which inherits (and never closes) the pipes
    // of whoever started it, so waiting for a pipe's end could wait forever.
    const base = `${SCRATCH}\\${randomBytes(8).toString('hex')}`;
    const script = commandFile(argv, {
      stdoutFile: `${base}.out`,
      stderrFile: `${base}.err`,
      rcFile: `${base}.rc`,
    });
    if (this.keepServer) await (this.serverKept ??= keepWineServer(this.prefix));
    const files = ['cmd', 'out', 'err', 'rc'].map((ext) => this.toLinuxPath(`${base}.${ext}`));
    const [cmdFile, outFile, errFile, rcFile] = files as [string, string, string, string];
    await mkdir(dirname(cmdFile), { recursive: true });
    await writeFile(cmdFile, script, 'utf8');
    try {
      const { exitCode, timedOut } = await this.spawnWine(
        ['cmd', '/c', `${base}.cmd`],
        opts.timeoutMs,
      );
      const read = (f: string) =>
        readFile(f).then(
          (b) => b.toString('utf8'),
          () => '',
        );
      const stdout = await read(outFile);
      const stderr = await read(errFile);
      // Wine's loader passes 8 bits of the exit code back; the rc file has all 32.
      if (!timedOut) refusedAsNotUtf8(this.label, { exitCode, stderr });
      const rc = timedOut ? undefined : parseRcFile(await read(rcFile));
      return {
        exitCode: rc ?? exitCode,
        stdout,
        stderr: timedOut ? `${stderr}\ntimed out after ${opts.timeoutMs} ms` : stderr,
      };
    } finally {
      await Promise.all(files.map((f) => rm(f, { force: true })));
    }
  }

  private async spawnWine(
    args: string[],
    timeoutMs?: number,
  ): Promise<{ exitCode: number; timedOut: boolean }> {
    const r = await runProcess(this.wine, args, {
      env: this.env,
      discardOutput: true, // outputs go to files, see run()
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      missing: `Cannot run Wine ('${this.wine}'): it is not installed (bash scripts/provision.sh)`,
    });
    return { exitCode: r.timedOut || r.signal ? -1 : r.code, timedOut: r.timedOut };
  }

  async close(): Promise<void> {
    // Nothing held: the wineserver belongs to whoever made it persistent (tests stop it).
  }
}
