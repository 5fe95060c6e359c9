/**
 * The signing key on the runner, with throwaway certificates made by openssl (lab/code-signing.ts):
 * a good PFX opens and its thumbprints are openssl's; a wrong password, a certificate without the
 * Code Signing usage, an expired one and bytes that are not a PFX each fail with an error that
 * names the input, and leave nothing of the key in the temp folder.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTestSigner, type TestSigner } from '../../lab/code-signing.js';
import { InputError } from '../../src/runner/errors.js';
import { openSigningKey, type SigningConfig } from '../../src/signing/key.js';

let good: TestSigner;
beforeAll(() => {
  good = makeTestSigner();
});

async function refusal(config: SigningConfig): Promise<{ err: InputError; left: string[] }> {
  const tmp = mkdtempSync(join(tmpdir(), 'winship-key-test-'));
  const err = await openSigningKey(config, { tmp }).then(
    () => {
      throw new Error('opened');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return { err: err as InputError, left: readdirSync(tmp) };
}

describe('openSigningKey', () => {
  it('writes the PFX 0600 in a 0700 folder of its own, reads its signer, and removes it all', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'winship-key-test-'));
    const key = await openSigningKey(
      { certificate: good.pfxBase64, password: good.password },
      { tmp },
    );
    expect(key.leaf.sha1).toBe(good.sha1);
    expect(key.leaf.sha256).toBe(good.sha256);
    expect(key.leaf.subject).toBe(good.subject);
    // Self-signed: the PFX is its own chain, so the system's CAs are left out of the trust file.
    expect(key.leaf.selfSigned).toBe(true);
    expect(readFileSync(key.trustFile, 'utf8')).toBe(key.leaf.pem);
    expect(statSync(key.dir).mode & 0o777).toBe(0o700);
    expect(statSync(key.pfx).mode & 0o777).toBe(0o600);
    expect(statSync(key.passwordFile!).mode & 0o777).toBe(0o600);
    await key.dispose();
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('refuses a wrong password, naming the password input', async () => {
    const { err, left } = await refusal({ certificate: good.pfxBase64, password: 'wrong' });
    expect(err.input).toBe('windows-signing-password');
    expect(err.message).toMatch(/does not open the certificate/);
    expect(left).toEqual([]);
  });

  it('refuses an empty password for a protected PFX', async () => {
    const { err, left } = await refusal({ certificate: good.pfxBase64, password: '' });
    expect(err.message).toMatch(/is empty but the certificate is protected/);
    expect(left).toEqual([]);
  });

  it('refuses a certificate without the Code Signing usage', async () => {
    const server = makeTestSigner({ eku: 'serverAuth' });
    const { err, left } = await refusal({
      certificate: server.pfxBase64,
      password: server.password,
    });
    expect(err.input).toBe('windows-signing-certificate');
    expect(err.message).toMatch(/is not for code signing .*1\.3\.6\.1\.5\.5\.7\.3\.1/);
    expect(left).toEqual([]);
  });

  it('refuses an expired certificate, with the date', async () => {
    const old = makeTestSigner({ expired: true });
    const { err, left } = await refusal({ certificate: old.pfxBase64, password: old.password });
    expect(err.message).toMatch(/expired on 2020-02-01/);
    expect(left).toEqual([]);
  });

  it('refuses a corrupt PFX and text that is not base64', async () => {
    // Cut short, as a secret pasted half-way would be.
    const bytes = Buffer.from(good.pfxBase64, 'base64');
    const cut = bytes.subarray(0, Math.floor(bytes.length / 2)).toString('base64');
    const corrupt = await refusal({ certificate: cut, password: good.password });
    expect(corrupt.err.message).toMatch(/is not a readable PFX \(PKCS#12\) file: openssl says/);
    expect(corrupt.left).toEqual([]);
    const text = await refusal({ certificate: '-----BEGIN CERTIFICATE-----', password: '' });
    expect(text.err.message).toMatch(/is not a base64-encoded PFX/);
    expect(text.left).toEqual([]);
  });
});
