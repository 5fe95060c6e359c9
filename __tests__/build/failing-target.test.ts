/**
 * A target that does not compile: its compiler errors become annotations on the right file and
 * line (relative to the repository root, the module being in a subfolder), the other target still
 * builds and is reported, nothing is uploaded, and the step fails.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionResult } from '../../lab/runner.js';
import { gitRepo } from './fixtures.js';

let repo: string;
let r: ActionResult;

beforeAll(async () => {
  repo = gitRepo({
    files: {
      'svc/go.mod': 'module example.com/svc\n\ngo 1.19\n',
      'svc/main.go': 'package main\n\nimport "example.com/svc/sub"\n\nfunc main() { sub.Run() }\n',
      'svc/sub/run.go': '//go:build !windows\n\npackage sub\n\nfunc Run() {}\n',
      // Broken for Windows only: a syntax error and, in another file, a type error.
      'svc/sub/run_windows.go': 'package sub\n\nfunc Run() {\n\tx :=\n}\n',
    },
  });
  r = await runAction('build', {
    workspace: repo,
    // upload: true would need the artifact service: the failure must stop before any upload.
    inputs: { targets: 'windows/amd64, linux/amd64', 'working-directory': 'svc', upload: true },
  });
}, 600_000);

describe('a target that fails to compile', () => {
  it('fails the step with one line naming the failed target', () => {
    expect(r.exitCode).toBe(1);
    const step = r.annotations.filter((a) => a.title === 'build');
    expect(step).toEqual([
      {
        level: 'error',
        title: 'build',
        message:
          '1 of 2 targets failed to build: windows/amd64 (see the annotations); nothing was uploaded',
      },
    ]);
    expect(r.stdout + r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it("annotates the compiler's error at its file and line, relative to the repository root", () => {
    const compiler = r.annotations.filter((a) => a.title === 'go build windows/amd64');
    expect(compiler).toEqual([
      {
        level: 'error',
        title: 'go build windows/amd64',
        file: 'svc/sub/run_windows.go',
        line: 5,
        message: 'syntax error: unexpected }, expecting expression',
      },
    ]);
  });

  it('still builds and reports the other target', () => {
    expect(r.stdout).toMatch(/::group::linux\/amd64: built in /);
    expect(r.stdout).toMatch(/::group::windows\/amd64: FAILED after /);
    expect(
      existsSync(
        join(
          repo,
          'svc',
          'dist',
          'svc_0.0.0-1-g' + r.summary.match(/g([0-9a-f]{7})/)![1] + '_linux_amd64.tar.gz',
        ),
      ),
    ).toBe(true);
    const rows = r.summary.split('\n').filter((l) => l.startsWith('| '));
    expect(rows[2]).toMatch(
      /^\| windows\/amd64 \| \*\*failed\*\* \(see the annotations\) \| {2}\| {2}\| [0-9.]+ s \|$/,
    );
    expect(rows[3]).toMatch(
      /^\| linux\/amd64 \| `svc_0\.0\.0-1-g[0-9a-f]{7}_linux_amd64\.tar\.gz` \|/,
    );
    expect(rows[4]).toMatch(/2 targets: 1 built, 1 failed/);
  });

  it('writes no manifest or checksums for a partial build', () => {
    expect(existsSync(join(repo, 'svc', 'dist', 'manifest.json'))).toBe(false);
    expect(existsSync(join(repo, 'svc', 'dist', 'SHA256SUMS'))).toBe(false);
    expect(r.outputs.manifest).toBeUndefined();
  });
});
