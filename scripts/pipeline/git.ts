import { execFileSync } from 'node:child_process';

/** git in `dir` with a fixed identity, so the pipeline works on a machine without git config. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'winship pipeline',
      GIT_AUTHOR_EMAIL: 'pipeline@winship.invalid',
      GIT_COMMITTER_NAME: 'winship pipeline',
      GIT_COMMITTER_EMAIL: 'pipeline@winship.invalid',
    },
  }).trim();
}
