/**
 * This repository's own ci.yml and release.yml, verbatim, in the lab:
 * - release.yml for a published release v1.2.3 moves v1 and v1.2 to it in the origin, and
 *   leaves the major tags alone for a pre-release tag;
 * - ci.yml cannot run here (actions/setup-node is not one of the lab's actions, and its test
 *   job would run this whole suite inside itself): the lab refuses each of its three jobs at
 *   that step, by name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, winshipRepo, type Lab } from './lab.js';
import { pushEvent, releaseEvent } from '../../lab/workflow/events.js';
import { git } from '../../lab/workflow/repository.js';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab();
});
afterAll(async () => lab?.close());

describe('.github/workflows/release.yml', () => {
  it('moves v1 and v1.2 to a published v1.2.3, in the origin', async () => {
    const repo = winshipRepo();
    const commit = repo.sha('main');
    repo.tag('v1.2.3', 'main');
    const run = await lab.run('.github/workflows/release.yml', releaseEvent(repo, 'v1.2.3'), repo);
    expect(run.result('move-major-tag'), run.log()).toBe('success');
    for (const t of ['v1', 'v1.2']) {
      expect(git(repo.origin, ['rev-parse', `refs/tags/${t}^{commit}`])).toBe(commit);
      expect(git(repo.origin, ['cat-file', '-t', `refs/tags/${t}`])).toBe('tag');
    }
  });

  it('leaves the major tags alone for a pre-release tag, saying so', async () => {
    const repo = winshipRepo();
    repo.tag('v2.0.0-rc.1', 'main');
    const run = await lab.run(
      '.github/workflows/release.yml',
      releaseEvent(repo, 'v2.0.0-rc.1'),
      repo,
    );
    expect(run.result('move-major-tag'), run.log()).toBe('success');
    expect(run.jobs['move-major-tag']![0]!.steps[1]!.log).toContain(
      '::notice::v2.0.0-rc.1 is not vMAJOR.MINOR.PATCH (a pre-release?); major tag left alone',
    );
    expect(git(repo.origin, ['tag', '--list', 'v2*'])).toBe('v2.0.0-rc.1');
  });
});

describe('.github/workflows/ci.yml', () => {
  it('is refused in each of its three jobs at actions/setup-node, by name, never skipped', async () => {
    const repo = winshipRepo();
    const run = await lab.run('.github/workflows/ci.yml', pushEvent(repo, 'refs/heads/main'), repo);
    expect(Object.keys(run.jobs).sort()).toEqual(['check-dist', 'test', 'validate']);
    for (const id of ['test', 'check-dist', 'validate']) {
      expect(run.result(id), run.log()).toBe('failure');
      const [checkout, setupNode, ...rest] = run.jobs[id]![0]!.steps;
      expect(checkout!.outcome).toBe('success');
      expect(setupNode!.outcome).toBe('failure');
      expect(setupNode!.annotations.join('\n')).toContain(
        "step 'actions/setup-node@v5' uses 'actions/setup-node@v5', which the lab cannot run",
      );
      expect(rest.length).toBeGreaterThan(0);
      expect(rest.every((s) => s.outcome === 'skipped')).toBe(true);
    }
  });
});
