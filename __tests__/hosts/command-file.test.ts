/**
 * The command file every executor runs (src/hosts/command-file.ts): its exact lines, the UTF-8
 * guard that a file holding non-ASCII carries, and how an executor tells the guard's refusal from
 * a command's own failure. The guard is run for real in cjk-command-files.test.ts.
 */
import { describe, expect, test } from 'vitest';
import {
  commandFile,
  NOT_UTF8_MARKER,
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
