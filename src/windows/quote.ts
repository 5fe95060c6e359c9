/**
 * Quoting for everything winship sends to Windows, in two layers:
 *  1. `quoteArg`: one argument as `CommandLineToArgvW` (and the MSVC runtime) will split it back:
 *     backslashes are literal except in a run that ends at a quote, where they are doubled.
 *  2. `escapeForBatch`: a whole command line placed in a `.cmd` file, so cmd.exe passes it on
 *     untouched: every metacharacter, the quote included, is escaped with `^` so cmd never enters
 *     its quoted mode, and `%` is doubled (in a batch file `^` does not stop `%` expansion).
 * Newlines, carriage returns and NUL cannot survive cmd.exe at all and are refused.
 */
import { UserError } from '../runner/errors.js';

const NEEDS_QUOTES = /[ \t\n\v"]/;

/** Quotes one argument for CommandLineToArgvW. */
export function quoteArg(arg: string): string {
  if (arg !== '' && !NEEDS_QUOTES.test(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      backslashes++;
    } else if (ch === '"') {
      out += '\\'.repeat(backslashes * 2 + 1) + '"';
      backslashes = 0;
    } else {
      out += '\\'.repeat(backslashes) + ch;
      backslashes = 0;
    }
  }
  return out + '\\'.repeat(backslashes * 2) + '"';
}

/**
 * The program name is parsed by CreateProcess, not by CommandLineToArgvW's escaping rules: it may
 * be quoted but can never contain a quote itself.
 */
export function quoteProgram(program: string): string {
  if (program === '' || /["\r\n\0]/.test(program))
    throw new UserError(`Cannot run program '${program}': empty or containing a quote or newline`);
  return /[ \t]/.test(program) ? `"${program}"` : program;
}

/** An argument vector as one Windows command line. */
export function toCommandLine(argv: readonly string[]): string {
  const [program, ...args] = argv;
  if (program === undefined) throw new UserError('Cannot run an empty command');
  for (const a of args) assertCmdSafe(a);
  return [quoteProgram(program), ...args.map(quoteArg)].join(' ');
}

const CMD_META = /[\^&|<>()"!]/g;

/** A command line escaped for a line of a `.cmd` batch file. */
export function escapeForBatch(commandLine: string): string {
  assertCmdSafe(commandLine);
  return commandLine.replace(CMD_META, '^$&').replace(/%/g, '%%');
}

function assertCmdSafe(text: string): void {
  if (/[\r\n\0]/.test(text))
    throw new UserError(
      `A value sent to Windows contains a newline or NUL, which cmd.exe cannot pass on: ${JSON.stringify(text)}`,
    );
}

/**
 * A complete batch file that runs one command and exits with its exit code. Delayed expansion is
 * switched off so `!` is literal whatever the host's registry default is.
 */
export function batchFile(argv: readonly string[]): string {
  return [
    '@echo off',
    'setlocal DisableDelayedExpansion',
    escapeForBatch(toCommandLine(argv)),
    'exit /b %ERRORLEVEL%',
    '',
  ].join('\r\n');
}
