/**
 * docs/workflows/deploy-windows-tag.yml, verbatim, for a pushed tag v1.4.0: the whole release.
 * The build job signs the Windows binary with a throwaway code signing certificate (the fixture's
 * secrets), publishes the GitHub Release to the local recorder of the Releases REST API
 * (lab/github-releases.ts, as GITHUB_API_URL) and attests the assets (the lab's stand-in for
 * actions/attest-build-provenance records the subjects); the deploy job checks the signature
 * against the pinned thumbprint and rolls the release out over OpenSSH to an sshd + Wine host,
 * which must answer /healthz with 1.4.0 from the signed binary. The workflow then runs again with
 * another thumbprint pinned: the deploy fails before connecting, and the host is as it was.
 * The production environment's WINSHIP_PROFILE is `none` and WINSHIP_RECOVERY `none/0` here,
 * where the workflow's defaults are the built-in tuning profile and restart actions: Wine has no
 * powercfg.exe and its sc.exe stores no recovery (`sc failureflag` exits 1), so those would stop
 * the deploy by name before the swap (their command lines are tested against real Windows output
 * in __tests__/windows and __tests__/engine).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureSecrets, serviceRepo, startLab, type Lab } from './lab.js';
import { makeTestSigner, type TestSigner } from '../../lab/code-signing.js';
import { startLocalReleasesApi, type LocalReleasesApi } from '../../lab/github-releases.js';
import { makeClientKey, startSshHost, type SshHost } from '../../lab/sshd.js';
import { ensureWinePrefix, type WinePrefix } from '../../lab/wine.js';
import { pushEvent } from '../../lab/workflow/events.js';
import type { WorkflowRun } from '../../lab/workflow/executor.js';
import type { AttestationRecord } from '../../lab/workflow/uses.js';
import type { Manifest } from '../../src/build/manifest.js';

const LIVE = 'C:\\ProgramData\\winship\\hello-service\\current\\hello-service.exe';
const ZIP = 'hello-service_1.4.0_windows_amd64.zip';

let lab: Lab;
let gh: LocalReleasesApi;
let host: SshHost;
let prefix: WinePrefix;
let signer: TestSigner;
let other: TestSigner;
let run: WorkflowRun;
let again: WorkflowRun;
const attestations: AttestationRecord[] = [];
let before: {
  connections: number;
  live: ReturnType<typeof live>;
  health: string | undefined;
  /** The released zip as the first run published it (the second run replaces it). */
  zip: Buffer;
};

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const connections = () => (host.log().match(/Connection from 127\.0\.0\.1/g) ?? []).length;
const live = () => {
  const file = prefix.toLinuxPath(LIVE);
  if (!existsSync(file)) return undefined;
  return { sha256: sha256(readFileSync(file)), mtimeMs: statSync(file).mtimeMs };
};
async function health(): Promise<string | undefined> {
  const r = await host.onHost('curl', ['-s', '-m', '5', 'http://127.0.0.1:8080/healthz']);
  return r.code === 0 ? (JSON.parse(r.stdout) as { version: string }).version : undefined;
}

beforeAll(async () => {
  lab = await startLab();
  gh = await startLocalReleasesApi();
  signer = makeTestSigner();
  other = makeTestSigner({ cn: 'Another Signer' });
  const key = makeClientKey(mkdtempSync(join(tmpdir(), 'winship-lab-key-')), 'deploy');
  prefix = await ensureWinePrefix('lab-release-tag-signed');
  await prefix.shutdown();
  // A host with no release of ours: an earlier run cut off mid-deploy left its journal there.
  rmSync(prefix.toLinuxPath('C:\\ProgramData\\winship'), { recursive: true, force: true });
  host = await startSshHost({
    prefix,
    authorizedKeys: [key.publicKey],
    name: 'lab-tag',
    isolatedNetwork: true,
  });
  const repo = serviceRepo();
  repo.tag('v1.4.0', 'main');
  const fill = (pinned: TestSigner) =>
    fixtureSecrets({
      'ssh-private-key': key.privateKey,
      hosts: host.target,
      'host-fingerprints': host.fingerprintLine,
      'signing-pfx': signer.pfxBase64,
      'signing-password': signer.password,
      'signer-sha256': pinned.sha256,
      profile: 'none',
      recovery: 'none/0',
    });
  const event = pushEvent(repo, 'refs/tags/v1.4.0');
  const workflow = 'docs/workflows/deploy-windows-tag.yml';
  run = await lab.run(workflow, event, repo, { ...fill(signer), apiUrl: gh.url, attestations });
  before = {
    connections: connections(),
    live: live(),
    health: await health(),
    zip: Buffer.from(gh.releases[0]?.assets.find((a) => a.name === ZIP)?.data ?? []),
  };
  again = await lab.run(workflow, event, repo, { ...fill(other), apiUrl: gh.url, attestations });
}, 1_500_000);

afterAll(async () => {
  await host?.stop();
  await prefix?.shutdown();
  await gh?.close();
  await lab?.close();
});

