import { describe, expect, it } from 'vitest';
import { batchFile, escapeForBatch, quoteArg, toCommandLine } from '../../src/windows/quote.js';

// Expected values follow the CommandLineToArgvW rules as documented by Microsoft ("Parsing C++
// command-line arguments"): 2n backslashes + quote -> n backslashes and a delimiter; 2n+1
// backslashes + quote -> n backslashes and a literal quote; other backslashes are literal.
describe('quoteArg', () => {
  it.each([
    ['plain', 'plain'],
    ['', '""'],
    ['a b', '"a b"'],
    ['C:\\Program Files\\app\\', '"C:\\Program Files\\app\\\\"'],
    ['C:\\dir\\file.exe', 'C:\\dir\\file.exe'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\"quote', '"back\\\\\\"quote"'],
    ['tab\there', '"tab\there"'],
  ])('quotes %j as %j', (arg, expected) => {
    expect(quoteArg(arg)).toBe(expected);
  });
});

describe('escapeForBatch', () => {
  it('escapes every cmd.exe metacharacter and doubles percent signs', () => {
    expect(escapeForBatch('a&b|c<d>e^f"g"(h)!i%PATH%')).toBe('a^&b^|c^<d^>e^^f^"g^"^(h^)^!i%%PATH%%');
  });

  it('refuses newlines, which no cmd.exe quoting can carry', () => {
    expect(() => escapeForBatch('a\nb')).toThrow(/newline/);
    expect(() => toCommandLine(['sc.exe', 'description', 'svc', 'two\nlines'])).toThrow(/newline/);
  });

  it('refuses a program name with a quote in it', () => {
    expect(() => toCommandLine(['sc".exe'])).toThrow(/quote/);
  });

  it('writes a batch file that exits with the command exit code', () => {
    expect(batchFile(['sc.exe', 'query', 'my svc'])).toBe(
      '@echo off\r\nsetlocal DisableDelayedExpansion\r\nsc.exe query ^"my svc^"\r\nexit /b %ERRORLEVEL%\r\n',
    );
  });
});
