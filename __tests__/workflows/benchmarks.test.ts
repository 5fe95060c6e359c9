/**
 * docs/workflows/benchmarks.yml, verbatim, on two pull requests of the example service against
 * main: actions/checkout of GitHub's merge ref `refs/pull/<n>/merge` with the whole history,
 * setup-go from the local mirror, bench-gate (its real Go benchmarks of the merge base and the
 * head, interleaved; the comment through a local stand-in of the GitHub API), then the
 * benchmark outputs uploaded through @actions/artifact.
 * - PR 1 builds the service with twice the hashing and map work (main.slowdownPct = 100): the
 *   gate must fail the job, naming the regressions (allocs/op of BuildMaps is deterministic).
 * - PR 2 only edits the README: the gate must pass.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, serviceRepo, type Lab } from './lab.js';
import { pullRequestEvent } from '../../lab/workflow/events.js';
import { startLocalGitHubApi, type LocalGitHubApi } from '../../lab/workflow/github-api.js';
import type { WorkflowRun } from '../../lab/workflow/executor.js';
import { git, type FixtureRepo } from '../../lab/workflow/repository.js';

let lab: Lab;
let api: LocalGitHubApi;
let repo: FixtureRepo;
let slower: WorkflowRun;
let slowerArtifacts: { name: string }[];
let harmless: WorkflowRun;
let harmlessArtifacts: { name: string }[];

const WORKFLOW = 'docs/workflows/benchmarks.yml';

beforeAll(async () => {
  lab = await startLab();
  api = await startLocalGitHubApi();
  repo = serviceRepo();
  const work = readFileSync(join(repo.work, 'work.go'), 'utf8');
  const doubled = work.replace('var slowdownPct = ""', 'var slowdownPct = "100"');
  expect(doubled).not.toBe(work);
  repo.commit('hash-twice', { 'work.go': doubled }, 'hash everything twice');
  repo.commit('readme', { 'README.md': '# hello-service\n\nA friendlier README.\n' }, 'readme');
  // main moves on after both branches started: the merge ref is a real merge, not the head.
  repo.commit('main', { 'CHANGELOG.md': '# changes\n' }, 'changelog on main');
  slower = await lab.run(WORKFLOW, pullRequestEvent(repo, 1, 'hash-twice', 'main'), repo, {
    apiUrl: api.url,
  });
  slowerArtifacts = lab.artifacts.live();
  harmless = await lab.run(WORKFLOW, pullRequestEvent(repo, 2, 'readme', 'main'), repo, {
    apiUrl: api.url,
  });
  harmlessArtifacts = lab.artifacts.live();
}, 1_800_000);

afterAll(async () => {
  await api?.close();
  await lab?.close();
});

const steps = (run: WorkflowRun) => run.jobs['bench-gate']![0]!.steps;
const gate = (run: WorkflowRun) => steps(run).find((s) => s.id === 'gate')!;

describe('docs/workflows/benchmarks.yml on pull requests', () => {
  it('checks out the merge ref (head merged into main) with main fetched for the merge base', () => {
    const [checkout] = steps(slower);
    const merge = repo.sha('refs/pull/1/merge');
    expect(checkout!.outcome, slower.log()).toBe('success');
    expect(checkout!.outputs).toEqual({ ref: 'refs/pull/1/merge', commit: merge });
    // The merge commit's parents: main's tip, then the pull request's head.
    expect(git(repo.origin, ['rev-parse', `${merge}^1`, `${merge}^2`]).split('\n')).toEqual([
      repo.sha('main'),
      repo.sha('hash-twice'),
    ]);
    const workspace = slower.jobs['bench-gate']![0]!.workspace;
    expect(git(workspace, ['rev-parse', 'HEAD'])).toBe(merge);
    expect(git(workspace, ['rev-parse', 'refs/remotes/origin/main'])).toBe(repo.sha('main'));
    expect(gate(slower).log).toContain(
      `base: merge base ${repo.sha('main').slice(0, 12)} of main; head: ${merge.slice(0, 12)}`,
    );
  });

  it('fails the pull request that hashes twice, naming the regressions', () => {
    expect(slower.result('bench-gate'), slower.log()).toBe('failure');
    const g = gate(slower);
    expect(g.outcome).toBe('failure');
    expect(g.outputs.result).toBe('regression');
    const regressions = JSON.parse(g.outputs.regressions!) as { name: string; unit: string }[];
    // Names carry GOMAXPROCS (`Hash-2`), as in `go test -bench` output.
    const found = regressions.map((r) => `${r.name.replace(/-\d+$/, '')} ${r.unit}`);
    expect(found).toContain('BuildMaps allocs/op');
    expect(found).toContain('Hash sec/op');
    expect(g.annotations.join('\n')).toMatch(/regression/i);
  });

  it('passes the pull request that only edits the README', () => {
    expect(harmless.result('bench-gate'), harmless.log()).toBe('success');
    expect(gate(harmless).outputs.result).toBe('pass');
    expect(JSON.parse(gate(harmless).outputs.regressions!)).toEqual([]);
  });

  it('comments the verdict on each pull request through the GitHub API', () => {
    const on = (n: number) => api.comments.filter((c) => c.issue === n);
    expect(on(1)).toHaveLength(1);
    expect(on(2)).toHaveLength(1);
    expect(on(1)[0]!.body).toMatch(/BuildMaps/);
    expect(on(1)[0]!.body).not.toBe(on(2)[0]!.body);
    const posts = api.requests.filter((r) => r.method === 'POST');
    expect(posts.every((r) => r.authorization === 'token lab-github-token')).toBe(true);
  });

  it('uploads both raw outputs after the gate, whether it passed or failed (always())', () => {
    for (const [run, artifacts] of [
      [slower, slowerArtifacts],
      [harmless, harmlessArtifacts],
    ] as const) {
      const upload = steps(run).at(-1)!;
      expect(upload.uses).toBe('actions/upload-artifact@v7');
      expect(upload.outcome, run.log()).toBe('success');
      // The gate keeps its own raw data as an artifact too (bench-gate's artifact-name default).
      expect(artifacts.map((a) => a.name).sort()).toEqual(['bench-gate', 'benchmark-output']);
    }
  });
});
