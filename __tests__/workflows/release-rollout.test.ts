/**
 * docs/workflows/deploy-windows-rollout.yml, verbatim, for a pushed tag v2.1.0: the build job,
 * then actions/rollout (the composite: actions/download-artifact through the real
 * @actions/artifact client, then the deploy bundle over OpenSSH) to an sshd + Wine host. The host
 * must answer /healthz with the tag's version.
 */
import { mkdtempSync, rmSync } from 'node:fs';
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
  prefix = await ensureWinePrefix('lab-release-rollout');
  await prefix.shutdown();
  // A host with no release of ours: an earlier run cut off mid-deploy left its journal there.
  rmSync(prefix.toLinuxPath('C:\\ProgramData\\winship'), { recursive: true, force: true });
  host = await startSshHost({
    prefix,
    authorizedKeys: [key.publicKey],
    name: 'lab-rollout',
    isolatedNetwork: true,
  });
  const repo = serviceRepo();
  repo.tag('v2.1.0', 'main');
  const { secrets, vars } = fixtureSecrets({
    'ssh-private-key': key.privateKey,
    hosts: host.target,
    'host-fingerprints': host.fingerprintLine,
  });
  run = await lab.run(
    'docs/workflows/deploy-windows-rollout.yml',
    pushEvent(repo, 'refs/tags/v2.1.0'),
    repo,
    { secrets, vars },
  );
}, 1_200_000);

afterAll(async () => {
  await host?.stop();
  await prefix?.shutdown();
  await lab?.close();
});

describe('docs/workflows/deploy-windows-rollout.yml for tag v2.1.0', () => {
  it('builds 2.1.0 and hands the version to the deploy job', () => {
    expect(run.result('build'), run.log()).toBe('success');
    expect(run.jobs.build![0]!.outputs.version).toBe('2.1.0');
  });

  it('rolls it out with actions/rollout: the Windows zip downloaded as the file it is', () => {
    expect(run.result('deploy'), run.log()).toBe('success');
    const deploy = run.jobs.deploy![0]!;
    expect(JSON.parse(deploy.steps[0]!.outputs.deployed!)).toEqual([host.target]);
    // bash drops the JSON's double quotes inside the echo's own.
    expect(deploy.steps[1]!.log).toBe(`deployed 2.1.0 to [${host.target}]\n`);
  });

  it('leaves the service healthy on the host at the new version', async () => {
    const r = await host.onHost('curl', ['-s', '-m', '5', 'http://127.0.0.1:8080/healthz']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { version: string }).version).toBe('2.1.0');
  });
});
