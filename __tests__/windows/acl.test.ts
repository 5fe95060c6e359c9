/**
 * The install root and service folders, locked: the exact icacls argument vectors (Wine has no
 * icacls), and the check of an existing folder on real `Get-Acl` output (windows-samples.ts names
 * each source). Wine's PowerShell is a stub that prints nothing: that reads as "unknown".
 */
import { describe, expect, test } from 'vitest';
import {
  accountTrustee,
  folderSecurityProblems,
  lockFolderArgvs,
  parseFolderSecurity,
  readFolderSecurityArgv,
  unlockedFolderError,
  virtualAccountSid,
  type FolderSecurity,
} from '../../src/windows/acl.js';
import { UserError } from '../../src/runner/errors.js';
import * as S from './windows-samples.js';

const ROOT = 'C:\\ProgramData\\winship';
const SVC = 'C:\\ProgramData\\winship\\hello';

function parsed(text: string): FolderSecurity {
  const s = parseFolderSecurity(text);
  if (s === undefined || s === 'absent') throw new Error(`not a security descriptor: ${text}`);
  return s;
}

describe('virtual service account SIDs', () => {
  test('S-1-5-80 and the SHA-1 of the upper-case name, as Windows derives them', () => {
    // Well-known: NT SERVICE\TrustedInstaller owns the system files; sppsvc's SID appears in the
    // Software Protection token store's ACL.
    expect(virtualAccountSid('TrustedInstaller')).toBe(
      'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464',
    );
    expect(virtualAccountSid('sppsvc')).toBe(
      'S-1-5-80-123231216-2592883651-3715271367-3753151631-4175906628',
    );
    expect(virtualAccountSid('SPPSVC')).toBe(virtualAccountSid('sppsvc'));
  });

  test('accounts: built-in by SID, virtual by derived SID, others by name', () => {
    expect(accountTrustee('LocalSystem')).toBe('system');
    expect(accountTrustee('NT AUTHORITY\\SYSTEM')).toBe('system');
    expect(accountTrustee('NT AUTHORITY\\NetworkService')).toEqual({ sid: 'S-1-5-20' });
    expect(accountTrustee('NT AUTHORITY\\LocalService')).toEqual({ sid: 'S-1-5-19' });
    expect(accountTrustee('NT SERVICE\\hello')).toEqual({ sid: virtualAccountSid('hello') });
    expect(accountTrustee('CORP\\gmsa-hello$')).toEqual({ name: 'CORP\\gmsa-hello$' });
  });
});

