/**
 * The base side of a comparison: the merge base of the pull request, checked out next to the head
 * with `git worktree` so both build from one repository and one module cache.
 */
import { relative } from 'node:path';
import { UserError } from '../../runner/errors.js';
import { runProcess, tail } from '../../runner/process.js';

async function git(
  cwd: string,
  args: string[],
): Promise<{ ok: boolean; out: string; err: string }> {
  const r = await runProcess('git', args, { cwd });
  return { ok: r.code === 0, out: r.stdout.trim(), err: r.stderr.trim() };
}

export async function repoRoot(dir: string): Promise<string> {
  const r = await git(dir, ['rev-parse', '--show-toplevel']);
  if (!r.ok)
    throw new UserError(
      `${dir} is not inside a git repository: check out the code with actions/checkout first`,
    );
  return r.out;
}

/** A ref as given, else as a remote-tracking branch of origin (what actions/checkout fetches). */
export async function resolveCommit(root: string, ref: string): Promise<string | undefined> {
  for (const candidate of [ref, `origin/${ref}`, `refs/remotes/origin/${ref}`]) {
    const r = await git(root, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`]);
    if (r.ok && /^[0-9a-f]{40,64}$/.test(r.out)) return r.out;
  }
  return undefined;
}

export interface BaseCommit {
  baseRef: string;
  mergeBase: string;
  head: string;
}

export async function findMergeBase(root: string, baseRef: string): Promise<BaseCommit> {
  const head = await resolveCommit(root, 'HEAD');
  if (!head)
    throw new UserError('HEAD does not resolve to a commit: check out the pull request first');
  const base = await resolveCommit(root, baseRef);
  if (!base)
    throw new UserError(
      `base-ref '${baseRef}' is not a known commit or branch: fetch it (actions/checkout with fetch-depth: 0) or set base-ref`,
    );
  const mb = await git(root, ['merge-base', base, head]);
  if (!mb.ok)
    throw new UserError(
      `no merge base between ${baseRef} and HEAD: the clone is too shallow; use actions/checkout with fetch-depth: 0`,
    );
  return { baseRef, mergeBase: mb.out, head };
}

export async function addWorktree(root: string, dir: string, commit: string): Promise<void> {
  const r = await git(root, ['worktree', 'add', '--detach', '--force', dir, commit]);
  if (!r.ok)
    throw new UserError(
      `git worktree add for the base commit ${commit.slice(0, 12)} failed: ${tail(r.err, 3)}`,
    );
}

export async function removeWorktree(root: string, dir: string): Promise<void> {
  await git(root, ['worktree', 'remove', '--force', dir]);
  await git(root, ['worktree', 'prune']);
}

/** Where the head's working directory sits inside the repository ('' at the root). */
export function pathInRepo(root: string, dir: string): string {
  return relative(root, dir);
}
