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
    expect(escapeForBatch('a&b|c<d>e^f"g"(h)!i%PATH%')).toBe(
      'a^&b^|c^<d^>e^^f^"g^"^(h^)^!i%%PATH%%',
    );
  });

  it('refuses newlines, which no cmd.exe quoting can carry', () => {
    expect(() => escapeForBatch('a\nb')).toThrow(/newline/);
    expect(() => toCommandLine(['sc.exe', 'description', 'svc', 'two\nlines'])).toThrow(/newline/);
  });

  it('refuses other control characters but passes tabs (the quoting proof sends tabs through cmd.exe)', () => {
    expect(() => toCommandLine(['reg.exe', 'add', 'a\x01b'])).toThrow(/control character/);
    expect(() => toCommandLine(['reg.exe', 'add', 'del\x7f'])).toThrow(/control character/);
    expect(() => toCommandLine(['C:\\x\x1b.exe'])).toThrow(/control character/);
    expect(toCommandLine(['reg.exe', 'a\tb'])).toBe('reg.exe "a\tb"');
  });

  it('switches the console code page to UTF-8 only for batch files with non-ASCII text', () => {
    expect(batchFile(['sc.exe', 'description', 'svc', 'Café ☕'])).toBe(
      '@echo off\r\nchcp 65001 >nul\r\nsetlocal DisableDelayedExpansion\r\nsc.exe description svc ^"Café ☕^"\r\nexit /b %ERRORLEVEL%\r\n',
    );
    expect(batchFile(['sc.exe', 'query', 'svc'])).not.toContain('chcp');
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
