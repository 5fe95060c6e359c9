/**
 * docs/workflows/build.yml, verbatim, on a push to main of the example service: checkout with the
 * full history, winship@v1 (setup-go from the local mirror, build, upload through the real
 * @actions/artifact client), then the echo step reading the action's outputs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, serviceRepo, type Lab } from './lab.js';
import { pushEvent } from '../../lab/workflow/events.js';
import type { WorkflowRun } from '../../lab/workflow/executor.js';
import type { FixtureRepo } from '../../lab/workflow/repository.js';

let lab: Lab;
let repo: FixtureRepo;
let run: WorkflowRun;

beforeAll(async () => {
  lab = await startLab();
  repo = serviceRepo();
  repo.commit('main', { 'CHANGELOG.md': '# changes\n' }, 'a second commit');
  run = await lab.run('docs/workflows/build.yml', pushEvent(repo, 'refs/heads/main'), repo);
}, 900_000);
afterAll(async () => lab?.close());

describe('docs/workflows/build.yml on a push to main', () => {
  it('runs its one job to success', () => {
    expect(run.result('build'), run.log()).toBe('success');
  });

  it('builds the four targets as 0.0.0-<commits>-g<sha> (the whole history fetched), and uploads them', () => {
    const job = run.jobs.build![0]!;
    const winship = job.steps.find((s) => s.id === 'winship')!;
    const version = winship.outputs.version!;
    // A push to a branch is untagged: every commit counts, so fetch-depth: 0 matters (2, not 1).
    expect(version).toBe(`0.0.0-2-g${repo.sha('main').slice(0, 7)}`);
    const names = lab.artifacts.live().map((a) => a.name);
    for (const t of [
      'linux_amd64.tar.gz',
      'linux_arm64.tar.gz',
      'windows_amd64.zip',
      'darwin_arm64.tar.gz',
    ])
      expect(names).toContain(`hello-service_${version}_${t}`);
    expect(names.some((n) => n.startsWith(`hello-service_${version}_manifest`))).toBe(true);
  });

  it('keeps the artifacts for retention-days: 14', () => {
    for (const a of lab.artifacts.live()) {
      const days = (Date.parse(a.expiresAt!) - Date.parse(a.createdAt)) / 86_400_000;
      expect(Math.round(days)).toBeGreaterThanOrEqual(13);
    }
  });

  it('echoes the version and Go version from the step outputs', () => {
    const job = run.jobs.build![0]!;
    const echo = job.steps.at(-1)!;
    const winship = job.steps.find((s) => s.id === 'winship')!;
    expect(echo.log).toBe(
      `built ${winship.outputs.version} with Go ${winship.outputs['go-version']}\n`,
    );
    expect(winship.outputs['go-version']).toBe('1.19.8');
  });
});
