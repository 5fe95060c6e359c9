/**
 * require-signature on a Windows runner: Get-AuthenticodeSignature's pinned command line (the file
 * only in an environment variable), its `Format-List` output read from real samples (each with its
 * source), and what each status means for the deploy. Wine cannot run PowerShell (its
 * powershell.exe prints nothing), so these samples are the test.
 */
import { describe, expect, it } from 'vitest';
import { fromAuthenticode } from '../../src/deploy/signature.js';
import { judgeSignature } from '../../src/signing/require.js';
import {
  AUTHENTICODE_FILE_ENV,
  authenticodeCommand,
  parseAuthenticodeList,
  SHA256_LINE,
} from '../../src/windows/authenticode.js';

/**
 * https://kb.sos-berlin.com/display/JS7/JS7+-+Verifying+signatures+of+PowerShell+scripts (a doc
 * page showing real output, German date format). The lines up to the signer's [Thumbprint] are
 * as the page formats them; the page's text index flattens the rest of the block, so from
 * TimeStamperCertificate on its values are given with Format-List's layout restored (values and
 * order as on the page; the Path line is cut where the index cuts it).
 */
const SOS_VALID = `
SignerCertificate      : [Subject]
                           CN=SOS Software- und Organisations-Service GmbH, O=SOS Software- und Organisations-Service GmbH, S=Berlin, C=DE,
                         OID.2.5.4.15=Private Organization, OID.1.3.6.1.4.1.311.60.2.1.3=DE, SERIALNUMBER=HRB 21015

                         [Issuer]
                           CN=Sectigo Public Code Signing CA EV R36, O=Sectigo Limited, C=GB

                         [Serial Number]
                           4B0F8D82F0B376B297B6EADA4EA6D4EC

                         [Not Before]
                           30.05.2023 02:00:00

                         [Not After]
                           30.05.2026 01:59:59

                         [Thumbprint]
                           2B03EA68F103E80D83228ABCF88A3B448CC8B257

TimeStamperCertificate : [Subject]
                           CN="Sectigo RSA Time Stamping Signer #4", O=Sectigo Limited, S=Manchester, C=GB

                         [Issuer]
                           CN=Sectigo RSA Time Stamping CA, O=Sectigo Limited, L=Salford, S=Greater Manchester, C=GB

                         [Serial Number]
                           394C25E17CA06D27A865E23BD91D22D4

                         [Not Before]
                           03.05.2023 02:00:00

                         [Not After]
                           03.08.2034 01:59:59

                         [Thumbprint]
                           AE62AF750A0CBD47D6461F7568E2BC8CE7CA4F94

Status                 : Valid
StatusMessage          : Signature verified.
Path                   : C:\\download\\New-JS7
`;

/** https://github.com/PowerShell/PowerShell/issues/4255 ("Expected behavior", a NotSigned file) */
const PS4255_NOT_SIGNED = `SignerCertificate      :
TimeStamperCertificate :
Status                 : NotSigned
StatusMessage          : The file C:\\Program Files\\PowerShell\\Modules\\Pester\\Pester.psd1 is not
                         digitally signed. You cannot run this script on the current system. For more information
                         about running scripts and setting execution policy, see about_Execution_Policies at
                         http://go.microsoft.com/fwlink/?LinkID=135170
Path                   : C:\\Program Files\\PowerShell\\Modules\\Pester\\Pester.psd1
SignatureType          : None
IsOSBinary             : False
`;

/** https://github.com/PowerShell/PowerShell/issues/4255 ("Actual behavior", real output on Nano Server) */
const PS4255_UNKNOWN_ERROR = `SignerCertificate      :
TimeStamperCertificate :
Status                 : UnknownError
StatusMessage          : The form specified for the subject is not one supported or known by the specified trust
                         provider
Path                   : C:\\Program Files\\PowerShell\\Modules\\Pester\\Pester.psd1
SignatureType          : None
IsOSBinary             : False
`;

/** Our own line after the Format-List block (its format is ours: authenticode.ts prints it). */
const OUR_SHA256 = `${SHA256_LINE} : ${'ab'.repeat(32)}\n`;

describe('authenticodeCommand', () => {
  it('runs Windows PowerShell without profile or prompts, the file only in an environment variable', () => {
    const file = "C:\\Temp\\a b'; Remove-Item C:\\ -Recurse; '.exe";
    const cmd = authenticodeCommand(file);
    expect(cmd.program).toBe('powershell.exe');
    expect(cmd.args).toEqual([
      '-NoLogo',
      '-NoProfile',
      '-NonInteractive',
      '-ExecutionPolicy',
      'Bypass',
      '-Command',
      "$ErrorActionPreference = 'Stop'; $s = Get-AuthenticodeSignature -LiteralPath $env:WINSHIP_AUTHENTICODE_FILE; $s | Format-List | Out-String -Width 4096; if ($s.SignerCertificate) {;   $h = [Security.Cryptography.SHA256]::Create().ComputeHash($s.SignerCertificate.RawData);   'SignerCertificateSha256 : ' + [BitConverter]::ToString($h).Replace('-', ''); }",
    ]);
    expect(cmd.env).toEqual({ [AUTHENTICODE_FILE_ENV]: file });
    expect(cmd.args.join(' ')).not.toContain('a b');
  });
});

