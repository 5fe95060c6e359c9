/**
 * The two defects issue 12 was opened for, put back in a copy, must fail the workflows that run
 * verbatim (the fixed files pass in release-rollout.test.ts and e2e.test.ts):
 * - actions/rollout pinning actions/download-artifact@v5: the build's Windows zip, uploaded
 *   as-is, is unzipped on download, so the deploy finds no release to roll out;
 * - .github/workflows/e2e.yml's local-deploy with `arguments:` on one line: the service gets one
 *   argument, `-service -addr 127.0.0.1:18080`, exits at once (Go's flag package: "flag provided
 *   but not defined"; Wine's service manager keeps no console output), and the deploy fails.
 * (docs/build.md's download-artifact@v5 is docs-build.test.ts's.)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actionsWithDefect,
  fixtureSecrets,
  serviceRepo,
  startLab,
  winshipRepo,
  workflowWithDefect,
  type Lab,
} from './lab.js';
import { makeClientKey, startSshHost, type SshHost } from '../../lab/sshd.js';
import { ensureWinePrefix, type WinePrefix } from '../../lab/wine.js';
import { WineExecutor } from '../../src/hosts/wine.js';
import { pushEvent } from '../../lab/workflow/events.js';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab();
}, 600_000);
afterAll(async () => lab?.close());

describe('actions/rollout with actions/download-artifact@v5 put back', () => {
  let host: SshHost;
  let prefix: WinePrefix;
  beforeAll(async () => {
    prefix = await ensureWinePrefix('lab-defect-rollout');
    await prefix.shutdown();
  }, 600_000);
  afterAll(async () => {
    await host?.stop();
    await prefix?.shutdown();
  });

  it('fails docs/workflows/deploy-windows-rollout.yml at the deploy, naming the missing release', async () => {
    const key = makeClientKey(mkdtempSync(join(tmpdir(), 'winship-lab-key-')), 'deploy');
    host = await startSshHost({
      prefix,
      authorizedKeys: [key.publicKey],
      name: 'lab-defect-rollout',
      isolatedNetwork: true,
    });
    const actionRoot = actionsWithDefect(
      'actions/rollout/action.yml',
      'actions/download-artifact@v8',
      'actions/download-artifact@v5',
    );
    const repo = serviceRepo();
    repo.tag('v2.1.1', 'main');
    const { secrets, vars } = fixtureSecrets({
      'ssh-private-key': key.privateKey,
      hosts: host.target,
      'host-fingerprints': host.fingerprintLine,
    });
    const run = await lab.run(
      'docs/workflows/deploy-windows-rollout.yml',
      pushEvent(repo, 'refs/tags/v2.1.1'),
      repo,
      { secrets, vars, actionRoot },
    );
    expect(run.result('build'), run.log()).toBe('success');
    expect(run.result('deploy')).toBe('failure');
    const rollout = run.jobs.deploy![0]!.steps[0]!;
    expect(rollout.outcome).toBe('failure');
    // v5 unzipped the Windows zip (uploaded as-is) on download: neither it nor the .exe is there.
    expect(rollout.annotations, run.log()).toContainEqual(
      expect.stringMatching(
        /^error: Neither hello-service_2\.1\.1_windows_amd64\.exe nor hello-service_2\.1\.1_windows_amd64\.zip is in /,
      ),
    );
    // Nothing reached the host.
    const r = await host.onHost('curl', ['-s', '-m', '5', 'http://127.0.0.1:8080/healthz']);
    expect(r.code).not.toBe(0);
  }, 1_200_000);
});

describe('.github/workflows/e2e.yml with the local-deploy arguments on one line put back', () => {
  let prefix: WinePrefix;
  const removeService = async () => {
    const exec = new WineExecutor({ prefix: prefix.path });
    await exec.run(['sc.exe', 'stop', 'hello-e2e']);
    await exec.run(['sc.exe', 'delete', 'hello-e2e']);
  };
  beforeAll(async () => {
    prefix = await ensureWinePrefix('lab-defect-e2e');
    await prefix.keepAlive();
    await removeService();
  }, 600_000);
  afterAll(async () => {
    if (prefix) {
      await removeService();
      await prefix.shutdown();
    }
  });

  it('fails local-deploy: the service exits on its one argument', async () => {
    const workflow = workflowWithDefect(
      '.github/workflows/e2e.yml',
      `          arguments: | # one argument a line
            -service
            -addr
            127.0.0.1:18080`,
      '          arguments: -service -addr 127.0.0.1:18080',
    );
    const repo = winshipRepo();
    const run = await lab.run(workflow, pushEvent(repo, 'refs/heads/main'), repo, {
      winePrefix: prefix.path,
      jobs: ['local-deploy'],
    });
    expect(run.result('local-deploy')).toBe('failure');
    const deploy = run.jobs['local-deploy']![0]!.steps.find(
      (s) => s.uses === './actions/deploy-windows',
    )!;
    expect(deploy.outcome).toBe('failure');
    // One argument in the service's command line (the fixed workflow gives three, unquoted)…
    expect(deploy.log, run.log()).toMatch(
      /sc\.exe create hello-e2e binPath= "[^"]*hello-service\.exe" "-service -addr 127\.0\.0\.1:18080" /,
    );
    // …so the program stops at once (flag provided but not defined) and the start fails.
    expect(deploy.annotations.join('\n')).toMatch(/failed: it stopped during start/);
  }, 1_200_000);
});
