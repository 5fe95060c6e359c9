/**
 * The pure half of signing: the argument vectors sent to osslsigncode and openssl (no secret in
 * any of them), what osslsigncode's verify output means (read from its real output, see
 * fixtures/README.md), thumbprint pins, and the certificate checks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  classifyPfxFailure,
  opensslName,
  parseVerifyOutput,
  pfxCertificatesArgs,
  signArgs,
  verifyArgs,
} from '../../src/signing/osslsigncode.js';
import { matchingPin, parseThumbprint, type Pin } from '../../src/signing/thumbprint.js';
import {
  CODE_SIGNING_EKU,
  signingCertificateProblem,
  type CertificateFacts,
} from '../../src/signing/certificate.js';
import { decodeBase64 } from '../../src/signing/key.js';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('signArgs', () => {
  it('signs with SHA-256, reads the password from a file and never puts it on the command line', () => {
    expect(
      signArgs({
        pfx: '/t/signer.pfx',
        passwordFile: '/t/password',
        description: 'Hello service',
        url: 'https://example.com/hello',
        timestampUrl: 'http://timestamp.example.com',
        input: 'a.exe',
        output: 'a.exe.signing',
      }),
    ).toEqual([
      'sign',
      '-pkcs12',
      '/t/signer.pfx',
      '-readpass',
      '/t/password',
      '-h',
      'sha256',
      '-n',
      'Hello service',
      '-i',
      'https://example.com/hello',
      '-ts',
      'http://timestamp.example.com',
      '-in',
      'a.exe',
      '-out',
      'a.exe.signing',
    ]);
  });

  it('leaves out what is not given: no password, no timestamp, no description', () => {
    expect(signArgs({ pfx: 'p', input: 'i', output: 'o' })).toEqual([
      'sign',
      '-pkcs12',
      'p',
      '-h',
      'sha256',
      '-in',
      'i',
      '-out',
      'o',
    ]);
  });

  it('keeps a description with blanks and quotes as one argument', () => {
    const args = signArgs({ pfx: 'p', input: 'i', output: 'o', description: `Acme "Hello" & co` });
    expect(args[args.indexOf('-n') + 1]).toBe(`Acme "Hello" & co`);
  });
});

describe('verifyArgs and the openssl argument vectors', () => {
  it('verifies against the given anchors and pins the leaf by SHA-256', () => {
    expect(verifyArgs({ file: 'a.exe', caFile: 't.pem', leafSha256: 'AB'.repeat(32) })).toEqual([
      'verify',
      '-in',
      'a.exe',
      '-CAfile',
      't.pem',
      '-require-leaf-hash',
      `sha256:${'AB'.repeat(32)}`,
    ]);
  });

  it('reads the PFX password from a file (or an empty one inline), with -legacy only on request', () => {
    expect(pfxCertificatesArgs('s.pfx', 'leaf', '/t/pw', false)).toEqual([
      'pkcs12',
      '-in',
      's.pfx',
      '-nokeys',
      '-clcerts',
      '-passin',
      'file:/t/pw',
    ]);
    expect(pfxCertificatesArgs('s.pfx', 'chain', undefined, true)).toEqual([
      'pkcs12',
      '-in',
      's.pfx',
      '-nokeys',
      '-cacerts',
      '-passin',
      'pass:',
      '-legacy',
    ]);
  });

  it("tells openssl's wrong-password, legacy-cipher and broken-file messages apart", () => {
    expect(classifyPfxFailure('Mac verify error: invalid password?\n')).toBe('password');
    expect(
      classifyPfxFailure(
        'Error outputting keys and certificates\n80:error:0308010C:digital envelope routines:inner_evp_generic_fetch:unsupported:RC2-40-CBC',
      ),
    ).toBe('legacy');
    expect(
      classifyPfxFailure(
        '40D7A507D27F0000:error:0680007B:asn1 encoding routines:ASN1_get_object:header too long:../crypto/asn1/asn1_lib.c:105:',
      ),
    ).toBe('corrupt');
  });
});

describe('parseVerifyOutput on osslsigncode 2.9 output', () => {
  it('reads a good signature: verdict, signer, signing time, no timestamp', () => {
    const r = parseVerifyOutput(fixture('verify-ok.txt'), 0);
    expect(r).toMatchObject({
      signed: true,
      ok: true,
      digestMatches: true,
      timestamped: false,
      timestampUnverified: false,
      signer: {
        subject: 'CN=Winship Test Signer, O=winship',
        issuer: 'CN=Winship Test Signer, O=winship',
        serial: '462127DC71164D704A6BC11F2164C4DBCDF5ADDC',
      },
      problems: [],
    });
    expect(r.signingTime).toMatch(/GMT$/);
  });

  it('reads an RFC 3161 timestamp that verifies, and one whose TSA the anchors do not reach', () => {
    const ok = parseVerifyOutput(fixture('verify-timestamped.txt'), 0);
    expect(ok).toMatchObject({ ok: true, timestamped: true, timestampUnverified: false });
    // The signature itself still verifies: only the timestamp is not trusted here.
    const untrusted = parseVerifyOutput(fixture('verify-timestamp-untrusted.txt'), 0);
    expect(untrusted).toMatchObject({ ok: true, timestamped: false, timestampUnverified: true });
    expect(untrusted.signer?.subject).toBe('CN=Winship Test Signer, O=winship');
    expect(untrusted.signingTime).toMatch(/GMT$/);
  });

  it('fails a chain the anchors do not reach, naming the reason', () => {
    const r = parseVerifyOutput(fixture('verify-self-signed.txt'), 1);
    expect(r.ok).toBe(false);
    expect(r.signed).toBe(true);
    expect(r.problems).toContain('Error: self-signed certificate');
  });

  it('says an unsigned file has no signature', () => {
    const r = parseVerifyOutput(fixture('verify-unsigned.txt'), 1);
    expect(r).toMatchObject({ signed: false, ok: false });
    expect(r.signer).toBeUndefined();
  });

  it('catches a file changed after signing by its message digest', () => {
    const r = parseVerifyOutput(fixture('verify-tampered.txt'), 1);
    expect(r.ok).toBe(false);
    expect(r.digestMatches).toBe(false);
    expect(r.problems[0]).toMatch(/changed after signing/);
  });

  it('fails another leaf than the pinned one', () => {
    const r = parseVerifyOutput(fixture('verify-leaf-mismatch.txt'), 1);
    expect(r.ok).toBe(false);
    expect(r.problems).toContain('Leaf hash match: failed');
  });

  it('never trusts a zero exit code alone, nor an ok verdict with a non-zero exit', () => {
    expect(parseVerifyOutput(fixture('verify-tampered.txt'), 0).ok).toBe(false);
    expect(parseVerifyOutput(fixture('verify-ok.txt'), 1).ok).toBe(false);
  });

  it("turns OpenSSL's one-line names into Windows' comma form", () => {
    expect(opensslName('/CN=Acme Ltd/O=Acme Ltd/C=GB')).toBe('CN=Acme Ltd, O=Acme Ltd, C=GB');
    expect(opensslName('/CN=a/b/O=x')).toBe('CN=a/b, O=x');
  });
});

describe('thumbprint pins', () => {
  const sha1 = '51E59CA1832584E1C8FAE954281F937AE892F5AF';
  const sha256 = 'E0CACE628AA6EFF2B32DD8691E9DE263A16DA5F57461D06C91736E54607063BB';

  it('accept SHA-1 and SHA-256 in the spellings of certmgr, PowerShell and openssl', () => {
    expect(parseThumbprint(sha1.toLowerCase())).toEqual({ algorithm: 'sha1', hex: sha1 });
    expect(parseThumbprint(sha1.match(/../g)!.join(' '))).toEqual({ algorithm: 'sha1', hex: sha1 });
    expect(parseThumbprint(sha256.match(/../g)!.join(':'))).toEqual({
      algorithm: 'sha256',
      hex: sha256,
    });
    expect(parseThumbprint(`sha256:${sha256}`)).toEqual({ algorithm: 'sha256', hex: sha256 });
  });

  it('refuse what is not one, saying what would be', () => {
    expect(parseThumbprint('CN=Acme')).toMatch(/is not a thumbprint/);
    expect(parseThumbprint('ABCD')).toMatch(/has 4 hex digits: a SHA-256 thumbprint has 64/);
  });

  it('match a signer by either algorithm, and nothing else', () => {
    const pins = [parseThumbprint(sha256), parseThumbprint('00'.repeat(20))] as Pin[];
    expect(matchingPin({ sha1, sha256 }, pins)).toEqual({ algorithm: 'sha256', hex: sha256 });
    expect(matchingPin({ sha1, sha256: 'FF'.repeat(32) }, pins)).toBeUndefined();
    expect(matchingPin({ sha1 }, [{ algorithm: 'sha1', hex: sha1 }])).toBeDefined();
    expect(matchingPin({ sha1 }, [{ algorithm: 'sha256', hex: sha256 }])).toBeUndefined();
  });
});

describe('signingCertificateProblem', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const cert: CertificateFacts = {
    subject: 'CN=Acme',
    issuer: 'CN=Acme CA',
    serial: '01',
    sha1: 'A'.repeat(40),
    sha256: 'B'.repeat(64),
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2027-01-01T00:00:00Z'),
    eku: [CODE_SIGNING_EKU],
    isCa: false,
    selfSigned: false,
    pem: '',
  };

  it('accepts a valid code signing certificate', () => {
    expect(signingCertificateProblem(cert, now)).toBeUndefined();
  });

  it('refuses one without the Code Signing usage, missing or other', () => {
    expect(signingCertificateProblem({ ...cert, eku: ['1.3.6.1.5.5.7.3.1'] }, now)).toMatch(
      /not for code signing \(its extended key usage is 1\.3\.6\.1\.5\.5\.7\.3\.1/,
    );
    const { eku: _, ...none } = cert;
    expect(signingCertificateProblem(none, now)).toMatch(/extended key usage is missing/);
  });

  it('refuses one expired or not yet valid', () => {
    expect(signingCertificateProblem(cert, new Date('2027-02-01T00:00:00Z'))).toMatch(
      /expired on 2027-01-01/,
    );
    expect(signingCertificateProblem(cert, new Date('2025-12-01T00:00:00Z'))).toMatch(
      /not valid before/,
    );
  });
});

describe('decodeBase64', () => {
  it('reads base64 with line breaks and refuses anything else', () => {
    expect(decodeBase64('TWFu\nTWFu')).toEqual(Buffer.from('ManMan'));
    expect(decodeBase64('not base64!')).toBeUndefined();
    expect(decodeBase64('')).toBeUndefined();
  });
});
