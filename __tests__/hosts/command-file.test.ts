/**
 * The command file every executor runs (src/hosts/command-file.ts): its exact lines, the UTF-8
 * guard that a file holding non-ASCII carries, and how an executor tells the guard's refusal from
 * a command's own failure. The guard is run for real in cjk-command-files.test.ts.
 */
import { describe, expect, test } from 'vitest';
import {
  batchCommandFile,
  commandFile,
  NOT_UTF8_MARKER,
  RC_MARKER,
  splitBatch,
  takeRcMarker,
  NotUtf8Error,
  parseRcFile,
  refusedAsNotUtf8,
} from '../../src/hosts/command-file.js';
import { UserError } from '../../src/runner/errors.js';

describe('commandFile', () => {
  test('an ASCII command: no code page switch, exit code to the rc file', () => {
    expect(
      commandFile(['sc.exe', 'query', 'a&b'], { rcFile: 'C:\\t\\x.rc' }).split('\r\n'),
    ).toEqual([
      '@echo off',
      'setlocal DisableDelayedExpansion',
      'sc.exe query a^&b',
      'set WINSHIP_RC=%ERRORLEVEL%',
      '>C:\\t\\x.rc echo %WINSHIP_RC%',
      'exit /b %WINSHIP_RC%',
      '',
    ]);
  });

  test('non-ASCII: chcp 65001 and the UTF-8 probe come before the command, the refusal after it', () => {
    const lines = commandFile(['reg.exe', 'add', 'ā&x'], { rcFile: 'C:\\t\\x.rc' }).split('\r\n');
    const command = lines.indexOf('reg.exe add ā^&x');
    expect(lines.slice(0, command)).toEqual([
      '@echo off',
      'chcp 65001 >nul 2>&1 || goto winship_not_utf8',
      'setlocal DisableDelayedExpansion',
      'set "WINSHIP_UTF8=ああxx"',
      'if not "%WINSHIP_UTF8:~3%"=="x" goto winship_not_utf8',
    ]);
    expect(lines.slice(command + 1)).toEqual([
      'set WINSHIP_RC=%ERRORLEVEL%',
      '>C:\\t\\x.rc echo %WINSHIP_RC%',
      'exit /b %WINSHIP_RC%',
      ':winship_not_utf8',
      `echo ${NOT_UTF8_MARKER} 1>&2`,
      'exit /b 1',
      '',
    ]);
  });

  test('with output files, the refusal goes to the stderr file', () => {
    const text = commandFile(['x.exe', 'é'], { stdoutFile: 'C:\\t\\o', stderrFile: 'C:\\t\\e' });
    expect(text).toContain('x.exe é 1>C:\\t\\o 2>C:\\t\\e\r\n');
    expect(text).toContain(`\r\n>>C:\\t\\e echo ${NOT_UTF8_MARKER}\r\n`);
  });

  test('the probe is 4 characters as UTF-8 and more in the code pages that can swallow a ^', () => {
    const probe = Buffer.from('ああxx', 'utf8');
    expect([...probe.toString('utf8')]).toHaveLength(4);
    for (const cp of ['shift_jis', 'gbk', 'euc-kr', 'big5', 'latin1'])
      expect([...new TextDecoder(cp).decode(probe)].length, cp).toBeGreaterThan(4);
  });

  test('refuses control characters and unsafe file paths before anything is written', () => {
    expect(() => commandFile(['a.exe', 'x\ny'])).toThrow(UserError);
    expect(() => commandFile(['a.exe'], { rcFile: 'C:\\a b\\x.rc' })).toThrow(UserError);
    expect(() => commandFile(['a.exe'], { stderrFile: 'C:\\x&calc' })).toThrow(UserError);
  });
});

describe('reading the outcome', () => {
  test('the guard refusal is a NotUtf8Error naming the host; a failing command is not', () => {
    expect(() =>
      refusedAsNotUtf8('u@h:22', { exitCode: 1, stderr: `${NOT_UTF8_MARKER}\r\n` }),
    ).toThrow(NotUtf8Error);
    expect(() => refusedAsNotUtf8('u@h:22', { exitCode: 1, stderr: `${NOT_UTF8_MARKER}` })).toThrow(
      /^u@h:22: this host does not read command files as UTF-8/,
    );
    expect(() =>
      refusedAsNotUtf8('u@h:22', { exitCode: 1, stderr: 'Access is denied.' }),
    ).not.toThrow();
    expect(() =>
      refusedAsNotUtf8('u@h:22', { exitCode: 0, stderr: NOT_UTF8_MARKER }),
    ).not.toThrow();
  });

  test('rc files: a number, or nothing', () => {
    expect(parseRcFile('1060 \r\n')).toBe(1060);
    expect(parseRcFile(Buffer.from('-1073741510\r\n'))).toBe(-1073741510);
    expect(parseRcFile('')).toBeUndefined();
    expect(parseRcFile(undefined)).toBeUndefined();
    expect(parseRcFile('ECHO is off.')).toBeUndefined();
  });
});