describe('docs/workflows/deploy-windows-tag.yml for tag v1.4.0: build, sign, release, attest', () => {
  it('builds 1.4.0 and signs the Windows binary, warning that the signature has no timestamp', () => {
    expect(run.result('build'), run.log()).toBe('success');
    const build = run.jobs.build![0]!;
    expect(build.outputs.version).toBe('1.4.0');
    const step = build.steps.find((s) => s.id === 'build')!;
    expect(step.log).toContain(
      `Signing 1 Windows binary as ${signer.subject} (certificate SHA-256 ${signer.sha256}`,
    );
    expect(step.annotations.join('\n')).toMatch(/windows-signing-timestamp-url is empty/);
  });

  it('publishes the GitHub Release of the tag with the archives, SHA256SUMS, manifest.json and notes', () => {
    expect(gh.releases).toHaveLength(1);
    const rel = gh.releases[0]!;
    expect(rel).toMatchObject({
      tag_name: 'v1.4.0',
      name: 'hello-service 1.4.0',
      draft: false,
      prerelease: false,
    });
    expect(rel.assets.map((a) => a.name).sort()).toEqual([
      'SHA256SUMS',
      'hello-service_1.4.0_linux_amd64.tar.gz',
      ZIP,
      'manifest.json',
    ]);
    expect(rel.body).toMatch(/^## Changes\n\n/);
    for (const a of rel.assets) expect(rel.body).toContain(`${sha256(a.data)}  ${a.name}`);
  });

  it('releases a Windows binary that verifies against the certificate, and a manifest naming its signer', () => {
    const rel = gh.releases[0]!;
    const dir = mkdtempSync(join(tmpdir(), 'winship-release-asset-'));
    writeFileSync(join(dir, ZIP), rel.assets.find((a) => a.name === ZIP)!.data);
    execFileSync('unzip', ['-q', join(dir, ZIP), '-d', dir]);
    const v = spawnSync(
      'osslsigncode',
      ['verify', '-CAfile', join(signer.dir, 'cert.pem'), '-in', join(dir, 'hello-service.exe')],
      { encoding: 'utf8' },
    );
    expect(v.status, v.stdout + v.stderr).toBe(0);
    const manifest = JSON.parse(
      rel.assets.find((a) => a.name === 'manifest.json')!.data.toString(),
    ) as Manifest;
    const win = manifest.targets.find((t) => t.target === 'windows/amd64')!;
    expect(win.signature).toMatchObject({
      subject: signer.subject,
      sha256: signer.sha256,
      sha1: signer.sha1,
    });
    expect(win.sha256).toBe(sha256(readFileSync(join(dir, 'hello-service.exe'))));
  });

  it('attests every asset of the release in one step, with the digests of what was published', () => {
    const first = attestations[0]!;
    expect(first).toMatchObject({
      job: 'build',
      ref: 'refs/tags/v1.4.0',
      predicateType: 'https://slsa.dev/provenance/v1',
    });
    const published = Object.fromEntries(
      gh.releases[0]!.assets.map((a) => [a.name, sha256(a.data)]),
    );
    // The re-run replaced the assets; manifest.json differs in build seconds, the rest is reproducible.
    expect(first.subjects.map((s) => s.name).sort()).toEqual(Object.keys(published).sort());
    for (const s of first.subjects.filter(
      (x) => x.name !== 'manifest.json' && x.name !== 'SHA256SUMS',
    ))
      expect(s.digest.sha256, s.name).not.toBe('');
    const last = attestations.at(-1)!;
    expect(Object.fromEntries(last.subjects.map((s) => [s.name, s.digest.sha256]))).toEqual(
      published,
    );
  });
});

describe('the deploy job with require-signature', () => {
  it('checks the signer against the pinned thumbprint, then deploys the signed binary to the Wine host', () => {
    expect(run.result('deploy'), run.log()).toBe('success');
    const deploy = run.jobs.deploy![0]!;
    const step = deploy.steps.find((s) => s.id === 'deploy')!;
    expect(step.log).toContain(
      `Signature: hello-service.exe 1.4.0 is signed by '${signer.subject}' (SHA-256 ${signer.sha256}, SHA-1 ${signer.sha1}), allowed by require-signature (SHA-256 ${signer.sha256}), verified by osslsigncode`,
    );
    expect(step.log.indexOf('Signature:')).toBeLessThan(
      step.log.indexOf(`connected to ${host.target}`),
    );
    expect(JSON.parse(step.outputs.deployed!)).toEqual([host.target]);
  });

  it('leaves the host running 1.4.0 from the signed binary', () => {
    expect(before.health).toBe('1.4.0');
    const dir = mkdtempSync(join(tmpdir(), 'winship-release-asset-'));
    writeFileSync(join(dir, ZIP), before.zip);
    const exe = execFileSync('unzip', ['-p', join(dir, ZIP), 'hello-service.exe'], {
      maxBuffer: 64 << 20,
    });
    expect(before.live?.sha256).toBe(sha256(exe));
  });

  it('with another thumbprint pinned, fails naming the signer found and touches no host', async () => {
    expect(again.result('build'), again.log()).toBe('success');
    expect(again.result('deploy')).toBe('failure');
    const step = again.jobs.deploy![0]!.steps.find((s) => s.id === 'deploy')!;
    expect(step.annotations.join('\n')).toContain(
      `hello-service.exe 1.4.0 is signed by '${signer.subject}' (SHA-256 ${signer.sha256}, SHA-1 ${signer.sha1}), which require-signature does not allow (allowed: SHA-256 ${other.sha256}). No host was touched.`,
    );
    expect(connections()).toBe(before.connections);
    expect(live()).toEqual(before.live);
    expect(await health()).toBe('1.4.0');
  });

  it('re-running the build replaced the release assets instead of adding a second set', () => {
    expect(gh.releases).toHaveLength(1);
    expect(gh.releases[0]!.assets).toHaveLength(4);
  });
});