describe('locking a folder winship created', () => {
  test('the root: owner Administrators, inheritance removed, Administrators and SYSTEM full control', () => {
    expect(lockFolderArgvs({ path: ROOT })).toEqual([
      ['icacls.exe', ROOT, '/setowner', '*S-1-5-32-544'],
      [
        'icacls.exe',
        ROOT,
        '/inheritance:r',
        '/grant:r',
        '*S-1-5-32-544:(OI)(CI)(F)',
        '*S-1-5-18:(OI)(CI)(F)',
      ],
    ]);
  });

  test('a service folder also grants the service account read and execute', () => {
    expect(lockFolderArgvs({ path: SVC, account: 'NT SERVICE\\hello' })[1]).toEqual([
      'icacls.exe',
      SVC,
      '/inheritance:r',
      '/grant:r',
      '*S-1-5-32-544:(OI)(CI)(F)',
      '*S-1-5-18:(OI)(CI)(F)',
      `*${virtualAccountSid('hello')}:(OI)(CI)(RX)`,
    ]);
    expect(lockFolderArgvs({ path: SVC, account: 'CORP\\svc-hello' })[1]?.at(-1)).toBe(
      'CORP\\svc-hello:(OI)(CI)(RX)',
    );
    // LocalSystem already has full control: no third entry.
    expect(lockFolderArgvs({ path: SVC, account: 'LocalSystem' })[1]).toHaveLength(6);
  });

  test('bad paths are refused before anything runs', () => {
    expect(() => lockFolderArgvs({ path: 'winship' })).toThrow(UserError);
    expect(() => lockFolderArgvs({ path: 'D:\\' })).toThrow(/a drive's root is never locked/);
    expect(() => readFolderSecurityArgv("C:\\it's")).toThrow(/quote characters/);
    expect(() => readFolderSecurityArgv('C:\\a\u2019b')).toThrow(/quote characters/);
  });
});

describe('reading a folder: Get-Acl as SDDL', () => {
  test('the command is PowerShell with the script base64-encoded, the path in single quotes', () => {
    const argv = readFolderSecurityArgv(SVC);
    expect(argv.slice(0, 5)).toEqual([
      'powershell.exe',
      '-NoLogo',
      '-NoProfile',
      '-NonInteractive',
      '-EncodedCommand',
    ]);
    expect(argv[5]).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(Buffer.from(argv[5] ?? '', 'base64').toString('utf16le')).toBe(
      "$ErrorActionPreference = 'Stop'; $p = 'C:\\ProgramData\\winship\\hello'; " +
        "if (Test-Path -LiteralPath $p -PathType Container) { (Get-Acl -LiteralPath $p).Sddl } else { 'absent' }",
    );
  });

  test('Format-List output with the Sddl value wrapped onto the next line', () => {
    expect(parsed(S.getAclWrappedSddl.text)).toEqual({
      owner: 'S-1-5-18',
      protected: true,
      aces: [
        { type: 'A', flags: ['OI', 'CI'], mask: 0x1f01ff, sid: 'S-1-5-18' },
        { type: 'A', flags: ['OI', 'CI'], mask: 0x1f01ff, sid: 'S-1-5-32-544' },
        {
          type: 'A',
          flags: ['OI', 'CI'],
          mask: 0x1f01ff,
          sid: 'S-1-5-21-3557295818-2536705713-589665162-1001',
        },
        {
          type: 'A',
          flags: ['OI', 'CI'],
          mask: 0x1f01ff,
          sid: 'S-1-5-21-3557295818-2536705713-589665162-1004',
        },
      ],
    });
  });

  test('a bare SDDL line, absent, and the nothing a PowerShell stub prints', () => {
    expect(parsed('O:BAG:SYD:PAI(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)\r\n').owner).toBe('S-1-5-32-544');
    expect(parseFolderSecurity('absent\r\n')).toBe('absent');
    expect(parseFolderSecurity('')).toBeUndefined();
    expect(parseFolderSecurity('Get-Acl : Attempted to perform an unauthorized operation.')).toBe(
      undefined,
    );
  });
});

describe('an existing folder is accepted only when it is exactly locked', () => {
  const locked = (extra = '') => parsed(`O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)${extra}`);

  test('exactly the locked layout passes, in any order of entries', () => {
    expect(folderSecurityProblems(locked(), { path: ROOT })).toEqual([]);
    expect(
      folderSecurityProblems(
        parsed('O:BAD:P(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)(A;OICI;0x1200a9;;;NS)'),
        { path: SVC, account: 'NT AUTHORITY\\NetworkService' },
      ),
    ).toEqual([]);
    const sid = virtualAccountSid('hello');
    expect(
      folderSecurityProblems(locked(`(A;OICI;0x1200a9;;;${sid})`), {
        path: SVC,
        account: 'NT SERVICE\\hello',
      }),
    ).toEqual([]);
    // A domain account's SID is not known offline: one read-and-execute entry for an account SID.
    expect(
      folderSecurityProblems(locked('(A;OICI;0x1200a9;;;S-1-5-21-1-2-3-1104)'), {
        path: SVC,
        account: 'CORP\\svc-hello',
      }),
    ).toEqual([]);
  });

  test('one extra full-control entry is refused (real output: the local Administrator account)', () => {
    expect(
      folderSecurityProblems(parsed(S.getAclReturnAdministrator.text), { path: ROOT }),
    ).toEqual(['it has an entry granting LA 0x1f01ff']);
  });

  test('a folder someone else created: wrong owner, extra users (real output)', () => {
    const problems = folderSecurityProblems(parsed(S.getAclWrappedSddl.text), { path: ROOT });
    expect(problems[0]).toBe('its owner is SYSTEM (S-1-5-18), not Administrators');
    expect(problems).toContain(
      'it has an entry granting S-1-5-21-3557295818-2536705713-589665162-1001 0x1f01ff',
    );
  });

  test("a folder inheriting ProgramData's ACL (any user could have made it) is refused", () => {
    const s = parsed(`O:S-1-5-21-1-2-3-1001G:S-1-5-21-1-2-3-513${S.caclsProgramDataChild.text}`);
    const problems = folderSecurityProblems(s, { path: ROOT });
    expect(problems).toContain('its owner is S-1-5-21-1-2-3-1001, not Administrators');
    expect(problems).toContain('it inherits entries from its parent folder');
    expect(problems).toContain(
      'it does not grant Administrators (S-1-5-32-544) full control to the folder and everything in it',
    );
  });

  test('missing service account, wrong rights, a deny entry, or rights for this folder only', () => {
    const svc = { path: SVC, account: 'NT SERVICE\\hello' };
    expect(folderSecurityProblems(locked(), svc)).toEqual([
      `it does not grant the service account NT SERVICE\\hello (${virtualAccountSid('hello')}) read and execute to the folder and everything in it`,
    ]);
    expect(folderSecurityProblems(locked('(A;OICI;FA;;;BU)'), { path: ROOT })).toEqual([
      'it has an entry granting Users (S-1-5-32-545) 0x1f01ff',
    ]);
    expect(folderSecurityProblems(locked('(D;OICI;FA;;;WD)'), { path: ROOT })).toEqual([
      'it has an entry denying Everyone (S-1-1-0) 0x1f01ff',
    ]);
    expect(
      folderSecurityProblems(parsed('O:BAD:P(A;;FA;;;BA)(A;OICI;FA;;;SY)'), { path: ROOT }),
    ).toEqual([
      'it has an entry granting Administrators (S-1-5-32-544) 0x1f01ff (this folder only)',
      'it does not grant Administrators (S-1-5-32-544) full control to the folder and everything in it',
    ]);
    expect(
      folderSecurityProblems(parsed('D:P(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)'), { path: ROOT }),
    ).toEqual(['its owner is not shown, not Administrators']);
  });

  test('the refusal names the folder, what is wrong and the fix', () => {
    const e = unlockedFolderError({ path: SVC, account: 'NT SERVICE\\hello' }, [
      'its owner is S-1-5-21-1-2-3-1001, not Administrators',
    ]);
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toContain(`The folder ${SVC} exists but is not locked down`);
    expect(e.message).toContain('its owner is S-1-5-21-1-2-3-1001, not Administrators');
    expect(e.message).toContain('delete it (the next deploy creates and locks it)');
    expect(e.message).toContain(
      `icacls.exe ${SVC} /setowner *S-1-5-32-544 && icacls.exe ${SVC} /inheritance:r /grant:r "*S-1-5-32-544:(OI)(CI)(F)"`,
    );
  });
});
