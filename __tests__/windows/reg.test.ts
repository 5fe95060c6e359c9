import { describe, expect, it } from 'vitest';
import {
  formatRegData,
  multiSzArgs,
  parseRegExport,
  parseRegQuery,
  parseRegQueryKeys,
  regAdd,
  regDelete,
  regExport,
  regQuery,
  sameRegKey,
  sameRegValue,
  validateRegKey,
} from '../../src/windows/reg.js';
import { batchFile } from '../../src/windows/quote.js';

// Real `reg query` output copied from public pages; each sample names the page it came from.
const CRLF = (s: string) => s.replace(/\n/g, '\r\n');

describe('parseRegQuery on real reg.exe output', () => {
  it('reads a REG_SZ queried with /v (DynamoRIO/drmemory#2127, Windows 10 1803)', () => {
    const out = CRLF(
      '\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\n    ReleaseId    REG_SZ    1803\n\n',
    );
    expect(parseRegQueryKeys(out)).toEqual([
      {
        key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
        values: [{ name: 'ReleaseId', type: 'REG_SZ', data: '1803' }],
      },
    ]);
  });

  it('keeps backslashes of a path in REG_SZ data (PowerShell/Win32-OpenSSH#936)', () => {
    const out =
      '\nHKEY_LOCAL_MACHINE\\SOFTWARE\\OpenSSH\n    DefaultShell    REG_SZ    C:\\windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\n';
    expect(parseRegQuery(out)).toEqual([
      {
        name: 'DefaultShell',
        type: 'REG_SZ',
        data: 'C:\\windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      },
    ]);
  });

  it('reads REG_DWORD as a number from 0x hex (mumble-voip/mumble#1916, Windows 8.1)', () => {
    const out = [
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
      '    SystemRoot    REG_SZ    C:\\WINDOWS',
      '    SoftwareType    REG_SZ    System',
      '    InstallDate    REG_DWORD    0x52601484',
    ].join('\r\n');
    expect(parseRegQuery(out)).toEqual([
      { name: 'SystemRoot', type: 'REG_SZ', data: 'C:\\WINDOWS' },
      { name: 'SoftwareType', type: 'REG_SZ', data: 'System' },
      { name: 'InstallDate', type: 'REG_DWORD', data: 0x52601484 },
    ]);
  });

  it('splits /s output into one block per key (cubiclesoft/getsidinfo-windows README)', () => {
    const out = `
HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList\\S-1-5-18
    ProfileImagePath    REG_EXPAND_SZ    %systemroot%\\system32\\config\\systemprofile

HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList\\S-1-5-19
    ProfileImagePath    REG_EXPAND_SZ    %systemroot%\\ServiceProfiles\\LocalService

HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList\\S-1-5-20
    ProfileImagePath    REG_EXPAND_SZ    %systemroot%\\ServiceProfiles\\NetworkService

HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList\\S-1-5-21-1304824241-3403877634-2989090281-1003
    ProfileImagePath    REG_EXPAND_SZ    C:\\Users\\T2
`;
    const blocks = parseRegQueryKeys(out);
    expect(blocks.map((b) => b.key.split('\\').pop())).toEqual([
      'S-1-5-18',
      'S-1-5-19',
      'S-1-5-20',
      'S-1-5-21-1304824241-3403877634-2989090281-1003',
    ]);
    expect(blocks[1]?.values).toEqual([
      {
        name: 'ProfileImagePath',
        type: 'REG_EXPAND_SZ',
        data: '%systemroot%\\ServiceProfiles\\LocalService',
      },
    ]);
  });

  it('reads REG_MULTI_SZ items joined by a literal \\0 and a name with a blank (HackTricks custom-ssp.md)', () => {
    const out =
      '\nHKEY_LOCAL_MACHINE\\system\\currentcontrolset\\control\\lsa\n    Security Packages    REG_MULTI_SZ    kerberos\\0msv1_0\\0schannel\\0wdigest\\0tspkg\\0pku2u\n';
    const [block] = parseRegQueryKeys(out);
    expect(block?.key).toBe('HKEY_LOCAL_MACHINE\\system\\currentcontrolset\\control\\lsa');
    expect(block?.values).toEqual([
      {
        name: 'Security Packages',
        type: 'REG_MULTI_SZ',
        data: ['kerberos', 'msv1_0', 'schannel', 'wdigest', 'tspkg', 'pku2u'],
      },
    ]);
  });

  it('finds nothing in reg.exe error output (adamralph/simple-exec#533, rapid7 cli_parse.rb)', () => {
    expect(
      parseRegQuery(
        'ERROR: The system was unable to find the specified registry key or value.\r\n',
      ),
    ).toEqual([]);
    expect(parseRegQuery('ERROR: Invalid key name.\r\nType "REG QUERY /?" for usage.\r\n')).toEqual(
      [],
    );
  });

  it('does not depend on the localized name of the default value or on any word', () => {
    // Constructed, not copied: no localized reg.exe output has a citable source (samples file,
    // section 10). A German reg.exe would label the default value differently; only the layout
    // and the REG_* token are used, so any label is read as the name.
    const out = '\r\nHKEY_CURRENT_USER\\Software\\App\r\n    (Standard)    REG_SZ    Wert\r\n';
    expect(parseRegQuery(out)).toEqual([{ name: '(Standard)', type: 'REG_SZ', data: 'Wert' }]);
  });

  it('reads empty data, REG_QWORD as bigint and REG_BINARY as bytes', () => {
    // Layout as printed by Wine 8 reg.exe (see the Wine tests); REG_QWORD as Windows prints it.
    const out = [
      '',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\WinshipX',
      '    bin    REG_BINARY    0A1B',
      '    empty    REG_MULTI_SZ    ',
      '    sp ace    REG_SZ    ',
      '    bare    REG_SZ',
      '    q    REG_QWORD    0xffffffffffffffff',
      '',
    ].join('\r\n');
    expect(parseRegQuery(out)).toEqual([
      { name: 'bin', type: 'REG_BINARY', data: Buffer.from([0x0a, 0x1b]) },
      { name: 'empty', type: 'REG_MULTI_SZ', data: [] },
      { name: 'sp ace', type: 'REG_SZ', data: '' },
      { name: 'bare', type: 'REG_SZ', data: '' },
      { name: 'q', type: 'REG_QWORD', data: 0xffffffffffffffffn },
    ]);
  });

  it('skips values whose data is not a number it can read (Wine prints REG_QWORD as "(null)")', () => {
    const out =
      '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\X\r\n    q    REG_QWORD    (null)\r\n    d    REG_DWORD    0x1e\r\n';
    expect(parseRegQuery(out)).toEqual([{ name: 'd', type: 'REG_DWORD', data: 30 }]);
  });

  it('ignores value lines before any key line and types it does not model', () => {
    const out =
      '    stray    REG_SZ    x\r\nHKEY_USERS\\S-1\r\n    big    REG_DWORD_BIG_ENDIAN    0x1\r\n';
    expect(parseRegQueryKeys(out)).toEqual([{ key: 'HKEY_USERS\\S-1', values: [] }]);
  });
});

describe('reg argument vectors', () => {
  it('queries one value or a whole key, with the root abbreviated', () => {
    expect(
      regQuery(
        'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters',
        'TcpTimedWaitDelay',
      ),
    ).toEqual([
      'reg.exe',
      'query',
      'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters',
      '/v',
      'TcpTimedWaitDelay',
    ]);
    expect(regQuery('HKLM\\SOFTWARE\\App\\')).toEqual(['reg.exe', 'query', 'HKLM\\SOFTWARE\\App']);
    expect(regQuery('HKLM\\SOFTWARE\\App', '')).toEqual([
      'reg.exe',
      'query',
      'HKLM\\SOFTWARE\\App',
      '/ve',
    ]);
  });

  it('adds numbers in decimal, strings as they are, and forces overwrite', () => {
    expect(regAdd('HKLM\\SOFTWARE\\App', 'Delay', 'REG_DWORD', 30)).toEqual([
      'reg.exe',
      'add',
      'HKLM\\SOFTWARE\\App',
      '/v',
      'Delay',
      '/t',
      'REG_DWORD',
      '/d',
      '30',
      '/f',
    ]);
    expect(regAdd('HKLM\\SOFTWARE\\App', 'Big', 'REG_QWORD', 2n ** 64n - 1n)).toEqual([
      'reg.exe',
      'add',
      'HKLM\\SOFTWARE\\App',
      '/v',
      'Big',
      '/t',
      'REG_QWORD',
      '/d',
      '18446744073709551615',
      '/f',
    ]);
    expect(regAdd('HKLM\\SOFTWARE\\App', 'Path', 'REG_EXPAND_SZ', '%SystemRoot%\\x 1')).toEqual([
      'reg.exe',
      'add',
      'HKLM\\SOFTWARE\\App',
      '/v',
      'Path',
      '/t',
      'REG_EXPAND_SZ',
      '/d',
      '%SystemRoot%\\x 1',
      '/f',
    ]);
    expect(regAdd('HKLM\\SOFTWARE\\App', 'Blob', 'REG_BINARY', 'fe340ead').slice(-3)).toEqual([
      '/d',
      'fe340ead',
      '/f',
    ]);
  });

  it('joins REG_MULTI_SZ items with the default \\0 separator when that is unambiguous', () => {
    expect(regAdd('HKLM\\SOFTWARE\\App', 'MRU', 'REG_MULTI_SZ', ['fax', 'mail', 'a b'])).toEqual([
      'reg.exe',
      'add',
      'HKLM\\SOFTWARE\\App',
      '/v',
      'MRU',
      '/t',
      'REG_MULTI_SZ',
      '/d',
      'fax\\0mail\\0a b',
      '/f',
    ]);
    expect(multiSzArgs(['C:\\data', 'x'])).toEqual(['/d', 'C:\\data\\0x']);
  });

  it('chooses a /s separator absent from the data when an item ends in \\ or contains \\0', () => {
    expect(multiSzArgs(['C:\\dir\\', 'b'])).toEqual(['/s', '|', '/d', 'C:\\dir\\|b']);
    expect(multiSzArgs(['a|b', 'C:\\0ld'])).toEqual(['/s', ';', '/d', 'a|b;C:\\0ld']);
  });

  it('refuses data reg.exe cannot carry', () => {
    expect(() => multiSzArgs(['a', '', 'b'])).toThrow(/empty strings/);
    expect(() => regAdd('HKLM\\SOFTWARE\\App', 'D', 'REG_DWORD', -1)).toThrow(/0 to 4294967295/);
    expect(() => regAdd('HKLM\\SOFTWARE\\App', 'D', 'REG_DWORD', 2 ** 32)).toThrow(
      /0 to 4294967295/,
    );
    expect(() => regAdd('HKLM\\SOFTWARE\\App', 'D', 'REG_DWORD', '30')).toThrow(
      /REG_DWORD data must be/,
    );
    expect(() => regAdd('HKLM\\SOFTWARE\\App', 'Q', 'REG_QWORD', 2n ** 64n)).toThrow(
      /18446744073709551615/,
    );
    expect(() => regAdd('HKLM\\SOFTWARE\\App', 'S', 'REG_SZ', 'two\nlines')).toThrow(/single line/);
    expect(() => regAdd('HKLM\\SOFTWARE\\App', 'B', 'REG_BINARY', 'xyz')).toThrow(/hex bytes/);
  });

  it('deletes one value with /f', () => {
    expect(regDelete('hklm\\SOFTWARE\\App', 'Delay')).toEqual([
      'reg.exe',
      'delete',
      'HKLM\\SOFTWARE\\App',
      '/v',
      'Delay',
      '/f',
    ]);
  });

  it('refuses bad keys and names before anything runs', () => {
    expect(() => validateRegKey('SOFTWARE\\App')).toThrow(/under HKLM/);
    expect(() => validateRegKey('HKLM')).toThrow(/under HKLM/);
    expect(() => validateRegKey('HKLM\\SOFTWARE\\\\App')).toThrow(/empty components/);
    expect(() => validateRegKey('HKLM\\SOFTWARE\\A\tpp')).toThrow(/control characters/);
    expect(() => regQuery('HKLM\\SOFTWARE\\App', 'na\nme')).toThrow(/control characters/);
    expect(validateRegKey('HKEY_CURRENT_USER\\Software\\x')).toBe('HKCU\\Software\\x');
  });

  it('produces a batch line where cmd metacharacters in data are escaped', () => {
    const bat = batchFile(regAdd('HKLM\\SOFTWARE\\App', 'V', 'REG_SZ', 'a&b %PATH%'));
    expect(bat).toContain('reg.exe add HKLM\\SOFTWARE\\App /v V /t REG_SZ /d ^"a^&b %%PATH%%^" /f');
  });
});

describe('comparisons', () => {
  it('compares keys case-insensitively across root spellings', () => {
    expect(sameRegKey('HKEY_LOCAL_MACHINE\\system\\x', 'HKLM\\SYSTEM\\X\\')).toBe(true);
    expect(sameRegKey('HKLM\\SYSTEM\\X', 'HKCU\\SYSTEM\\X')).toBe(false);
  });

  it('compares values by type and data', () => {
    expect(sameRegValue({ type: 'REG_DWORD', data: 30 }, { type: 'REG_DWORD', data: 30 })).toBe(
      true,
    );
    expect(sameRegValue({ type: 'REG_DWORD', data: 30 }, { type: 'REG_SZ', data: '30' })).toBe(
      false,
    );
    expect(sameRegValue({ type: 'REG_QWORD', data: 5n }, { type: 'REG_QWORD', data: 5 })).toBe(
      true,
    );
    expect(
      sameRegValue(
        { type: 'REG_MULTI_SZ', data: ['a', 'b'] },
        { type: 'REG_MULTI_SZ', data: ['a', 'b'] },
      ),
    ).toBe(true);
    expect(
      sameRegValue(
        { type: 'REG_MULTI_SZ', data: ['a', 'b'] },
        { type: 'REG_MULTI_SZ', data: ['a'] },
      ),
    ).toBe(false);
    expect(sameRegValue({ type: 'REG_SZ', data: 'A' }, { type: 'REG_SZ', data: 'a' })).toBe(false);
  });

  it('formats data as reg.exe prints it, numbers also in decimal', () => {
    expect(formatRegData('REG_DWORD', 30)).toBe('30 (0x1e)');
    expect(formatRegData('REG_MULTI_SZ', ['a', 'b'])).toBe('a\\0b');
    expect(formatRegData('REG_BINARY', Buffer.from([1, 255]))).toBe('01ff');
  });
});

describe('parseRegExport', () => {
  // Captured from Wine 8.0 `reg export HKLM\SOFTWARE\WinshipX x.reg /y` (UTF-16LE with BOM, CRLF),
  // the Registry Editor 5.00 format regedit and reg.exe write on Windows. It holds exactly the
  // values reg query prints ambiguously: "m2" is ["a\", "b\0c"] and "q" a REG_QWORD.
  const exported = [
    'Windows Registry Editor Version 5.00',
    '',
    '[HKEY_LOCAL_MACHINE\\SOFTWARE\\WinshipX]',
    '"bin"=hex:0a,1b',
    '"d"=dword:ffffffff',
    '"e"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,\\',
    '  25,00,5c,00,78,00,00,00',
    '"empty"=hex(7):00,00',
    '"m"=hex(7):61,00,00,00,62,00,20,00,63,00,00,00,64,00,00,00,00,00',
    '"m2"=hex(7):61,00,5c,00,00,00,62,00,5c,00,30,00,63,00,00,00,00,00',
    '"q"=hex(b):ff,ff,ff,ff,ff,ff,ff,ff',
    '"sp ace"=""',
    '"quote\\"d"="C:\\\\dir\\\\"',
    '@="default"',
    '',
    '[HKEY_LOCAL_MACHINE\\SOFTWARE\\WinshipX\\Sub]',
    '"x"=dword:0000001e',
    '',
  ].join('\r\n');
  const file = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(exported, 'utf16le')]);

  it('reads every type exactly, continuation lines included', () => {
    const [block, sub] = parseRegExport(file);
    expect(block?.key).toBe('HKEY_LOCAL_MACHINE\\SOFTWARE\\WinshipX');
    expect(block?.values).toEqual([
      { name: 'bin', type: 'REG_BINARY', data: Buffer.from([0x0a, 0x1b]) },
      { name: 'd', type: 'REG_DWORD', data: 0xffffffff },
      { name: 'e', type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\x' },
      { name: 'empty', type: 'REG_MULTI_SZ', data: [] },
      { name: 'm', type: 'REG_MULTI_SZ', data: ['a', 'b c', 'd'] },
      { name: 'm2', type: 'REG_MULTI_SZ', data: ['a\\', 'b\\0c'] },
      { name: 'q', type: 'REG_QWORD', data: 0xffffffffffffffffn },
      { name: 'sp ace', type: 'REG_SZ', data: '' },
      { name: 'quote"d', type: 'REG_SZ', data: 'C:\\dir\\' },
      { name: '', type: 'REG_SZ', data: 'default' },
    ]);
    expect(sub).toEqual({
      key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\WinshipX\\Sub',
      values: [{ name: 'x', type: 'REG_DWORD', data: 30 }],
    });
  });

  it('builds the export command', () => {
    expect(
      regExport('HKEY_LOCAL_MACHINE\\SOFTWARE\\X', 'C:\\ProgramData\\winship\\svc\\reg.tmp'),
    ).toEqual([
      'reg.exe',
      'export',
      'HKLM\\SOFTWARE\\X',
      'C:\\ProgramData\\winship\\svc\\reg.tmp',
      '/y',
    ]);
  });
});
