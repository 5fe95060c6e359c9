/**
 * .github/workflows/e2e.yml, verbatim, on a push to main of a winship-like checkout (the example
 * under examples/hello-service): setup-go on both matrix legs, the build matrix, and the
 * local-deploy job, a `windows-latest` job run here with deploy-windows `mode: local` under Wine
 * (WINSHIP_WINE_PREFIX), which must start the service with the workflow's arguments and pass
 * its health check on 127.0.0.1:18080.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, winshipRepo, type Lab } from './lab.js';
import { ensureWinePrefix, type WinePrefix } from '../../lab/wine.js';
import { WineExecutor } from '../../src/hosts/wine.js';
import { pushEvent } from '../../lab/workflow/events.js';
import type { WorkflowRun } from '../../lab/workflow/executor.js';

let lab: Lab;
let prefix: WinePrefix;
let run: WorkflowRun;

async function removeService(): Promise<void> {
  const exec = new WineExecutor({ prefix: prefix.path });
  await exec.run(['sc.exe', 'stop', 'hello-e2e']);
  await exec.run(['sc.exe', 'delete', 'hello-e2e']);
}

beforeAll(async () => {
  lab = await startLab();
  prefix = await ensureWinePrefix('lab-e2e');
  await prefix.keepAlive();
  await removeService();
  const repo = winshipRepo();
  run = await lab.run('.github/workflows/e2e.yml', pushEvent(repo, 'refs/heads/main'), repo, {
    winePrefix: prefix.path,
  });
}, 1_200_000);

afterAll(async () => {
  if (prefix) {
    await removeService();
    await prefix.shutdown();
  }
  await lab?.close();
});

describe('.github/workflows/e2e.yml on a push to main', () => {
  it('sets up Go on both matrix legs and reports its version and root', () => {
    expect(run.result('setup-go'), run.log()).toBe('success');
    const legs = run.jobs['setup-go']!;
    expect(legs.map((l) => l.name)).toEqual([
      'setup-go on ubuntu-latest',
      'setup-go on windows-latest',
    ]);
    for (const leg of legs) {
      const go = leg.steps.find((s) => s.id === 'go')!;
      expect(go.outputs['go-version']).toBe('1.19.8');
      expect(leg.steps[2]!.log).toMatch(/^go version go1\.19\.8 /);
      expect(leg.steps[3]!.log).toContain(`go 1.19.8 at ${go.outputs['go-root']}`);
    }
  });

  it('builds the matrix and prints SHA256SUMS of the three targets (archives and binaries)', () => {
    expect(run.result('build'), run.log()).toBe('success');
    const sums = run.jobs.build![0]!.steps.at(-1)!.log.trim().split('\n');
    const files = sums.map((l) =>
      /^[0-9a-f]{64} {2}(.*)$/.exec(l)?.[1]?.replace(/_0\.0\.0-\d+-g[0-9a-f]{7}_/, '_V_'),
    );
    expect(files).toEqual([
      'hello-service_V_darwin_arm64',
      'hello-service_V_darwin_arm64.tar.gz',
      'hello-service_V_linux_amd64',
      'hello-service_V_linux_amd64.tar.gz',
      'hello-service_V_windows_amd64.exe',
      'hello-service_V_windows_amd64.zip',
    ]);
  });

  it('deploys the service locally on the Windows job, healthy on 127.0.0.1:18080', async () => {
    expect(run.result('local-deploy'), run.log()).toBe('success');
    const res = await fetch('http://127.0.0.1:18080/healthz');
    expect(res.status).toBe(200);
  });
});
