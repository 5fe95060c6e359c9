/**
 * A release version names the commit being built, through the build bundle as the runner runs
 * it: a tag ref whose tag is missing from the checkout, or is on another commit, fails the step
 * before anything builds, and no `version` output claims the tag's version.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAction, type ActionResult } from '../../lab/runner.js';
import { commitAll, git, gitRepo, TINY_FILES } from './fixtures.js';

function refusedBeforeBuilding(r: ActionResult, workspace: string): string {
  expect(r.exitCode).toBe(1);
  expect(r.outputs.version).toBeUndefined();
  expect(r.stdout).not.toContain('::group::');
  expect(existsSync(join(workspace, 'dist'))).toBe(false);
  const errors = r.annotations.filter((a) => a.level === 'error');
  expect(errors, r.stdout).toHaveLength(1);
  return errors[0]!.message;
}

const tagRef = (tag: string) => ({
  GITHUB_REF: `refs/tags/${tag}`,
  GITHUB_REF_NAME: tag,
  GITHUB_REF_TYPE: 'tag',
});

describe('build for a tag ref', () => {
  it('refuses a tag that is not in the checkout (a checkout without tags)', async () => {
    const repo = gitRepo({ files: TINY_FILES });
    const r = await runAction('build', {
      workspace: repo,
      inputs: { targets: 'linux/amd64', upload: 'false' },
      env: tagRef('v9.9.9'),
    });
    const message = refusedBeforeBuilding(r, repo);
    expect(message).toContain('the workflow runs for tag v9.9.9 but the checkout has no such tag');
    expect(message).toContain('fetch-depth: 0');
    expect(message).toContain('git fetch --tags');
    expect(r.annotations.filter((a) => a.level === 'warning')).toEqual([]);
  });

  it('refuses a tag that is on another commit than the one checked out', async () => {
    const repo = gitRepo({ files: TINY_FILES });
    git(repo, ['tag', 'v1.0.0']);
    const head = commitAll(repo, 'later', '2024-06-01T00:00:00Z');
    const r = await runAction('build', {
      workspace: repo,
      inputs: { targets: 'linux/amd64', upload: 'false' },
      env: tagRef('v1.0.0'),
    });
    const message = refusedBeforeBuilding(r, repo);
    expect(message).toContain(`the workflow runs for tag v1.0.0 (`);
    expect(message).toContain(`but ${head.slice(0, 7)} is checked out`);
  });
});
