import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/runner/errors.js';
import {
  hasControlCharacter,
  refuseControlCharacters,
  validateServiceName,
  validateVersion,
  validateWindowsPath,
} from '../../src/windows/validate.js';

describe('validateServiceName', () => {
  it('accepts ordinary service names', () => {
    expect(validateServiceName('hello-service')).toBe('hello-service');
    expect(validateServiceName('Api.Gateway_2')).toBe('Api.Gateway_2');
  });
  it.each([
    '',
    'a b',
    'a/b',
    'a\\b',
    'svc&calc',
    '"q"',
    'x'.repeat(81),
    '-lead',
    'trail.',
    'new\nline',
  ])('refuses %j with a message saying what is allowed', (name) => {
    expect(() => validateServiceName(name)).toThrow(/Invalid service name .*letters, digits/s);
  });
});

describe('validateWindowsPath', () => {
  it('normalises separators and keeps absolute drive paths', () => {
    expect(validateWindowsPath('C:/ProgramData/winship/')).toBe('C:\\ProgramData\\winship');
    expect(validateWindowsPath('D:\\svc\\hello')).toBe('D:\\svc\\hello');
  });
  it.each([
    ['relative\\path', /absolute/],
    ['\\\\server\\share', /absolute/],
    ['C:\\a\\..\\Windows', /'\.\.'/],
    ['C:\\a"b', /not allowed/],
    ['C:\\a|b', /not allowed/],
    ['C:\\a\nb', /not allowed/],
    ['C:\\con\\x', /not a valid Windows file name/],
    ['C:\\dir \\x', /not a valid Windows file name/],
  ])('refuses %j', (path, message) => {
    expect(() => validateWindowsPath(path)).toThrow(message);
  });
});

describe('validateVersion', () => {
  it('accepts release versions and refuses path tricks', () => {
    expect(validateVersion('1.4.2')).toBe('1.4.2');
    expect(validateVersion('0.0.0-12-gabc1234')).toBe('0.0.0-12-gabc1234');
    for (const bad of ['', '../1', '1/2', '1\\2', 'v 1', '1.'])
      expect(() => validateVersion(bad)).toThrow(/Invalid version/);
  });
});

describe('control characters: one check for every one-line value', () => {
  it('finds C0 controls and DEL, not ordinary or non-ASCII text', () => {
    for (const c of ['\0', '\t', '\n', '\r', '\x1b', '\x7f'])
      expect(hasControlCharacter(`a${c}b`)).toBe(true);
    expect(hasControlCharacter('Hello service ā 日本 😀 & ^ %')).toBe(false);
  });
  it('refuses with a message naming the value and what it is', () => {
    expect(refuseControlCharacters('ok value', 'display name')).toBe('ok value');
    expect(() => refuseControlCharacters('a\nb', 'display name')).toThrow(UserError);
    expect(() => refuseControlCharacters('a\nb', 'display name')).toThrow(
      'Invalid display name "a\\nb": control characters and newlines are not allowed',
    );
  });
});
