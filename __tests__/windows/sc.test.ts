/**
 * sc.exe: the exact argument vectors the engine sends (Wine cannot run sc config, qc, qfailure,
 * failure or failureflag, so these vectors are what is proven for them), and the parsers on real
 * Windows output (windows-samples.ts names the source of each sample).
 */
import { describe, expect, test } from 'vitest';
import {
  parseScError,
  parseScQuery,
  parseScQueryAll,
  redactArgv,
  scConfig,
  scCreate,
  scDelete,
  scDescription,
  scFailure,
  scFailureFlag,
  scQuery,
  scQueryEx,
  scStart,
  scStop,
  taskkillPid,
} from '../../src/windows/sc.js';
import { toCommandLine } from '../../src/windows/quote.js';
import { UserError } from '../../src/runner/errors.js';
import * as S from './windows-samples.js';

const crlf = (s: string) => s.replace(/\n/g, '\r\n');

describe('argument vectors', () => {
  test('create: every option name with its equal sign, the value as the next argument', () => {
    expect(
      scCreate('hello', {
        binPath:
          '"C:\\ProgramData\\winship\\hello\\current\\hello.exe" -service -addr 127.0.0.1:8080',
        start: 'delayed-auto',
        displayName: 'Hello service',
        dependencies: ['Tcpip', 'Dnscache'],
        account: 'NT SERVICE\\hello',
      }),
    ).toEqual([
      'sc.exe',
      'create',
      'hello',
      'binPath=',
      '"C:\\ProgramData\\winship\\hello\\current\\hello.exe" -service -addr 127.0.0.1:8080',
      'start=',
      'delayed-auto',
      'DisplayName=',
      'Hello service',
      'depend=',
      'Tcpip/Dnscache',
      'obj=',
      'NT SERVICE\\hello',
    ]);
  });

  test('the binPath value is one argument whose inner quotes survive CommandLineToArgvW', () => {
    const argv = scCreate('hello', {
      binPath: '"C:\\Program Files\\hello\\hello.exe" -log "C:\\logs dir\\h.log"',
      start: 'auto',
    });
    expect(toCommandLine(argv)).toBe(
      'sc.exe create hello binPath= "\\"C:\\Program Files\\hello\\hello.exe\\" -log \\"C:\\logs dir\\h.log\\"" start= auto',
    );
  });

  test('config sends only the fields given; an empty dependency list is "depend= /"', () => {
    expect(scConfig('hello', { start: 'auto' })).toEqual([
      'sc.exe',
      'config',
      'hello',
      'start=',
      'auto',
    ]);
    expect(scConfig('hello', { dependencies: [] })).toEqual([
      'sc.exe',
      'config',
      'hello',
      'depend=',
      '/',
    ]);
    expect(scConfig('hello', { account: 'CORP\\svc-hello', password: 'p@ss "word"' })).toEqual([
      'sc.exe',
      'config',
      'hello',
      'obj=',
      'CORP\\svc-hello',
      'password=',
      'p@ss "word"',
    ]);
    expect(() => scConfig('hello', {})).toThrow();
  });

  test('failure, failureflag and description', () => {
    expect(
      scFailure('hello', 86400, [
        { type: 'restart', delayMs: 5000 },
        { type: 'restart', delayMs: 10000 },
        { type: 'none', delayMs: 0 },
      ]),
    ).toEqual([
      'sc.exe',
      'failure',
      'hello',
      'reset=',
      '86400',
      'actions=',
      'restart/5000/restart/10000/none/0',
    ]);
    expect(scFailure('hello', 0, [])).toEqual([
      'sc.exe',
      'failure',
      'hello',
      'reset=',
      '0',
      'actions=',
      '',
    ]);
    expect(toCommandLine(scFailure('hello', 0, []))).toBe(
      'sc.exe failure hello reset= 0 actions= ""',
    );
    expect(scFailureFlag('hello', true)).toEqual(['sc.exe', 'failureflag', 'hello', '1']);
    expect(scDescription('hello', 'Says hello & more')).toEqual([
      'sc.exe',
      'description',
      'hello',
      'Says hello & more',
    ]);
  });

  test('query, queryex, start, stop, delete, taskkill', () => {
    expect(scQuery('hello')).toEqual(['sc.exe', 'query', 'hello']);
    expect(scQueryEx('hello')).toEqual(['sc.exe', 'queryex', 'hello']);
    expect(scStart('hello')).toEqual(['sc.exe', 'start', 'hello']);
    expect(scStop('hello')).toEqual(['sc.exe', 'stop', 'hello']);
    expect(scDelete('hello')).toEqual(['sc.exe', 'delete', 'hello']);
    expect(taskkillPid(2148)).toEqual(['taskkill.exe', '/F', '/PID', '2148']);
    expect(() => taskkillPid(0)).toThrow();
  });

  test('bad input is refused with a message', () => {
    expect(() => scQuery('a b')).toThrow(UserError);
    expect(() => scStart('x/y')).toThrow(/Invalid service name/);
    expect(() => scCreate('ok', { binPath: 'C:\\a.exe\n-evil' })).toThrow(/control characters/);
    expect(() => scConfig('ok', { displayName: 'two\nlines' })).toThrow(/Invalid display name/);
    expect(() => scConfig('ok', { start: 'boot' as never })).toThrow(/Invalid start type 'boot'/);
    expect(() => scConfig('ok', { dependencies: ['bad name'] })).toThrow(/Invalid service name/);
    expect(() => scFailure('ok', -1, [])).toThrow(/reset period/);
    expect(() => scFailure('ok', 60, [{ type: 'restart', delayMs: 1.5 }])).toThrow(/delay/);
  });

  test('the password never reaches a log line', () => {
    const argv = scConfig('hello', { account: 'CORP\\svc', password: 'hunter2' });
    expect(redactArgv(argv)).toEqual([
      'sc.exe',
      'config',
      'hello',
      'obj=',
      'CORP\\svc',
      'password=',
      '***',
    ]);
    expect(redactArgv(argv).join(' ')).not.toContain('hunter2');
  });
});

