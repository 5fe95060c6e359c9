/**
 * Authenticode signing through the bundled build action, as the runner runs it, with a throwaway
 * code signing certificate (lab/code-signing.ts): the Windows binary is signed and verifies, the
 * archive, SHA256SUMS and the manifest describe the signed file, the key is gone when the step
 * ends, and two signed builds of one commit are the same bytes once their signatures are removed.
 * A wrong password fails before anything is built and leaves no key material behind.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTestSigner, type TestSigner } from '../../lab/code-signing.js';
import { startTimestampServer } from '../../lab/timestamp-server.js';
import { EXAMPLE } from '../../lab/paths.js';
import { runAction, type ActionResult } from '../../lab/runner.js';
import type { Manifest } from '../../src/build/manifest.js';
import { hashFile } from '../../src/runner/sha256.js';
import { gitRepo, tempDir } from './fixtures.js';
import { parseVersionInfo, readPe } from './pe.js';

const EXE = 'hello-service_0.0.0-1-g';
let signer: TestSigner;
let repo: string;
let first: ActionResult;
let second: ActionResult;
let unsigned: ActionResult;
let secondRepo: string;
let unsignedRepo: string;

function signingInputs(s: TestSigner, password = s.password) {
  return {
    'windows-signing-certificate': s.pfxBase64,
    'windows-signing-password': password,
    'windows-signing-description': 'Hello service',
    'windows-signing-url': 'https://example.com/hello',
  };
}

async function build(workspace: string, extra: Record<string, string> = {}) {
  return runAction('build', {
    workspace,
    inputs: { targets: 'windows/amd64, linux/amd64', upload: false, ...extra },
  });
}

const windowsExe = (dir: string) =>
  join(
    dir,
    'dist',
    readdirSync(join(dir, 'dist')).find((f) => f.startsWith(EXE) && f.endsWith('.exe'))!,
  );

/** The log as the runner shows it: `::add-mask::` lines register secrets and are never printed. */
const withoutMaskCommands = (log: string) =>
  log
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');

function clone(): string {
  const into = join(tempDir('winship-signed-clone-'), 'checkout');
  execFileSync('git', ['clone', '-q', repo, into]);
  return into;
}

beforeAll(async () => {
  signer = makeTestSigner();
  repo = gitRepo({ copyFrom: EXAMPLE });
  first = await build(repo, signingInputs(signer));
  secondRepo = clone();
  second = await build(secondRepo, signingInputs(signer));
  unsignedRepo = clone();
  unsigned = await build(unsignedRepo);
}, 600_000);

