/**
 * Runs one program from an argument vector (never a shell), collects what it prints and can cut it
 * off at a deadline. The one process runner of the code base (the build, the benchmark gate, the
 * local and Wine executors): a program that is not on PATH is a UserError that says what to
 * install, never a stack trace.
 */
import { spawn } from 'node:child_process';
import { UserError } from './errors.js';

export interface ProcessOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Killed (SIGKILL) once it runs this long; the result then says timedOut. */
  timeoutMs?: number;
  /** The message when the program is not on PATH (default: "'<file>' is not on PATH"). */
  missing?: string;
  /** How output is decoded (default utf8; latin1 keeps a console code page's bytes one to one). */
  encoding?: BufferEncoding;
  /**
   * Output is not collected and the result comes at the program's exit, not when its pipes close:
   * for a program that leaves a process behind holding them (Wine's services.exe does).
   */
  discardOutput?: boolean;
}

export interface ProcessResult {
  /** The exit code; 128 when a signal ended it. */
  code: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Killed because it ran past timeoutMs. */
  timedOut: boolean;
  seconds: number;
}

export function runProcess(
  file: string,
  args: readonly string[],
  opts: ProcessOptions = {},
): Promise<ProcessResult> {
  const started = process.hrtime.bigint();
  const { timeoutMs } = opts;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: opts.discardOutput ? 'ignore' : ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => err.push(d));
    let timedOut = false;
    const timer =
      timeoutMs !== undefined && Number.isFinite(timeoutMs)
        ? setTimeout(
            () => {
              timedOut = true;
              child.kill('SIGKILL');
            },
            Math.max(0, timeoutMs),
          )
        : undefined;
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      if (e.code === 'ENOENT') reject(new UserError(opts.missing ?? `'${file}' is not on PATH`));
      else reject(e);
    });
    child.on(opts.discardOutput ? 'exit' : 'close', (code: number | null, signal) => {
      if (timer) clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 : 1),
        signal,
        stdout: Buffer.concat(out).toString(opts.encoding ?? 'utf8'),
        stderr: Buffer.concat(err).toString(opts.encoding ?? 'utf8'),
        timedOut,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
      });
    });
  });
}

/** The last lines of a program's output, for an error message. */
export function tail(text: string, lines = 15): string {
  return text.trimEnd().split(/\r?\n/).slice(-lines).join('\n');
}
