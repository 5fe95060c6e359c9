/**
 * The fixture repository the workflows run on: the example service committed into a temporary
 * git repository (its `origin`, a bare repository), with the refs each event needs: branches,
 * tags, and `refs/pull/<n>/merge` as GitHub makes it for a pull request (the head merged into the
 * base). actions/checkout is a clone of it at the event's ref with the requested fetch-depth.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { labTemp } from '../paths.js';

export function git(cwd: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'winship lab',
      GIT_AUTHOR_EMAIL: 'lab@winship.invalid',
      GIT_COMMITTER_NAME: 'winship lab',
      GIT_COMMITTER_EMAIL: 'lab@winship.invalid',
      GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
      GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

export interface FixtureRepo {
  /** The bare repository (what `origin` is for every clone). */
  origin: string;
  /** A working clone the test edits and pushes from. */
  work: string;
  /** Folder of the example service inside the repository ('' at the root). */
  serviceDir: string;
  sha(ref: string): string;
  /** Commits `files` (paths relative to the repository) on `branch` and pushes it. */
  commit(branch: string, files: Record<string, string>, message: string): string;
  /** An annotated tag on `ref`, pushed. */
  tag(name: string, ref: string): string;
  /** GitHub's merge ref for pull request `n`: `head` merged into `base`. */
  pullRequest(n: number, head: string, base: string): string;
}

export interface FixtureOptions {
  /** Copy the example service here, from the winship checkout: `examples/hello-service`. */
  source: string;
  /** Where it goes in the fixture: '' (the service's own repository) or a subfolder. */
  serviceDir?: string;
  /** Extra files (path -> content) in the first commit. */
  files?: Record<string, string>;
}

export function createFixtureRepo(opts: FixtureOptions): FixtureRepo {
  const root = labTemp('winship-fixture-');
  const origin = join(root, 'origin.git');
  const work = join(root, 'work');
  git(root, ['init', '-q', '--bare', '-b', 'main', origin]);
  // actions/checkout fetches the event's commit by its SHA.
  git(origin, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
  git(root, ['clone', '-q', origin, work]);
  const serviceDir = opts.serviceDir ?? '';
  const target = join(work, serviceDir);
  mkdirSync(target, { recursive: true });
  cpSync(opts.source, target, {
    recursive: true,
    filter: (src) => !/\/(dist|\.cache)(\/|$)/.test(src.slice(opts.source.length)),
  });
  for (const [p, c] of Object.entries(opts.files ?? {})) {
    mkdirSync(dirname(join(work, p)), { recursive: true });
    writeFileSync(join(work, p), c);
  }
  git(work, ['checkout', '-q', '-b', 'main']);
  git(work, ['add', '-A']);
  git(work, ['commit', '-q', '-m', 'hello-service']);
  git(work, ['push', '-q', 'origin', 'main']);
  let tick = 0;
  const later = () => ({
    GIT_COMMITTER_DATE: `2026-01-01T00:${String(++tick).padStart(2, '0')}:00Z`,
  });
  const repo: FixtureRepo = {
    origin,
    work,
    serviceDir,
    sha: (ref) => git(origin, ['rev-parse', `${ref}^{commit}`]),
    commit(branch, files, message) {
      const exists = git(work, ['branch', '--list', branch]) !== '';
      const remote = git(origin, ['branch', '--list', branch]) !== '';
      if (exists) git(work, ['checkout', '-q', branch]);
      else git(work, ['checkout', '-q', '-b', branch, remote ? `origin/${branch}` : 'main']);
      for (const [p, c] of Object.entries(files)) {
        mkdirSync(dirname(join(work, p)), { recursive: true });
        writeFileSync(join(work, p), c);
      }
      git(work, ['add', '-A']);
      git(work, ['commit', '-q', '-m', message], later());
      git(work, ['push', '-q', 'origin', branch]);
      git(work, ['checkout', '-q', 'main']);
      return repo.sha(branch);
    },
    tag(name, ref) {
      git(work, ['tag', '-a', name, '-m', name, repo.sha(ref)], later());
      git(work, ['push', '-q', 'origin', `refs/tags/${name}`]);
      return repo.sha(name);
    },
    pullRequest(n, head, base) {
      git(work, ['fetch', '-q', 'origin']);
      git(work, ['checkout', '-q', '--detach', `origin/${base}`]);
      git(
        work,
        ['merge', '-q', '--no-ff', '-m', `Merge ${head} into ${base}`, `origin/${head}`],
        later(),
      );
      const merge = git(work, ['rev-parse', 'HEAD']);
      git(work, ['push', '-q', 'origin', `${merge}:refs/pull/${n}/merge`]);
      git(work, ['checkout', '-q', 'main']);
      return merge;
    },
  };
  return repo;
}

/**
 * actions/checkout: the repository at `ref` in `workspace`. fetch-depth 0 fetches every branch
 * and tag (remote-tracking `origin/*`), and a pull request's merge commit as
 * `refs/remotes/pull/<n>/merge`; N fetches only the ref, N commits deep, and no tags, as the
 * action does. A branch is checked out as a local branch; a tag, a pull request's merge ref or a
 * SHA detached.
 */
export function checkout(
  origin: string,
  workspace: string,
  ref: string,
  sha: string,
  depth: number,
): void {
  mkdirSync(workspace, { recursive: true });
  git(workspace, ['init', '-q']);
  git(workspace, ['remote', 'add', 'origin', `file://${origin}`]);
  if (depth === 0) {
    git(workspace, [
      'fetch',
      '-q',
      '--prune',
      '--tags',
      'origin',
      '+refs/heads/*:refs/remotes/origin/*',
      '+refs/tags/*:refs/tags/*',
      // A pull request's merge commit is on no branch: the action fetches it by its SHA too.
      ...(ref.startsWith('refs/pull/') ? [`+${sha}:${remoteRef(ref)}`] : []),
    ]);
  } else {
    git(workspace, [
      'fetch',
      '-q',
      '--no-tags',
      `--depth=${depth}`,
      'origin',
      `+${sha}:${remoteRef(ref)}`,
    ]);
  }
  git(workspace, [
    'checkout',
    '-q',
    '--force',
    ...(ref.startsWith('refs/heads/') ? ['-B', ref.slice(11), remoteRef(ref)] : ['--detach', sha]),
  ]);
}

function remoteRef(ref: string): string {
  if (ref.startsWith('refs/heads/')) return `refs/remotes/origin/${ref.slice(11)}`;
  if (ref.startsWith('refs/pull/'))
    return `refs/remotes/pull/${ref.slice(10).replace(/\/merge$/, '')}/merge`;
  return ref;
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