describe('build with windows-signing-certificate', () => {
  it('succeeds, masks the certificate and its password, and warns that there is no timestamp', () => {
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    expect(first.masks).toEqual(expect.arrayContaining([signer.pfxBase64, signer.password]));
    expect(withoutMaskCommands(first.stdout)).not.toContain(signer.password);
    const warnings = first.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
    expect(warnings.join('\n')).toMatch(
      /windows-signing-timestamp-url is empty: the signatures carry no timestamp/,
    );
  });

  it('signs the Windows binary so that osslsigncode verifies it against the certificate', () => {
    const caFile = join(signer.dir, 'cert.pem');
    const r = spawnSync('osslsigncode', ['verify', '-CAfile', caFile, '-in', windowsExe(repo)], {
      encoding: 'utf8',
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Subject: \/CN=Winship Test Signer\/O=winship tests/);
    expect(r.stdout).toMatch(/Text description: Hello service/);
    expect(r.stdout).toMatch(/URL description: https:\/\/example\.com\/hello/);
    expect(r.stdout).toMatch(/Message digest algorithm\s*: SHA256/);
  });

  it('keeps the VERSIONINFO resource the build linked in, as Windows reads it', () => {
    const pe = readPe(readFileSync(windowsExe(repo)));
    const info = parseVersionInfo(pe.resources.find((r) => r.type === 16)!.data);
    expect(info.strings['040904B0']).toMatchObject({
      ProductName: 'hello-service',
      OriginalFilename: 'hello-service.exe',
    });
    expect(info.productVersion).toMatch(/^0\.0\.0\.1$/);
  });

  it('records the signer and both thumbprints in the manifest, for the Windows target only', () => {
    const m = JSON.parse(readFileSync(join(repo, 'dist', 'manifest.json'), 'utf8')) as Manifest;
    const win = m.targets.find((t) => t.goos === 'windows')!;
    expect(win.signature).toEqual({
      subject: signer.subject,
      issuer: signer.subject,
      sha1: signer.sha1,
      sha256: signer.sha256,
      timestamped: false,
    });
    expect(m.targets.find((t) => t.goos === 'linux')!.signature).toBeUndefined();
  });

  it('describes the signed file in the manifest, SHA256SUMS and the zip', async () => {
    const exe = windowsExe(repo);
    const { sha256, size } = await hashFile(exe);
    const m = JSON.parse(readFileSync(join(repo, 'dist', 'manifest.json'), 'utf8')) as Manifest;
    const win = m.targets.find((t) => t.goos === 'windows')!;
    expect({ sha256: win.sha256, size: win.size }).toEqual({ sha256, size });
    const sums = readFileSync(join(repo, 'dist', 'SHA256SUMS'), 'utf8');
    expect(sums).toContain(`${sha256}  ${win.file}\n`);
    const inZip = execFileSync(
      'unzip',
      ['-p', join(repo, 'dist', win.archive!.file), 'hello-service.exe'],
      { maxBuffer: 64 << 20 },
    );
    expect(inZip.equals(readFileSync(exe))).toBe(true);
  });

  it('says in the job summary which binary was signed by whom', () => {
    expect(first.summary).toContain(
      `- \`${windowsExe(repo).split('/').pop()}\`: signed by ${signer.subject}, certificate SHA-256 \`${signer.sha256}\` (SHA-1 \`${signer.sha1}\`), no verified timestamp`,
    );
  });

  it('leaves no key material in RUNNER_TEMP once the step and its post step are done', () => {
    expect(first.post?.exitCode).toBe(0);
    expect(readdirSync(join(first.home, 'temp')).filter((f) => f.includes('signing'))).toEqual([]);
    expect(first.state['signing-key-dir']).toMatch(/winship-signing-/);
    expect(existsSync(first.state['signing-key-dir']!)).toBe(false);
  });
});

describe('two signed builds of one commit', () => {
  const strip = (exe: string) => {
    const out = join(tempDir('winship-stripped-'), 'stripped.exe');
    execFileSync('osslsigncode', ['remove-signature', '-in', exe, '-out', out]);
    return readFileSync(out);
  };

  it('are byte-identical once the signatures are removed', () => {
    expect(second.exitCode, second.stdout).toBe(0);
    expect(strip(windowsExe(secondRepo)).equals(strip(windowsExe(repo)))).toBe(true);
  });

  it('differ from the unsigned build only in the PE checksum field once stripped', () => {
    expect(unsigned.exitCode, unsigned.stdout).toBe(0);
    const plain = readFileSync(windowsExe(unsignedRepo));
    const stripped = strip(windowsExe(repo));
    expect(stripped.length).toBe(plain.length);
    // The optional header's CheckSum: e_lfanew + 4 (PE\0\0) + 20 (file header) + 64.
    const at = plain.readUInt32LE(0x3c) + 4 + 20 + 64;
    const differing = [...plain.keys()].filter((i) => plain[i] !== stripped[i]);
    expect(differing.length).toBeGreaterThan(0);
    expect(differing.every((i) => i >= at && i < at + 4)).toBe(true);
  });

  it('leave linux binaries and archives untouched by signing', () => {
    const linux = (dir: string) =>
      readdirSync(join(dir, 'dist'))
        .filter((f) => f.includes('linux'))
        .sort();
    for (const f of linux(repo))
      expect(
        readFileSync(join(repo, 'dist', f)).equals(readFileSync(join(unsignedRepo, 'dist', f))),
      ).toBe(true);
  });
});

describe('build with windows-signing-timestamp-url', () => {
  it('timestamps the signature at the RFC 3161 server, and warns when the runner cannot verify the timestamp', async () => {
    const tsa = await startTimestampServer();
    try {
      const dir = clone();
      const r = await build(dir, {
        ...signingInputs(signer),
        targets: 'windows/amd64',
        'windows-signing-timestamp-url': tsa.url,
      });
      expect(r.exitCode, r.stdout).toBe(0);
      expect(tsa.requests).toBe(1);
      const warnings = r.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
      expect(warnings.join('\n')).not.toMatch(/timestamp-url is empty/);
      // The lab's TSA is no system CA: the runner cannot vouch for the timestamp, and says so.
      expect(warnings).toEqual([
        expect.stringMatching(
          new RegExp(
            `^the timestamp from ${tsa.url.replace(/[.]/g, '\\.')} does not verify against this runner's CAs`,
          ),
        ),
      ]);
      const v = spawnSync(
        'osslsigncode',
        [
          'verify',
          '-CAfile',
          join(signer.dir, 'cert.pem'),
          '-TSA-CAfile',
          tsa.certFile,
          '-in',
          windowsExe(dir),
        ],
        { encoding: 'utf8' },
      );
      expect(v.status, v.stdout + v.stderr).toBe(0);
      expect(v.stdout).toMatch(/Timestamp Server Signature verification: ok/);
    } finally {
      await tsa.close();
    }
  });

  it('fails naming the server when the time-stamping server does not answer', async () => {
    const r = await build(clone(), {
      ...signingInputs(signer),
      targets: 'windows/amd64',
      'windows-signing-timestamp-url': 'http://127.0.0.1:9/tsa',
    });
    expect(r.exitCode).toBe(1);
    expect(r.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
      expect.stringMatching(
        /is the time-stamping server http:\/\/127\.0\.0\.1:9\/tsa reachable from the runner\?/,
      ),
    ]);
  });
});

