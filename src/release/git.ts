/**
 * The commits a release is made of, read from the checkout: the previous version tag before this
 * one (`git describe --match v[0-9]*`) and the commits between. A shallow checkout has neither:
 * the notes then say so instead of listing one commit as the whole release.
 */
import { runProcess } from '../runner/process.js';
import type { Commit } from './notes.js';

async function git(args: readonly string[], cwd: string) {
  return runProcess('git', args, { cwd, missing: "'git' is not on PATH" });
}

export interface ReleaseHistory {
  previousTag?: string;
  commits: Commit[];
  shallow: boolean;
}

const FIELD = '\x1f';
const RECORD = '\x1e';

export async function readReleaseHistory(cwd: string, tag: string): Promise<ReleaseHistory> {
  const shallow =
    (await git(['rev-parse', '--is-shallow-repository'], cwd)).stdout.trim() === 'true';
  const prev = await git(
    ['describe', '--tags', '--abbrev=0', '--match', 'v[0-9]*', `refs/tags/${tag}^`],
    cwd,
  );
  const previousTag = prev.code === 0 ? prev.stdout.trim() : undefined;
  const range = previousTag ? `refs/tags/${previousTag}..refs/tags/${tag}` : `refs/tags/${tag}`;
  const log = await git(
    ['log', '--no-merges', `--format=%H${FIELD}%s${FIELD}%b${RECORD}`, range, '--'],
    cwd,
  );
  const commits =
    log.code !== 0
      ? []
      : log.stdout
          .split(RECORD)
          .map((r) => r.replace(/^\n/, ''))
          .filter((r) => r.trim() !== '')
          .map((r) => {
            const [sha, subject, body] = r.split(FIELD);
            return { sha: sha!.trim(), subject: (subject ?? '').trim(), body: (body ?? '').trim() };
          });
  return { ...(previousTag ? { previousTag } : {}), commits, shallow };
}
