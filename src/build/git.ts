/** The git facts a build version is made of, read from the checkout (see version.ts). */
import { UserError } from '../runner/errors.js';
import { runProcess } from '../runner/process.js';
import type { GitFacts } from './version.js';

async function git(args: readonly string[], cwd: string): Promise<string> {
  const r = await runProcess('git', args, {
    cwd,
    missing: "'git' is not on PATH: the version comes from git",
  });
  if (r.code !== 0) throw new GitFailure(r.stderr.trim());
  return r.stdout.trim();
}

class GitFailure extends Error {}

/**
 * Reads HEAD, its committer date and the commit count; `ref` is GITHUB_REF. A tag ref's tag must
 * be in the checkout and name the commit that is checked out, or the binaries would claim a
 * version they are not.
 */
export async function readGitFacts(
  cwd: string,
  ref: string | undefined,
  warn: (message: string) => void,
): Promise<GitFacts> {
  let commit: string;
  try {
    commit = await git(['rev-parse', '--verify', 'HEAD^{commit}'], cwd);
  } catch {
    throw new UserError(
      `${cwd} is not a git checkout with a commit: check the repository out (actions/checkout) before building`,
    );
  }
  const [time, count, shallow] = await Promise.all([
    git(['show', '-s', '--format=%ct', 'HEAD'], cwd),
    git(['rev-list', '--count', 'HEAD'], cwd),
    git(['rev-parse', '--is-shallow-repository'], cwd),
  ]);
  const facts: GitFacts = { commit, commitTime: Number(time), commitCount: Number(count) };
  const tag = ref?.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : undefined;
  if (tag !== undefined) {
    let tagged: string | undefined;
    try {
      tagged = await git(
        ['rev-parse', '--verify', '--end-of-options', `refs/tags/${tag}^{commit}`],
        cwd,
      );
    } catch {
      // Without the tag nothing says this commit is that release: stamping its version on
      // whatever is checked out would ship a binary that claims to be something it is not.
      throw new UserError(
        `the workflow runs for tag ${tag} but the checkout has no such tag, so it cannot tell whether ${commit.slice(0, 7)} is that release: check out with actions/checkout and fetch-depth: 0 (or fetch-tags: true), or run git fetch --tags before building`,
      );
    }
    if (tagged !== commit)
      throw new UserError(
        `the workflow runs for tag ${tag} (${tagged.slice(0, 7)}) but ${commit.slice(0, 7)} is checked out: check out the tag (actions/checkout with its default ref), or if the tag was moved, git fetch --tags --force`,
      );
    facts.refTag = tag;
  } else if (shallow === 'true') {
    warn(
      `the checkout is shallow, so the commit count in the version (${count}) is not the full history: use fetch-depth: 0 with actions/checkout`,
    );
  }
  return facts;
}
