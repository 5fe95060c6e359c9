/**
 * The `.cmd` file every executor runs a command through: cmd.exe reads it like any batch file, so
 * the escaping of windows/quote.ts applies the same way locally, under Wine and over SSH. The exit
 * code is also written to a file where the way back loses bits (a Linux sshd or Wine's loader
 * report 8 bits, so 1060 would arrive as 36 and 256 as 0).
 *
 * cmd.exe decodes each line of a batch file in the console code page. The file is UTF-8; on code
 * pages 932, 936, 949 and 950 the last byte of a UTF-8 character can be a lead byte that pairs
 * with the escape `^` after it, and the `&` or `>` it escaped runs. So a file holding non-ASCII
 * first switches cmd.exe to UTF-8 (`chcp 65001`) and then checks that its lines are read as UTF-8
 * (a probe whose length differs in every other code page); when either fails (Wine's cmd reads
 * batch files in the OEM code page whatever chcp says) it stops before the command, and the
 * executor refuses with NotUtf8Error. An ASCII-only file reads the same in every code page.
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

/** What the guard of a command file prints (stderr) when the host does not read it as UTF-8. */
export const NOT_UTF8_MARKER = 'WINSHIP-COMMAND-FILE-NOT-READ-AS-UTF8';

/** The command was refused unrun: its non-ASCII text cannot be carried safely to this host. */
export class NotUtf8Error extends UserError {
  constructor(readonly host: string) {
    super(
      `${host}: this host does not read command files as UTF-8 (cmd.exe refused or ignored chcp 65001), so a command holding non-ASCII text cannot be carried safely and was not run: use ASCII in display-name, description, environment and arguments for this host, or a host whose cmd.exe accepts chcp 65001`,
    );
    this.name = 'NotUtf8Error';
  }
}

/** Throws NotUtf8Error when `result` is the guard's refusal rather than the command's outcome. */
export function refusedAsNotUtf8(host: string, result: { exitCode: number; stderr: string }): void {
  if (result.exitCode !== 0 && result.stderr.includes(NOT_UTF8_MARKER))
    throw new NotUtf8Error(host);
}

// 'ああxx' is 4 characters read as UTF-8 and at least 5 in any single- or double-byte code page
// (9 bytes; a lead byte takes at most one byte after it, so the closing quote always survives).
const PROBE = 'ああxx';
const PROBE_TAIL = 'x';

export interface CommandFileOptions {
  /** Where the exit code goes, as cmd.exe saw it (32 bits). */
  rcFile?: string;
  /**
   * The exit code as cmd.exe saw it, as the last line of stderr (`RC_MARKER<code>`), where the
   * way back has stderr: one file less to read back and remove (SSH). See takeRcMarker.
   */
  rcOnStderr?: boolean;
  /** A file this one removes first (the previous command file of the same connection). */
  removeFirst?: string;
  /** Where stdout and stderr go, when the way back has no pipes. */
  stdoutFile?: string;
  stderrFile?: string;
}

/** The text of the `.cmd` file (CRLF lines) that runs `argv` exactly; refuses what cmd cannot carry. */
export function commandFile(argv: readonly string[], opts: CommandFileOptions = {}): string {
  const line = escapeForBatch(toCommandLine(argv));
  const out = opts.stdoutFile ? ` 1>${commandLinePath(opts.stdoutFile)}` : '';
  const err = opts.stderrFile ? ` 2>${commandLinePath(opts.stderrFile)}` : '';
  const ascii = [...line].every((ch) => ch.charCodeAt(0) < 0x80);
  const refuse = opts.stderrFile
    ? `>>${commandLinePath(opts.stderrFile)} echo ${NOT_UTF8_MARKER}`
    : `echo ${NOT_UTF8_MARKER} 1>&2`;
  return [
    '@echo off',
    ...(opts.removeFirst ? [`del /f /q ${commandLinePath(opts.removeFirst)} >nul 2>&1`] : []),
    ...(ascii
      ? ['setlocal DisableDelayedExpansion']
      : [
          'chcp 65001 >nul 2>&1 || goto winship_not_utf8',
          'setlocal DisableDelayedExpansion',
          `set "WINSHIP_UTF8=${PROBE}"`,
          `if not "%WINSHIP_UTF8:~3%"=="${PROBE_TAIL}" goto winship_not_utf8`,
        ]),
    `${line}${out}${err}`,
    'set WINSHIP_RC=%ERRORLEVEL%',
    ...(opts.rcFile ? [`>${commandLinePath(opts.rcFile)} echo %WINSHIP_RC%`] : []),
    ...(opts.rcOnStderr ? [`>&2 echo ${RC_MARKER}%WINSHIP_RC%`] : []),
    'exit /b %WINSHIP_RC%',
    ...(ascii ? [] : [':winship_not_utf8', refuse, 'exit /b 1']),
    '',
  ].join('\r\n');
}

