/**
 * The `.cmd` file every executor runs a command through: cmd.exe reads it like any batch file, so
 * the escaping of windows/quote.ts applies the same way locally, under Wine and over SSH. The exit
 * code is also written to a file where the way back loses bits (a Linux sshd or Wine's loader
 * report 8 bits, so 1060 would arrive as 36 and 256 as 0).
 */
import { UserError } from '../runner/errors.js';
import { escapeForBatch, toCommandLine } from '../windows/quote.js';

/** A path that may appear in a command file or on the ssh command line unquoted. */
export function commandLinePath(windowsPath: string): string {
  if (!/^[A-Za-z]:\\[A-Za-z0-9_.\\-]+$/.test(windowsPath))
    throw new UserError(
      `The scratch folder path '${windowsPath}' cannot be passed on the ssh command line: use letters, digits, '_', '-', '.' and '\\' only`,
    );
  return windowsPath;
}

export interface CommandFileOptions {
  /** Where the exit code goes, as cmd.exe saw it (32 bits). */
  rcFile?: string;
  /** Where stdout and stderr go, when the way back has no pipes. */
  stdoutFile?: string;
  stderrFile?: string;
}

/** The text of the `.cmd` file (CRLF lines) that runs `argv` exactly; refuses what cmd cannot carry. */
export function commandFile(argv: readonly string[], opts: CommandFileOptions = {}): string {
  const line = escapeForBatch(toCommandLine(argv));
  const out = opts.stdoutFile ? ` 1>${commandLinePath(opts.stdoutFile)}` : '';
  const err = opts.stderrFile ? ` 2>${commandLinePath(opts.stderrFile)}` : '';
  return [
    '@echo off',
    'setlocal DisableDelayedExpansion',
    `${line}${out}${err}`,
    'set WINSHIP_RC=%ERRORLEVEL%',
    ...(opts.rcFile ? [`>${commandLinePath(opts.rcFile)} echo %WINSHIP_RC%`] : []),
    'exit /b %WINSHIP_RC%',
    '',
  ].join('\r\n');
}

/** The exit code an rc file holds, or undefined when it holds none (the command never ended). */
export function parseRcFile(text: Buffer | string | undefined): number | undefined {
  const m = /^\s*(-?\d+)\s*$/.exec(
    typeof text === 'string' ? text : (text?.toString('latin1') ?? ''),
  );
  return m ? Number(m[1]) : undefined;
}
