/** Win32 codes in plain words: the codes a deploy meets, and what the user should do. */
import { describe, expect, test } from 'vitest';
import {
  explainServiceExit,
  explainWin32Error,
  win32ErrorSymbol,
} from '../../src/windows/errors.js';

describe('explainWin32Error', () => {
  test('1053: the program does not answer the SCM, and how a Go service does it', () => {
    const text = explainWin32Error(1053);
    expect(text).toMatch(
      /^1053 \(ERROR_SERVICE_REQUEST_TIMEOUT\): the program does not answer the service control manager/,
    );
    expect(text).toContain('golang.org/x/sys/windows/svc');
  });

  test.each([
    [5, /administrator/],
    [2, /does not exist/],
    [193, /windows\/amd64/],
    [1058, /disabled/],
    [1060, /not installed/],
    [1066, /error of its own/],
    [1067, /crashed, panicked or called os\.Exit/],
    [1069, /Log on as a service/],
    [1072, /marked for deletion/],
    [1073, /already exists/],
  ])('%i', (code, words) => {
    expect(explainWin32Error(code)).toMatch(words);
    expect(explainWin32Error(code).startsWith(`${code} (`)).toBe(true);
  });

  test('an unknown code still says where to look', () => {
    expect(explainWin32Error(4242)).toBe("Windows error 4242 (see 'net helpmsg 4242' on the host)");
    expect(win32ErrorSymbol(4242)).toBeUndefined();
    expect(win32ErrorSymbol(1067)).toBe('ERROR_PROCESS_ABORTED');
  });
});

describe('explainServiceExit', () => {
  test("1066 carries the service's own code", () => {
    expect(explainServiceExit(1066, 3)).toBe(
      'exit code 3 (the service reported ERROR_SERVICE_SPECIFIC_ERROR 1066 with its own code 3)',
    );
  });
  test('other Win32 codes are explained, 0 is plain', () => {
    expect(explainServiceExit(1067, 0)).toMatch(/^Win32 exit code 1067 \(ERROR_PROCESS_ABORTED\)/);
    expect(explainServiceExit(0, 0)).toBe('exit code 0');
  });
});
