/**
 * certutil -hashfile: the argv, and the digest parsed from real output in both formats (windows-
 * samples.ts names each source). Under Wine certutil is a stub that prints nothing and exits 0, so
 * the Wine executor verifies files by reading them back instead (see engine/host.ts verifyFile).
 */
import { describe, expect, test } from 'vitest';
import { certutilSha256, parseCertutilHash } from '../../src/windows/certutil.js';
import * as S from './windows-samples.js';

describe('certutil', () => {
  test('argv', () => {
    expect(certutilSha256('C:\\ProgramData\\winship\\hello\\releases\\1.2.3\\hello.exe')).toEqual([
      'certutil.exe',
      '-hashfile',
      'C:\\ProgramData\\winship\\hello\\releases\\1.2.3\\hello.exe',
      'SHA256',
    ]);
    expect(() => certutilSha256('..\\hello.exe')).toThrow(/absolute Windows path/);
  });

  test('old format: spaced upper- or lower-case byte pairs after "hash of file"', () => {
    expect(parseCertutilHash(S.certutilOldSha256.text)).toBe(
      '4b9f31686ecaad97cdb175e6574bf307f8d1c410427825f4304c21da8aac1864',
    );
    expect(parseCertutilHash(S.certutilOldSha256.text.toUpperCase())).toBe(
      '4b9f31686ecaad97cdb175e6574bf307f8d1c410427825f4304c21da8aac1864',
    );
  });

  test('new format: one lower-case string (SHA1, MD5, SHA512 samples), CRLF or not', () => {
    expect(parseCertutilHash(S.certutilNewSha1.text)).toBe(
      'acf835d24ecec10f6df2568ae4e4c5e934f9a559',
    );
    expect(parseCertutilHash(S.certutilNewMd5.text.replace(/\n/g, '\r\n'))).toBe(
      '881c404448a1cea1e695fdd57f7b5b70',
    );
    expect(parseCertutilHash(S.certutilNewSha512.text)).toHaveLength(128);
  });

  test('no digest: Wine stub output, an error, a file name that is hex', () => {
    expect(parseCertutilHash('')).toBeUndefined();
    expect(
      parseCertutilHash(
        'CertUtil: -hashfile command FAILED: 0x80070002 (WIN32: 2 ERROR_FILE_NOT_FOUND)\n',
      ),
    ).toBeUndefined();
    expect(
      parseCertutilHash(
        'SHA256 hash of deadbeef:\n\nCertUtil: -hashfile command completed successfully.\n',
      ),
    ).toBeUndefined();
  });
});
