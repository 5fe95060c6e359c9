/**
 * Bad input fails the step before anything builds: one error annotation that says what to fix,
 * no stack trace, no output folder, no `go build` log group.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../../lab/runner.js';
import { git, gitRepo, tempDir, TINY_FILES, writeFiles } from './fixtures.js';

let repo: string;
beforeAll(() => {
  repo = gitRepo({
    files: {
      ...TINY_FILES,
      'lib/lib.go': 'package lib\n\nconst X = 1\n',
    },
  });
  git(repo, ['tag', 'release-5']);
});
// A case that wrongly builds must not make the next one fail for its leftovers.
afterEach(() => rmSync(join(repo, 'dist'), { recursive: true, force: true }));

async function failsBeforeBuilding(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  workspace = repo,
): Promise<string> {
  const r = await runAction('build', { workspace, inputs: { upload: 'false', ...inputs }, env });
  expect(r.exitCode).toBe(1);
  const errors = r.annotations.filter((a) => a.level === 'error');
  expect(errors, r.stdout).toHaveLength(1);
  expect(r.stdout).not.toContain('::group::');
  expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(existsSync(join(workspace, 'dist'))).toBe(false);
  return errors[0]!.message;
}

describe('bad input is refused before any build', () => {
  it.each([
    [
      { targets: '' },
      "Input 'targets': no targets given: list GOOS/GOARCH pairs, first-class or all",
    ],
    [
      { targets: 'linux/amd64, windows/amd64, linux/amd64' },
      "Input 'targets': 'linux/amd64' is listed twice",
    ],
    [
      { targets: 'linux/amd46' },
      "Input 'targets': 'linux/amd46' is not a target of this Go (did you mean 'linux/amd64' or 'linux/arm64'?); run 'go tool dist list' for the full list",
    ],
    [
      { targets: 'windows/amd64', exclude: 'windows/*' },
      "Input 'exclude': excludes every target: nothing is left to build",
    ],
    [{ ldflags: '-X main.version={{ver}}' }, /^Input 'ldflags': unknown field '\{\{ver\}\}'/],
    [
      { ldflags: '-X main.version={{version' },
      "Input 'ldflags': '{{' at column 17 is never closed with '}}'",
    ],
    [
      { 'artifact-name': 'same-for-all', targets: 'linux/amd64, windows/amd64', upload: 'true' },
      /^Input 'artifact-name': gives linux\/amd64 and windows\/amd64 the same artifact name 'same-for-all'/,
    ],
    [
      { 'artifact-name': 'bad/{{goos}}-{{goarch}}', targets: 'linux/amd64', upload: 'true' },
      /^Input 'artifact-name': renders 'bad\/linux-amd64' for linux\/amd64, which is not a valid artifact name: it must not/,
    ],
    [
      { package: './lib' },
      "input 'package': './lib' is package lib, not a main package: set 'package' to the folder with package main (for example ./cmd/server)",
    ],
    [{ package: './missing' }, /^input 'package': cannot load '\.\/missing': .*missing/],
    [{ 'working-directory': 'nope' }, /^Input 'working-directory': '.*\/nope' does not exist$/],
    [{ 'archive-files': 'LICENSE' }, /^Input 'archive-files': 'LICENSE' is not a file in /],
    [
      { flags: '-o=/tmp/x' },
      "Input 'flags': '-o=/tmp/x' is not allowed: the action names outputs itself (see 'output-directory')",
    ],
    [{ env: 'GOOS=plan9' }, "Input 'env': GOOS cannot be set here: use the 'targets' input"],
    [{ parallel: '0' }, "Input 'parallel': must be at least 1, got 0"],
    [{ 'retention-days': '-5' }, "Input 'retention-days': must be at least 0, got -5"],
    [{ mode: 'merge' }, /^Input 'merge-from': is required with mode: merge/],
  ])('%j', async (inputs, message) => {
    const m = await failsBeforeBuilding({ targets: 'linux/amd64', ...inputs });
    if (typeof message === 'string') expect(m).toBe(message);
    else expect(m).toMatch(message);
  });

  it('refuses a tag that is not a semantic version', async () => {
    const m = await failsBeforeBuilding(
      { targets: 'linux/amd64' },
      { GITHUB_REF: 'refs/tags/release-5' },
    );
    expect(m).toBe(
      "tag 'release-5' is not a semantic version (v1.2.3 or v1.2.3-rc.1): tag the release like that",
    );
  });

  it('refuses a folder that is not in a Go module', async () => {
    const plain = gitRepo({ files: { 'main.go': 'package main\n\nfunc main() {}\n' } });
    const m = await failsBeforeBuilding({ targets: 'linux/amd64' }, {}, plain);
    expect(m).toBe(
      `${plain} is not in a Go module (no go.mod): set 'working-directory' to the module's folder or run 'go mod init'`,
    );
  });

  it('refuses a module that is not a git checkout', async () => {
    const dir = tempDir();
    writeFiles(dir, TINY_FILES);
    const m = await failsBeforeBuilding({ targets: 'linux/amd64' }, {}, dir);
    expect(m).toBe(
      `${dir} is not a git checkout with a commit: check the repository out (actions/checkout) before building`,
    );
  });

  it('refuses a merge folder that does not exist, and one without manifests', async () => {
    expect(await failsBeforeBuilding({ mode: 'merge', 'merge-from': 'artifacts' })).toMatch(
      /^Input 'merge-from': '.*\/artifacts' does not exist$/,
    );
    mkdirSync(join(repo, 'empty'), { recursive: true });
    expect(await failsBeforeBuilding({ mode: 'merge', 'merge-from': 'empty' })).toMatch(
      /^no manifest\.json under .*\/empty: download the build jobs' artifacts there first/,
    );
  });
});
