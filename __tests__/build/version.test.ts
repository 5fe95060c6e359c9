import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readGitFacts } from '../../src/build/git.js';
import { resolveVersion, versionFromTag, windowsVersionNumbers } from '../../src/build/version.js';
import { UserError } from '../../src/runner/errors.js';
import { commitAll, FIXED_EPOCH, git, gitRepo, tempDir } from './fixtures.js';

const noWarnings = (m: string) => {
  throw new Error(`unexpected warning: ${m}`);
};
const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('resolveVersion', () => {
  it('takes the version from a tag ref, without the v', () => {
    const v = resolveVersion({
      commit: SHA,
      commitTime: FIXED_EPOCH,
      commitCount: 7,
      refTag: 'v1.2.3',
    });
    expect(v).toMatchObject({
      version: '1.2.3',
      commit: SHA,
      date: '2024-05-01T12:00:00Z',
      tagged: true,
    });
    expect(
      resolveVersion({ commit: SHA, commitTime: 0, commitCount: 1, refTag: '2.0.0-rc.1' }).version,
    ).toBe('2.0.0-rc.1');
  });

  it('is 0.0.0-<commits>-g<sha> without a tag ref', () => {
    const v = resolveVersion({ commit: SHA, commitTime: FIXED_EPOCH, commitCount: 42 });
    expect(v.version).toBe('0.0.0-42-g0123456');
    expect(v.tagged).toBe(false);
  });

  it('dates the build by the commit, never the clock', () => {
    const v = resolveVersion({ commit: SHA, commitTime: 1_000_000_000, commitCount: 1 });
    expect(v.date).toBe('2001-09-09T01:46:40Z');
    expect(v.time.getTime()).toBe(1_000_000_000_000);
  });

  it('refuses a tag that is not a semantic version', () => {
    expect(() => versionFromTag('release-5')).toThrow("tag 'release-5' is not a semantic version");
    expect(() => versionFromTag('v1.2')).toThrow(/not a semantic version/);
    expect(() => resolveVersion({ commit: 'HEAD', commitTime: 0, commitCount: 1 })).toThrow(
      /not a commit SHA/,
    );
  });
});

describe('windowsVersionNumbers', () => {
  it('uses major.minor.patch, and the commit count for an untagged build', () => {
    expect(windowsVersionNumbers('1.2.3')).toEqual([1, 2, 3, 0]);
    expect(windowsVersionNumbers('1.2.3-rc.1')).toEqual([1, 2, 3, 0]);
    expect(windowsVersionNumbers('0.0.0-42-g0123456')).toEqual([0, 0, 0, 42]);
    expect(windowsVersionNumbers('70000.1.2')).toEqual([65535, 1, 2, 0]);
  });
});

describe('readGitFacts on real repositories', () => {
  it('reads HEAD, its commit date and the commit count', async () => {
    const repo = gitRepo({ files: { 'a.txt': 'a' } });
    commitAll(repo, 'second', '2024-06-01T00:00:00Z');
    const head = commitAll(repo, 'third', '2024-07-01T08:30:00+02:00');
    const facts = await readGitFacts(repo, 'refs/heads/main', noWarnings);
    expect(facts).toEqual({
      commit: head,
      commitTime: Date.parse('2024-07-01T06:30:00Z') / 1000,
      commitCount: 3,
    });
    expect(resolveVersion(facts)).toMatchObject({
      version: `0.0.0-3-g${head.slice(0, 7)}`,
      date: '2024-07-01T06:30:00Z',
    });
  });

  it('uses the tag of a tag ref when it names the checked-out commit', async () => {
    const repo = gitRepo({ files: { 'a.txt': 'a' } });
    git(repo, ['tag', 'v1.4.0']);
    const facts = await readGitFacts(repo, 'refs/tags/v1.4.0', noWarnings);
    expect(resolveVersion(facts).version).toBe('1.4.0');
  });

  it('refuses a tag ref whose tag is on another commit', async () => {
    const repo = gitRepo({ files: { 'a.txt': 'a' } });
    git(repo, ['tag', 'v1.0.0']);
    commitAll(repo, 'later', '2024-06-01T00:00:00Z');
    await expect(readGitFacts(repo, 'refs/tags/v1.0.0', noWarnings)).rejects.toThrow(
      /runs for tag v1\.0\.0 .* is checked out: check out the tag/,
    );
  });

  it('refuses a tag ref whose tag is not in the checkout, saying how to fetch it', async () => {
    const repo = gitRepo({ files: { 'a.txt': 'a' } });
    const warnings: string[] = [];
    const err = await readGitFacts(repo, 'refs/tags/v9.9.9', (m) => warnings.push(m)).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(
      /^the workflow runs for tag v9\.9\.9 but the checkout has no such tag, so it cannot tell whether [0-9a-f]{7} is that release: .*fetch-depth: 0.*git fetch --tags/,
    );
    expect(warnings).toEqual([]);
  });

  it('says to check the repository out when there is no git repository', async () => {
    const dir = tempDir();
    const err = await readGitFacts(dir, undefined, noWarnings).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/is not a git checkout with a commit/);
  });

  it('warns that a shallow clone undercounts the commits', async () => {
    const repo = gitRepo({ files: { 'a.txt': 'a' } });
    commitAll(repo, 'second', '2024-06-01T00:00:00Z');
    const clone = tempDir();
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo}`, clone]);
    const warnings: string[] = [];
    expect((await readGitFacts(clone, undefined, (m) => warnings.push(m))).commitCount).toBe(1);
    expect(warnings).toEqual([
      'the checkout is shallow, so the commit count in the version (1) is not the full history: use fetch-depth: 0 with actions/checkout',
    ]);
  });
});
