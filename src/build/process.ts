/** Runs a program with an argument vector (never a shell) and collects what it prints. */
import { spawn } from 'node:child_process';
import { UserError } from '../runner/errors.js';

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

export function runProcess(
  command: string,
  args: readonly string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; missing?: string },
): Promise<ProcessResult> {
  const started = process.hrtime.bigint();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') reject(new UserError(opts.missing ?? `'${command}' is not on PATH`));
      else reject(e);
    });
    child.on('close', (code, signal) =>
      resolvePromise({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
      }),
    );
  });
}
