/**
 * The two workflows of docs/build.md, their `jobs:` verbatim from the page (with `on: push`
 * above them), on a push of tag v1.2.3 of the example service:
 * - "One job": builds the three targets and produces in dist/ exactly what the page lists;
 *   its own last step checks SHA256SUMS;
 * - "Fan-out over jobs": plan, one build job per target, and the merge, which downloads every
 *   artifact with actions/download-artifact@v8 (once unzipped by content type, once as the files
 *   uploaded) and checks and merges them; with download-artifact@v5 put back in the page, the
 *   merge fails (v5 pipes every download through unzip, the archives uploaded as-is included).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceRepo, startLab, type Lab } from './lab.js';
import { REPO } from '../../lab/paths.js';
import { pushEvent } from '../../lab/workflow/events.js';
import type { FixtureRepo } from '../../lab/workflow/repository.js';

/** The page's ```yaml blocks that are a workflow's `jobs:`, in order. */
function jobBlocks(page: string): string[] {
  return [...page.matchAll(/```yaml\n(jobs:\n[\s\S]*?)```/g)].map((m) => m[1]!);
}

function asWorkflow(name: string, jobs: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'winship-docs-workflow-')), `${name}.yml`);
  writeFileSync(file, `name: ${name}\n\non:\n  push:\n\n${jobs}`);
  return file;
}

const PAGE = readFileSync(join(REPO, 'docs/build.md'), 'utf8');

let lab: Lab;
let repo: FixtureRepo;

beforeAll(async () => {
  lab = await startLab();
  repo = serviceRepo();
  repo.tag('v1.2.3', 'main');
}, 600_000);
afterAll(async () => lab?.close());

describe('docs/build.md workflows on a push of tag v1.2.3', () => {
  it('has the two workflows this test runs', () => {
    const blocks = jobBlocks(PAGE);
    expect(blocks).toHaveLength(2);
    expect(blocks[1]).toContain('mode: merge');
  });

  it('"One job" produces what the page lists, and its SHA256SUMS check passes', async () => {
    const run = await lab.run(
      asWorkflow('docs-build-one-job', jobBlocks(PAGE)[0]!),
      pushEvent(repo, 'refs/tags/v1.2.3'),
      repo,
    );
    expect(run.result('build'), run.log()).toBe('success');
    const job = run.jobs.build![0]!;
    const listed = /For a push of tag `v1\.2\.3` this produces in `dist\/`:\n\n```\n([\s\S]*?)```/
      .exec(PAGE)![1]!
      .split(/\s+/)
      .filter(Boolean)
      .sort();
    expect(readdirSync(join(job.workspace, 'dist')).sort()).toEqual(listed);
    expect(job.steps.at(-1)!.log).toMatch(/hello-service_1\.2\.3_windows_386\.zip: OK/);
    // "uploads four artifacts: the three archives … and hello-service_1.2.3_manifest_<digest>"
    const names = lab.artifacts.live().map((a) => a.name);
    expect(names).toHaveLength(4);
    expect(names.filter((n) => /_manifest_[0-9a-f]+$/.test(n))).toHaveLength(1);
  }, 900_000);

  it('"Fan-out over jobs" plans, builds one job per target, and merges what it downloads', async () => {
    const run = await lab.run(
      asWorkflow('docs-build-fan-out', jobBlocks(PAGE)[1]!),
      pushEvent(repo, 'refs/tags/v1.2.3'),
      repo,
    );
    expect(run.result('merge'), run.log()).toBe('success');
    const legs = run.jobs.build!.map((l) => `${String(l.matrix.goos)}/${String(l.matrix.goarch)}`);
    // first-class, darwin/* excluded
    expect(legs.sort()).toEqual([
      'linux/386',
      'linux/amd64',
      'linux/arm',
      'linux/arm64',
      'windows/386',
      'windows/amd64',
    ]);
    const merge = run.jobs.merge![0]!;
    expect(merge.steps.at(-1)!.log.trim().split('\n')).toHaveLength(6);
    expect(merge.steps.at(-1)!.log).toMatch(/hello-service_1\.2\.3_windows_amd64\.zip: OK/);
  }, 1_200_000);

  it('"Fan-out over jobs" fails at the merge with download-artifact@v5 put back', async () => {
    const fanOut = jobBlocks(PAGE)[1]!;
    expect(fanOut).toContain('actions/download-artifact@v8');
    const run = await lab.run(
      asWorkflow(
        'docs-build-fan-out-v5',
        fanOut.split('download-artifact@v8').join('download-artifact@v5'),
      ),
      pushEvent(repo, 'refs/tags/v1.2.3'),
      repo,
    );
    expect(run.result('build'), run.log()).toBe('success');
    expect(run.result('merge')).toBe('failure');
    const failed = run.jobs.merge![0]!.steps.find((s) => s.outcome === 'failure')!;
    expect(failed.uses).toBe('actions/download-artifact@v5');
    expect(failed.log).toMatch(/Unable to download and extract artifact/);
  }, 1_200_000);
});
