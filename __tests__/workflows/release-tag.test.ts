/**
 * docs/workflows/deploy-windows-tag.yml, verbatim, for a pushed tag v1.4.0: the build job
 * (checkout, winship@v1 for windows/amd64 and linux/amd64, uploads through @actions/artifact),
 * then the deploy job: deploy-windows downloads the build's artifacts by name and rolls the
 * release out over OpenSSH to an sshd + Wine host (its own loopback), the secret key and the
 * pinned fingerprints from the fixture's secrets and vars. Its `profile: default` needs
 * powercfg.exe, which Wine has not: the deploy stops there, by name; the rollout workflow's test
 * (release-rollout.test.ts) carries a release on to a healthy /healthz.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureSecrets, serviceRepo, startLab, type Lab } from './lab.js';
import { makeClientKey, startSshHost, type SshHost } from '../../lab/sshd.js';
import { ensureWinePrefix, type WinePrefix } from '../../lab/wine.js';
import { pushEvent } from '../../lab/workflow/events.js';
import type { WorkflowRun } from '../../lab/workflow/executor.js';

let lab: Lab;
let host: SshHost;
let prefix: WinePrefix;
let run: WorkflowRun;

beforeAll(async () => {
  lab = await startLab();
  const key = makeClientKey(mkdtempSync(join(tmpdir(), 'winship-lab-key-')), 'deploy');
  prefix = await ensureWinePrefix('lab-release-tag');
  await prefix.shutdown();
  host = await startSshHost({
    prefix,
    authorizedKeys: [key.publicKey],
    name: 'lab-tag',
    isolatedNetwork: true,
  });
  const repo = serviceRepo();
  repo.tag('v1.4.0', 'main');
  const { secrets, vars } = fixtureSecrets({
    'ssh-private-key': key.privateKey,
    hosts: host.target,
    'host-fingerprints': host.fingerprintLine,
  });
  run = await lab.run(
    'docs/workflows/deploy-windows-tag.yml',
    pushEvent(repo, 'refs/tags/v1.4.0'),
    repo,
    { secrets, vars },
  );
}, 1_200_000);

afterAll(async () => {
  await host?.stop();
  await prefix?.shutdown();
  await lab?.close();
});

describe('docs/workflows/deploy-windows-tag.yml for tag v1.4.0', () => {
  it('builds version 1.4.0 for windows/amd64 and linux/amd64 and passes the artifacts on', () => {
    expect(run.result('build'), run.log()).toBe('success');
    const build = run.jobs.build![0]!;
    expect(build.outputs.version).toBe('1.4.0');
    const artifacts = JSON.parse(build.outputs.artifacts!) as string[];
    expect(artifacts).toEqual(
      expect.arrayContaining([
        'hello-service_1.4.0_windows_amd64.zip',
        'hello-service_1.4.0_linux_amd64.tar.gz',
      ]),
    );
  });

  it('downloads the build artifacts as the files they are and reaches the pinned host', () => {
    const deploy = run.jobs.deploy![0]!.steps[0]!;
    // The Windows zip, uploaded as-is, must arrive as the zip (not unzipped by its content type).
    expect(deploy.log).toMatch(
      /Downloading raw file \(non-zip\) to: .*hello-service_1\.4\.0_windows_amd64\.zip/,
    );
    expect(deploy.log).toMatch(/Release 1\.4\.0: .*hello-service\.exe/);
    expect(deploy.log).toContain(`connected to ${host.target}; host key ${host.fingerprint}`);
  });

  // `profile: default` reads the power plan with powercfg.exe, which Wine does not have: the
  // step fails there, by name, before any change (docs/tuning.md; the tuning argv and output
  // parsing are tested against real Windows samples in __tests__/engine).
  it('stops at the tuning Wine cannot run, naming it, with nothing changed', () => {
    expect(run.result('deploy')).toBe('failure');
    const deploy = run.jobs.deploy![0]!;
    expect(deploy.steps[0]!.annotations.join('\n')).toMatch(
      /Cannot read the current value of \d+ tuning setting\(s\) .* nothing was changed: active power plan: powercfg\.exe is missing/,
    );
    expect(deploy.steps[1]!.outcome).toBe('skipped');
  });
});
