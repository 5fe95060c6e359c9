/**
 * The events the workflows run for, as GitHub describes them to a run: the ref and SHA, the
 * `GITHUB_*` variables, the `github` context and the event payload (GITHUB_EVENT_PATH), for a
 * push to a branch, a push of a tag, a pull request (GitHub's merge ref) and a published release.
 */
import type { FixtureRepo } from './repository.js';
import type { Json } from './expressions.js';

export interface WorkflowEvent {
  name: 'push' | 'pull_request' | 'release';
  ref: string;
  sha: string;
  payload: { [k: string]: Json };
  baseRef?: string;
  headRef?: string;
  /** Event activity type (pull_request: opened/synchronize; release: published). */
  action?: string;
}

export const REPOSITORY = 'winship-test/hello-service';

function repository(): { [k: string]: Json } {
  const [owner, name] = REPOSITORY.split('/') as [string, string];
  return { full_name: REPOSITORY, name, owner: { login: owner }, default_branch: 'main' };
}

export function pushEvent(repo: FixtureRepo, ref: string): WorkflowEvent {
  const sha = repo.sha(ref);
  return {
    name: 'push',
    ref,
    sha,
    payload: { ref, after: sha, repository: repository(), head_commit: { id: sha } },
  };
}

export function pullRequestEvent(
  repo: FixtureRepo,
  n: number,
  head: string,
  base: string,
): WorkflowEvent {
  const merge = repo.pullRequest(n, head, base);
  return {
    name: 'pull_request',
    action: 'synchronize',
    ref: `refs/pull/${n}/merge`,
    sha: merge,
    baseRef: base,
    headRef: head,
    payload: {
      action: 'synchronize',
      number: n,
      pull_request: {
        number: n,
        head: { ref: head, sha: repo.sha(head) },
        base: { ref: base, sha: repo.sha(base) },
      },
      repository: repository(),
    },
  };
}

export function releaseEvent(repo: FixtureRepo, tag: string): WorkflowEvent {
  return {
    name: 'release',
    action: 'published',
    ref: `refs/tags/${tag}`,
    sha: repo.sha(tag),
    payload: {
      action: 'published',
      release: { tag_name: tag, prerelease: false },
      repository: repository(),
    },
  };
}

function glob(pattern: string): RegExp {
  const re = pattern
    .split(/(\*\*|\*)/)
    .map((p) => (p === '**' ? '.*' : p === '*' ? '[^/]*' : p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${re}$`);
}

/** Whether the workflow's `on:` runs it for this event (branch, tag and type filters). */
export function triggers(on: Record<string, unknown>, ev: WorkflowEvent): boolean {
  if (!(ev.name in on)) return false;
  const f = (on[ev.name] ?? {}) as Record<string, string[] | undefined>;
  const any = (list: string[] | undefined, name: string) => list?.some((p) => glob(p).test(name));
  if (ev.name === 'push') {
    const isTag = ev.ref.startsWith('refs/tags/');
    const name = ev.ref.replace(/^refs\/(heads|tags)\//, '');
    const [inc, exc, other] = isTag
      ? [f.tags, f['tags-ignore'], f.branches ?? f['branches-ignore']]
      : [f.branches, f['branches-ignore'], f.tags ?? f['tags-ignore']];
    if (!inc && !exc) return !other;
    if (inc) return !!any(inc, name);
    return !any(exc, name);
  }
  if (ev.name === 'pull_request') {
    if (f.branches && !any(f.branches, ev.baseRef ?? '')) return false;
    if (f['branches-ignore'] && any(f['branches-ignore'], ev.baseRef ?? '')) return false;
  }
  if (f.types && ev.action && !f.types.includes(ev.action)) return false;
  return true;
}
