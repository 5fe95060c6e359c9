import { describe, expect, it } from 'vitest';
import {
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