describe('a signing build cancelled after the key was written', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'removes the key on %s, before any post step, and the step fails',
    async (signal) => {
      const r = await runAction('build', {
        workspace: clone(),
        inputs: { targets: 'windows/amd64', upload: false, ...signingInputs(signer) },
        signalMain: { when: /Signing 1 Windows binary as /, signal },
        runPost: false,
      });
      expect(r.stdout).toContain('Signing 1 Windows binary as ');
      expect(r.exitCode).not.toBe(0);
      expect(r.state['signing-key-dir']).toMatch(/winship-signing-/);
      expect(existsSync(r.state['signing-key-dir']!)).toBe(false);
      expect(readdirSync(join(r.home, 'temp')).filter((f) => f.includes('signing'))).toEqual([]);
    },
  );
});

describe('build with a signing certificate it cannot use', () => {
  it('fails on a wrong password before building, naming the input, with no key left behind', async () => {
    const other = clone();
    const r = await build(other, signingInputs(signer, 'not-the-password'));
    expect(r.exitCode).toBe(1);
    const errors = r.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    expect(errors).toEqual([
      expect.stringMatching(/^Input 'windows-signing-password': does not open the certificate/),
    ]);
    expect(existsSync(join(other, 'dist'))).toBe(false);
    expect(readdirSync(join(r.home, 'temp')).filter((f) => f.includes('signing'))).toEqual([]);
    expect(withoutMaskCommands(r.stdout + r.stderr)).not.toContain('not-the-password');
    expect(r.stdout).not.toMatch(/\n\s+at /);
  });

  it('refuses signing inputs without the certificate (a secret that did not reach the job)', async () => {
    const r = await build(clone(), { 'windows-signing-password': 'x' });
    expect(r.exitCode).toBe(1);
    expect(r.annotations.map((a) => a.message).join('\n')).toMatch(
      /Input 'windows-signing-certificate': is empty while windows-signing-password is set/,
    );
  });
});
