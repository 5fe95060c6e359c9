/**
 * The fan-out workflow with the bundled action, step by step as the runner would run it:
 * a plan job emits the matrix; one job per matrix entry builds its target in its own checkout;
 * the artifacts land where actions/download-artifact puts them (one folder per artifact); a merge
 * job joins them, and the merged SHA256SUMS verifies with sha256sum -c.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/build/manifest.js';
import { runAction, type ActionResult } from '../../lab/runner.js';
import { EXAMPLE } from '../../lab/paths.js';
import { commitAll, git, gitRepo, tempDir } from './fixtures.js';

let repo: string;
let version: string;
let plan: ActionResult;
let jobs: { target: string; r: ActionResult; dist: string }[];
let artifacts: string;

/** What the job uploads (see docs/build.md): its archive, and manifest.json + SHA256SUMS. */
function download(dist: string, into: string): void {
  const m = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as Manifest;
  const t = m.targets[0]!;
  mkdirSync(join(into, t.archive!.file), { recursive: true });
  cpSync(join(dist, t.archive!.file), join(into, t.archive!.file, t.archive!.file));
  const manifestArtifact = join(into, `${m.name}_${m.version}_manifest_${t.goos}_${t.goarch}`);
  mkdirSync(manifestArtifact, { recursive: true });
  for (const f of ['manifest.json', 'SHA256SUMS']) cpSync(join(dist, f), join(manifestArtifact, f));
}

beforeAll(async () => {
  repo = gitRepo({ copyFrom: EXAMPLE });
  plan = await runAction('build', {
    workspace: repo,
    inputs: { mode: 'plan', targets: 'linux/amd64, windows/amd64' },
  });
  const matrix = JSON.parse(plan.outputs.matrix ?? '{}') as {
    include: { goos: string; goarch: string }[];
  };
  artifacts = join(tempDir('winship-merge-job-'), 'artifacts');
  jobs = [];
  for (const { goos, goarch } of matrix.include) {
    const checkout = join(tempDir(), 'hello-service');
    execFileSync('git', ['clone', '-q', repo, checkout]);
    const r = await runAction('build', {
      workspace: checkout,
      inputs: { targets: `${goos}/${goarch}`, upload: false },
    });
    jobs.push({ target: `${goos}/${goarch}`, r, dist: join(checkout, 'dist') });
    if (r.exitCode === 0) download(join(checkout, 'dist'), artifacts);
  }
  version = `0.0.0-1-g${git(repo, ['rev-parse', 'HEAD']).slice(0, 7)}`;
}, 600_000);

describe('plan -> one job per target -> merge', () => {
  it('plans the matrix without building anything', () => {
    expect(plan.exitCode, plan.stdout).toBe(0);
    expect(plan.outputs.matrix).toBe(
      '{"include":[{"goos":"linux","goarch":"amd64"},{"goos":"windows","goarch":"amd64"}]}',
    );
    expect(plan.outputs.version).toBe(version);
    expect(plan.outputs.manifest).toBeUndefined();
    expect(plan.stdout).not.toContain('::group::');
    expect(existsSync(join(repo, 'dist'))).toBe(false);
    expect(plan.summary).toContain('### Build plan: hello-service');
    expect(plan.summary).toContain('`linux/amd64`, `windows/amd64`');
  });

  it('builds each target in a job of its own', () => {
    expect(jobs.map((j) => [j.target, j.r.exitCode])).toEqual([
      ['linux/amd64', 0],
      ['windows/amd64', 0],
    ]);
  });

  it('merges the downloaded artifacts into one folder that sha256sum -c verifies', async () => {
    const mergeJob = join(artifacts, '..');
    const r = await runAction('build', {
      workspace: mergeJob,
      inputs: { mode: 'merge', 'merge-from': 'artifacts', upload: false },
    });
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.outputs).toMatchObject({
      version,
      matrix: plan.outputs.matrix,
      manifest: join(mergeJob, 'dist', 'manifest.json'),
      checksums: join(mergeJob, 'dist', 'SHA256SUMS'),
    });
    expect(
      execFileSync('sha256sum', ['-c', 'SHA256SUMS'], {
        cwd: join(mergeJob, 'dist'),
        encoding: 'utf8',
      }),
    ).toBe(
      `hello-service_${version}_linux_amd64.tar.gz: OK\nhello-service_${version}_windows_amd64.zip: OK\n`,
    );
    const merged = JSON.parse(
      readFileSync(join(mergeJob, 'dist', 'manifest.json'), 'utf8'),
    ) as Manifest;
    const fromJobs = jobs.map(
      (j) =>
        (JSON.parse(readFileSync(join(j.dist, 'manifest.json'), 'utf8')) as Manifest).targets[0],
    );
    expect(merged.targets).toEqual(fromJobs);
    expect(r.summary).toContain(`### Merged build: hello-service ${version}`);
    expect(r.summary.split('\n').filter((l) => l.startsWith('| '))).toHaveLength(5);
  });

  it('refuses a downloaded archive that does not match its manifest', async () => {
    const copy = join(tempDir(), 'artifacts');
    cpSync(artifacts, copy, { recursive: true });
    const zip = `hello-service_${version}_windows_amd64.zip`;
    writeFileSync(join(copy, zip, zip), 'not the zip that was built');
    const r = await runAction('build', {
      workspace: join(copy, '..'),
      inputs: { mode: 'merge', 'merge-from': 'artifacts', upload: false },
    });
    expect(r.exitCode).toBe(1);
    expect(r.annotations.map((a) => a.message)).toEqual([
      `${zip} under ${copy} does not match the SHA-256 in its manifest: the download is corrupt or stale`,
    ]);
  });

  it('refuses to merge the jobs of two different commits', async () => {
    const copy = join(tempDir(), 'artifacts');
    cpSync(artifacts, copy, { recursive: true });
    // A job of a later commit, as a re-run workflow could leave behind.
    const later = join(tempDir(), 'later');
    execFileSync('git', ['clone', '-q', repo, later]);
    commitAll(later, 'later', '2024-06-01T00:00:00Z');
    const r1 = await runAction('build', {
      workspace: later,
      inputs: { targets: 'linux/amd64', upload: false, archive: 'none' },
    });
    expect(r1.exitCode, r1.stdout).toBe(0);
    mkdirSync(join(copy, 'later'));
    cpSync(join(later, 'dist', 'manifest.json'), join(copy, 'later', 'manifest.json'));
    const r = await runAction('build', {
      workspace: join(copy, '..'),
      inputs: { mode: 'merge', 'merge-from': 'artifacts', upload: false },
    });
    expect(r.exitCode).toBe(1);
    expect(r.annotations[0]!.message).toMatch(
      /^artifacts\/.*manifest\.json is for version '0\.0\.0-2-g[0-9a-f]{7}' but .* is for '0\.0\.0-1-g[0-9a-f]{7}': merge only the jobs of one build$/,
    );
  });
});