describe('parseScQuery on real output', () => {
  test('RUNNING, with the controls continuation line', () => {
    expect(parseScQuery(S.scQueryRunning.text)).toEqual({
      name: 'ByeDPI',
      type: 16,
      state: 4,
      win32ExitCode: 0,
      serviceExitCode: 0,
      checkpoint: 0,
      waitHint: 0,
    });
    expect(parseScQuery(crlf(S.scQueryRunning.text))?.state).toBe(4);
  });

  test('enumeration output with DISPLAY_NAME lines and trailing blanks', () => {
    expect(parseScQueryAll(S.scQueryEnumStopPending.text).map((s) => [s.name, s.state])).toEqual([
      ['VBoxDrv', 3],
      ['VBoxNetAdp', 4],
      ['VBoxNetLwf', 4],
    ]);
    expect(
      parseScQueryAll(S.scQueryEnumStopped.text).map((s) => [
        s.name,
        s.state,
        s.win32ExitCode,
        s.type,
      ]),
    ).toEqual([
      ['WPCSvc', 1, 1077, 32],
      ['WPDBusEnum', 1, 0, 32],
      ['ws2ifsl', 1, 1077, 1],
      ['wscsvc', 4, 0, 32],
    ]);
  });

  test('the queryex-shaped block printed by sc start carries the PID', () => {
    const s = parseScQueryAll(S.scStartWin11.text);
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ name: 'GoodbyeDPI', state: 4, pid: 2148 });
    expect(parseScError(S.scStartWin11.text)).toBe(1060);
  });

  test('Russian Windows translates the labels: fields are read by position and number', () => {
    expect(parseScQuery(S.scStartRu.text)).toEqual({
      name: 'GoodbyeDPI',
      type: 16,
      state: 4,
      win32ExitCode: 0,
      serviceExitCode: 0,
      checkpoint: 0,
      waitHint: 0,
      pid: 13688,
    });
    expect(parseScError(S.scStartRu.text)).toBe(1060);
  });

  test('Chinese Windows, START_PENDING with a wait hint and a checkpoint', () => {
    expect(parseScQuery(S.scStartZh.text)).toMatchObject({
      name: 'PcapDNSProxyService',
      state: 2,
      waitHint: 2000,
      pid: 6308,
    });
    expect(parseScQuery(S.scStartZhCheckpoint.text)).toMatchObject({
      state: 2,
      checkpoint: 2,
      waitHint: 1000,
      pid: 7520,
    });
  });

  test('documentation layout: 4-blank indent and FLAGS without a colon', () => {
    expect(parseScQuery(S.scStartDoc.text)).toMatchObject({
      name: '.NET Joke Service',
      state: 2,
      pid: 37636,
    });
    expect(parseScQuery(S.scStopDoc.text)).toMatchObject({ name: '.NET Joke Service', state: 3 });
    expect(parseScQuery(S.scStopDoc.text)?.pid).toBeUndefined();
  });

  test('an error has no status block', () => {
    expect(parseScQuery(S.scQueryMissingEn.text)).toBeUndefined();
    expect(parseScQuery(S.scQueryMissingEs.text)).toBeUndefined();
    expect(parseScQuery('')).toBeUndefined();
  });
});

describe('parseScError: the Win32 code in every locale', () => {
  test.each([
    [S.scQueryMissingEn, 1060],
    [S.scQueryMissingEs, 1060],
    [S.scStartZhAlreadyRunning, 1056],
    [S.scCreateExists, 1073],
    [S.scStart1053, 1053],
    [S.scStart1053ZhTitle, 1053],
    [S.scConfig1059, 1059],
    [S.scConfigDelayedFlag1072, 1072],
    [S.scMojibake1072, 1072],
  ])('%# %s', (sample, code) => {
    expect(parseScError(sample.text)).toBe(code);
    expect(parseScError(crlf(sample.text))).toBe(code);
  });

  test('success lines and empty output (Wine prints nothing) have none', () => {
    expect(parseScError('[SC] CreateService SUCCESS\n')).toBeUndefined();
    expect(parseScError('[SC] ChangeServiceConfig2 SUCCESS\n')).toBeUndefined();
    expect(parseScError(S.scQueryRunning.text)).toBeUndefined();
    expect(parseScError('')).toBeUndefined();
  });
});
