/**
 * signBinary with certificates as CAs issue them: a signer issued by a (throwaway) root, in a
 * PFX exported with its certification path, signs and verifies, and the signature carries the
 * chain (so the deploy's check, which trusts the pinned signer, reads it back); the same PFX
 * exported without the chain fails with an error that says how to export it, and leaves the
 * unsigned file as it was.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTestSigner } from '../../lab/code-signing.js';
import { buildExampleExe } from '../../lab/wine.js';
import { UserError } from '../../src/runner/errors.js';
import { inspectSignature } from '../../src/signing/inspect.js';
import { openSigningKey } from '../../src/signing/key.js';
import { judgeSignature } from '../../src/signing/require.js';
import { signBinary } from '../../src/signing/sign.js';

let exe: string;
beforeAll(async () => {
  exe = await buildExampleExe('1.0.0');
}, 300_000);

function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'winship-sign-test-'));
  copyFileSync(exe, join(dir, 'app.exe'));
  return join(dir, 'app.exe');
}

describe('signBinary with a signer issued by a root CA', () => {
  it('signs and verifies when the PFX carries the chain; the deploy check reads the same signer', async () => {
    const s = makeTestSigner({ cn: 'Acme Issued Signer', issuedByRoot: true });
    const tmp = mkdtempSync(join(tmpdir(), 'winship-sign-key-'));
    const key = await openSigningKey({ certificate: s.pfxBase64, password: s.password }, { tmp });
    expect(key.chain.map((c) => c.subject)).toEqual(['CN=Winship Test Root, O=winship tests']);
    expect(key.leaf.issuer).toBe('CN=Winship Test Root, O=winship tests');
    const file = copy();
    const { record } = await signBinary(key, file);
    await key.dispose();
    expect(record).toMatchObject({
      subject: 'CN=Acme Issued Signer, O=winship tests',
      sha256: s.sha256,
    });
    const found = await inspectSignature(file, tmp);
    expect(found).toMatchObject({
      signed: true,
      verified: true,
      signer: { sha256: s.sha256, sha1: s.sha1 },
    });
    expect(judgeSignature('app.exe', found, [{ algorithm: 'sha1', hex: s.sha1 }]).ok).toBe(true);
  });

  it('fails, saying to export the certification path, when the PFX lacks the chain', async () => {
    const s = makeTestSigner({ cn: 'Acme Issued Signer', issuedByRoot: true, withoutChain: true });
    const tmp = mkdtempSync(join(tmpdir(), 'winship-sign-key-'));
    const key = await openSigningKey({ certificate: s.pfxBase64, password: s.password }, { tmp });
    const file = copy();
    const err = await signBinary(key, file).catch((e: unknown) => e);
    await key.dispose();
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(
      /does not verify: the PFX does not carry the chain up to a root this runner trusts; export it with all certificates in the certification path/,
    );
    expect(readFileSync(file).equals(readFileSync(exe))).toBe(true);
  });
});
