/**
 * Quoting for everything winship sends to Windows, in two layers:
 *  1. `quoteArg`: one argument as `CommandLineToArgvW` (and the MSVC runtime) will split it back:
 *     backslashes are literal except in a run that ends at a quote, where they are doubled.
 *  2. `escapeForBatch`: a whole command line placed in a `.cmd` file, so cmd.exe passes it on
 *     untouched: every metacharacter, the quote included, is escaped with `^` so cmd never enters
 *     its quoted mode, and `%` is doubled (in a batch file `^` does not stop `%` expansion).
 * Newlines, carriage returns and NUL cannot survive cmd.exe at all; other control characters (except
 * tab) are refused too, because cmd.exe's handling of them is not something to rely on (Wine's cmd
 * drops DEL). `__tests__/windows/quoting-proof.test.ts` runs thousands of generated arguments
 * through these functions, cmd.exe and a Go program under Wine and checks each arrives exactly.
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
  for (const a of argv) assertCmdSafe(a);
  return [quoteProgram(program), ...args.map(quoteArg)].join(' ');
}

const CMD_META = /[\^&|<>()"!]/g;

/** A command line escaped for a line of a `.cmd` batch file. */
export function escapeForBatch(commandLine: string): string {
  assertCmdSafe(commandLine);
  return commandLine.replace(CMD_META, '^$&').replace(/%/g, '%%');
}

function assertCmdSafe(text: string): void {
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if ((c < 0x20 && ch !== '\t') || c === 0x7f)
      throw new UserError(
        `A value sent to Windows contains a newline, NUL or other control character, which cmd.exe cannot pass on reliably: ${JSON.stringify(text)}`,
      );
  }
}

/**
 * A complete batch file (to be written as UTF-8) that runs one command and exits with its exit
 * code. Delayed expansion is switched off so `!` is literal whatever the host's registry default is.
 * cmd.exe decodes each line of a batch file in the console code page, so a command with non-ASCII
 * text first switches it to UTF-8 (`chcp 65001`); ASCII-only files stay free of that line. Wine's
 * cmd ignores chcp for this and always reads the OEM code page (437), see the quoting proof.
 */
export function batchFile(argv: readonly string[]): string {
  const line = escapeForBatch(toCommandLine(argv));
  return [
    '@echo off',
    ...([...line].some((ch) => ch.charCodeAt(0) > 0x7f) ? ['chcp 65001 >nul'] : []),
    'setlocal DisableDelayedExpansion',
    line,
    'exit /b %ERRORLEVEL%',
    '',
  ].join('\r\n');
}
