/**
 * deploy-windows' require-signature through the real bundle, as the runner runs it, on release
 * folders shaped like actions/build's output (lab/release-folder.ts) whose binary is unsigned,
 * signed by a throwaway certificate, signed by another one, or changed after signing. The "host"
 * is a TCP listener on 127.0.0.1 that counts connections: a refused binary must leave it at zero
 * (every host untouched); an allowed one goes on to connect (the deploy then stops at the SSH
 * handshake, which the listener does not speak; the deploy to a real Wine host with
 * require-signature is in __tests__/workflows/release-signed.test.ts).
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestSigner, type TestSigner } from '../../lab/code-signing.js';
import { releaseFolder } from '../../lab/release-folder.js';
import { runAction, type ActionResult } from '../../lab/runner.js';
import { makeClientKey, type ClientKey } from '../../lab/sshd.js';

let signer: TestSigner;
let other: TestSigner;
let key: ClientKey;
let server: Server;
let port: number;
const connections: Socket[] = [];
const folders: Record<string, string> = {};

beforeAll(async () => {
  signer = makeTestSigner({ cn: 'Acme Release Signing' });
  other = makeTestSigner({ cn: 'Mallory Tools' });
  key = makeClientKey(mkdtempSync(join(tmpdir(), 'winship-sig-key-')), 'deploy');
  server = createServer((s) => {
    connections.push(s);
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
  folders.unsigned = await releaseFolder('1.0.0');
  folders.signed = await releaseFolder('1.0.0', { signer });
  folders.other = await releaseFolder('1.0.0', { signer: other });
  folders.tampered = await releaseFolder('1.0.0', { signer, tamper: true });
}, 300_000);

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

async function deploy(folder: string, requireSignature: string): Promise<ActionResult> {
  return runAction('deploy-windows', {
    inputs: {
      artifact: folder,
      hosts: `deploy@127.0.0.1:${port}`,
      'ssh-private-key': key.privateKey,
      'host-fingerprints': `[127.0.0.1]:${port} SHA256:${'A'.repeat(43)}`,
      'require-signature': requireSignature,
      timeout: '10',
    },
    timeoutMs: 120_000,
  });
}

function refusal(r: ActionResult): string {
  expect(r.exitCode).toBe(1);
  const errors = r.annotations.filter((a) => a.level === 'error').map((a) => a.message);
  expect(errors, r.stdout).toHaveLength(1);
  expect(r.stdout).not.toMatch(/\n\s+at /);
  return errors[0]!;
}

describe('deploy-windows with require-signature', () => {
  it('refuses an unsigned binary before connecting to any host', async () => {
    const before = connections.length;
    const message = refusal(await deploy(folders.unsigned!, signer.sha256));
    expect(message).toBe(
      `hello-service.exe 1.0.0 is not signed (osslsigncode); require-signature allows only binaries signed by SHA-256 ${signer.sha256}: sign the build (windows-signing-certificate, docs/signing.md). No host was touched.`,
    );
    expect(connections.length).toBe(before);
  });

  it('refuses a binary signed by another certificate, naming its signer and thumbprints', async () => {
    const before = connections.length;
    const message = refusal(await deploy(folders.other!, `${signer.sha256}\n${signer.sha1}`));
    expect(message).toBe(
      `hello-service.exe 1.0.0 is signed by 'CN=Mallory Tools, O=winship tests' (SHA-256 ${other.sha256}, SHA-1 ${other.sha1}), which require-signature does not allow (allowed: SHA-256 ${signer.sha256}, SHA-1 ${signer.sha1}). No host was touched.`,
    );
    expect(connections.length).toBe(before);
  });

  it('refuses a binary changed after it was signed, though the signer is the pinned one', async () => {
    const before = connections.length;
    const message = refusal(await deploy(folders.tampered!, signer.sha256));
    expect(message).toMatch(
      /^hello-service\.exe 1\.0\.0 carries a signature by 'CN=Acme Release Signing, O=winship tests' .* that does not verify \(osslsigncode: the message digest does not match: the file was changed after signing/,
    );
    expect(connections.length).toBe(before);
  });

  it('lets a binary signed by a pinned certificate through (SHA-1 pin, as Windows shows it), to the hosts', async () => {
    const before = connections.length;
    const r = await deploy(folders.signed!, signer.sha1.match(/../g)!.join(' ').toLowerCase());
    expect(r.stdout).toContain(
      `Signature: hello-service.exe 1.0.0 is signed by 'CN=Acme Release Signing, O=winship tests' (SHA-256 ${signer.sha256}, SHA-1 ${signer.sha1}), allowed by require-signature (SHA-1 ${signer.sha1}), verified by osslsigncode`,
    );
    // It went on to the host (which is no SSH server): the check let it through.
    expect(connections.length).toBeGreaterThan(before);
  });

  it('refuses a require-signature that is not a thumbprint, naming the input', async () => {
    const message = refusal(await deploy(folders.signed!, 'CN=Acme Release Signing'));
    expect(message).toBe(
      "Input 'require-signature': 'CN=Acme Release Signing' is not a thumbprint: write the certificate's SHA-256 (64 hex digits) or SHA-1 (40, Windows' Thumbprint)",
    );
  });
});