describe('the exit code on stderr, and batches (the SSH transport)', () => {
  test('rcOnStderr: the code as the last stderr line; removeFirst: the previous file goes first', () => {
    expect(
      commandFile(['sc.exe', 'query', 'x'], {
        rcOnStderr: true,
        removeFirst: 'C:\\t\\winship-run-a-1.cmd',
      }).split('\r\n'),
    ).toEqual([
      '@echo off',
      'del /f /q C:\\t\\winship-run-a-1.cmd >nul 2>&1',
      'setlocal DisableDelayedExpansion',
      'sc.exe query x',
      'set WINSHIP_RC=%ERRORLEVEL%',
      `>&2 echo ${RC_MARKER}%WINSHIP_RC%`,
      'exit /b %WINSHIP_RC%',
      '',
    ]);
  });

  test('takeRcMarker reads the 32-bit code and gives stderr back without the line', () => {
    expect(takeRcMarker(`[SC] oops\r\n${RC_MARKER}1060\r\n`)).toEqual({
      code: 1060,
      stderr: '[SC] oops',
    });
    expect(takeRcMarker(`${RC_MARKER}-1073741510\r\n`)).toEqual({ code: -1073741510, stderr: '' });
    // Killed before the end: no code, stderr as it was.
    expect(takeRcMarker('partial')).toEqual({ stderr: 'partial' });
    // A command printing the marker itself in the middle does not fool it: only the last line counts.
    expect(takeRcMarker(`${RC_MARKER}5\r\nmore\r\n`)).toEqual({
      stderr: `${RC_MARKER}5\r\nmore\r\n`,
    });
  });

  test('a batch runs each command whatever the one before returned, and splits their results', () => {
    const sep = 'WINSHIP-NEXT-0123456789abcdef';
    const lines = batchCommandFile(
      [
        ['reg.exe', 'query', 'HKLM\\x'],
        ['sc.exe', 'query', 'a&b'],
      ],
      { separator: sep },
    ).split('\r\n');
    expect(lines).toEqual([
      '@echo off',
      'setlocal DisableDelayedExpansion',
      'reg.exe query HKLM\\x',
      'set WINSHIP_RC=%ERRORLEVEL%',
      `echo ${sep}`,
      `>&2 echo ${RC_MARKER}%WINSHIP_RC%`,
      'sc.exe query a^&b',
      'set WINSHIP_RC=%ERRORLEVEL%',
      `echo ${sep}`,
      `>&2 echo ${RC_MARKER}%WINSHIP_RC%`,
      'exit /b 0',
      '',
    ]);
    expect(
      splitBatch(
        2,
        {
          stdout: `ERROR: not found\r\n${sep}\r\nSTATE : 4 RUNNING\r\n${sep}\r\n`,
          stderr: `bad key\r\n${RC_MARKER}1\r\n${RC_MARKER}0\r\n`,
        },
        sep,
        'gone',
      ),
    ).toEqual([
      { exitCode: 1, stdout: 'ERROR: not found\r\n', stderr: 'bad key\r\n' },
      { exitCode: 0, stdout: 'STATE : 4 RUNNING\r\n', stderr: '' },
    ]);
  });

  test('a batch cut short: the commands it did not finish get -1 and why', () => {
    const sep = 'WINSHIP-NEXT-0123456789abcdef';
    expect(
      splitBatch(
        3,
        { stdout: `one\r\n${sep}\r\ntw`, stderr: `${RC_MARKER}0\r\n` },
        sep,
        'timed out',
      ),
    ).toEqual([
      { exitCode: 0, stdout: 'one\r\n', stderr: '' },
      { exitCode: -1, stdout: 'tw', stderr: 'timed out' },
      { exitCode: -1, stdout: '', stderr: 'timed out' },
    ]);
    expect(() => batchCommandFile([['x.exe']], { separator: 'a b' })).toThrow(/separator/);
  });
});