/** The line prefix that carries the exit code on stderr (CommandFileOptions.rcOnStderr). */
export const RC_MARKER = 'WINSHIP-RC:';

/**
 * The exit code the command file wrote as the last line of stderr, and stderr without that line;
 * no code when the line is missing (the command never ended: killed, timed out).
 */
export function takeRcMarker(stderr: string): { code?: number; stderr: string } {
  const re = new RegExp(`(?:^|\\r?\\n)${RC_MARKER}(-?\\d+)[ \\t]*(?:\\r?\\n)?$`);
  const m = re.exec(stderr);
  if (!m) return { stderr };
  return { code: Number(m[1]), stderr: stderr.slice(0, m.index) };
}

/** The exit code an rc file holds, or undefined when it holds none (the command never ended). */
export function parseRcFile(text: Buffer | string | undefined): number | undefined {
  const m = /^\s*(-?\d+)\s*$/.exec(
    typeof text === 'string' ? text : (text?.toString('latin1') ?? ''),
  );
  return m ? Number(m[1]) : undefined;
}

/**
 * One command file for several commands that do not depend on each other's outcome (the
 * read-only queries of a step, or the few file commands of a swap): each runs whatever the one
 * before returned, each one's stdout ends with `separator` and its exit code goes to stderr as
 * RC_MARKER<code> (see splitBatch). One upload and one channel instead of one per command.
 */
export function batchCommandFile(
  argvs: readonly (readonly string[])[],
  opts: { separator: string; removeFirst?: string },
): string {
  if (!/^[A-Za-z0-9-]{8,64}$/.test(opts.separator))
    throw new Error(`invalid batch separator ${opts.separator}`);
  const lines = argvs.map((argv) => escapeForBatch(toCommandLine(argv)));
  const ascii = lines.every((line) => [...line].every((ch) => ch.charCodeAt(0) < 0x80));
  return [
    '@echo off',
    ...(opts.removeFirst ? [`del /f /q ${commandLinePath(opts.removeFirst)} >nul 2>&1`] : []),
    ...(ascii
      ? ['setlocal DisableDelayedExpansion']
      : [
          'chcp 65001 >nul 2>&1 || goto winship_not_utf8',
          'setlocal DisableDelayedExpansion',
          `set "WINSHIP_UTF8=${PROBE}"`,
          `if not "%WINSHIP_UTF8:~3%"=="${PROBE_TAIL}" goto winship_not_utf8`,
        ]),
    ...lines.flatMap((line) => [
      line,
      'set WINSHIP_RC=%ERRORLEVEL%',
      `echo ${opts.separator}`,
      `>&2 echo ${RC_MARKER}%WINSHIP_RC%`,
    ]),
    'exit /b 0',
    ...(ascii ? [] : [':winship_not_utf8', `echo ${NOT_UTF8_MARKER} 1>&2`, 'exit /b 1']),
    '',
  ].join('\r\n');
}

/**
 * The result of each command of a batch file, from the batch's stdout and stderr; a command the
 * batch did not get to (killed, timed out) gets exit code -1 and `missing` as stderr.
 */
export function splitBatch(
  n: number,
  out: { stdout: string; stderr: string },
  separator: string,
  missing: string,
): { exitCode: number; stdout: string; stderr: string }[] {
  const outs = out.stdout.split(separator).map((t, i) => (i ? t.replace(/^\r?\n/, '') : t));
  const marker = new RegExp(`${RC_MARKER}(-?\\d+)[ \\t]*\\r?\\n?`, 'g');
  const errs: { code: number; text: string }[] = [];
  let from = 0;
  for (const m of out.stderr.matchAll(marker)) {
    errs.push({ code: Number(m[1]), text: out.stderr.slice(from, m.index) });
    from = m.index + m[0].length;
  }
  return Array.from({ length: n }, (_, i) =>
    errs[i]
      ? { exitCode: errs[i].code, stdout: outs[i] ?? '', stderr: errs[i].text }
      : {
          exitCode: -1,
          stdout: outs[i] ?? '',
          stderr: i === errs.length ? `${out.stderr.slice(from)}${missing}` : missing,
        },
  );
}
