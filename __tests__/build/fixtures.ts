/**
 * Test fixtures for the build tests: git repositories made in temp folders with fixed author and
 * committer dates (so versions and dates are deterministic), and small Go modules.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const FIXED_DATE = '2024-05-01T12:00:00Z';
export const FIXED_EPOCH = Date.parse(FIXED_DATE) / 1000;

export function tempDir(prefix = 'winship-build-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
}

export function git(dir: string, args: string[], date = FIXED_DATE): string {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], {
    cwd: dir,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Winship Test',
      GIT_AUTHOR_EMAIL: 'test@winship.invalid',
      GIT_COMMITTER_NAME: 'Winship Test',
      GIT_COMMITTER_EMAIL: 'test@winship.invalid',
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    },
    encoding: 'utf8',
  }).trim();
}

/** A git repository with `files` committed once at FIXED_DATE (plus `copyFrom`'s tree, if given). */
export function gitRepo(
  opts: { files?: Record<string, string>; copyFrom?: string; into?: string; date?: string } = {},
): string {
  const dir = tempDir('winship-repo-');
  if (opts.copyFrom)
    cpSync(opts.copyFrom, opts.into ? join(dir, opts.into) : dir, { recursive: true });
  writeFiles(dir, opts.files ?? {});
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'initial'], opts.date);
  return dir;
}

export function commitAll(dir: string, message: string, date: string): string {
  git(dir, ['add', '-A'], date);
  git(dir, ['commit', '-q', '--allow-empty', '-m', message], date);
  return git(dir, ['rev-parse', 'HEAD']);
}

/** A main package that prints what ldflags and build tags put into it. */
export const TINY_MAIN = `package main

import "fmt"

var (
	version = "dev"
	commit  = "none"
	date    = "unknown"
	target  = "none"
)

func main() {
	fmt.Printf("version=%s commit=%s date=%s target=%s tagged=%v\\n", version, commit, date, target, tagged)
}
`;

export const TINY_FILES: Record<string, string> = {
  'go.mod': 'module example.com/tools/tiny\n\ngo 1.19\n',
  'main.go': TINY_MAIN,
  'tag_off.go': '//go:build !extra\n\npackage main\n\nconst tagged = false\n',
  'tag_on.go': '//go:build extra\n\npackage main\n\nconst tagged = true\n',
};
