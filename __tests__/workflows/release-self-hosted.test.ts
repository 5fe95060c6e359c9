/**
 * docs/workflows/deploy-windows-self-hosted.yml, verbatim, for a pushed tag v1.5.0: the build job,
 * then the deploy job on `runs-on: [self-hosted, windows]`, run here as a Windows job:
 * deploy-windows `mode: local` under Wine (WINSHIP_WINE_PREFIX) downloads the build's artifacts
 * by name through @actions/artifact. Its `profile: default` needs powercfg.exe, which Wine has
 * not: the deploy stops at the tuning, by name, before any change (as the tag workflow's test);
 * a `mode: local` deploy to a healthy service is e2e.test.ts's local-deploy job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceRepo, startLab, type Lab } from './lab.js';
import { ensureWinePrefix, type WinePrefix } from '../../lab/wine.js';
import { WineExecutor } from '../../src/hosts/wine.js';
import { pushEvent } from '../../lab/workflow/events.js';
import type { WorkflowRun } from '../../lab/workflow/executor.js';

let lab: Lab;
let prefix: WinePrefix;
let run: WorkflowRun;

beforeAll(async () => {
  lab = await startLab();
  prefix = await ensureWinePrefix('lab-self-hosted');
  await prefix.keepAlive();
  const repo = serviceRepo();
  repo.tag('v1.5.0', 'main');
  run = await lab.run(
    'docs/workflows/deploy-windows-self-hosted.yml',
    pushEvent(repo, 'refs/tags/v1.5.0'),
    repo,
    { winePrefix: prefix.path },
  );
}, 1_200_000);

afterAll(async () => {
  await prefix?.shutdown();
  await lab?.close();
});

describe('docs/workflows/deploy-windows-self-hosted.yml for tag v1.5.0', () => {
  it('builds 1.5.0 for windows/amd64 and passes the artifact names on', () => {
    expect(run.result('build'), run.log()).toBe('success');
    const artifacts = JSON.parse(run.jobs.build![0]!.outputs.artifacts!) as string[];
    expect(artifacts).toContain('hello-service_1.5.0_windows_amd64.zip');
  });

  it('runs the deploy on the self-hosted Windows job: the artifacts downloaded by name', () => {
    const deploy = run.jobs.deploy![0]!;
    expect(deploy.name).toBe('deploy');
    const step = deploy.steps[0]!;
    expect(step.uses).toBe('winship/winship/actions/deploy-windows@v1');
    expect(step.log).toMatch(
      /Downloading raw file \(non-zip\) to: .*hello-service_1\.5\.0_windows_amd64\.zip/,
    );
    expect(step.log).toMatch(/Release 1\.5\.0: .*hello-service\.exe/);
  });

  // `profile: default` reads the power plan with powercfg.exe, which Wine does not have.
  it('stops at the tuning Wine cannot run, naming it, with nothing changed', async () => {
    expect(run.result('deploy')).toBe('failure');
    const step = run.jobs.deploy![0]!.steps[0]!;
    expect(step.annotations.join('\n')).toMatch(
      /Cannot read the current value of \d+ tuning setting\(s\) .* nothing was changed: active power plan: powercfg\.exe is missing/,
    );
    // Nothing was registered on the "runner".
    const q = await new WineExecutor({ prefix: prefix.path }).run([
      'sc.exe',
      'query',
      'hello-service',
    ]);
    expect(q.exitCode).not.toBe(0);
  });
});