describe('parseAuthenticodeList on real Get-AuthenticodeSignature | Format-List output', () => {
  it('reads a valid signature: status, the signer subject over its wrapped line, its thumbprint, not the timestamper', () => {
    expect(parseAuthenticodeList(SOS_VALID)).toEqual({
      status: 'Valid',
      statusMessage: 'Signature verified.',
      signer: {
        subject:
          'CN=SOS Software- und Organisations-Service GmbH, O=SOS Software- und Organisations-Service GmbH, S=Berlin, C=DE, OID.2.5.4.15=Private Organization, OID.1.3.6.1.4.1.311.60.2.1.3=DE, SERIALNUMBER=HRB 21015',
        sha1: '2B03EA68F103E80D83228ABCF88A3B448CC8B257',
      },
    });
  });

  it('adds the SHA-256 from our own line, with CRLF line ends as PowerShell writes them', () => {
    const r = parseAuthenticodeList((SOS_VALID + OUR_SHA256).replace(/\n/g, '\r\n'));
    expect(r.signer?.sha256).toBe('AB'.repeat(32));
    expect(r.signer?.sha1).toBe('2B03EA68F103E80D83228ABCF88A3B448CC8B257');
  });

  it('reads an unsigned file: NotSigned, no signer, the wrapped message joined', () => {
    const r = parseAuthenticodeList(PS4255_NOT_SIGNED);
    expect(r.status).toBe('NotSigned');
    expect(r.signer).toBeUndefined();
    expect(r.statusMessage).toMatch(
      /^The file .*Pester\.psd1 is not digitally signed\. You cannot run/,
    );
  });

  it('reads an UnknownError without a signer', () => {
    expect(parseAuthenticodeList(PS4255_UNKNOWN_ERROR)).toMatchObject({ status: 'UnknownError' });
    expect(parseAuthenticodeList(PS4255_UNKNOWN_ERROR).signer).toBeUndefined();
  });
});

describe('what Windows says, for require-signature', () => {
  const sha1 = { algorithm: 'sha1' as const, hex: '2B03EA68F103E80D83228ABCF88A3B448CC8B257' };
  const sha256 = { algorithm: 'sha256' as const, hex: 'AB'.repeat(32) };
  const other = { algorithm: 'sha256' as const, hex: 'CD'.repeat(32) };

  it('accepts Valid by a pinned SHA-1 or SHA-256 thumbprint', () => {
    expect(
      judgeSignature('app.exe', fromAuthenticode(parseAuthenticodeList(SOS_VALID)), [sha1]).ok,
    ).toBe(true);
    const withSha = fromAuthenticode(parseAuthenticodeList(SOS_VALID + OUR_SHA256));
    expect(judgeSignature('app.exe', withSha, [sha256])).toMatchObject({ ok: true, pin: sha256 });
  });

  it('refuses another signer, naming the one found', () => {
    const v = judgeSignature(
      'app.exe',
      fromAuthenticode(parseAuthenticodeList(SOS_VALID + OUR_SHA256)),
      [other],
    );
    expect(v).toEqual({
      ok: false,
      message: `app.exe is signed by 'CN=SOS Software- und Organisations-Service GmbH, O=SOS Software- und Organisations-Service GmbH, S=Berlin, C=DE, OID.2.5.4.15=Private Organization, OID.1.3.6.1.4.1.311.60.2.1.3=DE, SERIALNUMBER=HRB 21015' (SHA-256 ${'AB'.repeat(32)}, SHA-1 2B03EA68F103E80D83228ABCF88A3B448CC8B257), which require-signature does not allow (allowed: SHA-256 ${'CD'.repeat(32)}). No host was touched.`,
    });
  });

  it('refuses NotSigned as unsigned, and UnknownError without a signer as unreadable', () => {
    expect(
      judgeSignature('app.exe', fromAuthenticode(parseAuthenticodeList(PS4255_NOT_SIGNED)), [sha1])
        .message,
    ).toMatch(
      /^app\.exe is not signed \(Get-AuthenticodeSignature\); require-signature allows only binaries signed by SHA-1 2B03/,
    );
    expect(
      judgeSignature('app.exe', fromAuthenticode(parseAuthenticodeList(PS4255_UNKNOWN_ERROR)), [
        sha1,
      ]).message,
    ).toMatch(
      /signer cannot be read \(Get-AuthenticodeSignature: UnknownError: The form specified for the subject/,
    );
  });

  it('refuses a pinned signer whose signature Windows does not call Valid (changed, or not trusted here)', () => {
    const mismatch = SOS_VALID.replace(
      'Status                 : Valid',
      'Status                 : HashMismatch',
    );
    const v = judgeSignature('app.exe', fromAuthenticode(parseAuthenticodeList(mismatch)), [sha1]);
    expect(v.ok).toBe(false);
    expect(v.message).toMatch(
      /that does not verify \(Get-AuthenticodeSignature: HashMismatch: Signature verified\.\)/,
    );
  });
});
